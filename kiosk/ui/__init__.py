"""Textual screens and widgets. Talks only to kiosk.services."""

from __future__ import annotations

from kiosk.config import Config
from kiosk.services.demo import ensure_database
from kiosk.services.terminal import Terminal


def make_app(config: Config, **kwargs):
    """The kiosk app over the configured database, created with demo people if missing.

    The CLI, the tests and the benchmarks all build the app through here.
    """
    from kiosk.ui.app import KioskApp

    store, _created = ensure_database(config.database)
    return KioskApp(Terminal(config, store), **kwargs)
