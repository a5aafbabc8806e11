import datetime

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.demo.builder import demo_accounts
from kiosk.demo.registry import build_demo_registry
from kiosk.domain.ids import parse_id
from kiosk.services.accounts import CitizenSession
from kiosk.services.database import open_database
from kiosk.services.terminal import Terminal
from tests.unit.test_family_submit import submit

AS_OF = datetime.date(2026, 11, 1)


def test_the_same_seed_gives_the_same_people_and_records():
    first = build_demo_registry(7, 150, AS_OF)
    second = build_demo_registry(7, 150, AS_OF)
    assert first == second
    assert build_demo_registry(8, 150, AS_OF).persons != first.persons


def test_people_do_not_depend_on_the_day():
    # The README lists the demo accounts: they must be the same next year.
    later = build_demo_registry(2026, 120, datetime.date(2027, 6, 1))
    assert later.persons == build_demo_registry(2026, 120, AS_OF).persons
    assert later.accounts == build_demo_registry(2026, 120, AS_OF).accounts


def test_demo_people_are_believable():
    plan = build_demo_registry(2026, 240, AS_OF)
    assert len(plan.persons) == 240
    assert len({p["id_number"] for p in plan.persons}) == 240
    for person in plan.persons:
        resident = parse_id(person["id_number"], today=AS_OF)
        assert resident.birth_date.isoformat() == person["birth_date"]
        assert resident.sex == person["sex"]
        assert 2 <= len(person["name"]) <= 3
    ages = {AS_OF.year - int(p["birth_date"][:4]) for p in plan.persons}
    assert any(a < 6 for a in ages) and any(6 <= a < 16 for a in ages)
    assert any(16 <= a < 20 for a in ages) and any(a >= 60 for a in ages)
    kinds = {e["counterparty_kind"] for e in plan.ledger_entries}
    assert {"employer", "hospital", "pharmacy"} <= kinds
    months = {e["entry_date"][:7] for e in plan.ledger_entries}
    assert len(months) >= 30  # several years of monthly allocations
    assert {c["status"] for c in plan.contributions} == {"paid", "arrears"}
    assert {p["status"] for p in plan.persons} >= {"active", "suspended"}


def test_no_account_is_overdrawn():
    plan = build_demo_registry(2026, 240, AS_OF)
    balance: dict[str, int] = {}
    for entry in sorted(plan.ledger_entries, key=lambda e: (e["entry_date"], e["reference"])):
        sign = 1 if entry["kind"] == "credit" else -1
        balance[entry["id_number"]] = (
            balance.get(entry["id_number"], 0) + sign * entry["amount_cents"]
        )
        assert balance[entry["id_number"]] >= 0


def test_demo_accounts_log_in_with_their_listed_passwords(db_path):
    accounts = demo_accounts(open_database(db_path))
    assert len(accounts) == 5
    assert all(a.password_works for a in accounts)
    assert any("lives alone" in a.note for a in accounts)


def test_init_demo_and_demo_accounts_commands(tmp_path):
    db = tmp_path / "demo.db"
    runner = CliRunner()
    result = runner.invoke(main, ["init", "--demo", "--people", "60", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Demo registry: 60 people" in result.output
    listed = runner.invoke(main, ["demo-accounts", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "Demo-Pass-01" in listed.output


def test_demo_accounts_without_a_database_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["demo-accounts", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "kiosk init --demo" in result.output


def _addable(output: str) -> dict[str, tuple[str, str, str] | None]:
    """Holder's ID number -> (member's ID number, relationship, name), or None for no one."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Holder"))
    listed: dict[str, tuple[str, str, str] | None] = {}
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        holder, rest = line.split(maxsplit=1)
        if rest.startswith("(no one"):
            listed[holder] = None
        else:
            member_id, relationship, name = rest.split(maxsplit=2)
            listed[holder] = (member_id, relationship, name)
    return listed


def _listed(db_path):
    result = CliRunner().invoke(main, ["demo-accounts", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return _addable(result.output)


def _accepted(terminal, holder, member) -> bool:
    """The member form's own check (the call the wizard makes) for this holder."""
    session = CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")
    member_id, relationship, name = member
    return terminal.family.check(session, member_id, name, relationship).ok


def test_demo_accounts_lists_a_family_member_each_holder_can_add(db_path, config):
    listed = _listed(db_path)
    terminal = Terminal(config)
    holders = demo_accounts(terminal.store)
    assert set(listed) == {h.id_number for h in holders}
    for holder in holders:
        member = listed[holder.id_number]
        if holder.note == "lives alone":
            assert member is None
            continue
        assert member is not None, holder
        assert _accepted(terminal, holder, member), (holder, member)
    terminal.close()


def test_demo_accounts_lists_no_one_already_in_the_family_account(db_path, config):
    # Once the listed child is submitted (pending), the listing names someone else who
    # can still be added, or says there is no one.
    terminal = Terminal(config)
    holder = demo_accounts(terminal.store)[0]
    member_id, relationship, name = _listed(db_path)[holder.id_number]
    session = CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")
    person = {"id_number": member_id, "name": name}
    outcome, submitted = submit(terminal, session, person, relationship, password=holder.password)
    assert submitted is not None, outcome
    after = _listed(db_path)[holder.id_number]
    assert after is None or after[0] != member_id
    if after is not None:
        assert _accepted(terminal, holder, after)
    terminal.close()
