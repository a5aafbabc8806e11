"""After the idle time, a countdown; after the countdown, the start again with nothing left."""

from textual.widgets import Input

from kiosk.ui.screens.idle_warning import IdleWarningScreen
from kiosk.ui.screens.other_ways import OtherWaysScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import SIZE, text_of


async def _open_other_ways_in_spanish(pilot):
    await pilot.click("#lang-es")
    await pilot.click("#other-ways")
    assert isinstance(pilot.app.screen, OtherWaysScreen)


async def test_countdown_appears_after_the_idle_time(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await _open_other_ways_in_spanish(pilot)
        clock.advance(89)
        await app.tick_idle()
        assert isinstance(app.screen, OtherWaysScreen)
        clock.advance(1)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarningScreen)
        assert "20 segundos" in text_of(app.screen.query_one("#idle-count"))
        clock.advance(7)
        await app.tick_idle()
        assert "13 segundos" in text_of(app.screen.query_one("#idle-count"))


async def test_any_key_extends_the_session(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await _open_other_ways_in_spanish(pilot)
        clock.advance(95)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarningScreen)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, OtherWaysScreen)
        clock.advance(89)
        await app.tick_idle()
        assert isinstance(app.screen, OtherWaysScreen)  # the clock started again


async def test_a_click_also_extends_the_session(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await _open_other_ways_in_spanish(pilot)
        clock.advance(95)
        await app.tick_idle()
        await pilot.pause()
        await pilot.click(offset=(2, 2))
        await pilot.pause()
        assert isinstance(app.screen, OtherWaysScreen)


async def test_after_the_countdown_everything_is_dropped(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await _open_other_ways_in_spanish(pilot)
        old_screens = list(app.screen_stack)
        clock.advance(90)
        await app.tick_idle()
        clock.advance(20)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen_stack) == 2  # Textual's blank base and a fresh welcome screen
        assert all(s not in app.screen_stack for s in old_screens[1:])
        assert app.language == "en"  # back to the configured language
        assert text_of(app.screen.query_one("#welcome-greeting")) == "Welcome"
        assert not app.screen.query(Input)


async def test_the_resting_welcome_screen_shows_no_countdown(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(500)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_changed_language_alone_is_reset_too(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-zh")
        clock.advance(90)
        await app.tick_idle()
        clock.advance(20)
        await app.tick_idle()
        await pilot.pause()
        assert app.language == "en"


async def test_the_key_that_closes_the_countdown_presses_nothing(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-zh")
        app.screen.query_one("#log-in").focus()
        clock.advance(95)
        await app.tick_idle()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)  # "Log in" was not pressed


async def test_two_resets_at_once_leave_one_welcome_screen(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await _open_other_ways_in_spanish(pilot)
        import asyncio

        await asyncio.gather(app.reset_session("idle"), app.reset_session("error"))
        await pilot.pause()
        assert len(app.screen_stack) == 2 and isinstance(app.screen, WelcomeScreen)
