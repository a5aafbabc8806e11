"""Citizen credentials."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.store import account_outbox


def set_credential(
    db: Database, id_number: str, password_hash: str, at: str, *, send: bool = True
) -> None:
    """Activate an account, or replace its password (which also ends a temporary one).
    The change is recorded to go up to the central office (kiosk/store/account_outbox.py),
    unless it came down from there (`send=False`): sent back up, it would bounce between
    halls for ever."""
    new = credential(db, id_number) is None
    db.conn.execute(
        "INSERT INTO credentials (id_number, password_hash, activated_at, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(id_number) DO UPDATE SET "
        "password_hash = excluded.password_hash, updated_at = excluded.updated_at, "
        "must_change = 0, temporary_until = NULL, temporary_used_at = NULL",
        (id_number, password_hash, at, at),
    )
    if send:
        account_outbox.record(db, id_number, "activated" if new else "password", at)


def credential(db: Database, id_number: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM credentials WHERE id_number = ?", [id_number]))
    return rows[0] if rows else None


def password_hash(db: Database, id_number: str) -> str | None:
    row = db.conn.execute(
        "SELECT password_hash FROM credentials WHERE id_number = ?", (id_number,)
    ).fetchone()
    return row[0] if row else None


def rehash(db: Database, id_number: str, password_hash: str) -> None:
    """Store a stronger hash of the same password (no other field changes). Not sent to
    the central office: the password is the same, the central's hash still checks it, and
    a late rehash must never overwrite a newer password set on another channel."""
    db.conn.execute(
        "UPDATE credentials SET password_hash = ? WHERE id_number = ?", (password_hash, id_number)
    )


def set_temporary(db: Database, id_number: str, password_hash: str, at: str, until: str) -> None:
    """A one-time password from the desk: it expires and must be changed at the next login."""
    db.conn.execute(
        "UPDATE credentials SET password_hash = ?, updated_at = ?, must_change = 1, "
        "temporary_until = ?, temporary_used_at = NULL WHERE id_number = ?",
        (password_hash, at, until, id_number),
    )
    account_outbox.record(db, id_number, "temporary", at)


def spend_temporary(db: Database, id_number: str, password_hash: str, at: str) -> bool:
    """Mark this temporary password used by a login at `at`; False if it already was."""
    cursor = db.conn.execute(
        "UPDATE credentials SET temporary_used_at = ? WHERE id_number = ? AND must_change = 1 "
        "AND temporary_used_at IS NULL AND password_hash = ?",
        (at, id_number, password_hash),
    )
    return cursor.rowcount == 1
