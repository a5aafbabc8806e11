"""Family links, enrollments and their documents."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.store.records import fetch_dicts

# Links that count toward the limits: everything not rejected or withdrawn.
_LIVE = "status IN ('pending', 'active')"


def members_of(db: Database, holder_id: str) -> list[dict[str, Any]]:
    """The holder's links with the member's registry row and the enrollment's status."""
    return fetch_dicts(
        db,
        "SELECT l.relationship, l.status AS link_status, p.id_number, p.name, p.birth_date, "
        "e.application_no, e.status, e.review_reason, e.submitted_at "
        "FROM family_links l JOIN persons p ON p.id_number = l.member_id "
        "LEFT JOIN enrollments e ON e.id = l.enrollment_id "
        "WHERE l.holder_id = ? ORDER BY e.submitted_at, l.id",
        (holder_id,),
    )


def live_member_count(db: Database, holder_id: str) -> int:
    found: int = db.conn.execute(
        f"SELECT count(*) FROM family_links WHERE holder_id = ? AND {_LIVE}", (holder_id,)
    ).fetchone()[0]
    return found


def live_holder_count(db: Database, member_id: str) -> int:
    found: int = db.conn.execute(
        f"SELECT count(*) FROM family_links WHERE member_id = ? AND {_LIVE}", (member_id,)
    ).fetchone()[0]
    return found


def is_linked(db: Database, holder_id: str, member_id: str) -> bool:
    row = db.conn.execute(
        f"SELECT 1 FROM family_links WHERE holder_id = ? AND member_id = ? AND {_LIVE}",
        (holder_id, member_id),
    ).fetchone()
    return row is not None


def add_enrollment(db: Database, enrollment: dict[str, Any]) -> int:
    """Insert an enrollment (inside the caller's transaction) and give it its number."""
    cursor = db.conn.execute(
        "INSERT INTO enrollments (application_no, holder_id, member_id, member_name, "
        "relationship, status, consent_at, letter_text, letter_sha256, signature, "
        "signature_digest, terminal, submitted_at, countersigned_by, countersigned_at, "
        "age_gap_confirmed) "
        "VALUES ('', :holder_id, :member_id, :member_name, :relationship, :status, "
        ":consent_at, :letter_text, :letter_sha256, :signature, :signature_digest, "
        ":terminal, :submitted_at, :countersigned_by, :countersigned_at, :age_gap_confirmed)",
        {
            "countersigned_by": None,
            "countersigned_at": None,
            "age_gap_confirmed": 0,
            **enrollment,
        },
    )
    enrollment_id = cursor.lastrowid
    assert enrollment_id is not None
    number = f"FA{enrollment['submitted_at'][:10].replace('-', '')}{enrollment_id:06d}"
    db.conn.execute(
        "UPDATE enrollments SET application_no = ? WHERE id = ?", (number, enrollment_id)
    )
    return enrollment_id


def application_no(db: Database, enrollment_id: int) -> str:
    number: str = db.conn.execute(
        "SELECT application_no FROM enrollments WHERE id = ?", (enrollment_id,)
    ).fetchone()[0]
    return number


def add_link(
    db: Database,
    holder_id: str,
    member_id: str,
    relationship: str,
    enrollment_id: int,
    at: str,
) -> None:
    """A pending link; a rejected or withdrawn earlier link for the pair is replaced."""
    db.conn.execute(
        "INSERT INTO family_links (holder_id, member_id, relationship, status, enrollment_id, "
        "created_at) VALUES (?, ?, ?, 'pending', ?, ?) "
        "ON CONFLICT(holder_id, member_id) DO UPDATE SET relationship = excluded.relationship, "
        "status = 'pending', enrollment_id = excluded.enrollment_id, "
        "created_at = excluded.created_at",
        (holder_id, member_id, relationship, enrollment_id, at),
    )


def add_document(db: Database, document: dict[str, Any]) -> None:
    db.conn.execute(
        "INSERT INTO documents (enrollment_id, kind, media_type, sha256, width, height, "
        "content, created_at) VALUES (:enrollment_id, :kind, :media_type, :sha256, :width, "
        ":height, :content, :created_at)",
        document,
    )


def add_outbox(db: Database, topic: str, payload: str, at: str) -> None:
    db.conn.execute(
        "INSERT INTO outbox (created_at, topic, payload) VALUES (?, ?, ?)", (at, topic, payload)
    )


def enrollment_of(db: Database, holder_id: str, application_no: str) -> dict[str, Any] | None:
    rows = fetch_dicts(
        db,
        "SELECT id, status FROM enrollments WHERE holder_id = ? AND application_no = ?",
        (holder_id, application_no),
    )
    return rows[0] if rows else None


def member_of_application(
    db: Database, holder_id: str, application_no: str
) -> dict[str, Any] | None:
    """The member and the link's status of one of the holder's applications."""
    rows = fetch_dicts(
        db,
        "SELECT l.member_id, l.status FROM family_links l "
        "JOIN enrollments e ON e.id = l.enrollment_id "
        "WHERE l.holder_id = ? AND e.holder_id = ? AND e.application_no = ?",
        (holder_id, holder_id, application_no),
    )
    return rows[0] if rows else None


def set_status(db: Database, enrollment_id: int, status: str) -> None:
    """The enrollment and its link move together (withdrawn, approved, rejected)."""
    db.conn.execute("UPDATE enrollments SET status = ? WHERE id = ?", (status, enrollment_id))
    db.conn.execute(
        "UPDATE family_links SET status = ? WHERE enrollment_id = ?", (status, enrollment_id)
    )


def application(db: Database, application_no: str) -> dict[str, Any] | None:
    """One application: who asked, for whom, in what relationship, when, and where it is."""
    rows = fetch_dicts(
        db,
        "SELECT application_no, holder_id, member_id, member_name, relationship, status, "
        "submitted_at FROM enrollments WHERE application_no = ?",
        (application_no,),
    )
    return rows[0] if rows else None


def submitted(db: Database, application_no: str) -> dict[str, Any] | None:
    """An application whole, as it was submitted, for the central office: the enrollment's
    row and its pages (`pages`: media_type, width, height, sha256, content, in order)."""
    rows = fetch_dicts(
        db,
        "SELECT id, application_no, holder_id, member_id, member_name, relationship, status, "
        "consent_at, submitted_at, terminal, letter_text, letter_sha256, signature, "
        "signature_digest, countersigned_by, countersigned_at, age_gap_confirmed "
        "FROM enrollments WHERE application_no = ?",
        (application_no,),
    )
    if not rows:
        return None
    row = rows[0]
    row["pages"] = fetch_dicts(
        db,
        "SELECT media_type, width, height, sha256, content FROM documents "
        "WHERE enrollment_id = ? ORDER BY id",
        (row.pop("id"),),
    )
    return row
