"""Opening the kiosk's database: create it, migrate it, check it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.store import Store, StoreError
from kiosk.store.db import classify
from kiosk.store.schema import migrate


def open_database(path: str | Path, *, create: bool = False) -> Store:
    """A migrated Store for the file; refuses a missing file unless `create`."""
    path = Path(path)
    if not path.exists() and not create:
        raise StoreError(f"no database at {path}", "missing")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    try:
        migrate(store)
    except StoreError:
        store.close()
        raise
    except sqlite3.DatabaseError as err:
        store.close()
        raise classify(err) or StoreError(f"cannot use {path}: {err}") from err
    return store


def check_database(store: Store) -> None:
    """What a terminal checks before serving anyone; raises StoreError with its kind.

    `PRAGMA quick_check` reads every page (it skips only the index cross-checks of
    integrity_check), so a damaged file is found here, not halfway through a
    citizen's enrollment. Then one row is written and rolled back: a file the
    kiosk cannot write to (or whose folder refuses the -wal file) is found now too.
    """
    try:
        rows = store.db.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise StoreError(f"quick_check found {len(rows)} problems", "damaged")
        with store.write() as db:
            db.execute(
                "INSERT INTO kiosk_meta (key, value) VALUES ('write_check', '') "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            )
            raise _Probe
    except _Probe:
        pass
    except sqlite3.DatabaseError as err:
        raise classify(err) or StoreError(str(err)) from err


class _Probe(Exception):
    """Rolls the write check back (Store.write rolls back on any exception)."""
