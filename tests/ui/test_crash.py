"""An unexpected error shows "out of service", logs no personal data, and starts over."""

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button

from kiosk.ui.screens.out_of_service import OutOfServiceScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import SIZE, text_of

SECRET = "11010519491231002X"


class BrokenScreen(Screen):
    """A screen with a bug: its button handler fails with personal data in the message."""

    def compose(self) -> ComposeResult:
        yield Button("Go", id="go")

    def on_button_pressed(self) -> None:
        password = "Correct-Horse-9"  # a local variable a traceback would print
        raise ValueError(f"lookup failed for {SECRET} with {password}")


async def _press_go(pilot):
    # Not pilot.click: it waits for the failed screen, whose message loop has stopped.
    pilot.app.screen.query_one("#go").press()
    await pilot.pause(0.2)


async def test_an_error_shows_out_of_service_then_the_start(app, config):
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(BrokenScreen())
        await _press_go(pilot)
        assert isinstance(app.screen, OutOfServiceScreen)
        assert "Temporarily out of service" in text_of(app.screen.query_one(".title"))
        assert app.is_running
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not any(isinstance(s, BrokenScreen) for s in app.screen_stack)
    log = config.log_path.read_text(encoding="utf-8")
    assert "ValueError" in log and "on_button_pressed" in log
    assert SECRET not in log and "Correct-Horse-9" not in log


async def test_repeated_errors_end_with_one_line_not_a_traceback(app, config):
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await app.push_screen(BrokenScreen())
            await _press_go(pilot)
            if not app.is_running:
                break
    assert app.return_code == 1
    assert SECRET not in config.log_path.read_text(encoding="utf-8")
