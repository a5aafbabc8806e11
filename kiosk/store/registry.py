"""Registry rows in bulk: persons, ledger entries, contributions, entitlements.

Each `put_*` runs inside the caller's write transaction and returns how many rows
it added or changed, so an import of the same file twice reports nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from kiosk.domain.registry import TABLE_FIELDS

_PERSON_FIELDS = TABLE_FIELDS["persons"]
_LEDGER_FIELDS = TABLE_FIELDS["ledger_entries"]
_CONTRIBUTION_FIELDS = TABLE_FIELDS["contributions"]
_ENTITLEMENT_FIELDS = TABLE_FIELDS["entitlements"]


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


def put_values(db: Database, table: str, values: Sequence[Sequence[Any]]) -> int:
    """put_rows for values already in the order of `fields(table)`; returns rows changed."""
    before = db.conn.total_changes
    db.conn.executemany(_SQL[table], values)
    return db.conn.total_changes - before


def fields(table: str) -> tuple[str, ...]:
    """The order of a registry table's values for put_values."""
    return tuple(_FIELDS[table])


# --- an import's place in its file (resumed after an interruption) -------------------------------


def import_state(db: Database, import_id: str) -> dict[str, Any] | None:
    row = db.conn.execute(
        "SELECT kind, size, mtime_ns, position, line, rows, written FROM registry_imports "
        "WHERE import_id = ?",
        (import_id,),
    ).fetchone()
    if row is None:
        return None
    names = ("kind", "size", "mtime_ns", "position", "line", "rows", "written")
    return dict(zip(names, row, strict=True))


def start_import(db: Database, import_id: str, kind: str, size: int, mtime_ns: int) -> None:
    """Forget any earlier place for this import and start at the top of the file."""
    end_import(db, import_id)
    db.conn.execute(
        "INSERT INTO registry_imports (import_id, kind, size, mtime_ns, position, line, rows, "
        "written) VALUES (?, ?, ?, ?, 0, 0, 0, 0)",
        (import_id, kind, size, mtime_ns),
    )


def save_place(
    db: Database, import_id: str, position: int, line: int, rows: int, written: int
) -> None:
    db.conn.execute(
        "UPDATE registry_imports SET position = ?, line = ?, rows = ?, written = ? "
        "WHERE import_id = ?",
        (position, line, rows, written, import_id),
    )


def add_refused(db: Database, import_id: str, refused: Iterable[tuple[int, str, str, str]]) -> None:
    """Keep (line, key, column, placeholders as JSON) of rows refused so far."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO registry_import_refused "
        "(import_id, line, key, column_name, placeholders) VALUES (?, ?, ?, ?, ?)",
        ((import_id, *r) for r in refused),
    )


def refused_so_far(db: Database, import_id: str) -> list[tuple[int, str, str, str]]:
    return db.conn.execute(
        "SELECT line, key, column_name, placeholders FROM registry_import_refused "
        "WHERE import_id = ? ORDER BY line",
        (import_id,),
    ).fetchall()


def seen_before(db: Database, import_id: str, keys: str, count: int) -> dict[int, int]:
    """Remember the keys of a chunk of this import; returns {line: first line} for those
    an earlier chunk already had.

    `keys` is JSON [[key, line], ...] of `count` keys, each once, with its first line in
    the chunk.
    The keys live in the database with the import's place, not in memory, however long
    the file, and outlast an interruption.
    """
    before = db.conn.total_changes
    # One statement over a JSON array rather than a row at a time: this table doubles
    # what a persons import writes, and binding each row from Python cost twice as much.
    db.conn.execute(
        "INSERT OR IGNORE INTO registry_import_seen (import_id, key, line) "
        "SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') "
        "FROM json_each(?)",
        (import_id, keys),
    )
    if db.conn.total_changes - before == count:
        return {}  # the usual case: every key was new
    rows = db.conn.execute(
        # CROSS JOIN: SQLite then looks each key up (the other way round scans the table)
        "SELECT json_extract(j.value, '$[1]'), s.line FROM json_each(?) AS j "
        "CROSS JOIN registry_import_seen AS s "
        "ON s.import_id = ? AND s.key = json_extract(j.value, '$[0]') "
        "WHERE s.line != json_extract(j.value, '$[1]')",
        (keys, import_id),
    )
    return dict(rows.fetchall())


def end_import(db: Database, import_id: str) -> None:
    others = db.conn.execute(
        "SELECT 1 FROM registry_imports WHERE import_id != ? LIMIT 1", (import_id,)
    ).fetchone()
    for table in ("registry_imports", "registry_import_refused", "registry_import_seen"):
        if others is None:
            # No other import has rows here: a DELETE without WHERE frees the pages
            # whole instead of deleting a persons file's keys one by one (a million keys
            # held the write lock for seconds).
            db.conn.execute(f"DELETE FROM {table}")
        else:
            db.conn.execute(f"DELETE FROM {table} WHERE import_id = ?", (import_id,))


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
