"""The pull of a `kiosk sync` round: what changed at the central office comes down.

Three kinds of rows, each with its own cursor in kiosk_meta (the highest central change
number applied): the registry (`registry_cursor`), accounts changed on other channels
(`accounts_cursor`), and decisions on this hall's family applications
(`decisions_cursor`). Each is read in pages of change numbers up to the central's safe
bound (kiosk/central/pull.py), and each page is written in one short hall transaction
together with its cursor, paced in bursts with pauses (WritePacer), so a kiosk never
waits long for the write lock and a pull killed at any moment resumes at the page after
the last one committed, ending as an uninterrupted pull would.

Which side wins:
- registry: the central (its rows replace the hall's; a ledger entry, once there, stays).
- accounts: the latest change by time. A password hash from the central applies when its
  change is later than the hall's last change of that password; a lock or an unlock made
  on another channel applies as it comes.
- decisions: the first the central accepted. A hall whose own decision was refused there
  takes the central's.
"""

from __future__ import annotations

import datetime
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.central import pull as central_pull
from kiosk.central.pull import Connection
from kiosk.config import Config
from kiosk.domain.ids import mask_id
from kiosk.domain.lockout import Attempts
from kiosk.services import audit
from kiosk.services.accounts import AccountService
from kiosk.services.clock import now
from kiosk.services.registry_import import CHUNK_ROWS, WritePacer
from kiosk.store import Store, Transaction, account_outbox
from kiosk.store import accounts as accounts_store
from kiosk.store import lockouts as lockouts_store
from kiosk.store import registry as registry_store
from kiosk.store import review as review_store
from kiosk.store import sync_down as down_store

PAGE_ROWS = CHUNK_ROWS  # rows a page reads and one hall transaction writes
AHEAD_PAGES = 8  # registry pages read ahead from the central, at most (a pause reads 5-8)
ACTOR = "central"
_CHILD_TABLES = ("ledger_entries", "contributions", "entitlements")


@dataclass
class PullReport:
    registry_rows: int = 0  # registry rows that came down (written or already the same)
    accounts: int = 0  # account changes applied
    decisions: int = 0  # central decisions that changed an application here
    registry_cursor: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.registry_rows or self.accounts or self.decisions)


def pull(
    store: Store,
    conn: Connection,
    config: Config,
    *,
    page_rows: int = PAGE_ROWS,
    pause: Callable[[float], None] | None = None,
) -> PullReport:
    """Pull everything changed at the central up to its safe bound. Raises
    CentralUnreachable / CentralError as the push does; what was committed stays."""
    ahead = _ReadAhead(time.sleep if pause is None else pause)
    pacer = WritePacer(store, ahead.pause)
    bound = central_pull.safe_bound(conn)
    report = PullReport()
    report.registry_rows = _pull_registry(store, conn, pacer, ahead, bound, page_rows)
    report.accounts = _pull_accounts(store, conn, pacer, bound, page_rows, config)
    report.decisions = _pull_decisions(store, conn, pacer, bound, page_rows)
    with store.read() as db:
        report.registry_cursor = down_store.cursor(db, down_store.REGISTRY_CURSOR)
    return report


def _cursor(store: Store, name: str) -> int:
    with store.read() as db:
        return down_store.cursor(db, name)


def _missing_persons(store: Store, conn: Connection, id_numbers: set[str]) -> list[tuple[Any, ...]]:
    """The central's rows of the people named here that the hall does not have yet (their
    own row changed after the page's numbers, so it comes in a later page)."""
    if not id_numbers:
        return []
    with store.read() as db:
        known = registry_store.known_ids(db, id_numbers)
    return central_pull.persons(conn, id_numbers - known)


class _ReadAhead:
    """The pacer's pause (the hall's write lock left free for the kiosks), spent reading
    the registry's next pages from the central rather than only sleeping: the pull's own
    idle time, in the same thread. `reader` reads one page a call (False: nothing more to
    read ahead); what is left of the pause is slept."""

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self._sleep = sleep
        self.reader: Callable[[], bool] | None = None

    def pause(self, seconds: float) -> None:
        ends = time.monotonic() + seconds
        if self.reader is not None:
            while time.monotonic() < ends and self.reader():
                pass
        rest = ends - time.monotonic()
        if rest > 0:
            self._sleep(rest)


def _pull_registry(
    store: Store, conn: Connection, pacer: WritePacer, ahead: _ReadAhead, bound: int, size: int
) -> int:
    pulled = 0
    after = _cursor(store, down_store.REGISTRY_CURSOR)
    pages: deque[central_pull.Page] = deque()  # read ahead, in order, from `next_after` on
    next_after = after  # where the page being written ends

    def read_one() -> bool:
        start = pages[-1].upto if pages else next_after
        if start >= bound or len(pages) >= AHEAD_PAGES:
            return False
        pages.append(central_pull.registry_page(conn, start, bound, size))
        return True

    ahead.reader = read_one
    try:
        while after < bound:
            if pages and pages[0].after == after:
                page = pages.popleft()
            else:
                pages.clear()
                page = central_pull.registry_page(conn, after, bound, size)
            persons = page.rows["persons"]
            have = {p[0] for p in persons}
            named = {
                row[1 if t == "ledger_entries" else 0]
                for t in _CHILD_TABLES
                for row in page.rows[t]
            }
            persons = _missing_persons(store, conn, named - have) + persons
            next_after = page.upto
            with pacer.write() as db:  # its pause (after the commit) reads ahead
                moved = down_store.cursor(db, down_store.REGISTRY_CURSOR)
                if moved == after:
                    registry_store.put_values(db, "persons", persons)
                    for table in _CHILD_TABLES:
                        registry_store.put_values(db, table, page.rows[table])
                    down_store.set_cursor(db, down_store.REGISTRY_CURSOR, page.upto)
            if moved != after:  # another pull (the background rounds) went on meanwhile
                pages.clear()
                after = next_after = moved
                continue
            pulled += len(page)
            after = page.upto
    finally:
        ahead.reader = None
    return pulled


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat()
    return str(value)


