"""Every screen a citizen or a clerk can reach, compared with the approved SVGs in __snapshots__.

The screens and the ways to them are the tour (tests/ui/tour.py), which the screenshot tool
shares. The pictures are stable: a fixed demo database (fixed `as_of`, made at a fixed time),
a fixed wall clock, the FakeClock for the app's own clock, a seeded source for temporary
passwords and voucher numbers, and a fixed e-voucher signing key.

After an intended change, LOOK at the new pictures first (the failure report shows both, or
convert them with tools/screenshots.py's svg_to_png), then approve them with
`.venv/bin/pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Config, IdleConfig
from kiosk.demo.builder import fill_demo_registry
from kiosk.services import clock as wall_clock
from kiosk.services.database import open_database
from kiosk.store import registry as registry_store
from kiosk.ui import make_app
from tests.conftest import AS_OF, FakeClock
from tests.ui.tour import (
    FIXED_NOW,
    SCREENS,
    Stop,
    copy_database,
    install_fixed_key,
    prepare,
    printer_config,
)


@dataclass(frozen=True)
class Variant:
    lang: str
    size: tuple[int, int]
    prepare: Callable[[Any], None] | None = None  # e.g. a theme, on the app before it runs
    citizen_only: bool = False
    tag: str = ""

    @property
    def id(self) -> str:
        return "-".join(filter(None, [self.lang, f"{self.size[0]}x{self.size[1]}", self.tag]))


def large(app: Any) -> None:
    app.set_high_contrast(True)


# Chinese at both sizes, and Spanish (the longest texts) at the small one; the large
# high-contrast mode for the citizen screens at the small size, where its 5-row buttons
# leave the least room.
VARIANTS = [
    Variant("zh", (100, 40)),
    Variant("zh", (80, 24)),
    Variant("es", (80, 24)),
    Variant("zh", (80, 24), large, citizen_only=True, tag="large"),
]

CASES = [
    pytest.param(stop, variant, id=f"{stop.name}-{variant.id}")
    for stop in SCREENS.values()
    for variant in VARIANTS
    if stop.mode == "citizen" or not variant.citizen_only
]


@pytest.fixture
def fixed_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit rows take their time from kiosk.services.clock (the module says tests fix it)."""
    monkeypatch.setattr(wall_clock, "now", lambda: FIXED_NOW)


@pytest.fixture(scope="session")
def still_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database like the shared one, but made at the fixed time, with a fixed key
    for keyed hashes: nothing in it depends on the day the tests run."""
    path = tmp_path_factory.mktemp("still") / "kiosk.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wall_clock, "now", lambda: FIXED_NOW)
        store = open_database(path, create=True)
        fill_demo_registry(store, seed=2026, people=120, as_of=AS_OF)
        with store.write() as db:
            registry_store.set_meta(db, "subject_key", "5e" * 32)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
    return path


@pytest.mark.parametrize(("stop", "variant"), CASES)
def test_screen(
    snap_compare: Any,
    still_template: Path,
    tmp_path: Path,
    fixed_wall_clock: None,
    stop: Stop,
    variant: Variant,
) -> None:
    from kiosk import logs

    database = tmp_path / "data" / "kiosk.db"
    copy_database(still_template, database)
    install_fixed_key(database)
    config = Config(
        database=database,
        language=variant.lang,
        mode=stop.mode,
        printer=printer_config(stop, tmp_path / "printouts"),
        log_file=tmp_path / "kiosk.log",
        idle=IdleConfig(timeout_seconds=90, countdown_seconds=20),
    )
    logs.configure(config.log_path)
    app = make_app(config, clock=FakeClock(), now=lambda: FIXED_NOW, chance=random.Random(2026))
    prepare(app, stop.needs)
    if variant.prepare is not None:
        variant.prepare(app)
    assert snap_compare(app, terminal_size=variant.size, run_before=stop.reach)
