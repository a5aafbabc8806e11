"""Shared fixtures: real SQLite files, a demo registry built once, a fixed clock."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from kiosk.config import Config, IdleConfig
from kiosk.demo.builder import fill_demo_registry
from kiosk.services.database import open_database

AS_OF = datetime.date(2026, 11, 1)

# No time limit per example: these machines are shared and noisy, and a slow example
# is not a wrong one (the suite has no timed assertions).
settings.register_profile("kiosk", deadline=None)
settings.load_profile("kiosk")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made once per run (argon2 hashing is slow on purpose)."""
    path = tmp_path_factory.mktemp("template") / "kiosk.db"
    store = open_database(path, create=True)
    fill_demo_registry(store, seed=2026, people=120, as_of=AS_OF)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def db_path(demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo database."""
    path = tmp_path / "data" / "kiosk.db"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def config(db_path: Path, tmp_path: Path) -> Config:
    return Config(
        database=db_path,
        language="en",
        log_file=tmp_path / "kiosk.log",
        idle=IdleConfig(timeout_seconds=90, countdown_seconds=20),
    )


class FakeClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
