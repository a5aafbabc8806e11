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


async def test_no_url_opens_and_no_file_is_delivered_in_citizen_mode(app, tmp_path):
    """Served in a browser these would open a tab or start a download: a way out."""
    delivered = []
    app.open_url("https://example.com")  # nothing happens, nothing is raised
    async with app.run_test(size=SIZE) as pilot:
        driver = app._driver
        driver.open_url = lambda *a, **k: delivered.append(("open_url", a))
        driver.deliver_binary = lambda *a, **k: delivered.append(("deliver", a))
        app.open_url("https://example.com")
        out = tmp_path / "out"
        out.mkdir()
        text = out / "card.txt"
        text.write_text("110105********002X", encoding="utf-8")
        handle = open(text, "rb")  # the refusal closes it, as Textual's delivery would
        assert app.deliver_binary(handle) is None
        assert handle.closed
        assert app.deliver_text(text, save_directory=out, save_filename="copy.txt") is None
        assert app.deliver_screenshot(path=str(out)) is None
        await pilot.pause()
        assert delivered == []
        assert sorted(p.name for p in out.iterdir()) == ["card.txt"]
        assert app.is_running and isinstance(app.screen, WelcomeScreen)


async def test_the_staff_desk_keeps_textuals_delivery(config, clock, tmp_path):
    app = make_app(config.replace(mode="staff"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        opened = []
        app._driver.open_url = lambda url, new_tab=True: opened.append(url)
        app.open_url("http://127.0.0.1/help")
        await pilot.pause()
        assert opened == ["http://127.0.0.1/help"]
