"""The append-only audit log, each row chained to the previous row's hash."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from kiosk.domain.audit import GENESIS, chain_hash
from kiosk.store.records import fetch_dicts


def append(db: Database, at: str, actor: str, action: str, subject: str, detail: str) -> str:
    """Add one row inside the caller's write transaction; returns its hash.

    The row takes the number after the highest ever given (a trigger refuses any other),
    so a number is never given twice, even after rows were cut from the end.
    """
    row = db.conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    last, prev = row if row else (0, GENESIS)
    seq = max(last, high_water(db) or 0) + 1
    digest = chain_hash(prev, at, actor, action, subject, detail)
    db.conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, subject, detail, prev, digest),
    )
    return digest


def high_water(db: Database) -> int | None:
    """The highest number the log has ever given (kept apart from the rows themselves)."""
    row = db.conn.execute(
        "SELECT CAST(value AS INTEGER) FROM kiosk_meta WHERE key = 'audit_seq'"
    ).fetchone()
    return row[0] if row else None


def count(db: Database) -> int:
    found: int = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return found


def rows(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", [limit]))


def chain(db: Database, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
    """Every row in order, in batches, for the chain check (the log can be large): every
    row the viewer shows, whatever its number, zero and negative ones included."""
    select = "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log "
    rows = db.conn.execute(select + "ORDER BY seq LIMIT ?", (batch,)).fetchall()
    while rows:
        yield from rows
        rows = db.conn.execute(
            select + "WHERE seq > ? ORDER BY seq LIMIT ?", (rows[-1][0], batch)
        ).fetchall()


def search(
    db: Database, *, since: str, until: str, actor: str, action: str, limit: int
) -> list[dict[str, Any]]:
    """Newest first. `since`/`until` are ISO prefixes; actor and action match in part."""
    clauses, params = [], []
    if since:
        clauses.append("at >= ?")
        params.append(since)
    if until:
        clauses.append("at < ?")
        params.append(until)
    for column, value in (("actor", actor), ("action", action)):
        if value:
            clauses.append(f"instr({column}, ?) > 0")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    return fetch_dicts(
        db,
        f"SELECT seq, at, actor, action, subject, detail FROM audit_log {where}"
        "ORDER BY seq DESC LIMIT ?",
        (*params, limit),
    )


def last_row(db: Database) -> tuple[int, str, str] | None:
    row: tuple[int, str, str] | None = db.execute(
        "SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return row


def hash_at(db: Database, seq: int) -> str | None:
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
    return row[0] if row else None


def hashes_at(db: Database, seqs: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            db.conn.execute(
                f"SELECT seq, hash FROM audit_log WHERE seq IN ({marks})", chunk
            ).fetchall()
        )
    return found


def seq_of_hash(db: Database, digest: str) -> int | None:
    """The row holding this hash, if any (a full scan: only used once, at a break)."""
    row = db.conn.execute(
        "SELECT seq FROM audit_log WHERE hash = ? ORDER BY seq LIMIT 1", (digest,)
    ).fetchone()
    return row[0] if row else None


def last_seq_below(db: Database, seq: int) -> int:
    row = db.conn.execute("SELECT max(seq) FROM audit_log WHERE seq < ?", (seq,)).fetchone()
    return row[0] if row and row[0] is not None else 0


def after(db: Database, seq: int, limit: int) -> list[tuple[Any, ...]]:
    """The rows numbered above `seq`, in order (seq, at, actor, action, subject, detail,
    prev_hash, hash): what waits to go up to the central office."""
    return db.conn.execute(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log "
        "WHERE seq > ? ORDER BY seq LIMIT ?",
        (seq, limit),
    ).fetchall()


def waiting_after(db: Database, seq: int) -> tuple[int, str | None]:
    """How many rows are numbered above `seq`, and when the oldest of them was written."""
    count, oldest = db.conn.execute(
        "SELECT count(*), min(at) FROM audit_log WHERE seq > ?", (seq,)
    ).fetchone()
    return int(count), oldest
