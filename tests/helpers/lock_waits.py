"""A kiosk's waits for the write lock while a bulk writer (an import, a pull) runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

HANG_GUARD = 600  # seconds: only a hang gets this far


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
    db: Path, command: list[str], started: Callable[[Path], int]
) -> tuple[list[float], int]:
    """Run `command` and, once it has written (`started(db)` above 0), take the write lock
    every 20 ms as a kiosk would, until it ends: the waits, and the command's exit code."""
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    waits: list[float] = []
    try:
        while started(db) == 0:
            assert child.poll() is None
            time.sleep(0.005)
        conn = sqlite3.connect(db, timeout=HANG_GUARD, isolation_level=None)
        while child.poll() is None:  # a kiosk's small writes, every 20 ms
            began = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - began)
            conn.execute("UPDATE kiosk_meta SET value = value WHERE key = 'no such key'")
            conn.execute("COMMIT")
            time.sleep(0.02)
        conn.close()
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    return waits, child.returncode
