from __future__ import annotations

import pytest
from textual.widget import Widget

from kiosk.config import Config
from kiosk.ui import make_app

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
            return line[len(label):].strip()
    return ""
