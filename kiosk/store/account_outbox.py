"""Account changes made at this hall, waiting to go up to the central office.

The hall's own changes only: the store functions that change a citizen's credential
(kiosk/store/accounts.py) and the account service's lock and unlock record one row each,
in the same transaction. A change that came down from the central office must not be
written through them (it would go back up as this hall's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

# kind -> what happened; state is the account's state after it: active, temporary, locked
KINDS = ("activated", "password", "temporary", "locked", "unlocked")


def record(
    db: Database, id_number: str, kind: str, at: str, *, locked_until: str | None = None
) -> bool:
    """Record a change to a citizen's account, as the account is now; False (nothing
    recorded) when the ID number has no account at this hall."""
    assert kind in KINDS, kind
    row = db.conn.execute(
        "SELECT password_hash, activated_at, must_change FROM credentials WHERE id_number = ?",
        (id_number,),
    ).fetchone()
    if row is None:
        return False
    password_hash, activated_at, must_change = row
    state = "locked" if kind == "locked" else "temporary" if must_change else "active"
    db.conn.execute(
        "INSERT INTO account_outbox (id_number, changed_at, kind, state, password_hash, "
        "activated_at, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (id_number, at, kind, state, password_hash, activated_at, locked_until),
    )
    return True


def unsent(db: Database, limit: int) -> list[dict[str, Any]]:
    """The oldest changes not yet sent, in the order they were made."""
    cursor = db.conn.execute(
        "SELECT id, id_number, changed_at, kind, state, password_hash, activated_at, "
        "locked_until FROM account_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?",
        (limit,),
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def mark_sent(db: Database, ids: Sequence[int], at: str) -> None:
    db.conn.executemany(
        "UPDATE account_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
        ((at, change_id) for change_id in ids),
    )


def waiting(db: Database) -> tuple[int, str | None]:
    """How many changes wait to go up, and when the oldest was made."""
    count, oldest = db.conn.execute(
        "SELECT count(*), min(changed_at) FROM account_outbox WHERE sent_at IS NULL"
    ).fetchone()
    return int(count), oldest


def last_lock(db: Database, id_number: str) -> tuple[str, bool] | None:
    """When this hall last locked the account itself, and whether that lock has reached
    the central (None: never locked here)."""
    row = db.conn.execute(
        "SELECT changed_at, sent_at IS NOT NULL FROM account_outbox "
        "WHERE id_number = ? AND kind = 'locked' ORDER BY changed_at DESC, id DESC LIMIT 1",
        (id_number,),
    ).fetchone()
    return (row[0], bool(row[1])) if row else None
