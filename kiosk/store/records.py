"""What the card and the records screens read for one person.

These run on every login and every records screen, so they go straight to the
sqlite3 cursor: sqlite-utils' query() wraps each statement in a savepoint.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

_BALANCE = (
    "SELECT coalesce(sum(CASE kind WHEN 'credit' THEN amount_cents ELSE -amount_cents END), 0),"
    " max(entry_date) FROM ledger_entries WHERE id_number = ?"
)


def fetch_dicts(db: Database, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def person(db: Database, id_number: str) -> dict[str, Any] | None:
    rows = fetch_dicts(db, "SELECT * FROM persons WHERE id_number = ?", (id_number,))
    return rows[0] if rows else None


def card(db: Database, id_number: str) -> dict[str, Any] | None:
    """The person, their balance in cents and the date of their last ledger entry."""
    found = person(db, id_number)
    if found is None:
        return None
    balance, last = db.conn.execute(_BALANCE, (id_number,)).fetchone()
    return {**found, "balance_cents": balance, "last_entry_date": last}


def last_entries(db: Database, id_number: str, limit: int = 24) -> list[dict[str, Any]]:
    return fetch_dicts(
        db,
        "SELECT * FROM ledger_entries WHERE id_number = ? "
        "ORDER BY entry_date DESC, reference DESC LIMIT ?",
        (id_number, limit),
    )


def ledger(db: Database, id_number: str) -> list[dict[str, Any]]:
    """Every entry, oldest first (the running balance is counted from the start)."""
    return fetch_dicts(
        db,
        "SELECT * FROM ledger_entries WHERE id_number = ? ORDER BY entry_date, reference",
        (id_number,),
    )


def contributions(db: Database, id_number: str) -> list[dict[str, Any]]:
    return fetch_dicts(
        db, "SELECT * FROM contributions WHERE id_number = ? ORDER BY month DESC", (id_number,)
    )


def entitlements(db: Database, id_number: str) -> list[dict[str, Any]]:
    return fetch_dicts(
        db,
        "SELECT * FROM entitlements WHERE id_number = ? ORDER BY start_date DESC",
        (id_number,),
    )


def contributions_between(
    db: Database, id_number: str, first_month: str, last_month: str
) -> list[dict[str, Any]]:
    """The months from `first_month` through `last_month` ("YYYY-MM"), oldest first."""
    return fetch_dicts(
        db,
        "SELECT * FROM contributions WHERE id_number = ? AND month BETWEEN ? AND ? ORDER BY month",
        (id_number, first_month, last_month),
    )


def entitlements_overlapping(
    db: Database, id_number: str, first_day: str, last_day: str
) -> list[dict[str, Any]]:
    """The periods that share a day with `first_day` through `last_day`, oldest first;
    a period without an end (NULL or empty) is still running."""
    return fetch_dicts(
        db,
        "SELECT * FROM entitlements WHERE id_number = ? AND start_date <= ? "
        "AND (end_date IS NULL OR end_date = '' OR end_date >= ?) ORDER BY start_date",
        (id_number, last_day, first_day),
    )


def contribution_years(db: Database, id_number: str) -> list[int]:
    """The years with at least one contribution month recorded, newest first."""
    rows = fetch_dicts(
        db,
        "SELECT DISTINCT substr(month, 1, 4) AS year FROM contributions WHERE id_number = ? "
        "ORDER BY year DESC",
        (id_number,),
    )
    return [int(row["year"]) for row in rows if str(row["year"]).isdigit()]
