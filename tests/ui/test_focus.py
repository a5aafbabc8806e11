"""Focus shows plainly on every focusable thing, in every theme (issue 13, item 11)."""

from rich.style import Style
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Select, Tabs

from kiosk.demo.builder import demo_accounts
from kiosk.ui.screens.login import LoginScreen
from kiosk.ui.widgets.kiosk_input import KioskInput
from kiosk.ui.widgets.signature_pad import SignaturePad
from tests.ui.conftest import SIZE, wait_for_screen
from tests.ui.test_records import open_records

# Cells that must change glyph or reverse between blurred and focused: a whole short
# label or a border, not a one-cell cursor.
PLAIN = 3


def cells(widget: Widget) -> list[list[tuple[str, bool]]]:
    """The widget as the screen draws it (children too): each cell's character and
    whether it is reversed."""
    x, y, width, height = widget.region
    strips = widget.screen._compositor.render_strips()[y : y + height]
    rows = []
    for strip in strips:
        row = []
        for segment in strip.crop(x, x + width):
            reverse = bool((segment.style or Style()).reverse)
            row.extend((ch, reverse) for ch in segment.text)
        rows.append(row)
    return rows


def plain_difference(blurred, focused) -> int:
    """Cells whose glyph or reverse attribute differ: what any theme cannot hide."""
    return sum(
        a != b
        for row_a, row_b in zip(blurred, focused, strict=True)
        for a, b in zip(row_a, row_b, strict=True)
    )


async def focus_differences(pilot, screen: Screen | App, widgets) -> dict[tuple[str, str], int]:
    """For every theme and widget: how many cells show focus without relying on colour."""
    app = pilot.app
    found = {}
    for theme in sorted(app.available_themes):
        app.theme = theme
        for widget in widgets:
            screen.set_focus(None)
            await pilot.pause()
            blurred = cells(widget)
            widget.focus()
            await pilot.pause()
            assert app.focused is widget, widget
            assert len(cells(widget)) == len(blurred), (theme, widget)
            found[theme, widget.id or type(widget).__name__] = plain_difference(
                blurred, cells(widget)
            )
    return found


def unplain(found: dict) -> dict:
    return {key: n for key, n in found.items() if n < PLAIN}


async def test_every_welcome_button_shows_focus_plainly_in_every_theme(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        buttons = list(screen.query(Button))
        assert {"log-in", "lang-en", "lang-zh", "lang-es"} <= {b.id for b in buttons}
        assert screen.query_one("#lang-en").has_class("-current")  # the case that hid focus
        assert unplain(await focus_differences(pilot, screen, buttons)) == {}


async def test_login_fields_show_focus_plainly_in_every_theme(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#log-in")
        screen = await wait_for_screen(pilot, LoginScreen)
        fields = list(screen.query(KioskInput))
        assert len(fields) == 2
        assert unplain(await focus_differences(pilot, screen, fields)) == {}


async def test_records_tabs_year_and_table_show_focus_plainly_in_every_theme(app):
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        widgets = [
            screen.query_one(Tabs),
            screen.query_one("#year", Select),
            screen.query_one("#ledger-table", DataTable),
        ]
        assert screen.query_one("#ledger-table", DataTable).row_count > 0
        assert unplain(await focus_differences(pilot, screen, widgets)) == {}


class PadApp(App):
    def compose(self) -> ComposeResult:
        yield SignaturePad(id="pad")


async def test_the_signature_pad_shows_focus_plainly_in_every_theme():
    app = PadApp()
    async with app.run_test(size=(60, 12)) as pilot:
        pad = app.query_one(SignaturePad)
        assert unplain(await focus_differences(pilot, app.screen, [pad])) == {}
