"""A kiosk's waits for the write lock while a bulk writer (an import, a pull) runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.store import Store

HANG_GUARD = 600  # seconds: only a hang gets this far
NOTHING = "UPDATE kiosk_meta SET value = value WHERE key = 'no such key'"


def rows_in(db: Path, table: str) -> int:
    """Rows committed in `table` (0 before the file or the table exists)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=HANG_GUARD)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def longest_waits(
    db: Path, command: list[str], started: Callable[[Path], int], *, says: bool = True
) -> tuple[list[float], int]:
    """Run `command` and, once it has written (`started(db)` above 0), take the write lock
    every 20 ms as a kiosk would, until it ends: the waits, and the command's exit code.
    `says=False`: as a writer that does not say it wants the lock (the sqlite3 shell)."""
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    waits: list[float] = []
    try:
        while started(db) == 0:
            assert child.poll() is None
            time.sleep(0.005)
        if says:
            kiosk = Store(db)  # a kiosk's writes: they say they want the lock, as kiosks do
            kiosk.db  # noqa: B018 (connected first, as an open kiosk is)
            while child.poll() is None:  # a kiosk's small writes, every 20 ms
                began = time.perf_counter()
                with kiosk.write() as tx:
                    waits.append(time.perf_counter() - began)
                    tx.execute(NOTHING)
                time.sleep(0.02)
            kiosk.close()
        else:
            conn = sqlite3.connect(db, timeout=5, isolation_level=None)
            while child.poll() is None:
                began = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")  # "database is locked" after 5 s
                waits.append(time.perf_counter() - began)
                conn.execute(NOTHING)
                conn.execute("COMMIT")
                time.sleep(0.02)
            conn.close()
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    return waits, child.returncode
