"""Who may be added to a holder's family account, and what must be confirmed first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from kiosk.domain.family_rules import FamilyRules as FamilyRules  # also from here, as before
from kiosk.domain.ids import IdProblem, InvalidIdNumber, parse_id
from kiosk.domain.text import clean_name, same_name

# A self-service terminal cannot check a face against an ID card: from this age on,
# a member's enrollment waits for a clerk.
STAFF_VERIFICATION_AGE = 16
# A parent less than this many years older than the child gets asked to confirm.
MIN_PARENT_GAP_YEARS = 12
# The warning for it: the holder answers it explicitly, and the answer is kept.
YOUNG_PARENT = "family.young_parent"


@dataclass(frozen=True)
class Candidate:
    """What the registry and the family links say about the person typed in the form."""

    registered_name: str | None  # None: not in the insurance registry
    birth_date: datetime.date | None
    linked_to_holder: bool  # already a member of this holder, or pending
    holders: int  # how many holders the person is linked to (active or pending)


# Not in the registry, or another name on file: one refusal, so that the form tells
# nobody whether an ID number is registered or which name goes with it.
NOT_FOUND = "family.details_not_found"


@dataclass
class MemberCheck:
    errors: dict[str, str] = field(default_factory=dict)  # field -> catalog key
    warnings: list[str] = field(default_factory=list)  # catalog keys to confirm
    needs_staff: bool = False
    ended: bool = False  # too many refused checks: the session is over

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def needs_age_gap_confirmed(self) -> bool:
        """The holder must confirm that a child born so soon after them is right."""
        return YOUNG_PARENT in self.warnings


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_member(
    *,
    holder_id: str,
    holder_birth: datetime.date,
    holder_members: int,
    id_raw: str,
    name_raw: str,
    relationship: str,
    candidate: Candidate | None,
    rules: FamilyRules,
    today: datetime.date,
) -> MemberCheck:
    """The member form's checks, in the order a person can act on them.

    `candidate` is None when the ID number itself is not valid (nothing was looked up).
    """
    result = MemberCheck()
    try:
        member_id = parse_id(id_raw, today=today).number
    except InvalidIdNumber as err:
        # The others say "an ID number" / "this ID number"; only this one says "your".
        empty = err.problem is IdProblem.EMPTY
        result.errors["id_number"] = "family.member_id_empty" if empty else err.problem.value
    if not clean_name(name_raw):
        result.errors["name"] = "family.name_empty"
    if relationship not in rules.relationships:
        result.errors["relationship"] = "family.relationship_missing"
    if result.errors or candidate is None:
        return result
    if member_id == holder_id:
        result.errors["id_number"] = "family.self"
    elif candidate.linked_to_holder:
        result.errors["id_number"] = "family.already_linked"
    elif holder_members >= rules.max_members:
        result.errors["form"] = "family.too_many_members"
    elif (
        candidate.registered_name is None
        or candidate.birth_date is None
        or not same_name(name_raw, candidate.registered_name)
    ):
        result.errors["form"] = NOT_FOUND
    elif candidate.holders >= rules.max_holders_per_member:
        # Only after the name matched: it says that the person is registered.
        result.errors["id_number"] = "family.too_many_holders"
    if result.errors:
        return result
    assert candidate.birth_date is not None
    gap = age_on(holder_birth, candidate.birth_date)
    if relationship == "child" and gap < MIN_PARENT_GAP_YEARS:
        result.warnings.append(YOUNG_PARENT)
    if age_on(candidate.birth_date, today) >= STAFF_VERIFICATION_AGE:
        result.needs_staff = True
    return result
