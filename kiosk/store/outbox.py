"""The outbox: events waiting to go up to the central office (`kiosk sync`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database


def unsent(db: Database, limit: int) -> list[dict[str, Any]]:
    """The oldest events not yet sent, in the order they were written."""
    rows = db.conn.execute(
        "SELECT id, created_at, topic, payload FROM outbox WHERE sent_at IS NULL "
        "ORDER BY id LIMIT ?",
        (limit,),
    ).fetchall()
    return [{"id": r[0], "created_at": r[1], "topic": r[2], "payload": r[3]} for r in rows]


def mark_sent(db: Database, ids: Sequence[int], at: str) -> None:
    db.conn.executemany(
        "UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
        ((at, event_id) for event_id in ids),
    )


def waiting(db: Database) -> tuple[int, str | None]:
    """How many events wait to go up, and when the oldest was written."""
    count, oldest = db.conn.execute(
        "SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL"
    ).fetchone()
    return int(count), oldest
