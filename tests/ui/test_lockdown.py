"""On a public terminal no key quits, copies or opens a palette."""

import pytest
from textual.command import CommandPalette

from kiosk.ui import make_app
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import SIZE


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "ctrl+backslash"])
async def test_stock_keys_do_nothing_in_citizen_mode(app, key):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, WelcomeScreen)
        assert not isinstance(app.screen, CommandPalette)
        assert app.return_code is None


async def test_the_command_palette_cannot_open(app):
    async with app.run_test(size=SIZE) as pilot:
        app.action_command_palette()
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)


async def test_nothing_reaches_the_clipboard(app):
    async with app.run_test(size=SIZE):
        app.copy_to_clipboard("110105********002X")
        assert app.clipboard == ""


async def test_dev_mode_quits_with_ctrl_q(config, clock):
    app = make_app(config.replace(dev=True), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
