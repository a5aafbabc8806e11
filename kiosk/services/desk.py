"""What a clerk does at the desk for a citizen standing in front of them.

Every call takes the staff session first and, inside its own transaction, checks
that the account still holds the role (`roles.current`) before it reads anything.
Screens show only masked ID numbers; the full number is kept in `Citizen.id_number`
for the calls that follow, and shown only to a supervisor who gives a reason.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain.ids import mask_id
from kiosk.domain.images import CleanImage, ImageRefused
from kiosk.domain.passwords import hash_password
from kiosk.domain.text import clean_name, clean_reason, reason_length, strip_controls
from kiosk.services import audit
from kiosk.services.accounts import AccountService, CitizenSession, Outcome
from kiosk.services.inbox import read_path
from kiosk.services.roles import StaffSession, current
from kiosk.store import Store, Transaction
from kiosk.store import accounts as accounts_store
from kiosk.store import records as records_store
from kiosk.store import search as search_store

MAX_RESULTS = 20
MIN_ID_PART = 4
MAX_QUERY = 40
# No 0/O, 1/l/I: a temporary password is read aloud or copied from a slip.
_TEMPORARY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
TEMPORARY_LENGTH = 10


@dataclass(frozen=True)
class Citizen:
    id_number: str
    masked_id: str
    name: str
    birth_date: str
    person_status: str  # the registry's: active | suspended | deceased ...
    account: str  # not_activated | active | temporary | locked


@dataclass(frozen=True)
class Search:
    found: list[Citizen]
    more: bool = False
    error: str = ""


@dataclass(frozen=True)
class TemporaryPassword:
    password: str
    expires_at: str


class DeskService:
    def __init__(
        self,
        store: Store,
        accounts: AccountService,
        temporary_hours: int,
        now: Callable[[], datetime.datetime],
        chance: random.Random | None = None,
    ) -> None:
        self.store = store
        self.accounts = accounts
        # Where temporary passwords come from: the system's secure source unless a test
        # or the screenshot tour fixes it (Terminal's `chance`).
        self.chance = chance or secrets.SystemRandom()
        self.temporary = datetime.timedelta(hours=temporary_hours)
        self.now = now

    # --- finding people -----------------------------------------------------------------

    def find(self, staff: StaffSession, query: str) -> Search:
        """By ID number (whole or at least 4 characters of it) or by part of a name."""
        text = strip_controls(query).strip()
        compact = text.replace(" ", "").upper()
        with self.store.read() as db:
            current(db, staff, "clerk")
            if not text:
                return Search([], error="desk.query_empty")
            if len(text) > MAX_QUERY:
                return Search([], error="desk.query_long")
            if compact[:-1].isdigit() and (compact[-1].isdigit() or compact[-1] == "X"):
                if len(compact) < MIN_ID_PART:
                    return Search([], error="desk.query_short")
                rows = search_store.persons_by_id(db, compact, MAX_RESULTS + 1)
                kind = "id"
            else:
                rows = search_store.persons_by_name(db, clean_name(text), MAX_RESULTS + 1)
                kind = "name"
            found = self._citizens(rows[:MAX_RESULTS])
        # The search is read without the write lock; the audit row takes it, and checks again.
        with self.store.write() as wdb:
            current(wdb, staff, "clerk")
            audit.record(wdb, staff.actor, "citizen:search", "", by=kind, results=len(found))
        return Search(found, more=len(rows) > MAX_RESULTS)

    def citizen(self, staff: StaffSession, id_number: str) -> Citizen | None:
        """One person as the desk sees them now (after an unlock, a reset...)."""
        with self.store.read() as db:
            current(db, staff, "clerk")
            row = records_store.person(db, id_number)
            return self._citizens([row])[0] if row else None

    def _citizens(self, rows: list[dict[str, Any]]) -> list[Citizen]:
        states = search_store.account_states(self.store.db, [r["id_number"] for r in rows])
        return [
            Citizen(
                row["id_number"],
                mask_id(row["id_number"]),
                row["name"],
                row["birth_date"],
                row["status"],
                self._account(row["id_number"], states.get(row["id_number"])),
            )
            for row in rows
        ]

    def _account(self, id_number: str, credential: dict[str, Any] | None) -> str:
        if self.accounts.is_locked(id_number):
            return "locked"
        if credential is None:
            return "not_activated"
        return "temporary" if credential["must_change"] else "active"

    # --- acting for the citizen ---------------------------------------------------------

    def open_citizen(self, staff: StaffSession, id_number: str) -> CitizenSession:
        """The citizen's own screens, with the clerk named as the one acting."""
        with self.store.write() as db:
            current(db, staff, "clerk")
            person = records_store.person(db, id_number)
            if person is None:
                raise LookupError("no such person")
            audit.record(db, staff.actor, "citizen:open", mask_id(id_number))
        return CitizenSession(
            id_number, person["name"], self.now().isoformat(), assisted_by=staff.staff_id
        )

    def activate(
        self,
        staff: StaffSession,
        id_number: str,
        *,
        card_checked: bool,
        password: str,
        repeated: str,
    ) -> Outcome:
        """Activation after the clerk compared the physical ID card with the registry."""
        with self.store.read() as db:
            current(db, staff, "clerk")
            if not card_checked:
                return Outcome({"card_checked": "desk.card_not_checked"})
            person = records_store.person(db, id_number)
        if person is None or person["status"] != "active":
            return Outcome({"form": "desk.not_insured"})

        def record(db: Transaction) -> None:  # inside the account's write transaction
            current(db, staff, "clerk")
            audit.record(
                db,
                staff.actor,
                "account:activate",
                mask_id(id_number),
                card_checked=True,
                assisted=True,
            )

        return self.accounts.first_password(
            id_number, person["birth_date"], password, repeated, record
        )

    def unlock(self, staff: StaffSession, id_number: str) -> bool:
        """Lift a lock from too many wrong passwords; True if there was one."""
        with self.store.write() as db:
            current(db, staff, "clerk")
            was_locked = self.accounts.unlock(db, id_number)
            audit.record(
                db, staff.actor, "account:unlock", mask_id(id_number), was_locked=was_locked
            )
        return was_locked

    def reset_password(
        self, staff: StaffSession, id_number: str
    ) -> tuple[Outcome, TemporaryPassword | None]:
        """A one-time password, shown once; it expires and must be changed at login."""
        with self.store.read() as db:
            current(db, staff, "clerk")  # before the hash: a refused clerk gets no work done
        password = "".join(self.chance.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))
        hashed = hash_password(password)
        now = self.now()
        until = (now + self.temporary).isoformat()
        with self.store.write() as db:
            current(db, staff, "clerk")
            if accounts_store.credential(db, id_number) is None:
                return Outcome({"form": "desk.not_activated"}), None
            accounts_store.set_temporary(db, id_number, hashed, now.isoformat(), until)
            self.accounts.unlock(db, id_number)
            audit.record(db, staff.actor, "password:reset", mask_id(id_number), until=until)
        return Outcome(), TemporaryPassword(password, until)

    def read_page(self, staff: StaffSession, typed: str) -> CleanImage:
        """A household-register image from a path the clerk typed (a desk scanner, a USB stick).

        Only at a desk: a citizen at a kiosk chooses from the hall scanner's inbox.
        """
        with self.store.read() as db:
            current(db, staff, "clerk")
        text = strip_controls(typed).strip().strip('"')
        if not text:
            raise ImageRefused("image.bad_name")
        return read_path(Path(text).expanduser())

    def reveal_id(self, staff: StaffSession, id_number: str, reason: str) -> Outcome | str:
        """The full ID number, for a supervisor who says why; the reason is audited."""
        reason = clean_reason(reason)
        wrong = reason_length(reason)
        with self.store.write() as db:
            current(db, staff, "supervisor")
            if wrong:
                return Outcome({"reason": f"desk.reason_{wrong}"})
            audit.record(db, staff.actor, "citizen:reveal_id", mask_id(id_number), reason=reason)
        return id_number
