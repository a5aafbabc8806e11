"""What a hall pushes, written at the central as the hall's own role.

Each row carries the hall's id for it, so a second delivery (the hall crashed after the
central committed and before it marked the batch sent) is a no-op: ON CONFLICT DO
NOTHING. Row-level security refuses a row with another hall's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from kiosk.central.db import CentralError, CentralUnreachable


def push_events(conn: psycopg.Connection[Any], hall: str, events: Sequence[dict[str, Any]]) -> int:
    """Insert the hall's outbox events (id, created_at, topic, payload as JSON text) in one
    transaction; returns how many were new (the rest were there already)."""
    try:
        with conn.transaction(), conn.cursor() as cursor:
            # psycopg 3 sends these in one pipeline; rowcount adds up the rows inserted
            cursor.executemany(
                "INSERT INTO events (hall, event_id, created_at, topic, payload) "
                "VALUES (%s, %s, %s, %s, %s::jsonb) ON CONFLICT (hall, event_id) DO NOTHING",
                [(hall, e["id"], e["created_at"], e["topic"], e["payload"]) for e in events],
            )
            return max(cursor.rowcount, 0)
    except psycopg.Error as err:
        raise refused(err) from None


def refused(err: psycopg.Error) -> CentralError:
    """What a failed push raises: CentralUnreachable when the connection was lost (the next
    round tries again), CentralError when the central refused the batch (e.g. row-level
    security: not this hall's name)."""
    if isinstance(err, psycopg.OperationalError):
        return CentralUnreachable(f"lost the central database: {_first_line(err)}")
    return CentralError(f"the central database refused the batch: {_first_line(err)}")


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
