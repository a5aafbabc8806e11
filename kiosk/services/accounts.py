"""Citizen accounts: real-name activation, login, change of password.

What a refusal says is chosen so that nobody learns from it whether an ID number
is registered, activated or locked: identity checks and logins fail with one
message, count toward the same lock, and take about as long either way.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kiosk.config import Config
from kiosk.domain.ids import InvalidIdNumber, mask_id, parse_id
from kiosk.domain.lockout import LockoutPolicy
from kiosk.domain.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    unmatchable_hash,
    verify_password,
)
from kiosk.domain.registry import normalise_phone
from kiosk.domain.text import clean_name, same_name
from kiosk.services import audit
from kiosk.services.roles import actor_of
from kiosk.store import Store, Transaction, account_outbox
from kiosk.store import accounts as accounts_store
from kiosk.store import lockouts as lockouts_store
from kiosk.store import records as records_store
from kiosk.store import registry as registry_store


@dataclass(frozen=True)
class CitizenSession:
    """Who is logged in at this terminal. Holds no password."""

    id_number: str
    name: str
    started_at: str
    must_change_password: bool = False
    # The staff ID of the clerk acting for the citizen at a desk, or "" at a kiosk.
    assisted_by: str = ""

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)


@dataclass
class Outcome:
    """The answer to a form: field -> catalog key of what is wrong ("form" for the whole)."""

    errors: dict[str, str] = field(default_factory=dict)
    session: CitizenSession | None = None
    already_active: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class AccountService:
    def __init__(self, store: Store, config: Config, now: Callable[[], datetime.datetime]) -> None:
        self.store = store
        self.now = now
        self.terminal = config.terminal
        self.policy = LockoutPolicy(
            max_failures=config.lockout.max_failures,
            window=datetime.timedelta(minutes=config.lockout.window_minutes),
            lock=datetime.timedelta(minutes=config.lockout.lock_minutes),
        )

    # --- keys and helpers -----------------------------------------------------------

    @cached_property
    def _subject_key(self) -> bytes:
        """A secret of this database for keyed hashes of ID numbers (lockouts, audit).

        Made by the schema's migration m007 with the file.
        """
        key = registry_store.get_meta(self.store.db, "subject_key")
        assert key is not None, "the database was opened without its migrations"
        return bytes.fromhex(key)

    def subject(self, id_number: str) -> str:
        return hmac.new(self._subject_key, id_number.encode(), hashlib.sha256).hexdigest()

    @cached_property
    def dummy_hash(self) -> str:
        # Verified against when there is no real hash, so every refusal costs one hash.
        return unmatchable_hash()

    def _audit(self, db: Transaction, action: str, id_number: str, **detail: object) -> None:
        audit.record(
            db,
            f"citizen@{self.terminal}",
            action,
            mask_id(id_number),
            who=self.subject(id_number)[:16],
            **detail,
        )

    @staticmethod
    def _id_error(raw: str) -> tuple[str | None, str | None]:
        try:
            return parse_id(raw).number, None
        except InvalidIdNumber as err:
            return None, err.problem.value

    def is_locked(self, who: str) -> bool:
        """Whether an ID number (or a staff login, "staff:ID") is locked now."""
        return lockouts_store.get(self.store.db, self.subject(who)).locked(self.now())

    def count_failure(self, db: Transaction, who: str) -> dict[str, bool]:
        """One more failed attempt for `who`, inside the caller's transaction."""
        subject, now = self.subject(who), self.now()
        attempts = lockouts_store.get(db, subject)
        was_locked = attempts.locked(now)
        after = attempts if was_locked else attempts.after_failure(now, self.policy)
        lockouts_store.put(db, subject, after)
        if after.locked(now) and not was_locked and after.locked_until is not None:
            # a citizen's account (a staff login has none) goes up to the central as locked
            account_outbox.record(
                db, who, "locked", now.isoformat(), locked_until=after.locked_until.isoformat()
            )
        return {"locked": after.locked(now), "was_locked": was_locked}

    def unlock(self, db: Transaction, who: str) -> bool:
        """Forget failures and any lock for `who`; True if it was locked."""
        locked = lockouts_store.get(db, self.subject(who)).locked(self.now())
        lockouts_store.clear(db, self.subject(who))
        if locked:
            account_outbox.record(db, who, "unlocked", self.now().isoformat())
        return locked

    def check_password(
        self,
        who: str,
        stored: str | None,
        password: str,
        *,
        actor: str,
        action: str,
        target: str = "",
        also_locked_by: str | None = None,
        **detail: object,
    ) -> bool:
        """The one place every password is checked: login, change, signature, countersignature.

        `who` is what the `[lockout]` policy counts under (an ID number, "staff:ID", ...);
        `stored` is its hash, or None when there is none (an unknown ID, a disabled
        account): then the dummy hash is verified instead, so right and wrong, known and
        unknown, all cost one argon2 verify and one write. A lock on `who` (or on
        `also_locked_by`) makes even the right password a failure, without saying so.
        A failure counts and writes the audit row `action` by `actor` about `target` (masked
        or hashed, never what was typed), with the keyed hash of `who`; a success clears
        the failures. The lock is read again under the write lock, so parallel guesses at
        several terminals cannot slip past it.
        """
        matched = verify_password(stored or self.dummy_hash, password) and stored is not None
        subject = self.subject(who)
        with self.store.write() as db:
            now = self.now()
            locked = lockouts_store.get(db, subject).locked(now) or (
                also_locked_by is not None
                and lockouts_store.get(db, self.subject(also_locked_by)).locked(now)
            )
            if matched and not locked:
                lockouts_store.clear(db, subject)
                return True
            audit.record(
                db, actor, action, target, who=subject[:16], **detail, **self.count_failure(db, who)
            )
        return False

    def check_own_password(self, session: CitizenSession, password: str, action: str) -> bool:
        """A logged-in citizen's password again (a change of password, a signature)."""
        return self.check_password(
            session.id_number,
            accounts_store.password_hash(self.store.db, session.id_number),
            password,
            actor=actor_of(session, self.terminal),
            action=action,
            target=mask_id(session.id_number),
        )

    def _fail(self, id_number: str, action: str) -> None:
        with self.store.write() as db:
            self._audit(db, action, id_number, **self.count_failure(db, id_number))

    # --- real-name check and activation ------------------------------------------------

    def check_identity(self, id_raw: str, name_raw: str, phone_raw: str) -> Outcome:
        """Step 1 of activation: ID number, registered name and mobile number must match."""
        id_number, id_error = self._id_error(id_raw)
        errors: dict[str, str] = {}
        if id_error:
            errors["id_number"] = id_error
        if not clean_name(name_raw):
            errors["name"] = "activate.name_empty"
        try:
            phone = normalise_phone(phone_raw)
        except ValueError:
            errors["phone"] = "activate.phone_invalid"
        if errors:
            return Outcome(errors)
        assert id_number is not None
        person = records_store.person(self.store.db, id_number)
        matches = (
            person is not None
            and person["status"] == "active"
            and same_name(name_raw, person["name"])
            and person["phone"] == phone
        )
        if not matches or self.is_locked(id_number):
            self._fail(id_number, "activation:failure")
            return Outcome({"form": "activate.no_match"})
        active = accounts_store.credential(self.store.db, id_number) is not None
        return Outcome(already_active=active)

    def activate(
        self, id_raw: str, name_raw: str, phone_raw: str, password: str, repeated: str
    ) -> Outcome:
        """Step 2: the identity again (never trust the screen), then the new password."""
        checked = self.check_identity(id_raw, name_raw, phone_raw)
        if not checked.ok or checked.already_active:
            return checked
        id_number = parse_id(id_raw).number
        person = records_store.person(self.store.db, id_number)
        assert person is not None
        return self.first_password(
            id_number,
            person["birth_date"],
            password,
            repeated,
            lambda db: self._audit(db, "account:activate", id_number),
        )

    def first_password(
        self,
        id_number: str,
        birth_date: str,
        password: str,
        repeated: str,
        record: Callable[[Transaction], None],
    ) -> Outcome:
        """The password rules, then the account (at a kiosk or a desk); `record` audits it."""
        problem = password_problems(password, id_number, birth_date)
        if problem:
            return Outcome({"password": problem})
        if password != repeated:
            return Outcome({"repeated": "password.mismatch"})
        hashed = hash_password(password)
        with self.store.write() as db:
            if accounts_store.credential(db, id_number) is not None:
                return Outcome(already_active=True)  # activated at another terminal meanwhile
            accounts_store.set_credential(db, id_number, hashed, self.now().isoformat())
            self.unlock(db, id_number)
            record(db)
        return Outcome()

    # --- login --------------------------------------------------------------------------

    def log_in(self, id_raw: str, password: str) -> Outcome:
        id_number, id_error = self._id_error(id_raw)
        if id_error:
            return Outcome({"id_number": id_error})
        assert id_number is not None
        if not password:
            return Outcome({"password": "password.empty"})
        credential = accounts_store.credential(self.store.db, id_number)
        stored = credential["password_hash"] if credential else None
        if not self.check_password(
            id_number,
            stored,
            password,
            actor=f"citizen@{self.terminal}",
            action="login:failure",
            target=mask_id(id_number),
        ):
            return Outcome({"form": "login.failed"})
        assert credential is not None and stored is not None
        # Only someone who knew the temporary password learns that it is spent or expired.
        temporary = bool(credential["must_change"])
        if temporary and credential["temporary_used_at"]:
            return self._temporary_refused(id_number, "login.temporary_used")
        expires = credential["temporary_until"]
        if expires and self.now() >= datetime.datetime.fromisoformat(expires):
            return self._temporary_refused(id_number, "login.temporary_expired")
        person = records_store.person(self.store.db, id_number)
        assert person is not None
        upgraded = hash_password(password) if needs_rehash(stored) else None
        started = self.now().isoformat()
        with self.store.write() as db:
            # A temporary password is spent by this login, whatever follows (a new
            # password, Back, the idle time-out): the session is its only use.
            if temporary and not accounts_store.spend_temporary(db, id_number, stored, started):
                self._audit(db, "login:temporary_used", id_number)
                return Outcome({"form": "login.temporary_used"})  # at another terminal
            if upgraded:
                accounts_store.rehash(db, id_number, upgraded)
            self._audit(
                db, "login:success", id_number, rehashed=bool(upgraded), temporary=temporary
            )
        return Outcome(
            session=CitizenSession(
                id_number,
                person["name"],
                started,
                must_change_password=temporary,
            )
        )

    def _temporary_refused(self, id_number: str, key: str) -> Outcome:
        with self.store.write() as db:
            self._audit(db, key.replace("login.", "login:"), id_number)
        return Outcome({"form": key})

    # --- change password and log out ------------------------------------------------------

    def change_password(
        self, session: CitizenSession, old: str, new: str, repeated: str
    ) -> Outcome:
        if not old:
            return Outcome({"old": "password.empty"})
        if not self.check_own_password(session, old, "password:change_failure"):
            return Outcome({"old": "change_password.old_wrong"})
        person = records_store.person(self.store.db, session.id_number)
        assert person is not None
        problem = password_problems(new, session.id_number, person["birth_date"])
        if problem:
            return Outcome({"new": problem})
        if new == old:
            return Outcome({"new": "change_password.same"})
        if new != repeated:
            return Outcome({"repeated": "password.mismatch"})
        hashed = hash_password(new)
        with self.store.write() as db:
            accounts_store.set_credential(db, session.id_number, hashed, self.now().isoformat())
            self._audit(db, "password:change", session.id_number)
        return Outcome()

    def replace_temporary(self, session: CitizenSession, new: str, repeated: str) -> Outcome:
        """The citizen's own password in place of the temporary one this session spent.

        The login that spent it proved the person, so the old password is not asked for;
        nothing but that very session (its start is when it was spent) may do this.
        """
        person = records_store.person(self.store.db, session.id_number)
        assert person is not None
        problem = password_problems(new, session.id_number, person["birth_date"])
        if problem:
            return Outcome({"new": problem})
        if new != repeated:
            return Outcome({"repeated": "password.mismatch"})
        hashed = hash_password(new)
        with self.store.write() as db:
            credential = accounts_store.credential(db, session.id_number)
            if (
                credential is None
                or not credential["must_change"]
                or credential["temporary_used_at"] != session.started_at
            ):
                return Outcome({"form": "login.temporary_used"})
            accounts_store.set_credential(db, session.id_number, hashed, self.now().isoformat())
            self._audit(db, "password:change", session.id_number, temporary=True)
        return Outcome()

    def log_out(self, session: CitizenSession, reason: str) -> None:
        with self.store.write() as db:
            audit.record(
                db,
                actor_of(session, self.terminal),
                "session:end",
                mask_id(session.id_number),
                who=self.subject(session.id_number)[:16],
                reason=reason,
            )
