import datetime

import pytest

from kiosk.domain.family import Candidate, FamilyRules, check_member
from kiosk.domain.ids import make_id

TODAY = datetime.date(2026, 11, 25)
HOLDER = make_id("110105", datetime.date(1985, 3, 2), 11)
CHILD = make_id("110105", datetime.date(2016, 6, 1), 12)


def check(**changes):
    args = dict(
        holder_id=HOLDER,
        holder_birth=datetime.date(1985, 3, 2),
        holder_members=0,
        id_raw=CHILD,
        name_raw="王乐乐",
        relationship="child",
        candidate=Candidate("王乐乐", datetime.date(2016, 6, 1), False, 0),
        rules=FamilyRules(),
        today=TODAY,
    )
    args.update(changes)
    return check_member(**args)


def test_a_young_child_in_the_registry_passes_without_staff():
    result = check()
    assert result.ok and not result.warnings and not result.needs_staff


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"id_raw": CHILD[:-1] + "0"}, "id_number", "id.checksum"),
        ({"name_raw": "  "}, "name", "family.name_empty"),
        ({"relationship": "neighbour"}, "relationship", "family.relationship_missing"),
        ({"id_raw": HOLDER}, "id_number", "family.self"),
        (
            {"candidate": Candidate("王乐乐", datetime.date(2016, 6, 1), True, 1)},
            "id_number",
            "family.already_linked",
        ),
        ({"holder_members": 5}, "form", "family.too_many_members"),
        (
            {"candidate": Candidate("王乐乐", datetime.date(2016, 6, 1), False, 2)},
            "id_number",
            "family.too_many_holders",
        ),
        ({"candidate": Candidate(None, None, False, 0)}, "form", "family.details_not_found"),
        ({"name_raw": "王乐"}, "form", "family.details_not_found"),
    ],
)
def test_each_refusal_names_its_field(changes, field, key):
    assert check(**changes).errors == {field: key}


def test_a_child_born_less_than_12_years_after_the_holder_asks_to_confirm():
    young = make_id("110105", datetime.date(1995, 1, 1), 13)
    result = check(
        holder_id=young,
        holder_birth=datetime.date(1995, 1, 1),
        candidate=Candidate("王乐乐", datetime.date(2006, 6, 1), False, 0),
        id_raw=make_id("110105", datetime.date(2006, 6, 1), 14),
    )
    assert result.ok and result.warnings == ["family.young_parent"]


def test_members_of_16_or_more_need_a_clerk():
    sixteen = datetime.date(2010, 11, 25)
    result = check(
        id_raw=make_id("110105", sixteen, 15), candidate=Candidate("王乐乐", sixteen, False, 0)
    )
    assert result.ok and result.needs_staff
    almost = datetime.date(2010, 11, 26)
    result = check(
        id_raw=make_id("110105", almost, 15), candidate=Candidate("王乐乐", almost, False, 0)
    )
    assert not result.needs_staff


def test_rules_come_from_configuration():
    result = check(holder_members=2, rules=FamilyRules(max_members=2))
    assert result.errors == {"form": "family.too_many_members"}


def test_not_registered_and_wrong_name_are_one_refusal():
    """Nobody learns from the form whether an ID number is registered or which name is on file."""
    unknown = check(candidate=Candidate(None, None, False, 0))
    wrong_name = check(name_raw="李乐乐")
    assert unknown.errors == wrong_name.errors == {"form": "family.details_not_found"}
    # A person in two family accounts is only said to be so to someone who knows their name.
    full = Candidate("王乐乐", datetime.date(2016, 6, 1), False, 2)
    assert check(name_raw="李乐乐", candidate=full).errors == {"form": "family.details_not_found"}
    assert check(candidate=full).errors == {"id_number": "family.too_many_holders"}


def test_an_empty_member_id_names_the_member_not_the_holder():
    from kiosk.i18n import translate

    assert check(id_raw="  ").errors == {"id_number": "family.member_id_empty"}
    assert translate("en", "family.member_id_empty") == "Enter your family member's ID number."
    assert "familiar" in translate("es", "family.member_id_empty")
