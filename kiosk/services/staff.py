"""Staff accounts and staff logins.

Accounts are made on the command line by an operator; logins happen at a desk
or, with the staff key, at a self-service terminal. Wrong passwords lock like
citizens' (the same policy, keyed by "staff:ID"), and a disabled account is
refused with the same message as a wrong password.

Anyone can reach the staff login at a self-service terminal, so there wrong passwords
count under "staff-kiosk:ID" (a lock from kiosks leaves the account usable at desks),
and each failure at the terminal makes the next try wait longer (a Throttle kept per
terminal in the lockouts table).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.lockout import Throttle
from kiosk.domain.passwords import hash_password, password_problems
from kiosk.domain.text import clean_name
from kiosk.services import audit
from kiosk.services.accounts import AccountService, Outcome
from kiosk.services.roles import ROLES, StaffSession
from kiosk.store import Store, Transaction
from kiosk.store import lockouts as lockouts_store
from kiosk.store import staff as staff_store

STAFF_ID = re.compile(r"[A-Za-z0-9_-]{2,32}")
MAX_NAME = 50


class StaffError(ValueError):
    """An operator's staff command was refused; `key` is the catalog key of why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    role: str
    disabled: bool
    created_at: str


@dataclass
class StaffLogin:
    outcome: Outcome
    session: StaffSession | None = None


