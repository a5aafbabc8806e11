"""The halls' audit rows at the central office: pushed in order, each checked as it
arrives against the hall's chain as received (migrations/0002_up.sql: a trigger on
audit_rows, so no INSERT escapes it), read back in order to verify.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from kiosk.central.db import CentralError
from kiosk.central.push import refused

REFUSED = "KC001"  # the SQLSTATE of the chain check's refusal


class AuditRowRefused(CentralError):
    """The central refused an audit row that does not continue the hall's chain."""

    def __init__(self, seq: int, message: str) -> None:
        super().__init__(message)
        self.seq = seq


def push_audit_rows(conn: psycopg.Connection[Any], hall: str, rows: Sequence[Sequence[Any]]) -> int:
    """Insert the hall's audit rows (seq, at, actor, action, subject, detail, prev_hash,
    hash), in seq order, in one transaction; returns how many were new. A row that does
    not continue the chain refuses the whole batch (AuditRowRefused, naming its seq)."""
    try:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO audit_rows (hall, seq, at, actor, action, subject, detail, "
                "prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (hall, seq) DO NOTHING",
                [(hall, *row) for row in rows],
            )
            return max(cursor.rowcount, 0)
    except psycopg.Error as err:
        if err.sqlstate == REFUSED and err.diag.message_primary:
            raise AuditRowRefused(
                int(err.diag.message_detail or 0), err.diag.message_primary
            ) from None
        raise refused(err) from None


def chain(conn: psycopg.Connection[Any], hall: str, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
    """A hall's rows as received, in seq order (seq, at, actor, action, subject, detail,
    prev_hash, hash), a batch at a time."""
    select = (
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_rows "
        "WHERE hall = %s AND seq > %s ORDER BY seq LIMIT %s"
    )
    after = -(2**62)
    while True:
        rows = conn.execute(select, (hall, after, batch)).fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def seq_of_hash(conn: psycopg.Connection[Any], hall: str, digest: str) -> int | None:
    row = conn.execute(
        "SELECT min(seq) FROM audit_rows WHERE hall = %s AND hash = %s", (hall, digest)
    ).fetchone()
    return row[0] if row else None
