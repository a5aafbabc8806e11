"""Page up / Page down buttons (issue 14): at 80x24 a list or a text longer than the view
scrolls a page per tap, to its last line and back, and each button is disabled at its end."""

from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable, TabbedContent

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.ui.screens.family_draft import EnrollmentDraft
from kiosk.ui.screens.family_notice import FamilyNoticeScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.pager import Pager
from tests.ui.conftest import wait_for_screen, wait_until
from tests.ui.test_buttons_in_sight import assert_in_sight
from tests.ui.test_records import open_records

SMALL = (80, 24)
TAPS = 200  # a hang guard: far more pages than any list here has


async def tap(pilot, button: Button) -> None:
    """A tap, once the last one's press effect is over (Textual ignores a click meanwhile,
    as a finger cannot tap that fast)."""
    await wait_until(pilot, lambda: not button.has_class("-active"))
    await pilot.click(button)
    await pilot.pause()


async def page_through(pilot, scroller) -> None:
    """Down to the end and back up, by taps on the buttons."""
    screen = pilot.app.screen
    pager = screen.query_one(Pager)
    up = pager.query_one(".page-up", Button)
    down = pager.query_one(".page-down", Button)
    await wait_until(pilot, lambda: pager.display and scroller.max_scroll_y > 0)
    assert scroller.scroll_y == 0
    assert up.disabled and not down.disabled
    assert_in_sight(screen, "back")  # the pager pushed no action off
    bar = screen.query_one(ActionBar)
    assert pager.region.bottom < bar.region.y  # a row apart from the bar's buttons
    seen = [scroller.scroll_y]
    for _ in range(TAPS):
        if down.disabled:
            break
        await tap(pilot, down)
        assert scroller.scroll_y > seen[-1], "a tap on Page down moved nothing"
        seen.append(scroller.scroll_y)
    assert down.disabled and not up.disabled
    assert scroller.scroll_y == scroller.max_scroll_y  # the last line is in view
    for _ in range(TAPS):
        if up.disabled:
            break
        await tap(pilot, up)
    assert scroller.scroll_y == 0
    assert up.disabled and not down.disabled


async def test_a_long_records_table_pages_down_to_its_end_and_back(app):
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_records(pilot, holder.id_number)
        screen.query_one("#record-tabs", TabbedContent).active = "contributions"
        await pilot.pause()
        table = screen.query_one("#contributions-table", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0)
        await page_through(pilot, table)


async def test_the_notice_is_read_to_its_end_with_page_down(app):
    holder = demo_accounts(app.terminal.store)[0]
    app.language = "es"  # the longest text
    async with app.run_test(size=SMALL) as pilot:
        app.set_high_contrast(True)  # larger buttons: less room for the text
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await app.push_screen(FamilyNoticeScreen(EnrollmentDraft()))
        notice = await wait_for_screen(pilot, FamilyNoticeScreen)
        reading = notice.query_one("#reading", VerticalScroll)
        await wait_until(pilot, lambda: reading.max_scroll_y > 0)
        assert notice.query_one("#submit", Button).disabled
        await page_through(pilot, reading)
        assert not notice.query_one("#submit", Button).disabled  # read to its end


async def test_back_at_once_leaves_the_pager_nothing_to_trip_on(app):
    """Back tapped right after the records open: a look the pager had scheduled comes when
    its screen is gone. It used to raise NoScreen there, and the kiosk dropped the person's
    session to the welcome screen (seen with the hall benchmark's scripted taps)."""
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SMALL) as pilot:
        records = await open_records(pilot, holder.id_number)
        pager = records.query_one(Pager)
        await pilot.click("#back")
        home = await wait_for_screen(pilot, HomeScreen)
        pager.update()  # the late look, after the screen went
        await pilot.pause()
        assert pilot.app.screen is home and pilot.app.terminal.session is not None
