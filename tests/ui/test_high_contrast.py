"""The large, high-contrast mode (issue 13, item 14): switched from the welcome screen or
any top bar, kept until the session ends, with buttons at least 5 rows tall and every
letter on screen at 4.5:1 against what is behind it."""

import pytest
from rich.style import Style
from textual.color import Color
from textual.widgets import Button

from kiosk.demo.builder import demo_accounts
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.login import LoginScreen
from kiosk.ui.screens.other_ways import OtherWaysScreen
from kiosk.ui.screens.records import RecordsScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.widgets.top_bar import TopBar
from tests.ui.conftest import (
    SIZE,
    card_value,
    log_in,
    text_of,
    wait_for_screen,
    wait_until,
)
from tests.ui.test_family_account import open_family
from tests.unit.test_contrast import AA, ratio

# What the switches say while off: (welcome screen, top bar); while on, both "Standard view".
OFF = {"#high-contrast": "Large, high contrast", "#bar-high-contrast": "High contrast"}


@pytest.fixture
def holder(app):
    return demo_accounts(app.terminal.store)[0]


def labels(app) -> dict[str, str]:
    """What every switch on the current screen says."""
    return {
        selector: text_of(app.screen.query_one(selector))
        for selector in OFF
        if app.screen.query(selector)
    }


def assert_on(app) -> None:
    assert app.high_contrast
    assert app.theme == "kiosk-high-contrast"
    assert app.has_class("-large")
    shown = labels(app)
    assert "#bar-high-contrast" in shown
    assert shown == {selector: "Standard view" for selector in shown}


def assert_off(app) -> None:
    assert not app.high_contrast
    assert app.theme == "kiosk"
    assert not app.has_class("-large")
    shown = labels(app)
    assert "#bar-high-contrast" in shown
    assert shown == {selector: OFF[selector] for selector in shown}


async def switch(pilot, selector: str) -> None:
    """Press a switch as a person would, once its last press has finished showing."""
    app = pilot.app
    await wait_until(pilot, lambda: not app.screen.query_one(selector).has_class("-active"))
    before = app.high_contrast
    await pilot.click(selector)
    await wait_until(pilot, lambda: app.high_contrast != before)


async def home_of(pilot, holder):
    await log_in(pilot, holder.id_number, holder.password)
    home = await wait_for_screen(pilot, HomeScreen)
    await wait_until(pilot, lambda: card_value(home, "Name") != "")
    return home


