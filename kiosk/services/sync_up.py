"""What goes up in a round with the central office: the outbox's events (sync.py), the
hall's account changes, and its audit rows, then a record of the round.

Each kind is read a batch at a time from the hall's file, written at the central in one
transaction as the hall's own role, and only after the central committed is it marked
sent in the hall's file (account changes: `sent_at`; audit rows: the highest number
sent, `central_audit_sent`). A crash between the two resends the batch next round and
the central takes each row once.

The central checks every audit row against the hall's chain as received (a trigger in
kiosk/central/migrations/0002_up.sql). A row that does not continue it is refused with
its number: the rows before it go up, the hall keeps the refusal (`kiosk sync status`,
the staff desk) until a round gets past it, and the other kinds still go up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.central import accounts as central_accounts
from kiosk.central import audit as central_audit
from kiosk.central import db as central_db
from kiosk.central import status as central_status
from kiosk.central.audit import AuditRowRefused
from kiosk.config import CentralConfig
from kiosk.services.clock import stamp
from kiosk.services.sync import BATCH, RoundReport, SyncNotConfigured, push_outbox
from kiosk.services.sync_down import PullReport
from kiosk.store import Store, account_outbox, sync_state
from kiosk.store import audit as audit_store


@dataclass
class UpReport:
    events: RoundReport = field(default_factory=RoundReport)
    account_changes: int = 0  # taken by the central in this round
    account_changes_again: int = 0  # it had them from an earlier round (a resend)
    audit_rows: int = 0
    audit_rows_again: int = 0
    refused: AuditRowRefused | None = None
    pulled: PullReport | None = None  # what came down after (None: no pull yet)


def push_round(store: Store, central: CentralConfig) -> UpReport:
    """One round up: events, account changes, audit rows, and the round's record at both
    ends. Raises CentralUnreachable / CentralError as push_outbox does; an audit row the
    central refuses is in the report's `refused` (and kept in the hall's file)."""
    if not central.configured or central.url is None or central.hall is None:
        raise SyncNotConfigured("no [central] section in the configuration")
    hall = central.hall
    report = UpReport(events=push_outbox(store, central))
    with central_db.connect(central.url) as conn:
        _push_account_changes(store, conn, hall, report)
        _push_audit_rows(store, conn, hall, report)
        central_status.record_round(
            conn,
            hall,
            report.events.sent,
            report.account_changes,
            report.audit_rows,
            str(report.refused) if report.refused else None,
        )
    at = stamp()
    with store.write() as db:
        sync_state.set_last_failure(db, None)  # a round went through
        if report.refused is None:
            sync_state.set_last_round(
                db,
                {
                    "at": at,
                    "events": report.events.sent,
                    "account_changes": report.account_changes,
                    "audit_rows": report.audit_rows,
                },
            )
        else:
            sync_state.set_refusal(
                db, {"at": at, "seq": report.refused.seq, "message": str(report.refused)}
            )
    return report


def _push_account_changes(store: Store, conn: Any, hall: str, report: UpReport) -> None:
    while True:
        with store.read() as db:
            batch = account_outbox.unsent(db, BATCH)
        if not batch:
            return
        new = central_accounts.push_account_changes(conn, hall, batch)
        with store.write() as db:
            account_outbox.mark_sent(db, [c["id"] for c in batch], stamp())
        report.account_changes += new
        report.account_changes_again += len(batch) - new


def _push_audit_rows(store: Store, conn: Any, hall: str, report: UpReport) -> None:
    while True:
        with store.read() as db:
            batch = audit_store.after(db, sync_state.audit_sent(db), BATCH)
        if not batch:
            break
        try:
            new = central_audit.push_audit_rows(conn, hall, batch)
        except AuditRowRefused as refused:
            report.refused = refused
            # the rows before the refused one continue the chain: they go up
            batch = [row for row in batch if row[0] < refused.seq]
            if not batch:
                return
            new = central_audit.push_audit_rows(conn, hall, batch)
        with store.write() as db:
            sync_state.set_audit_sent(db, max(sync_state.audit_sent(db), batch[-1][0]))
            if report.refused is None:
                sync_state.set_refusal(db, None)
        report.audit_rows += new
        report.audit_rows_again += len(batch) - new
        if report.refused is not None:
            return
