"""Opening the kiosk's database: create it, migrate it, check it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.store import Store, StoreError
from kiosk.store.schema import migrate


def open_database(path: str | Path, *, create: bool = False) -> Store:
    """A migrated Store for the file; refuses a missing file unless `create`."""
    path = Path(path)
    if not path.exists() and not create:
        raise StoreError(f"no database at {path}")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    try:
        migrate(store)
    except sqlite3.DatabaseError as err:
        store.close()
        raise StoreError(f"cannot use {path}: {err}") from err
    return store
