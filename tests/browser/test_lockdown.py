"""Citizen mode's lock-down, in Debian's Chromium against `kiosk serve`: nothing can be
selected and copied, a reload or a new tab starts at the welcome screen with nothing of the
person before, Textual's open_url and file delivery do nothing, and the idle timeout ends
the session as in the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.i18n import translate
from tests.browser.conftest import serve_config
from tests.browser.test_walk import HOME, WELCOME, holder_of, log_in, t
from tests.helpers.browser import cell_centre, screen, tap_text, wait_for_text
from tests.helpers.served import HANG_GUARD, Served, serving

pytestmark = pytest.mark.slow

EMPTY = ""
BEFORE = "clipboard before the test"


def clipboard(page: Any) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def try_to_copy(page: Any, over: str) -> None:
    """Every way a person at the screen (or a stray keyboard) might copy: select all and
    copy with the keys, a Shift+drag over the text (xterm's own selection) and copy, and the
    page's own select-all and copy commands."""
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+c")
    shown = screen(page)
    row, column = shown.find(over)[0]
    x0, y0 = cell_centre(page, row, column - 8)
    x1, y1 = cell_centre(page, row + 3, column + 30)
    for held in ("", "Shift"):  # Textual's own selection, then xterm's
        if held:
            page.keyboard.down(held)
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move(x1, y1, steps=10)
        page.mouse.up()
        if held:
            page.keyboard.up(held)
        page.keyboard.press("Control+c")
    page.keyboard.press("Control+Shift+c")
    page.evaluate("() => { document.execCommand('selectAll'); document.execCommand('copy'); }")


def test_nothing_on_a_citizen_page_can_be_selected_and_copied(
    served_zh: Served, browser: Any, db_path: Path
):
    holder = holder_of(db_path)
    page = browser.new_page()
    page.goto(served_zh.base)
    log_in(page, holder)
    page.evaluate(f"() => navigator.clipboard.writeText({json.dumps(BEFORE)})")
    assert clipboard(page) == BEFORE
    page.evaluate("() => navigator.clipboard.writeText('')")
    try_to_copy(page, t("card.name"))
    assert page.evaluate("() => window.getSelection().toString()") == ""
    # A copy by the app goes to the kiosk and back (OSC 52): a tap after it, answered,
    # means an answer to the copy would have come already. Still logged in, too.
    tap_text(page, t("action.records"))
    wait_for_text(page, t("records.tab_contributions"))
    assert clipboard(page) == EMPTY


@pytest.fixture
def served_desk(db_path: Path, tmp_path: Path) -> Iterator[Served]:
    """The same server for a staff desk: no lock-down (the control for the tests above)."""
    with serving(db_path, serve_config(tmp_path), mode="staff") as server:
        yield server


def test_a_desk_page_does_copy(served_desk: Served, browser: Any):
    """The control: without the lock-down the same gestures copy the screen's text."""
    page = browser.new_page()
    page.goto(served_desk.base)
    wait_for_text(page, t("staff_login.title"))
    page.evaluate("() => navigator.clipboard.writeText('')")
    try_to_copy(page, t("staff_login.title"))
    page.wait_for_function(
        "() => navigator.clipboard.readText().then((text) => text !== '')",
        timeout=HANG_GUARD * 1000,
    )


def test_a_reload_or_a_new_tab_starts_at_the_welcome_screen(
    served_zh: Served, browser: Any, db_path: Path
):
    holder = holder_of(db_path)
    page = browser.new_page()
    page.goto(served_zh.base)
    log_in(page, holder)
    page.reload()
    shown = wait_for_text(page, WELCOME)
    assert holder.name not in shown.text and HOME not in shown.text

    log_in(page, holder)
    tab = browser.new_page()
    tab.goto(served_zh.base)
    shown = wait_for_text(tab, WELCOME)
    assert holder.name not in shown.text and HOME not in shown.text
    assert holder.name in screen(page).text  # the first tab is its own session


# What the server would send for Textual's App.open_url and App.deliver_* (textual-serve).
# The URL is the server's own: nothing leaves the machine even when a tab does open.
def open_url(base: str) -> str:
    return json.dumps(["open_url", {"url": f"{base}static/css/xterm.css", "new_tab": True}])


def deliver(base: str) -> str:
    return json.dumps(["deliver_file_start", "a-file-key"])


def inject(page: Any, url: str, messages: list[str]) -> list[Any]:
    """Open the page with its websocket passed through to the server, and once the
    screen shows, hand the page these messages as if the kiosk had sent them."""
    routes: list[Any] = []

    def through(ws: Any) -> None:
        ws.connect_to_server()
        routes.append(ws)

    page.route_web_socket("**/ws*", through)
    page.goto(url)
    wait_for_text(page, WELCOME)
    for message in messages:
        routes[0].send(message)
    return routes


@pytest.mark.parametrize("message", [open_url, deliver], ids=["open_url", "deliver_file"])
def test_a_citizen_page_opens_no_url_and_takes_no_file(
    served_zh: Served, browser: Any, message: Callable[[str], str]
):
    opened: list[Any] = []
    browser.on("page", lambda new: opened.append(new))
    page = browser.new_page()
    opened.clear()
    pages = len(browser.pages)
    inject(page, served_zh.base, [message(served_zh.base)])
    # The page handles the socket's messages in order: once the screen has answered a tap
    # that came after the injected message, that message has been handled.
    tap_text(page, "English")
    wait_for_text(page, translate("en", "welcome.greeting"))
    page.wait_for_timeout(500)  # a tab would have opened by now (not a timed assertion)
    assert opened == [] and len(browser.pages) == pages
    assert page.url == served_zh.base


def test_a_desk_page_does_open_the_url(served_desk: Served, browser: Any):
    """The control: without the lock-down the same message opens a tab."""
    page = browser.new_page()
    with browser.expect_page() as new_tab:
        routes: list[Any] = []

        def through(ws: Any) -> None:
            ws.connect_to_server()
            routes.append(ws)

        page.route_web_socket("**/ws*", through)
        page.goto(served_desk.base)
        wait_for_text(page, t("staff_login.title"))
        routes[0].send(open_url(served_desk.base))
    new_tab.value.wait_for_load_state()
    assert new_tab.value.url == f"{served_desk.base}static/css/xterm.css"


def test_the_idle_timeout_ends_the_session_in_the_browser(
    db_path: Path, tmp_path: Path, browser: Any
):
    """The shortest idle time the configuration allows, and no input at all."""
    config_file = serve_config(tmp_path, "[idle]\ntimeout_seconds = 10\ncountdown_seconds = 20\n")
    holder = holder_of(db_path)
    with serving(db_path, config_file) as served:
        page = browser.new_page()
        page.goto(served.base)
        log_in(page, holder)
        wait_for_text(page, t("idle.title"))
        shown = wait_for_text(page, WELCOME)
        assert holder.name not in shown.text
