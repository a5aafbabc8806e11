"""What the pull from the central writes at the hall, besides registry rows (those go
through kiosk/store/registry.put_values): its cursors, and the enrollments a central
decision settles."""

from __future__ import annotations

from sqlite_utils import Database

from kiosk.store.registry import get_meta, set_meta

REGISTRY_CURSOR = "registry_cursor"
ACCOUNTS_CURSOR = "accounts_cursor"
DECISIONS_CURSOR = "decisions_cursor"


def cursor(db: Database, name: str) -> int:
    """The highest central change number applied for this kind of row (0: none yet)."""
    value = get_meta(db, name)
    return int(value) if value else 0


def set_cursor(db: Database, name: str, value: int) -> None:
    set_meta(db, name, str(value))


def enrollment_by_number(db: Database, application_no: str) -> tuple[int, str] | None:
    """(id, status) of the hall's enrollment with this application number."""
    row = db.conn.execute(
        "SELECT id, status FROM enrollments WHERE application_no = ?", (application_no,)
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None
