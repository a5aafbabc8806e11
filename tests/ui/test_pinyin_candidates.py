"""The pinyin candidate row in a tiny host app: type, tap a character, get it back."""

from textual.app import App, ComposeResult

from kiosk.domain.pinyin import PAGE_SIZE
from kiosk.i18n import translate
from kiosk.ui.widgets.pinyin_candidates import CandidateButton, PinyinCandidates
from tests.ui.conftest import wait_until


class Host(App[None]):
    """The least an app gives the row: a language and `t()` for the catalog labels."""

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language
        self.chosen: list[PinyinCandidates.Chosen] = []

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

    def compose(self) -> ComposeResult:
        yield PinyinCandidates(id="row")

    def on_pinyin_candidates_chosen(self, message: PinyinCandidates.Chosen) -> None:
        self.chosen.append(message)


def labels(row: PinyinCandidates) -> list[str]:
    return [str(b.label) for b in row.query(CandidateButton)]


async def test_typing_wang_and_tapping_the_first_candidate_sends_wang():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        row = app.query_one(PinyinCandidates)
        row.set_letters("wang")
        await wait_until(pilot, lambda: labels(row)[0] == "王")
        await pilot.click("#candidate-0")
        await wait_until(pilot, lambda: bool(app.chosen))
        assert [(m.character, m.letters) for m in app.chosen] == [("王", "wang")]
        assert row.letters == "" and labels(row) == [""] * PAGE_SIZE


async def test_the_row_fits_80_columns_with_touch_sized_targets():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        row = app.query_one(PinyinCandidates)
        row.set_letters("zhang")
        await wait_until(pilot, lambda: labels(row)[0] == "张")
        buttons = list(row.query(CandidateButton))
        assert len(buttons) == PAGE_SIZE
        for button in buttons:
            region = button.region
            assert region.height >= 3 and region.width >= 8, region
            assert region.right <= 80, region
        for left, right in zip(buttons, buttons[1:], strict=False):
            assert right.region.x > left.region.right, "no gap between targets"


async def test_next_and_previous_pages_through_the_candidates():
    app = Host("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        row = app.query_one(PinyinCandidates)
        assert str(row.query_one("#pinyin-next").label) == "下一页"
        row.set_letters("li")
        await wait_until(pilot, lambda: labels(row)[0] == "李")
        first = labels(row)
        assert row.query_one("#pinyin-previous").disabled
        await pilot.click("#pinyin-next")
        second = labels(row)
        assert second != first and not set(second) & set(first)
        await pilot.click("#pinyin-previous")
        assert labels(row) == first


async def test_letters_that_spell_nothing_leave_the_row_empty():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        row = app.query_one(PinyinCandidates)
        row.set_letters("xyz")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert labels(row) == [""] * PAGE_SIZE
        assert all(b.disabled for b in row.query(CandidateButton))
        assert row.query_one("#pinyin-next").disabled
