"""The append-only audit log, each row chained to the previous row's hash."""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database

from kiosk.domain.audit import GENESIS, chain_hash
from kiosk.store.records import fetch_dicts


def append(db: Database, at: str, actor: str, action: str, subject: str, detail: str) -> str:
    """Add one row inside the caller's write transaction; returns its hash."""
    row = db.conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    digest = chain_hash(prev, at, actor, action, subject, detail)
    db.conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, subject, detail, prev, digest),
    )
    return digest


def rows(db: Database, limit: int = 100) -> list[dict]:
    return list(db.query("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", [limit]))


def chain(db: Database, batch: int = 5000) -> Iterator[tuple]:
    """Every row in order, in batches, for the chain check (the log can be large)."""
    last = -1
    while True:
        rows = db.conn.execute(
            "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log "
            "WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch),
        ).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def search(
    db: Database, *, since: str, until: str, actor: str, action: str, limit: int
) -> list[dict]:
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
        db, f"SELECT seq, at, actor, action, subject, detail FROM audit_log {where}"
        "ORDER BY seq DESC LIMIT ?", (*params, limit),
    )


def last_row(db: Database) -> tuple[int, str, str] | None:
    return db.execute("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()


def hash_at(db: Database, seq: int) -> str | None:
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
    return row[0] if row else None
