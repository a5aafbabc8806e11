"""Staff accounts from the command line, and staff logins at a terminal."""

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.domain.ids import mask_id
from kiosk.services.terminal import Terminal
from kiosk.store import audit as audit_store
from tests.unit.conftest import DateClock


@pytest.fixture
def terminal(config):
    return Terminal(config, now=DateClock())


def run(db_path, *args, password=None):
    stdin = f"{password}\n{password}\n" if password else None
    return CliRunner().invoke(main, [*args, "--db", str(db_path)], input=stdin)


def last_audit(terminal):
    return audit_store.rows(terminal.store.db, limit=1)[0]


def test_an_operator_adds_lists_changes_and_disables_staff(db_path, terminal):
    added = run(
        db_path,
        "staff",
        "add",
        "--staff-id",
        "wang07",
        "--name",
        "王小明",
        "--role",
        "clerk",
        password="Desk-Secret-7",
    )
    assert added.exit_code == 0, added.output
    assert "Added clerk wang07" in added.output
    row = terminal.store.db["staff"].get("wang07")
    assert row["password_hash"].startswith("$argon2id$")
    assert "Desk-Secret-7" not in str(row)
    assert last_audit(terminal)["action"] == "staff:add"

    listed = run(db_path, "staff", "list")
    assert "wang07" in listed.output and "王小明" in listed.output and "clerk" in listed.output

    assert run(db_path, "staff", "role", "wang07", "--role", "supervisor").exit_code == 0
    assert terminal.store.db["staff"].get("wang07")["role"] == "supervisor"
    assert (last_audit(terminal)["action"], last_audit(terminal)["subject"]) == (
        "staff:role",
        "wang07",
    )

    assert run(db_path, "staff", "disable", "wang07").exit_code == 0
    assert last_audit(terminal)["action"] == "staff:disable"
    assert "disabled" in run(db_path, "staff", "list").output


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--staff-id", "a b", "--name", "X", "--role", "clerk"], "Desk-Secret-7", "2 to 32"),
        (
            ["--staff-id", "desk01", "--name", "X", "--role", "clerk"],
            "Desk-Secret-7",
            "already exists",
        ),
        (["--staff-id", "zhao", "--name", "   ", "--role", "clerk"], "Desk-Secret-7", "name"),
        (["--staff-id", "zhao", "--name", "Zhao", "--role", "clerk"], "12345678", "common"),
    ],
)
def test_bad_staff_accounts_are_refused_and_nothing_is_written(
    db_path, terminal, args, password, message
):
    before = terminal.store.db["staff"].count, terminal.store.db["audit_log"].count
    result = run(db_path, "staff", "add", *args, password=password)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert (terminal.store.db["staff"].count, terminal.store.db["audit_log"].count) == before


def test_unknown_staff_id_and_missing_database_are_one_line(db_path, tmp_path):
    assert "no staff account" in run(db_path, "staff", "disable", "ghost").output.lower()
    missing = run(tmp_path / "none.db", "staff", "list")
    assert missing.exit_code == 1 and "kiosk init" in missing.output


def test_staff_log_in_and_out_are_audited(terminal):
    staff_id, name, role, password = DEMO_STAFF[0]
    login = terminal.staff.log_in(staff_id, password)
    assert login.outcome.ok
    assert (login.session.staff_id, login.session.name, login.session.role) == (
        staff_id,
        name,
        role,
    )
    assert last_audit(terminal)["actor"] == f"staff:{staff_id}@KIOSK-01"
    terminal.staff.log_out(login.session, "logout")
    assert last_audit(terminal)["action"] == "staff:logout"


def test_wrong_staff_passwords_lock_like_citizens(config):
    terminal = desk(config)
    staff_id, *_, password = DEMO_STAFF[0]
    for _ in range(5):
        assert terminal.staff.log_in(staff_id, "wrong-password").outcome.errors == {
            "form": "staff_login.failed"
        }
    # Locked now: even the right password gets the same answer.
    assert terminal.staff.log_in(staff_id, password).session is None
    rows = audit_store.rows(terminal.store.db, limit=6)
    assert {r["action"] for r in rows} == {"staff:login_failure"}
    assert password not in str(rows)


def test_a_disabled_account_cannot_log_in(db_path, terminal):
    staff_id, *_, password = DEMO_STAFF[0]
    assert run(db_path, "staff", "disable", staff_id).exit_code == 0
    assert terminal.staff.log_in(staff_id, password).outcome.errors == {
        "form": "staff_login.failed"
    }
    assert run(db_path, "staff", "enable", staff_id).exit_code == 0
    assert terminal.staff.log_in(staff_id, password).session is not None


def test_empty_and_hostile_staff_ids_are_refused_plainly(terminal):
    assert terminal.staff.log_in("", "x").outcome.errors == {"staff_id": "staff.id_empty"}
    assert terminal.staff.log_in("desk01", "").outcome.errors == {"password": "password.empty"}
    hostile = terminal.staff.log_in("[red]x\x1b[2J" * 20, "whatever")
    assert hostile.outcome.errors == {"form": "staff_login.failed"}
    assert len(last_audit(terminal)["subject"]) <= 32


