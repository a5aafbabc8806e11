from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import DataTable

from kiosk.config import Config
from kiosk.demo.builder import DEMO_STAFF
from kiosk.ui import make_app
from kiosk.ui.screens.citizen_desk import CitizenDeskScreen
from kiosk.ui.screens.confirm import ConfirmScreen
from kiosk.ui.screens.review_application import ReviewApplicationScreen
from kiosk.ui.screens.review_queue import ReviewQueueScreen
from kiosk.ui.screens.staff_desk import StaffDeskScreen
from kiosk.ui.screens.staff_login import StaffLoginScreen

SIZE = (100, 40)


@pytest.fixture
def app(config: Config, clock):
    from kiosk import logs

    logs.configure(config.log_path)
    return make_app(config, clock=clock)


def text_of(widget: Widget) -> str:
    """What a widget shows, as plain text."""
    return str(widget.render())


async def type_into(pilot, selector: str, text: str) -> None:
    """Click a field and type into it key by key, as a person would."""
    await pilot.click(selector)
    widget = pilot.app.screen.query_one(selector)
    widget.value = ""
    if text.isascii():
        await pilot.press(*text)
    else:  # Pilot has no key names for CJK characters; an IME delivers them as a paste
        widget.insert_text_at_cursor(text)
    await pilot.pause()


async def wait_for_screen(pilot, screen_type, timeout: float = 10.0):
    """Wait until the app shows a screen of this type (hashing takes a moment)."""
    for _ in range(int(timeout / 0.05)):
        if isinstance(pilot.app.screen, screen_type):
            await pilot.pause()
            return pilot.app.screen
        await pilot.pause(0.05)
    raise AssertionError(f"{screen_type.__name__} never came; showing {pilot.app.screen!r}")


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never became true")


def card_value(home, label: str) -> str:
    """The value the home screen's card shows beside a label ('' before it is drawn)."""
    for line in text_of(home.query_one("#card")).splitlines():
        if line.startswith(label + " "):
            return line[len(label) :].strip()
    return ""


# The demo desk accounts: (staff ID, name, role, password).
CLERK, SUPERVISOR = DEMO_STAFF


async def log_in(pilot, id_number, password):
    await pilot.click("#log-in")
    await type_into(pilot, "#id_number", id_number)
    await type_into(pilot, "#password", password)
    await pilot.press("enter")


async def staff_log_in(pilot, who):
    staff_id, _, _, password = who
    await wait_for_screen(pilot, StaffLoginScreen)
    await type_into(pilot, "#staff_id", staff_id)
    await type_into(pilot, "#password", password)
    await pilot.press("enter")
    return await wait_for_screen(pilot, StaffDeskScreen)


async def find(pilot, query):
    desk = pilot.app.screen
    await type_into(pilot, "#query", query)
    await pilot.press("enter")
    await wait_until(pilot, lambda: desk.search is not None)
    return desk


async def open_first(pilot, desk):
    table = desk.query_one("#found", DataTable)
    table.move_cursor(row=0)
    table.action_select_cursor()
    return await wait_for_screen(pilot, CitizenDeskScreen)


async def open_oldest(pilot, queue):
    """The first application in the queue, opened and loaded."""
    table = queue.query_one("#queue", DataTable)
    table.move_cursor(row=0)
    table.action_select_cursor()
    review = await wait_for_screen(pilot, ReviewApplicationScreen)
    await wait_until(pilot, lambda: review.application is not None)
    return review


async def press_and_confirm(pilot, selector):
    """A destructive button, then Confirm in its dialog, each well apart (500 ms rule)."""
    pilot.app.clock.advance(1)
    await pilot.click(selector)
    await wait_for_screen(pilot, ConfirmScreen)
    pilot.app.clock.advance(1)
    await pilot.click("#confirm")


async def supervisor_queue(pilot):
    """The supervisor logged in at the desk and the review queue loaded."""
    await staff_log_in(pilot, SUPERVISOR)
    await pilot.click("#review")
    queue = await wait_for_screen(pilot, ReviewQueueScreen)
    await wait_until(pilot, lambda: queue.items is not None)
    return queue


async def citizen_at_desk(pilot, who, query):
    """`who` logged in at the desk, found `query` and opened the first person found."""
    desk = await staff_log_in(pilot, who)
    await find(pilot, query)
    return await open_first(pilot, desk)


async def assisted_home(pilot, who, id_number):
    """`who` at the desk opened the citizen `id_number`'s home, to act for them."""
    from kiosk.ui.screens.home import HomeScreen

    await citizen_at_desk(pilot, who, id_number)
    await pilot.click("#open-card")
    home = await wait_for_screen(pilot, HomeScreen)
    assert home.assisted
    return home
