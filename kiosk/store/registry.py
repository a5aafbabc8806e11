"""Registry rows in bulk: persons, ledger entries, contributions, entitlements.

Each `put_*` runs inside the caller's write transaction and returns how many rows
it added or changed, so an import of the same file twice reports nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from kiosk.domain.registry import ENTITLEMENT_COLUMNS

_PERSON_FIELDS = (
    "id_number",
    "name",
    "phone",
    "sex",
    "birth_date",
    "insurance_type",
    "status",
    "enrolled_on",
)
_LEDGER_FIELDS = (
    "reference",
    "id_number",
    "entry_date",
    "kind",
    "amount_cents",
    "counterparty",
    "counterparty_kind",
)
_CONTRIBUTION_FIELDS = (
    "id_number",
    "month",
    "base_cents",
    "employer_cents",
    "individual_cents",
    "status",
)
_ENTITLEMENT_FIELDS = ENTITLEMENT_COLUMNS


def _upsert_sql(table: str, fields: Sequence[str], key: Sequence[str]) -> str:
    """INSERT that updates a row only when some value differs, so unchanged rows count 0."""
    cols = ", ".join(fields)
    marks = ", ".join("?" for _ in fields)
    others = [f for f in fields if f not in key]
    sets = ", ".join(f"{f} = excluded.{f}" for f in others)
    differs = " OR ".join(f"{f} IS NOT excluded.{f}" for f in others)
    return (
        f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
        f"ON CONFLICT({', '.join(key)}) DO UPDATE SET {sets} WHERE {differs}"
    )


_SQL = {
    "persons": _upsert_sql("persons", _PERSON_FIELDS, ["id_number"]),
    # A ledger entry is a fact with its own reference: never rewritten.
    "ledger_entries": (
        f"INSERT OR IGNORE INTO ledger_entries ({', '.join(_LEDGER_FIELDS)}) "
        f"VALUES ({', '.join('?' for _ in _LEDGER_FIELDS)})"
    ),
    "contributions": _upsert_sql("contributions", _CONTRIBUTION_FIELDS, ["id_number", "month"]),
    "entitlements": _upsert_sql("entitlements", _ENTITLEMENT_FIELDS, ["id_number", "start_date"]),
}
_FIELDS = {
    "persons": _PERSON_FIELDS,
    "ledger_entries": _LEDGER_FIELDS,
    "contributions": _CONTRIBUTION_FIELDS,
    "entitlements": _ENTITLEMENT_FIELDS,
}

TABLES = tuple(_SQL)


def put_rows(db: Database, table: str, records: Iterable[dict[str, Any]]) -> int:
    """Insert or update records of one registry table; returns rows added or changed."""
    fields = _FIELDS[table]
    before = db.conn.total_changes
    db.conn.executemany(_SQL[table], ([r[f] for f in fields] for r in records))
    return db.conn.total_changes - before


def known_ids(db: Database, id_numbers: Iterable[str]) -> set[str]:
    """Which of these ID numbers are in the registry."""
    wanted = list(dict.fromkeys(id_numbers))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = db.conn.execute(f"SELECT id_number FROM persons WHERE id_number IN ({marks})", chunk)
        found.update(r[0] for r in rows)
    return found


def begin_seen(db: Database) -> None:
    """Start remembering the keys of one import's rows (a temporary table of this connection)."""
    db.conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS import_seen "
        "(key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.conn.execute("DELETE FROM temp.import_seen")


def seen_before(db: Database, keyed: Sequence[tuple[str, int]]) -> dict[int, int]:
    """Remember each (key, line) in order; returns {line: first line} for keys already seen.

    The keys live in SQLite's temporary storage, not in memory, however long the file.
    """
    wanted = list(dict.fromkeys(key for key, _ in keyed))
    first: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        first.update(
            db.conn.execute(f"SELECT key, line FROM temp.import_seen WHERE key IN ({marks})", chunk)
        )
    repeats: dict[int, int] = {}
    new: list[tuple[str, int]] = []
    for key, line in keyed:
        if key in first:
            repeats[line] = first[key]
        else:
            first[key] = line
            new.append((key, line))
    db.conn.executemany("INSERT INTO temp.import_seen (key, line) VALUES (?, ?)", new)
    return repeats


def end_seen(db: Database) -> None:
    db.conn.execute("DROP TABLE IF EXISTS temp.import_seen")


def set_meta(db: Database, key: str, value: str) -> None:
    db.conn.execute(
        "INSERT INTO kiosk_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def get_meta(db: Database, key: str) -> str | None:
    row = db.conn.execute("SELECT value FROM kiosk_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def person_names(db: Database, id_numbers: list[str]) -> dict[str, str]:
    marks = ", ".join("?" for _ in id_numbers)
    rows = db.conn.execute(
        f"SELECT id_number, name FROM persons WHERE id_number IN ({marks})", id_numbers
    )
    return dict(rows.fetchall())
