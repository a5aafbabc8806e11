"""A verifier's own record of redeemed voucher numbers (a separate small file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def redeem(path: Path, number: str, at: str) -> bool:
    """Record a voucher number; False if it was already redeemed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS redeemed (number TEXT PRIMARY KEY, redeemed_at TEXT)"
        )
        cursor = conn.execute(
            "INSERT OR IGNORE INTO redeemed (number, redeemed_at) VALUES (?, ?)", (number, at)
        )
        return cursor.rowcount == 1
    finally:
        conn.close()
