"""The signature pad records what the mouse draws, shows it, and can undo and clear."""

from textual.app import App, ComposeResult

from kiosk.domain.signature import check_signature as signature_problem
from kiosk.ui.widgets.signature_pad import SignaturePad


class PadApp(App):
    def __init__(self):
        super().__init__()
        self.changes = 0

    def compose(self) -> ComposeResult:
        yield SignaturePad(id="pad")

    def on_signature_pad_changed(self) -> None:
        self.changes += 1


async def draw(pilot, points):
    await pilot.mouse_down("#pad", offset=points[0])
    for point in points[1:]:
        await pilot.hover("#pad", offset=point)
    await pilot.mouse_up("#pad", offset=points[-1])


async def test_a_drawn_signature_is_recorded_drawn_and_accepted():
    app = PadApp()
    async with app.run_test(size=(60, 12)) as pilot:
        # A scrawl as a mouse reports it: a point every cell or two.
        await draw(pilot, [(2 + 2 * i, 2 + (i % 4)) for i in range(14)])
        await draw(pilot, [(4, 6), (20, 6)])
        pad = app.query_one(SignaturePad)
        assert len(pad.strokes) == 2 and len(pad.strokes[0]) >= 14
        xs = [x for x, _, _ in pad.strokes[0]]
        assert xs == sorted(xs)  # in dots: twice the cell column
        shown = str(pad.render())
        assert any(0x2800 < ord(ch) <= 0x28FF for ch in shown)
        assert signature_problem(pad.strokes) is None
        assert app.changes == 2


async def test_undo_and_clear():
    app = PadApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await draw(pilot, [(2, 2), (12, 4), (20, 2)])
        await draw(pilot, [(3, 5), (5, 5)])
        pad = app.query_one(SignaturePad)
        pad.undo()
        assert len(pad.strokes) == 1
        pad.clear()
        assert pad.strokes == [] and str(pad.render()).strip() == ""
        assert signature_problem(pad.strokes) == "signature.empty"


async def test_a_tick_is_not_a_signature():
    app = PadApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await draw(pilot, [(5, 5), (6, 5)])
        assert signature_problem(app.query_one(SignaturePad).strokes) == "signature.trivial"
