"""What a hall reads from the central: registry rows, accounts and decisions changed since
its cursors, a page at a time, up to a bound every open transaction is above.

Every row carries change_seq (one sequence for all of them). `safe_bound` (the function
safe_change_seq in migrations/0003_pull.sql) is the highest number below every
transaction still open that wrote one, so a page read up to it never skips a number a
slower transaction commits later. Each read runs in its own statement (a snapshot taken
after the bound was read): every number up to the bound is committed or never will be.

The hall's role reads these through row-level security: its own hall's decisions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import psycopg
from psycopg import sql

from kiosk.central.db import CentralError, CentralUnreachable
from kiosk.domain.registry import TABLE_FIELDS

REGISTRY_COLUMNS = TABLE_FIELDS  # in the hall's order
# what services hold of a connection (they import no psycopg themselves)
Connection: TypeAlias = psycopg.Connection[Any]

ACCOUNT_COLUMNS = (
    "id_number",
    "state",
    "password_hash",
    "locked_until",
    "changed_at",
    "channel",
    "state_changed_at",  # 0004: when the state last changed (NULL: changed_at)
)
DECISION_COLUMNS = ("application_no", "status", "reason", "decided_by", "decided_at")


@dataclass
class Page:
    """Rows with change_seq in (after, upto], by table, in change_seq order."""

    after: int
    upto: int
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(r) for r in self.rows.values())


def _guarded(err: psycopg.Error) -> CentralError:
    text = str(err).strip()
    first = text.splitlines()[0] if text else type(err).__name__
    if isinstance(err, psycopg.OperationalError):
        return CentralUnreachable(f"lost the central database: {first}")
    return CentralError(f"the central database refused the pull: {first}")


def safe_bound(conn: psycopg.Connection[Any]) -> int:
    """The highest change number every row up to which is committed (or never will be)."""
    try:
        with conn.transaction():
            row = conn.execute("SELECT safe_change_seq()").fetchone()
    except psycopg.Error as err:
        raise _guarded(err) from None
    return int(row[0]) if row and row[0] is not None else 0


def _page_end(
    conn: psycopg.Connection[Any], tables: Iterable[str], after: int, bound: int, size: int
) -> int:
    """The change number of the `size`-th row after `after` over these tables (or bound)."""
    parts = [
        sql.SQL(
            "(SELECT change_seq FROM {} WHERE change_seq > %(after)s AND change_seq <= %(bound)s "
            "ORDER BY change_seq LIMIT %(size)s)"
        ).format(sql.Identifier(t))
        for t in tables
    ]
    query = sql.SQL(
        "SELECT change_seq FROM ({}) s ORDER BY change_seq OFFSET %(last)s LIMIT 1"
    ).format(sql.SQL(" UNION ALL ").join(parts))
    row = conn.execute(
        query, {"after": after, "bound": bound, "size": size, "last": size - 1}
    ).fetchone()
    return int(row[0]) if row else bound


def _read_page(
    conn: psycopg.Connection[Any],
    columns: dict[str, tuple[str, ...]],
    after: int,
    bound: int,
    size: int,
) -> Page:
    try:
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            upto = _page_end(conn, columns, after, bound, size)
            page = Page(after, upto)
            for table, names in columns.items():
                query = sql.SQL(
                    "SELECT {} FROM {} WHERE change_seq > %s AND change_seq <= %s "
                    "ORDER BY change_seq"
                ).format(sql.SQL(", ").join(map(sql.Identifier, names)), sql.Identifier(table))
                page.rows[table] = conn.execute(query, (after, upto)).fetchall()
            return page
    except psycopg.Error as err:
        raise _guarded(err) from None


def registry_page(conn: psycopg.Connection[Any], after: int, bound: int, size: int) -> Page:
    """At most `size` registry rows (all four tables) with change_seq in (after, bound]."""
    return _read_page(conn, REGISTRY_COLUMNS, after, bound, size)


def accounts_page(conn: psycopg.Connection[Any], after: int, bound: int, size: int) -> Page:
    return _read_page(conn, {"accounts": ACCOUNT_COLUMNS}, after, bound, size)


def decisions_page(conn: psycopg.Connection[Any], after: int, bound: int, size: int) -> Page:
    """The hall's own decisions (row-level security) changed in (after, bound]."""
    return _read_page(conn, {"decisions": DECISION_COLUMNS}, after, bound, size)


def persons(conn: psycopg.Connection[Any], id_numbers: Iterable[str]) -> list[tuple[Any, ...]]:
    """These people's registry rows as they are now (a page's row may name a person whose
    own row changed later than the page reaches)."""
    wanted = sorted(set(id_numbers))
    if not wanted:
        return []
    names = REGISTRY_COLUMNS["persons"]
    query = sql.SQL("SELECT {} FROM persons WHERE id_number = ANY(%s)").format(
        sql.SQL(", ").join(map(sql.Identifier, names))
    )
    try:
        with conn.transaction():
            return conn.execute(query, (wanted,)).fetchall()
    except psycopg.Error as err:
        raise _guarded(err) from None
