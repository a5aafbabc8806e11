"""The family account: who is in it, who may be added, and the one-transaction submission.

At a desk the clerk runs the same wizard for the citizen: the citizen signs on
the pad and the clerk countersigns with their own staff password instead of the
citizen's, and the clerk's ID is bound into the signature digest.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.config import Config, local_text
from kiosk.domain.family import (
    NOT_FOUND,
    Candidate,
    FamilyRules,
    MemberCheck,
    age_on,
    check_member,
)
from kiosk.domain.ids import mask_id, parse_id
from kiosk.domain.images import CleanImage
from kiosk.domain.lockout import LockoutPolicy
from kiosk.domain.signature import (
    Strokes,
    canonical,
    check_signature,
    letter_sha256,
    signing_digest,
)
from kiosk.domain.text import strip_controls
from kiosk.i18n import translate
from kiosk.services import audit
from kiosk.services.accounts import AccountService, CitizenSession, Outcome
from kiosk.services.inbox import remove_scans
from kiosk.services.roles import (
    NotAllowed,
    StaffSession,
    actor_of,
    current,
    current_assistant,
)
from kiosk.store import Store, Transaction
from kiosk.store import family as family_store
from kiosk.store import lockouts as lockouts_store
from kiosk.store import records as records_store

PENDING = ("awaiting_review", "awaiting_verification")
MIN_PAGES = 2  # the holder's page and the member's page of the household register
# Refused member checks (details not found) a holder may have at a kiosk within a day;
# the next one ends the session and the form is shut to them for the rest of the day.
MEMBER_CHECK_LIMIT = 10
MEMBER_CHECKS = LockoutPolicy(
    max_failures=MEMBER_CHECK_LIMIT + 1,
    window=datetime.timedelta(days=1),
    lock=datetime.timedelta(days=1),
)


@dataclass(frozen=True)
class FamilyMember:
    relationship: str
    masked_id: str
    name: str
    age: int
    status: str  # awaiting_review | awaiting_verification | active | rejected
    reason: str
    application_no: str


@dataclass(frozen=True)
class MemberDraft:
    id_number: str
    name: str
    relationship: str
    # The holder's explicit answer to "born less than 12 years after you: is it right?"
    age_gap_confirmed: bool = False


@dataclass(frozen=True)
class Letter:
    text: str
    sha256: str


@dataclass(frozen=True)
class Submitted:
    application_no: str
    status: str


class FamilyService:
    def __init__(
        self,
        store: Store,
        config: Config,
        now: Callable[[], datetime.datetime],
        rules: FamilyRules | None = None,
        confirm_staff: Callable[[StaffSession, str], bool] | None = None,
        accounts: AccountService | None = None,
    ) -> None:
        self.confirm_staff = confirm_staff
        # Checks the holder's password at the signature (counted and audited like a login).
        self.accounts = accounts or AccountService(store, config, now)
        self.store = store
        self.terminal = config.terminal
        self.hall_name = config.hall.name
        self.inbox = config.inbox_path
        self.now = now
        self.rules = rules or config.family  # a FamilyConfig is the FamilyRules configured

    def members(self, session: CitizenSession) -> list[FamilyMember]:
        today = self.now().date()
        return [
            FamilyMember(
                relationship=row["relationship"],
                masked_id=mask_id(row["id_number"]),
                name=row["name"],
                age=age_on(datetime.date.fromisoformat(row["birth_date"]), today),
                status=row["status"] or row["link_status"],
                reason=row["review_reason"] or "",
                application_no=row["application_no"] or "",
            )
            for row in family_store.members_of(self.store.db, session.id_number)
        ]

    def check(
        self, session: CitizenSession, id_raw: str, name_raw: str, relationship: str
    ) -> MemberCheck:
        """The member form: may this person be added, and what must be confirmed.

        Every check is audited (the member's ID masked, never the typed name). At a kiosk
        the form is no registry oracle: more than MEMBER_CHECK_LIMIT refusals for details
        not found, for one holder within a day, end the session (`ended`), and until the
        day is over every further check is refused unseen (a clerk at a desk, who has the
        ID card in hand, is not limited).
        """
        counted = not session.assisted_by
        subject = self._check_subject(session.id_number)
        try:
            member = mask_id(parse_id(id_raw).number)
        except ValueError:
            member = ""
        if counted and lockouts_store.get(self.store.db, subject).locked(self.now()):
            result = MemberCheck(errors={"form": "family.checks_locked"})
        else:
            result = self._check(session.id_number, id_raw, name_raw, relationship)
        refused = NOT_FOUND in result.errors.values()
        with self.store.write() as db:
            if counted and refused:
                now = self.now()
                after = lockouts_store.get(db, subject).after_failure(now, MEMBER_CHECKS)
                lockouts_store.put(db, subject, after)
                result.ended = after.locked(now)
            audit.record(
                db,
                actor_of(session, self.terminal),
                "family:check",
                mask_id(session.id_number),
                member=member,
                outcome=next(iter(result.errors.values()), "accepted"),
                ended=result.ended,
            )
        return result

    def _check_subject(self, holder_id: str) -> str:
        """The lockout record of a holder's member checks: a keyed hash, like the logins'."""
        return self.accounts.subject(f"family-check:{holder_id}")

    def first_addable(
        self, holder_id: str, people: Sequence[tuple[str, str]]
    ) -> tuple[str, str, str] | None:
        """Of these (ID number, relationship), one the member form accepts for this holder
        now, as (ID number, registered name, relationship): one whose enrollment needs no
        clerk and no confirmation if there is such. For `kiosk demo-accounts`: nothing is
        audited or counted (the form's own check, `check`, is).
        """
        found = []
        for member_id, relationship in people:
            person = records_store.person(self.store.db, member_id)
            if person is None:
                continue
            result = self._check(holder_id, member_id, person["name"], relationship)
            if result.ok:
                addable = (member_id, person["name"], relationship)
                found.append((result.needs_staff, bool(result.warnings), addable))
        if not found:
            return None
        return min(found, key=lambda row: row[:2])[2]

    def _check(self, holder_id: str, id_raw: str, name_raw: str, relationship: str) -> MemberCheck:
        db = self.store.db
        holder = records_store.person(db, holder_id)
        assert holder is not None
        try:
            member_id = parse_id(id_raw, today=self.now().date()).number
        except ValueError:
            member_id = None
        candidate = None
        if member_id is not None:
            person = records_store.person(db, member_id)
            candidate = Candidate(
                registered_name=person["name"] if person else None,
                birth_date=datetime.date.fromisoformat(person["birth_date"]) if person else None,
                linked_to_holder=family_store.is_linked(db, holder_id, member_id),
                holders=family_store.live_holder_count(db, member_id),
            )
        return check_member(
            holder_id=holder_id,
            holder_birth=datetime.date.fromisoformat(holder["birth_date"]),
            holder_members=family_store.live_member_count(db, holder_id),
            id_raw=id_raw,
            name_raw=name_raw,
            relationship=relationship,
            candidate=candidate,
            rules=self.rules,
            today=self.now().date(),
        )

    def letter(self, session: CitizenSession, draft: MemberDraft, language: str) -> Letter:
        """The commitment letter for this request, in the holder's language."""
        member_id = parse_id(draft.id_number).number
        registered = records_store.person(self.store.db, member_id)
        member_name = registered["name"] if registered else draft.name
        body = translate(
            language,
            "letter.body",
            holder_name=strip_controls(session.name),
            holder_id=mask_id(session.id_number),
            member_name=strip_controls(member_name),
            member_id=mask_id(member_id),
            relationship=translate(language, f"relationship.{draft.relationship}"),
            hall=local_text(self.hall_name, language),
            terminal=self.terminal,
            date=self.now().date().isoformat(),
        )
        text = translate(language, "letter.title") + "\n\n" + body
        return Letter(text, letter_sha256(text))

    def submit(
        self,
        session: CitizenSession,
        draft: MemberDraft,
        *,
        consent_at: str,
        pages: Sequence[CleanImage],
        letter_text: str,
        strokes: Strokes,
        password: str,
        staff: StaffSession | None = None,
        inbox_names: Sequence[str] = (),
    ) -> tuple[Outcome, Submitted | None]:
        """Check everything again, then write it all in one transaction, or nothing.

        `password` is the holder's, or at a desk (`session.assisted_by`) the clerk's.
        `inbox_names` are the pages' files in the shared scanner inbox: once the pages
        are in the database they leave the inbox, so the next person cannot see them.
        """
        checked = self._check(session.id_number, draft.id_number, draft.name, draft.relationship)
        if not checked.ok:
            return Outcome(checked.errors), None
        # Never trust the screen: a warning that needs an answer needs it here too.
        if checked.needs_age_gap_confirmed and not draft.age_gap_confirmed:
            return Outcome({"age_gap": "family.age_gap_unconfirmed"}), None
        age_gap_confirmed = checked.needs_age_gap_confirmed
        if len(pages) < MIN_PAGES:
            return Outcome({"pages": "family.pages_missing"}), None
        problem = check_signature(strokes)
        if problem:
            return Outcome({"signature": problem}), None
        countersigner, wrong = self._signer(session, password, staff)
        if wrong:
            return Outcome(wrong), None
        member_id = parse_id(draft.id_number).number
        at = self.now().isoformat()
        strokes_text = canonical(strokes)
        letter_hash = letter_sha256(letter_text)
        status = "awaiting_verification" if checked.needs_staff else "awaiting_review"
        with self.store.write() as db:
            # Again under the write lock: two terminals may submit for the same family
            # at once, and only one of them may get the link and the places.
            if countersigner:
                current(db, staff, "clerk")
            raced = self._limits(db, session.id_number, member_id)
            if raced:
                return Outcome(raced), None
            enrollment_id = family_store.add_enrollment(
                db,
                {
                    "holder_id": session.id_number,
                    "member_id": member_id,
                    "member_name": draft.name,
                    "relationship": draft.relationship,
                    "status": status,
                    "consent_at": consent_at,
                    "letter_text": letter_text,
                    "letter_sha256": letter_hash,
                    "signature": strokes_text,
                    "signature_digest": signing_digest(
                        letter_hash, strokes_text, session.id_number, at, countersigner
                    ),
                    "terminal": self.terminal,
                    "submitted_at": at,
                    "countersigned_by": countersigner or None,
                    "countersigned_at": at if countersigner else None,
                    "age_gap_confirmed": int(age_gap_confirmed),
                },
            )
            family_store.add_link(
                db, session.id_number, member_id, draft.relationship, enrollment_id, at
            )
            for page in pages:
                family_store.add_document(
                    db,
                    {
                        "enrollment_id": enrollment_id,
                        "kind": "household_register",
                        "media_type": page.media_type,
                        "sha256": page.sha256,
                        "width": page.width,
                        "height": page.height,
                        "content": page.content,
                        "created_at": at,
                    },
                )
            number = family_store.application_no(db, enrollment_id)
            audit.record(
                db,
                actor_of(session, self.terminal),
                "family:submit",
                mask_id(session.id_number),
                application=number,
                member=mask_id(member_id),
                status=status,
                pages=len(pages),
                age_gap_confirmed=age_gap_confirmed,
            )
            family_store.add_outbox(
                db,
                "enrollment.submitted",
                json.dumps({"application_no": number, "status": status}, sort_keys=True),
                at,
            )
        remove_scans(self.inbox, inbox_names)
        return Outcome(), Submitted(number, status)

    def confirm_signature(
        self, session: CitizenSession, password: str, staff: StaffSession | None = None
    ) -> Outcome:
        """The signature step: the holder's password (at a desk the clerk's countersignature).

        The very check submit() makes again (never trust the screen): a wrong password
        counts toward the lock and is audited once per try; a right one counts nothing,
        so checking it here and again at submit() adds nothing to anything.
        """
        return Outcome(self._signer(session, password, staff)[1])

    def _signer(
        self, session: CitizenSession, password: str, staff: StaffSession | None
    ) -> tuple[str, dict[str, str]]:
        """Who countersigned ("" for the holder alone), or the password's error."""
        if session.assisted_by:
            with self.store.read() as db:
                clerk = current(db, staff, "clerk")
            if clerk.staff_id != session.assisted_by:
                raise NotAllowed("clerk")
            if self.confirm_staff is None or not self.confirm_staff(clerk, password):
                return "", {"password": "family.countersign_wrong"}
            return clerk.staff_id, {}
        if not self.accounts.check_own_password(session, password, "family:password_failure"):
            return "", {"password": "family.password_wrong"}
        return "", {}

    def _limits(self, db: Transaction, holder_id: str, member_id: str) -> dict[str, str]:
        if family_store.is_linked(db, holder_id, member_id):
            return {"id_number": "family.already_linked"}
        if family_store.live_member_count(db, holder_id) >= self.rules.max_members:
            return {"form": "family.too_many_members"}
        if family_store.live_holder_count(db, member_id) >= self.rules.max_holders_per_member:
            return {"id_number": "family.too_many_holders"}
        return {}

    def withdraw(self, session: CitizenSession, application_no: str) -> Outcome:
        """The holder takes back a request nobody has decided yet."""
        with self.store.write() as db:
            if session.assisted_by:
                current_assistant(db, session.assisted_by)
            row = family_store.enrollment_of(db, session.id_number, application_no)
            if row is None:
                return Outcome({"form": "review.unknown"})
            if row["status"] not in PENDING:
                return Outcome({"form": f"review.already_{row['status']}"})
            family_store.set_status(db, row["id"], "withdrawn")
            audit.record(
                db,
                actor_of(session, self.terminal),
                "family:withdraw",
                mask_id(session.id_number),
                application=application_no,
            )
            family_store.add_outbox(
                db,
                "enrollment.withdrawn",
                json.dumps(
                    {"application_no": application_no, "status": "withdrawn"}, sort_keys=True
                ),
                self.now().isoformat(),
            )
        return Outcome()
