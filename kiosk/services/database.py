"""Opening the kiosk's database: create it, migrate it, check it."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.store import RecordsUnusable, Store
from kiosk.store import health as health_store
from kiosk.store.db import reported
from kiosk.store.schema import migrate, schema_current


def open_database(path: str | Path, *, create: bool = False) -> Store:
    """A migrated Store for the file; refuses a missing file unless `create`."""
    path = Path(path)
    if not path.exists() and not create:
        raise RecordsUnusable(f"no database at {path}", "missing")
    if create:
        _create_private(path)
    store = Store(path)
    try:
        with reported(path, "cannot use"):
            migrate(store)
    except RecordsUnusable:
        store.close()
        raise
    return store


def open_read_only(path: str | Path) -> Store:
    """The file as it is, for checking tools: no migration, no write, nothing created.

    Works on a backup or a write-protected copy; refuses a file whose schema is older
    than this kiosk's (run `kiosk init` on a writable copy first).
    """
    path = Path(path)
    if not path.is_file():
        raise RecordsUnusable(f"no database at {path}", "missing")
    store = Store(path, read_only=True)
    try:
        with reported(path, "cannot read"):
            current = schema_current(store)
    except RecordsUnusable:
        store.close()
        raise
    if not current:
        store.close()
        raise RecordsUnusable(
            f"{path} has an older schema: run `kiosk init --db` on a writable copy first",
            "outdated",
        )
    return store


def _create_private(path: Path) -> None:
    """Make the folder (0700) and an empty file (0600) before SQLite opens it.

    SQLite gives the -wal and -shm files the database file's permissions, so they
    are the owner's only too. An existing file is left as it is (`kiosk check` warns).
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def check_database(store: Store) -> None:
    """What a terminal checks before serving anyone (see `kiosk.store.health.ready`);
    raises RecordsUnusable with its kind."""
    health_store.ready(store)
