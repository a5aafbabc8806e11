"""`kiosk sync`: a round with the central office: what goes up, then what comes down.

A batch of unsent events is read from the hall's file, written at the central in one
transaction as the hall's own role, and only after the central committed is it marked
sent in the hall's file. A crash between the two sends the batch again next round, and
the central takes each event once (ON CONFLICT DO NOTHING on the hall's event id). An
`enrollment.submitted` event takes its application up with it (the letter, the signature
and its digest, the pages), in the same central transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.central import db as central_db
from kiosk.central import push as central_push
from kiosk.config import CentralConfig, Config
from kiosk.services import sync_down
from kiosk.services.clock import stamp
from kiosk.services.errors import RecordsUnusable
from kiosk.store import Store, sync_state
from kiosk.store import family as family_store
from kiosk.store import outbox as outbox_store

if TYPE_CHECKING:
    from kiosk.services.sync_up import UpReport

BATCH = 500  # events a central transaction takes


class SyncNotConfigured(ValueError):
    """The configuration has no [central] section."""


@dataclass
class RoundReport:
    sent: int = 0  # events the central took in this round
    already_there: int = 0  # events it had from an earlier round (a resend)
    applications: int = 0  # applications that went up with their submitted events
    pages: int = 0  # and their pages


def push_outbox(store: Store, central: CentralConfig) -> RoundReport:
    """Send every unsent outbox event, batch by batch. Raises CentralUnreachable when the
    connection fails, CentralError when the central refuses a batch; a batch the central
    did not commit is never marked sent."""
    if not central.configured or central.url is None or central.hall is None:
        raise SyncNotConfigured("no [central] section in the configuration")
    report = RoundReport()
    with central_db.connect(central.url) as conn:
        while True:
            with store.read() as db:
                batch = outbox_store.unsent(db, BATCH)
            if not batch:
                return report
            pushed = central_push.push_events(
                conn, central.hall, batch, lambda number: _application(store, number)
            )
            with store.write() as db:
                outbox_store.mark_sent(db, [e["id"] for e in batch], stamp())
            report.sent += pushed.events
            report.already_there += len(batch) - pushed.events
            report.applications += pushed.applications
            report.pages += pushed.pages


def _application(store: Store, application_no: str) -> dict[str, Any] | None:
    """An application whole from the hall's file (one short read), for the central."""
    with store.read() as db:
        return family_store.submitted(db, application_no)


def sync_round(store: Store, config: Config) -> UpReport:
    """One round: push what waits (kiosk/services/sync_up.py), then pull what changed at
    the central (kiosk/services/sync_down.py). A round the central stops (unreachable,
    a refused batch) is kept in the hall's file for `kiosk sync status` and the staff
    desk until a round goes through, and raised."""
    from kiosk.services.sync_up import push_round

    try:
        with central_db.guarded():
            report = push_round(store, config.central)
            assert config.central.url is not None  # push_round checked it
            with central_db.connect(config.central.url) as conn:
                report.pulled = sync_down.pull(store, conn, config)
    except central_db.CentralError as err:
        _record_failure(store, err)
        raise
    return report


def _record_failure(store: Store, err: central_db.CentralError) -> None:
    failure = {
        "at": stamp(),
        "unreachable": isinstance(err, central_db.CentralUnreachable),
        "message": str(err),
    }
    try:
        with store.write() as db:
            sync_state.set_last_failure(db, failure)
    except RecordsUnusable:  # the hall's file busy or worse: the round's error says enough
        pass