def test_an_operator_gives_a_forgotten_staff_password_and_lifts_the_lock(db_path, config):
    terminal, clock = desk(config), DateClock()
    kiosk = Terminal(config, now=clock)
    staff_id, *_, old = DEMO_STAFF[0]
    for _ in range(5):
        terminal.staff.log_in(staff_id, "wrong-password")
        kiosk.staff.log_in(staff_id, "wrong-password")
        clock.advance(minutes=1)
    assert terminal.staff.log_in(staff_id, old).session is None  # locked
    assert kiosk.accounts.is_locked(f"staff-kiosk:{staff_id}")
    refused = run(db_path, "staff", "password", staff_id, password="short")
    assert refused.exit_code == 1 and "at least 8" in refused.output
    result = run(db_path, "staff", "password", staff_id, password="Brand-New-Desk-7")
    assert result.exit_code == 0, result.output
    assert last_audit(terminal)["action"] == "staff:password"
    assert "Brand-New-Desk-7" not in str(audit_store.rows(terminal.store.db, limit=3))
    assert terminal.staff.log_in(staff_id, old).session is None
    assert terminal.staff.log_in(staff_id, "Brand-New-Desk-7").session is not None
    assert kiosk.staff.log_in(staff_id, "Brand-New-Desk-7").session is not None


def desk(config):
    return Terminal(config.replace(mode="staff", terminal="DESK-01"), now=DateClock())


def test_a_countersignature_is_refused_while_the_staff_login_is_locked(config):
    terminal = desk(config)
    staff_id, *_, password = DEMO_STAFF[0]
    clerk = terminal.staff.log_in(staff_id, password).session
    other = desk(config)  # someone guesses the clerk's password at another desk
    for _ in range(5):
        other.staff.log_in(staff_id, "wrong-password")
    assert terminal.accounts.is_locked(f"staff:{staff_id}")
    assert terminal.staff.confirm(clerk, password) is False
    row = last_audit(terminal)
    assert row["action"] == "staff:confirm_failure" and password not in str(row)


def test_a_failed_staff_login_keeps_nothing_of_what_was_typed(terminal):
    # A citizen pressed the staff key and typed their ID number and password.
    holder = demo_accounts(terminal.store)[0]
    staff_id, *_, staff_password = DEMO_STAFF[0]
    assert terminal.staff.log_in(holder.id_number, holder.password).session is None
    assert terminal.staff.log_in(staff_id, holder.password).session is None
    rows = list(terminal.store.db.query("SELECT * FROM audit_log"))
    assert {r["action"] for r in rows[-2:]} == {"staff:login_failure"}
    text = str(rows)
    assert holder.id_number not in text and holder.password not in text
    failures = str(rows[-2:])  # not even masked, nor a real staff ID: only a keyed hash
    assert mask_id(holder.id_number) not in failures and staff_id not in failures


def test_staff_logins_at_a_kiosk_are_slowed_per_terminal_and_never_lock_the_desk(config):
    clock = DateClock()
    kiosk = Terminal(config, now=clock)  # a self-service terminal (mode "citizen")
    (staff_id, *_, password), (other_id, *_, other_password) = DEMO_STAFF
    failed, wait = {"form": "staff_login.failed"}, {"form": "staff_login.wait"}

    def tries(who, typed):
        return kiosk.staff.log_in(who, typed).outcome.errors

    assert [tries(staff_id, "wrong-password") for _ in range(3)] == [failed] * 3
    # Then a wait of 2 s, 4 s, 8 s...: nothing is tried in it, whoever it is for.
    assert tries(staff_id, password) == wait
    assert tries(other_id, other_password) == wait
    clock.advance(seconds=2)
    assert tries(staff_id, "wrong-password") == failed
    clock.advance(seconds=3)
    assert tries(staff_id, "wrong-password") == wait
    clock.advance(seconds=1)
    assert tries(staff_id, "wrong-password") == failed  # the fifth: locked at kiosks
    clock.advance(seconds=7)
    assert tries(staff_id, password) == wait
    clock.advance(seconds=1)
    assert tries(staff_id, password) == failed
    assert kiosk.accounts.is_locked(f"staff-kiosk:{staff_id}")

    # ...but the account still works at a desk, and its lock was never touched.
    assert not kiosk.accounts.is_locked(f"staff:{staff_id}")
    at_desk = Terminal(config.replace(mode="staff", terminal="DESK-01"), now=clock)
    assert at_desk.staff.log_in(staff_id, password).session is not None
    # Another kiosk is not slowed by this one's failures.
    other_kiosk = Terminal(config.replace(terminal="KIOSK-02"), now=clock)
    assert other_kiosk.staff.log_in(other_id, other_password).session is not None
    # A quiet quarter of an hour forgets this terminal's failures.
    clock.advance(minutes=16)
    assert tries(other_id, other_password) == {}