async def test_the_welcome_button_switches_it_on_and_off(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_off(app)
        await switch(pilot, "#high-contrast")
        assert_on(app)
        await switch(pilot, "#high-contrast")
        assert_off(app)


async def test_the_top_bar_button_switches_it_on_and_off_on_any_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#other-ways")
        await wait_for_screen(pilot, OtherWaysScreen)
        bar = app.screen.query_one("#bar-high-contrast", Button)
        assert bar.region.height == 1  # a one-row top bar
        assert bar.focusable
        await switch(pilot, "#bar-high-contrast")
        assert_on(app)
        assert app.screen.query_one("#bar-high-contrast").region.height == 1
        await switch(pilot, "#bar-high-contrast")
        assert_off(app)


async def test_it_lasts_across_screens_and_the_login_and_log_out_ends_it(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        await switch(pilot, "#high-contrast")
        await pilot.click("#log-in")
        await wait_for_screen(pilot, LoginScreen)
        assert_on(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, WelcomeScreen)
        assert_on(app)
        home = await home_of(pilot, holder)
        assert_on(app)
        await pilot.click("#records")
        await wait_until(pilot, lambda: app.screen is not home)
        assert_on(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#log-out")
        await wait_for_screen(pilot, WelcomeScreen)
        assert_off(app)


async def test_the_idle_reset_ends_it_in_a_session(app, holder, clock):
    async with app.run_test(size=SIZE) as pilot:
        await home_of(pilot, holder)
        await switch(pilot, "#bar-high-contrast")
        assert_on(app)
        clock.advance(90)
        await app.tick_idle()
        clock.advance(20)
        await app.tick_idle()
        await wait_for_screen(pilot, WelcomeScreen)
        assert app.terminal.session is None
        assert_off(app)


async def test_the_idle_reset_ends_it_on_the_welcome_screen_too(app, clock):
    """The next person at the terminal finds the usual look, even if nobody logged in."""
    async with app.run_test(size=SIZE) as pilot:
        await switch(pilot, "#high-contrast")
        welcome = app.screen
        clock.advance(90)
        await app.tick_idle()
        clock.advance(20)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen is not welcome
        assert_off(app)


def short_buttons(app) -> dict[str, int]:
    """Buttons shown on the current screen (not the one-row top bar) under 5 rows."""
    return {
        button.id or str(button.label): button.region.height
        for button in app.screen.query(Button)
        if button.display and not any(isinstance(a, TopBar) for a in button.ancestors)
        if button.region.height < 5
    }


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_buttons_are_at_least_5_rows_tall_in_large_mode(app, holder, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert short_buttons(app)  # the standard look has 3-row buttons
        app.set_high_contrast(True)
        await pilot.pause()
        assert short_buttons(app) == {}
        await pilot.click("#log-in")
        await wait_for_screen(pilot, LoginScreen)
        assert short_buttons(app) == {}
        await pilot.press("escape")
        await wait_for_screen(pilot, WelcomeScreen)
        await home_of(pilot, holder)
        assert short_buttons(app) == {}


def low_cells(app) -> set[tuple[str, str, str]]:
    """Letters on screen under 4.5:1 against their own background: (text, colour, back)."""
    found = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style or Style()
            letters = "".join(ch for ch in segment.text if ch.isalnum())
            if not letters or style.color is None or style.bgcolor is None:
                continue
            fore = Color.from_rich_color(style.color)
            back = Color.from_rich_color(style.bgcolor)
            if ratio(fore, back) < AA:
                found.add((segment.text.strip(), fore.hex, back.hex))
    return found


async def test_every_letter_on_screen_reaches_aa_in_large_mode(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        await switch(pilot, "#high-contrast")
        assert low_cells(app) == set()
        await pilot.click("#log-in")
        await wait_for_screen(pilot, LoginScreen)
        assert low_cells(app) == set()
        await pilot.press("escape")
        await wait_for_screen(pilot, WelcomeScreen)
        await home_of(pilot, holder)
        assert low_cells(app) == set()
        await pilot.click("#records")
        records = await wait_for_screen(pilot, RecordsScreen)
        await wait_until(pilot, lambda: records.ledger is not None)
        assert low_cells(app) == set()


async def test_every_letter_on_screen_reaches_aa_in_the_standard_look_too(app, holder):
    """The top bar, the table cursor and the tabs not shown read below 4.5:1 before."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert low_cells(app) == set()
        await home_of(pilot, holder)
        assert low_cells(app) == set()
        await pilot.click("#records")
        records = await wait_for_screen(pilot, RecordsScreen)
        await wait_until(pilot, lambda: records.ledger is not None)
        assert low_cells(app) == set()


async def test_the_switches_speak_the_chosen_language(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-es")
        await pilot.pause()
        assert labels(app) == {
            "#high-contrast": "Grande, alto contraste",
            "#bar-high-contrast": "Alto contraste",
        }
        await switch(pilot, "#bar-high-contrast")
        assert labels(app) == {
            "#high-contrast": "Vista normal",
            "#bar-high-contrast": "Vista normal",
        }


async def test_a_screen_without_its_own_focus_never_focuses_the_top_bar_switch(app, holder):
    """Enter on a fresh screen acts on the screen, not on the look: the switch in the top bar
    (first in every screen) is not where the focus starts."""
    async with app.run_test(size=SIZE) as pilot:
        await open_family(pilot, holder)
        assert app.focused is not None
        assert not any(isinstance(a, TopBar) for a in app.focused.ancestors)
        assert app.focused.id == "back"


@pytest.mark.parametrize("mode", ["citizen", "staff"])
async def test_the_top_bar_keeps_a_gap_before_the_terminal_at_80_columns(config, clock, mode):
    """The Spanish hall name fills 80 columns: it is cut, not run into "KIOSK-01"."""
    from kiosk.ui import make_app

    app = make_app(config.replace(language="es", mode=mode), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hall = app.screen.query_one("#hall-name")
        terminal = app.screen.query_one("#terminal-id")
        assert hall.region.right + 2 <= terminal.region.x, (hall.region, terminal.region)
