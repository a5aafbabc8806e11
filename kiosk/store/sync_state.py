"""What the hall keeps about its rounds with the central office, in kiosk_meta.

- `central_audit_sent`: the highest audit row number the central has committed.
- `central_last_round`: the last round that went through (JSON: at, and how many events,
  account changes and audit rows the central took).
- `central_refusal`: the central's refusal of an audit row, while it stands (JSON: at,
  seq, message); removed when a round gets past it.
- `central_last_failure`: the last round that did not go through, while no round has gone
  through since (JSON: at, unreachable (true when no connection), message).
- `registry_cursor`: the registry's change number the hall has pulled up to (written by
  the pull, read here for `kiosk sync status`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from kiosk.store.registry import get_meta, set_meta

AUDIT_SENT = "central_audit_sent"
LAST_ROUND = "central_last_round"
REFUSAL = "central_refusal"
REGISTRY_CURSOR = "registry_cursor"
LAST_FAILURE = "central_last_failure"


def audit_sent(db: Database) -> int:
    value = get_meta(db, AUDIT_SENT)
    return int(value) if value else 0


def set_audit_sent(db: Database, seq: int) -> None:
    set_meta(db, AUDIT_SENT, str(seq))


def _json(db: Database, key: str) -> dict[str, Any] | None:
    value = get_meta(db, key)
    return json.loads(value) if value else None


def last_round(db: Database) -> dict[str, Any] | None:
    return _json(db, LAST_ROUND)


def set_last_round(db: Database, round_: dict[str, Any]) -> None:
    set_meta(db, LAST_ROUND, json.dumps(round_, sort_keys=True))


def last_failure(db: Database) -> dict[str, Any] | None:
    return _json(db, LAST_FAILURE)


def set_last_failure(db: Database, failure: dict[str, Any] | None) -> None:
    if failure is None:
        db.conn.execute("DELETE FROM kiosk_meta WHERE key = ?", (LAST_FAILURE,))
    else:
        set_meta(db, LAST_FAILURE, json.dumps(failure, sort_keys=True))


def refusal(db: Database) -> dict[str, Any] | None:
    return _json(db, REFUSAL)


def set_refusal(db: Database, refused: dict[str, Any] | None) -> None:
    if refused is None:
        db.conn.execute("DELETE FROM kiosk_meta WHERE key = ?", (REFUSAL,))
    else:
        set_meta(db, REFUSAL, json.dumps(refused, sort_keys=True))


def registry_cursor(db: Database) -> str | None:
    return get_meta(db, REGISTRY_CURSOR)
