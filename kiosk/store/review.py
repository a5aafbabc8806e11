"""The supervisor's side of enrollments: the queue, one application, the decision."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.store.family import set_status
from kiosk.store.records import fetch_dicts

PENDING = ("awaiting_review", "awaiting_verification")

# What the queue shows of each application, and what opening one adds.
_ITEM = (
    "e.id, e.application_no, e.status, e.submitted_at, e.relationship, e.terminal, "
    "e.holder_id, h.name AS holder_name, e.member_id, m.name AS member_name, "
    "e.member_name AS typed_name, m.birth_date AS member_birth, e.countersigned_by, "
    "e.age_gap_confirmed"
)
_EVIDENCE = (
    "e.consent_at, e.letter_text, e.letter_sha256, e.signature, e.signature_digest, "
    "e.countersigned_at, e.reviewed_by, e.reviewed_at, e.review_reason"
)
_FROM = (
    " FROM enrollments e JOIN persons h ON h.id_number = e.holder_id "
    "JOIN persons m ON m.id_number = e.member_id "
)


def queue(db: Database, limit: int) -> list[dict[str, Any]]:
    """Pending enrollments, oldest first (the status index serves this)."""
    return fetch_dicts(
        db,
        f"SELECT {_ITEM}{_FROM}WHERE e.status IN (?, ?) ORDER BY e.submitted_at, e.id LIMIT ?",
        (*PENDING, limit),
    )


def enrollment(db: Database, enrollment_id: int) -> dict[str, Any] | None:
    rows = fetch_dicts(db, f"SELECT {_ITEM}, {_EVIDENCE}{_FROM}WHERE e.id = ?", (enrollment_id,))
    return rows[0] if rows else None


def documents(db: Database, enrollment_id: int) -> list[dict[str, Any]]:
    return fetch_dicts(
        db,
        "SELECT id, kind, media_type, sha256, width, height, content FROM documents "
        "WHERE enrollment_id = ? ORDER BY id",
        (enrollment_id,),
    )


def status(db: Database, enrollment_id: int) -> str | None:
    row = db.conn.execute(
        "SELECT status FROM enrollments WHERE id = ?", (enrollment_id,)
    ).fetchone()
    return row[0] if row else None


def decide(
    db: Database, enrollment_id: int, status: str, by: str, at: str, reason: str | None
) -> None:
    db.conn.execute(
        "UPDATE enrollments SET reviewed_by = ?, reviewed_at = ?, review_reason = ? WHERE id = ?",
        (by, at, reason, enrollment_id),
    )
    set_status(db, enrollment_id, status)
