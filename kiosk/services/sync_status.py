"""What `kiosk sync status` and the staff desk show of the hall's rounds with the central
office, read from the hall's file only (no connection, no psycopg: the screens import it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from kiosk.store import Store, account_outbox, sync_state
from kiosk.store import audit as audit_store
from kiosk.store import outbox as outbox_store


@dataclass(frozen=True)
class Waiting:
    count: int
    oldest: str | None


@dataclass(frozen=True)
class SyncStatus:
    events: Waiting
    account_changes: Waiting
    audit_rows: Waiting
    last_round: dict[str, Any] | None  # at, events, account_changes, audit_rows
    refusal: dict[str, Any] | None  # at, seq, message
    last_failure: dict[str, Any] | None  # at, unreachable, message: none since went through
    registry_cursor: str | None

    @property
    def waiting(self) -> int:
        return self.events.count + self.account_changes.count + self.audit_rows.count

    def minutes_since_last_round(self, now: datetime.datetime) -> int | None:
        return _minutes_since(self.last_round, now)

    def minutes_since_last_failure(self, now: datetime.datetime) -> int | None:
        return _minutes_since(self.last_failure, now)


def _minutes_since(record: dict[str, Any] | None, now: datetime.datetime) -> int | None:
    if record is None:
        return None
    at = datetime.datetime.fromisoformat(record["at"])
    return max(0, int((now - at).total_seconds() // 60))


def status(store: Store) -> SyncStatus:
    """What waits to go up (per kind: how many, the oldest), the last round that went
    through, the central's refusal while it stands, and the registry's change cursor."""
    with store.read() as db:
        return SyncStatus(
            events=Waiting(*outbox_store.waiting(db)),
            account_changes=Waiting(*account_outbox.waiting(db)),
            audit_rows=Waiting(*audit_store.waiting_after(db, sync_state.audit_sent(db))),
            last_round=sync_state.last_round(db),
            refusal=sync_state.refusal(db),
            last_failure=sync_state.last_failure(db),
            registry_cursor=sync_state.registry_cursor(db),
        )
