"""The append-only audit log, each row chained to the previous row's hash."""

from __future__ import annotations

from sqlite_utils import Database

from kiosk.domain.audit import GENESIS, chain_hash


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
