"""Textual screens and widgets. Talks only to kiosk.services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.config import Config

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp


def make_app(config: Config, **kwargs: Any) -> KioskApp:
    """The kiosk app over the configured database, created with demo people if missing.

    The CLI, the tests, the screenshots and the benchmarks all build the app here.
    """
    from kiosk.services.terminal import Terminal
    from kiosk.ui.app import KioskApp

    terminal = Terminal(config)
    terminal.prepare()
    return KioskApp(terminal, **kwargs)