def _later(central: str, hall: str | None) -> bool:
    if not hall:
        return True
    try:
        return datetime.datetime.fromisoformat(central) > datetime.datetime.fromisoformat(hall)
    except ValueError:
        return True


def _apply_account(
    db: Transaction, accounts: AccountService, row: dict[str, Any], moment: datetime.datetime
) -> bool:
    """Apply one account row from the central; True if it changed something here."""
    id_number = row["id_number"]
    changed_at = _iso(row["changed_at"]) or ""
    changed = False
    if row["password_hash"]:
        credential = accounts_store.credential(db, id_number)
        newer = credential is None or _later(changed_at, credential.get("updated_at"))
        if newer and (credential is None or credential["password_hash"] != row["password_hash"]):
            accounts_store.set_credential(
                db, id_number, row["password_hash"], changed_at, send=False
            )
            changed = True
    subject = accounts.subject(id_number)
    attempts = lockouts_store.get(db, subject)
    if row["state"] == "locked" and row["locked_until"] is not None:
        until: datetime.datetime = row["locked_until"]
        if attempts.locked_until is None or attempts.locked_until < until:
            lockouts_store.put(db, subject, Attempts(0, None, until.astimezone(datetime.UTC)))
            changed = True
    elif row["state"] == "active" and attempts.locked(moment):
        # an unlock lifts this hall's lock only when it came after it: an account that
        # is merely active at the central (a password changed elsewhere before this
        # hall's lock) leaves the lock alone. Latest change wins.
        state_at = _iso(row.get("state_changed_at") or row["changed_at"]) or ""
        own_lock = account_outbox.last_lock_at(db, id_number)
        if own_lock is None or _later(state_at, own_lock):
            lockouts_store.clear(db, subject)
            changed = True
    if changed:
        audit.record(
            db,
            ACTOR,
            "account:central_change",
            mask_id(id_number),
            who=accounts.subject(id_number)[:16],
            channel=row["channel"],
            state=row["state"],
            password=bool(row["password_hash"]),
            changed_at=changed_at,
        )
    return changed


def _pull_accounts(
    store: Store,
    conn: Connection,
    pacer: WritePacer,
    bound: int,
    size: int,
    config: Config,
) -> int:
    accounts = AccountService(store, config, now)
    accounts.subject("")  # reads the hall's key now, not inside a page's write
    applied = 0
    after = _cursor(store, down_store.ACCOUNTS_CURSOR)
    while after < bound:
        page = central_pull.accounts_page(conn, after, bound, size)
        rows = [
            dict(zip(central_pull.ACCOUNT_COLUMNS, r, strict=True)) for r in page.rows["accounts"]
        ]
        persons = _missing_persons(store, conn, {r["id_number"] for r in rows})
        moment = now()
        with pacer.write() as db:
            moved = down_store.cursor(db, down_store.ACCOUNTS_CURSOR)
            if moved == after:
                registry_store.put_values(db, "persons", persons)
                applied += sum(_apply_account(db, accounts, row, moment) for row in rows)
                down_store.set_cursor(db, down_store.ACCOUNTS_CURSOR, page.upto)
        after = page.upto if moved == after else moved
    return applied


def _pull_decisions(
    store: Store, conn: Connection, pacer: WritePacer, bound: int, size: int
) -> int:
    applied = 0
    after = _cursor(store, down_store.DECISIONS_CURSOR)
    while after < bound:
        page = central_pull.decisions_page(conn, after, bound, size)
        with pacer.write() as db:
            moved = down_store.cursor(db, down_store.DECISIONS_CURSOR)
            if moved == after:
                for values in page.rows["decisions"]:
                    row = dict(zip(central_pull.DECISION_COLUMNS, values, strict=True))
                    applied += _apply_decision(db, row)
                down_store.set_cursor(db, down_store.DECISIONS_CURSOR, page.upto)
        after = page.upto if moved == after else moved
    return applied


def _apply_decision(db: Transaction, row: dict[str, Any]) -> bool:
    """The central's decision on one of this hall's applications: it stands, whatever the
    hall decided meanwhile (a withdrawn application stays withdrawn)."""
    found = down_store.enrollment_by_number(db, row["application_no"])
    if found is None:
        return False
    enrollment_id, status = found
    if status == row["status"] or status not in (*review_store.PENDING, "active", "rejected"):
        return False
    review_store.decide(
        db,
        enrollment_id,
        row["status"],
        row["decided_by"],
        _iso(row["decided_at"]) or "",
        row["reason"],
    )
    audit.record(
        db,
        ACTOR,
        "family:central_decision",
        row["application_no"],
        application=row["application_no"],
        status=row["status"],
        was=status,
        by=row["decided_by"],
    )
    return True
