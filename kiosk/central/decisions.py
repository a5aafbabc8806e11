"""Decisions on family applications at the central office.

The first decision the central accepts for an application wins: `decisions` has the
application as its key, and a hall's decision (its `enrollment.decided` event, by the
trigger in migrations/0003_pull.sql) or the central supervisor's (`decide` here) goes in
with ON CONFLICT DO NOTHING. A later one with the other verdict is refused: kept in
`decisions_refused`, never applied. The halls pull `decisions` (kiosk/central/pull.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from kiosk.central.db import CentralError, CentralUnreachable


@dataclass(frozen=True)
class Decision:
    hall: str
    application_no: str
    status: str  # 'active' (approved) or 'rejected': the decision that stands
    decided_by: str
    accepted: bool  # this call's decision is the one that stands (now or already)
    refused: bool  # this call's decision was the other verdict and was refused


def application_hall(conn: psycopg.Connection[Any], application_no: str, hall: str | None) -> str:
    """The hall whose application this is, as its submitted event says."""
    rows = conn.execute(
        "SELECT DISTINCT hall FROM events WHERE topic = 'enrollment.submitted' "
        "AND payload ->> 'application_no' = %s AND (%s::text IS NULL OR hall = %s) ORDER BY hall",
        (application_no, hall, hall),
    ).fetchall()
    if not rows:
        where = f" from hall {hall}" if hall else ""
        raise CentralError(f"application {application_no}{where} has not reached the central")
    if len(rows) > 1:
        names = ", ".join(r[0] for r in rows)
        raise CentralError(
            f"application {application_no} was made in more than one hall ({names}): "
            "name one with --hall"
        )
    return str(rows[0][0])


def decide(
    conn: psycopg.Connection[Any],
    application_no: str,
    status: str,
    reason: str | None,
    by: str,
    hall: str | None = None,
) -> Decision:
    """Record the central's decision unless one stands already (one transaction)."""
    try:
        with conn.transaction():
            hall = application_hall(conn, application_no, hall)
            withdrawn = conn.execute(
                "SELECT 1 FROM events WHERE hall = %s AND topic = 'enrollment.withdrawn' "
                "AND payload ->> 'application_no' = %s",
                (hall, application_no),
            ).fetchone()
            if withdrawn:
                raise CentralError(
                    f"application {application_no} was withdrawn at hall {hall}: "
                    "there is nothing to decide"
                )
            inserted = conn.execute(
                "INSERT INTO decisions (hall, application_no, status, reason, decided_by) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (hall, application_no) DO NOTHING "
                "RETURNING status",
                (hall, application_no, status, reason, by),
            ).fetchone()
            if inserted:
                return Decision(hall, application_no, status, by, True, False)
            kept_status, kept_by = conn.execute(
                "SELECT status, decided_by FROM decisions WHERE hall = %s AND application_no = %s",
                (hall, application_no),
            ).fetchone() or ("", "")
            if kept_status == status:
                return Decision(hall, application_no, kept_status, kept_by, True, False)
            conn.execute(
                "INSERT INTO decisions_refused "
                "(hall, application_no, status, reason, decided_by, kept_status) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (hall, application_no, status, reason, by, kept_status),
            )
            return Decision(hall, application_no, kept_status, kept_by, False, True)
    except psycopg.OperationalError as err:
        raise CentralUnreachable(f"lost the central database: {_first_line(err)}") from None
    except psycopg.Error as err:
        raise CentralError(
            f"the central database refused the decision: {_first_line(err)}"
        ) from None


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
