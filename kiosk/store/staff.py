"""Staff accounts: clerks and supervisors."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.store.records import fetch_dicts


def get(db: Database, staff_id: str) -> dict[str, Any] | None:
    rows = fetch_dicts(db, "SELECT * FROM staff WHERE staff_id = ?", (staff_id,))
    return rows[0] if rows else None


def add(db: Database, staff_id: str, name: str, role: str, password_hash: str, at: str) -> None:
    db.conn.execute(
        "INSERT INTO staff (staff_id, name, role, password_hash, disabled, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
        (staff_id, name, role, password_hash, at, at),
    )


def all_staff(db: Database) -> list[dict[str, Any]]:
    return fetch_dicts(
        db,
        "SELECT staff_id, name, role, disabled, created_at, updated_at FROM staff "
        "ORDER BY staff_id",
        (),
    )


def update(db: Database, staff_id: str, at: str, **fields: Any) -> None:
    """Change role, disabled or password_hash (names come from code, never from input)."""
    assert set(fields) <= {"role", "disabled", "password_hash"}
    assignments = ", ".join(f"{name} = :{name}" for name in fields)
    db.conn.execute(
        f"UPDATE staff SET {assignments}, updated_at = :at WHERE staff_id = :staff_id",
        {**fields, "at": at, "staff_id": staff_id},
    )
