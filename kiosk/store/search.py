"""Finding people at the desk by part of an ID number or of a name."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.store.records import fetch_dicts


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def persons_by_id(db: Database, part: str, limit: int) -> list[dict[str, Any]]:
    """Whole ID numbers go through the primary key; parts scan the table."""
    exact = fetch_dicts(db, "SELECT * FROM persons WHERE id_number = ?", (part,))
    if exact:
        return exact
    return fetch_dicts(
        db,
        "SELECT * FROM persons WHERE id_number LIKE ? ESCAPE '\\' ORDER BY id_number LIMIT ?",
        (_like(part), limit),
    )


def persons_by_name(db: Database, part: str, limit: int) -> list[dict[str, Any]]:
    """Names equal to `part` first (indexed), then names containing it."""
    return fetch_dicts(
        db,
        "SELECT * FROM persons WHERE name LIKE ? ESCAPE '\\' "
        "ORDER BY name <> ?, name, id_number LIMIT ?",
        (_like(part), part, limit),
    )


def account_states(db: Database, id_numbers: list[str]) -> dict[str, dict[str, Any]]:
    """Credentials (without hashes) for these people, by ID number."""
    if not id_numbers:
        return {}
    marks = ",".join("?" * len(id_numbers))
    rows = fetch_dicts(
        db,
        f"SELECT id_number, must_change, temporary_until FROM credentials "
        f"WHERE id_number IN ({marks})",
        tuple(id_numbers),
    )
    return {row["id_number"]: row for row in rows}