class StaffService:
    def __init__(
        self,
        store: Store,
        accounts: AccountService,
        terminal: str,
        now: Callable[[], datetime.datetime],
        *,
        self_service: bool = False,
        throttle: Throttle | None = None,
    ) -> None:
        self.store = store
        self.accounts = accounts
        self.terminal = terminal
        self.now = now
        # A kiosk (config mode "citizen"), where anyone may press the staff key.
        self.self_service = self_service
        self.throttle = throttle or Throttle()

    # --- the operator's commands ----------------------------------------------------

    def add(self, staff_id: str, name: str, role: str, password: str, operator: str) -> None:
        if not STAFF_ID.fullmatch(staff_id):
            raise StaffError("staff.id_invalid")
        name = clean_name(name)
        if not name or len(name) > MAX_NAME:
            raise StaffError("staff.name_invalid")
        if role not in ROLES:
            raise StaffError("staff.role_invalid")
        problem = password_problems(password, staff_id, "")
        if problem:
            raise StaffError(problem)
        hashed = hash_password(password)
        with self.store.write() as db:
            if staff_store.get(db, staff_id) is not None:
                raise StaffError("staff.exists")
            staff_store.add(db, staff_id, name, role, hashed, self.now().isoformat())
            audit.record(db, operator, "staff:add", staff_id, role=role)

    def members(self) -> list[StaffMember]:
        return [
            StaffMember(r["staff_id"], r["name"], r["role"], bool(r["disabled"]), r["created_at"])
            for r in staff_store.all_staff(self.store.db)
        ]

    def disable(self, staff_id: str, operator: str) -> None:
        self._change(staff_id, operator, "staff:disable", disabled=1)

    def enable(self, staff_id: str, operator: str) -> None:
        self._change(staff_id, operator, "staff:enable", disabled=0)

    def set_role(self, staff_id: str, role: str, operator: str) -> None:
        if role not in ROLES:
            raise StaffError("staff.role_invalid")
        self._change(staff_id, operator, "staff:role", role=role)

    def set_password(self, staff_id: str, password: str, operator: str) -> None:
        """A new password from the operator (a forgotten one); lifts any lock on the login."""
        problem = password_problems(password, staff_id, "")
        if problem:
            raise StaffError(problem)
        self._change(staff_id, operator, "staff:password", password_hash=hash_password(password))

    def _change(self, staff_id: str, operator: str, action: str, **fields: object) -> None:
        with self.store.write() as db:
            row = staff_store.get(db, staff_id)
            if row is None:
                raise StaffError("staff.unknown")
            staff_store.update(db, staff_id, self.now().isoformat(), **fields)
            if "password_hash" in fields:
                self.accounts.unlock(db, f"staff:{staff_id}")
                self.accounts.unlock(db, f"staff-kiosk:{staff_id}")
            audit.record(
                db,
                operator,
                action,
                staff_id,
                **{name: value for name, value in fields.items() if name != "password_hash"},
            )

    # --- logging in at a terminal -----------------------------------------------------

    def log_in(self, staff_id: str, password: str) -> StaffLogin:
        staff_id = staff_id.strip()
        if not staff_id:
            return StaffLogin(Outcome({"staff_id": "staff.id_empty"}))
        if not password:
            return StaffLogin(Outcome({"password": "password.empty"}))
        if self.self_service and self._waiting():
            return StaffLogin(Outcome({"form": "staff_login.wait"}))
        row = staff_store.get(self.store.db, staff_id) if STAFF_ID.fullmatch(staff_id) else None
        stored = row["password_hash"] if row and not row["disabled"] else None
        # What was typed as the ID may be a citizen's ID number or a password: the audit
        # row keeps only its keyed hash.
        if not self.accounts.check_password(
            self._who(staff_id),
            stored,
            password,
            actor=f"staff@{self.terminal}",
            action="staff:login_failure",
            also_locked_by=self._desk_lock(staff_id),
        ):
            if self.self_service:
                with self.store.write() as db:
                    self._slow_down(db)
            return StaffLogin(Outcome({"form": "staff_login.failed"}))
        assert row is not None
        session = StaffSession(
            row["staff_id"], row["name"], row["role"], self.terminal, self.now().isoformat()
        )
        with self.store.write() as db:
            if self.self_service:
                lockouts_store.clear(db, self._terminal_subject)
            audit.record(db, session.actor, "staff:login", session.staff_id, role=session.role)
        return StaffLogin(Outcome(), session)

    def before_login(self, staff_id: str) -> tuple[str, str] | None:
        """(name, role) of the enabled account `staff_id`, read while its password is
        checked so that the desk is ready the moment it is right (issue 16). Only for
        StaffLoginScreen, which shows it only after log_in succeeded for this ID."""
        staff_id = staff_id.strip()
        row = staff_store.get(self.store.db, staff_id) if STAFF_ID.fullmatch(staff_id) else None
        if row is None or row["disabled"]:
            return None
        return row["name"], row["role"]

    def log_out(self, session: StaffSession, reason: str) -> None:
        with self.store.write() as db:
            audit.record(db, session.actor, "staff:logout", session.staff_id, reason=reason)

    def confirm(self, session: StaffSession, password: str) -> bool:
        """The clerk's password again to countersign: a wrong one counts, a lock refuses."""
        row = staff_store.get(self.store.db, session.staff_id)
        stored = row["password_hash"] if row and not row["disabled"] else None
        return self.accounts.check_password(
            self._who(session.staff_id),
            stored,
            password,
            actor=session.actor,
            action="staff:confirm_failure",
            target=session.staff_id,
            also_locked_by=self._desk_lock(session.staff_id),
        )

    # --- where failures count -----------------------------------------------------------

    def _who(self, staff_id: str) -> str:
        """What wrong passwords count under: a lock from a kiosk never reaches the desks."""
        return f"staff-kiosk:{staff_id}" if self.self_service else f"staff:{staff_id}"

    def _desk_lock(self, staff_id: str) -> str | None:
        """At a kiosk, a lock from the desks (someone guessing there) holds too."""
        return f"staff:{staff_id}" if self.self_service else None

    @property
    def _terminal_subject(self) -> str:
        return self.accounts.subject(f"staff-terminal:{self.terminal}")

    def _waiting(self) -> bool:
        """Whether this kiosk is still in the wait after its latest wrong staff password."""
        return lockouts_store.get(self.store.db, self._terminal_subject).locked(self.now())

    def _slow_down(self, db: Transaction) -> None:
        attempts = lockouts_store.get(db, self._terminal_subject)
        lockouts_store.put(
            db, self._terminal_subject, self.throttle.after_failure(attempts, self.now())
        )
