"""Textual screens and widgets. Talks only to kiosk.services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.config import Config

if TYPE_CHECKING:
    import datetime
    import random
    from collections.abc import Callable

    from kiosk.ui.app import KioskApp


def make_app(
    config: Config,
    *,
    now: Callable[[], datetime.datetime] | None = None,
    chance: random.Random | None = None,
    **kwargs: Any,
) -> KioskApp:
    """The kiosk app over the configured database, created with demo people if missing.

    The CLI, the tests, the screenshots and the benchmarks all build the app here.
    `now` (the wall clock) and `chance` (temporary passwords, voucher numbers) go to the
    Terminal: the snapshot tests fix both so their pictures do not change.
    """
    from kiosk.services import clock
    from kiosk.services.terminal import Terminal
    from kiosk.ui.app import KioskApp

    terminal = Terminal(config, now or clock.now, chance)
    terminal.prepare()
    return KioskApp(terminal, **kwargs)
