"""Certificate numbers: one counter per database, never giving a number twice."""

from __future__ import annotations

from sqlite_utils import Database

_KEY = "certificate_seq"


def next_number(db: Database) -> int:
    """The next certificate number, inside the caller's write transaction."""
    row = db.conn.execute("SELECT value FROM kiosk_meta WHERE key = ?", (_KEY,)).fetchone()
    number = (int(row[0]) if row else 0) + 1
    db.conn.execute(
        "INSERT INTO kiosk_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (_KEY, str(number)),
    )
    return number
