"""The registry at the central office, loaded in bulk: COPY into a staging table, then
one merge into the registry table.

A file's valid rows (checked by the caller) are copied with their line numbers into a
temporary staging table. There the checks that need the whole file or the registry are
made (an unknown person, a key an earlier line already had) and those rows taken out;
the rest is merged with INSERT ... ON CONFLICT DO UPDATE ... WHERE a value differs, so an
unchanged row is not touched and keeps its change_seq, a changed one gets a new one (the
trigger in migrations/0001_central.sql). A ledger entry is never rewritten: the first of
a reference stays, as in the hall.

All of it runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg import sql

# table -> its key (the ledger's reference is not a key whose repeat is refused)
KEYS = {
    "persons": ("id_number",),
    "ledger_entries": ("reference",),
    "contributions": ("id_number", "month"),
    "entitlements": ("id_number", "start_date"),
}
STAGE = "registry_stage"


def start_stage(conn: psycopg.Connection[Any], table: str, columns: Sequence[str]) -> None:
    """A temporary staging table for `table`'s rows (these columns and the file's line)."""
    conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(STAGE)))
    conn.execute(
        sql.SQL(
            "CREATE TEMPORARY TABLE {} ON COMMIT DROP AS "
            "SELECT 0::bigint AS line, {} FROM {} WITH NO DATA"
        ).format(
            sql.Identifier(STAGE),
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.Identifier(table),
        )
    )


def copy_rows(
    conn: psycopg.Connection[Any],
    columns: Sequence[str],
    rows: Iterable[tuple[int, Sequence[Any]]],
) -> None:
    """COPY (line, values in the order of `columns`) into the staging table."""
    statement = sql.SQL("COPY {} (line, {}) FROM STDIN").format(
        sql.Identifier(STAGE), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for line, values in rows:
            copy.write_row((line, *values))


def drop_unknown_persons(conn: psycopg.Connection[Any]) -> list[int]:
    """Take out the staged rows whose person is not in the registry; returns their lines."""
    rows = conn.execute(
        sql.SQL(
            "DELETE FROM {} s WHERE NOT EXISTS "
            "(SELECT 1 FROM persons p WHERE p.id_number = s.id_number) RETURNING s.line"
        ).format(sql.Identifier(STAGE))
    ).fetchall()
    return sorted(line for (line,) in rows)


def drop_repeats(conn: psycopg.Connection[Any], key: Sequence[str]) -> list[tuple[int, int]]:
    """Take out each staged row whose key an earlier line had; returns (line, first line)."""
    keys = sql.SQL(", ").join(map(sql.Identifier, key))
    rows = conn.execute(
        sql.SQL(
            "DELETE FROM {stage} s USING "
            "(SELECT line, min(line) OVER (PARTITION BY {keys}) AS first FROM {stage}) r "
            "WHERE s.line = r.line AND r.line <> r.first RETURNING s.line, r.first"
        ).format(stage=sql.Identifier(STAGE), keys=keys)
    ).fetchall()
    return sorted((line, first) for line, first in rows)


def merge(conn: psycopg.Connection[Any], table: str, columns: Sequence[str]) -> int:
    """Merge the staged rows into `table`; returns how many were added or changed."""
    key = KEYS[table]
    others = [c for c in columns if c not in key]
    parts: dict[str, sql.Composable] = {
        "table": sql.Identifier(table),
        "stage": sql.Identifier(STAGE),
        "names": sql.SQL(", ").join(map(sql.Identifier, columns)),
        "key": sql.SQL(", ").join(map(sql.Identifier, key)),
        "sets": sql.SQL(", ").join(
            sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in others
        ),
        "old": sql.SQL(", ").join(sql.Identifier(table, c) for c in others),
        "new": sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(sql.Identifier(c)) for c in others),
    }
    if table == "ledger_entries":  # an entry is a fact: the first line of a reference stays
        statement = sql.SQL(
            "INSERT INTO {table} ({names}) SELECT DISTINCT ON ({key}) {names} FROM {stage} "
            "ORDER BY {key}, line ON CONFLICT ({key}) DO NOTHING"
        )
    else:
        statement = sql.SQL(
            "INSERT INTO {table} ({names}) SELECT {names} FROM {stage} "
            "ON CONFLICT ({key}) DO UPDATE SET {sets} WHERE ({old}) IS DISTINCT FROM ({new})"
        )
    return conn.execute(statement.format(**parts)).rowcount


def record_import(
    conn: psycopg.Connection[Any], kind: str, file: str, rows: int, written: int, refused: int
) -> None:
    conn.execute(
        "INSERT INTO registry_imports (kind, file, rows, written, refused) "
        "VALUES (%s, %s, %s, %s, %s)",
        (kind, file, rows, written, refused),
    )
