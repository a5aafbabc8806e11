"""Account changes a hall pushes (activation, password hash, temporary password, lock,
unlock), written at the central as the hall's own role.

Each carries the hall's number for it, so a second delivery is a no-op (ON CONFLICT DO
NOTHING). Row-level security refuses a row with another hall's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from kiosk.central.push import refused


def push_account_changes(
    conn: psycopg.Connection[Any], hall: str, changes: Sequence[dict[str, Any]]
) -> int:
    """Insert the hall's account changes in one transaction; returns how many were new."""
    try:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO account_changes (hall, change_id, id_number, changed_at, kind, "
                "state, password_hash, activated_at, locked_until) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (hall, change_id) DO NOTHING",
                [
                    (
                        hall,
                        c["id"],
                        c["id_number"],
                        c["changed_at"],
                        c["kind"],
                        c["state"],
                        c["password_hash"],
                        c["activated_at"],
                        c["locked_until"],
                    )
                    for c in changes
                ],
            )
            return max(cursor.rowcount, 0)
    except psycopg.Error as err:
        raise refused(err) from None
