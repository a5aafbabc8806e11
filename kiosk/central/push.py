"""What a hall pushes, written at the central as the hall's own role.

Each row carries the hall's id for it, so a second delivery (the hall crashed after the
central committed and before it marked the batch sent) is a no-op: ON CONFLICT DO
NOTHING. Row-level security refuses a row with another hall's name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from kiosk.central.db import CentralError, CentralUnreachable


@dataclass
class Pushed:
    events: int = 0  # events the central took (the rest it had already)
    applications: int = 0  # applications it took with their pages
    pages: int = 0


def push_events(
    conn: psycopg.Connection[Any],
    hall: str,
    events: Sequence[dict[str, Any]],
    application: Callable[[str], dict[str, Any] | None] | None = None,
) -> Pushed:
    """Insert the hall's outbox events (id, created_at, topic, payload as JSON text) in one
    transaction. With `application` (an application's number to the application whole, as
    kiosk/store/family.submitted gives it, or None), each `enrollment.submitted` event takes
    its application and pages up in the same transaction; one the central has already is
    not read again. Returns what was new."""
    pushed = Pushed()
    try:
        with conn.transaction(), conn.cursor() as cursor:
            # psycopg 3 sends these in one pipeline; rowcount adds up the rows inserted
            cursor.executemany(
                "INSERT INTO events (hall, event_id, created_at, topic, payload) "
                "VALUES (%s, %s, %s, %s, %s::jsonb) ON CONFLICT (hall, event_id) DO NOTHING",
                [(hall, e["id"], e["created_at"], e["topic"], e["payload"]) for e in events],
            )
            pushed.events = max(cursor.rowcount, 0)
            if application is not None:
                for number, status in _submitted(events).items():
                    _push_application(cursor, hall, number, status, application, pushed)
    except psycopg.Error as err:
        raise refused(err) from None
    return pushed


def _submitted(events: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """The applications the batch's submitted events name, with the status each was
    submitted in (the hall's row may have moved on since)."""
    numbers: dict[str, str | None] = {}
    for event in events:
        if event["topic"] != "enrollment.submitted":
            continue
        try:
            payload = json.loads(event["payload"])
            number, status = payload.get("application_no"), payload.get("status")
        except (ValueError, AttributeError):
            continue
        if isinstance(number, str):
            numbers.setdefault(number, status if isinstance(status, str) else None)
    return numbers


def _push_application(
    cursor: psycopg.Cursor[Any],
    hall: str,
    number: str,
    submitted_status: str | None,
    application: Callable[[str], dict[str, Any] | None],
    pushed: Pushed,
) -> None:
    there = cursor.execute(
        "SELECT 1 FROM applications WHERE hall = %s AND application_no = %s", (hall, number)
    ).fetchone()
    if there:
        return  # a resend: the central has it whole
    row = application(number)
    if row is None:
        return  # not in the hall's file: the event alone goes up
    cursor.execute(
        "INSERT INTO applications (hall, application_no, holder_id, member_id, member_name, "
        "relationship, submitted_status, status, consent_at, submitted_at, terminal, "
        "letter_text, letter_sha256, signature, signature_digest, countersigned_by, "
        "countersigned_at, age_gap_confirmed) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, "
        "%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (hall, application_no) DO NOTHING",
        (
            hall,
            number,
            row["holder_id"],
            row["member_id"],
            row["member_name"],
            row["relationship"],
            submitted_status or row["status"],
            submitted_status or row["status"],
            row["consent_at"],
            row["submitted_at"],
            row["terminal"],
            row["letter_text"] or "",
            row["letter_sha256"] or "",
            row["signature"] or "",
            row["signature_digest"] or "",
            row["countersigned_by"],
            row["countersigned_at"],
            bool(row["age_gap_confirmed"]),
        ),
    )
    if cursor.rowcount < 1:
        return
    pushed.applications += 1
    for seq, page in enumerate(row["pages"], start=1):
        cursor.execute(
            "INSERT INTO application_pages (hall, application_no, seq, media_type, width, "
            "height, sha256, content) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (hall, application_no, seq) DO NOTHING",
            (
                hall,
                number,
                seq,
                page["media_type"],
                page["width"],
                page["height"],
                page["sha256"],
                bytes(page["content"]),
            ),
        )
        pushed.pages += max(cursor.rowcount, 0)


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
