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
