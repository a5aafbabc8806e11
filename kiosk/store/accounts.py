"""Citizen credentials."""

from __future__ import annotations

from sqlite_utils import Database


def set_credential(db: Database, id_number: str, password_hash: str, at: str) -> None:
    db.conn.execute(
        "INSERT INTO credentials (id_number, password_hash, activated_at, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(id_number) DO UPDATE SET "
        "password_hash = excluded.password_hash, updated_at = excluded.updated_at, "
        "failed_count = 0, first_failed_at = NULL, locked_until = NULL",
        (id_number, password_hash, at, at),
    )


def activated_ids(db: Database) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT id_number FROM credentials ORDER BY id_number")]


def password_hash(db: Database, id_number: str) -> str | None:
    row = db.conn.execute(
        "SELECT password_hash FROM credentials WHERE id_number = ?", (id_number,)
    ).fetchone()
    return row[0] if row else None
