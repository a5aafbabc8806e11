"""Failed attempts per subject (a keyed hash of an ID number)."""

from __future__ import annotations

import datetime

from sqlite_utils import Database

from kiosk.domain.lockout import Attempts


def _time(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def get(db: Database, subject: str) -> Attempts:
    row = db.conn.execute(
        "SELECT failed_count, first_failed_at, locked_until FROM lockouts WHERE subject = ?",
        (subject,),
    ).fetchone()
    if row is None:
        return Attempts()
    return Attempts(row[0], _time(row[1]), _time(row[2]))


def put(db: Database, subject: str, attempts: Attempts) -> None:
    db.conn.execute(
        "INSERT INTO lockouts (subject, failed_count, first_failed_at, locked_until) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(subject) DO UPDATE SET "
        "failed_count = excluded.failed_count, first_failed_at = excluded.first_failed_at, "
        "locked_until = excluded.locked_until",
        (
            subject,
            attempts.failed_count,
            attempts.first_failed_at.isoformat() if attempts.first_failed_at else None,
            attempts.locked_until.isoformat() if attempts.locked_until else None,
        ),
    )


def clear(db: Database, subject: str) -> None:
    db.conn.execute("DELETE FROM lockouts WHERE subject = ?", (subject,))
