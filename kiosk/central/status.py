"""The rounds the halls push, recorded at the central, and what each hall has sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from kiosk.central.push import refused


def record_round(
    conn: psycopg.Connection[Any],
    hall: str,
    events: int,
    account_changes: int,
    audit_rows: int,
    refusal: str | None,
) -> None:
    """One row for a round the hall pushed (as the hall's own role)."""
    try:
        with conn.transaction():
            conn.execute(
                "INSERT INTO sync_rounds (hall, events, account_changes, audit_rows, refused) "
                "VALUES (%s, %s, %s, %s, %s)",
                (hall, events, account_changes, audit_rows, refusal),
            )
    except psycopg.Error as err:
        raise refused(err) from None


@dataclass(frozen=True)
class HallStatus:
    hall: str
    last_round: datetime | None
    last_refused: str | None  # the last round's refusal, if it had one
    events: int  # everything received from the hall
    account_changes: int
    audit_rows: int


def halls(conn: psycopg.Connection[Any]) -> list[str]:
    return [name for (name,) in conn.execute("SELECT name FROM halls ORDER BY name").fetchall()]


def hall_status(conn: psycopg.Connection[Any]) -> list[HallStatus]:
    """Every registered hall: its last round and the totals it has sent."""
    rows = conn.execute(
        "SELECT h.name, r.at, r.refused, "
        "(SELECT count(*) FROM events e WHERE e.hall = h.name), "
        "(SELECT count(*) FROM account_changes a WHERE a.hall = h.name), "
        "(SELECT count(*) FROM audit_rows x WHERE x.hall = h.name) "
        "FROM halls h LEFT JOIN LATERAL (SELECT at, refused FROM sync_rounds s "
        "WHERE s.hall = h.name ORDER BY at DESC, id DESC LIMIT 1) r ON true ORDER BY h.name"
    ).fetchall()
    return [HallStatus(*row) for row in rows]
