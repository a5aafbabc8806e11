"""Activation, login, lockout and change of password, through the services, on a real file."""

import pytest
from argon2 import PasswordHasher

from kiosk.demo.builder import demo_accounts
from kiosk.domain import argon2_verify
from kiosk.services.terminal import Terminal
from kiosk.store import accounts as accounts_store


@pytest.fixture
def terminal(config, date_clock):
    return Terminal(config, now=date_clock)


@pytest.fixture
def holder(terminal):
    return demo_accounts(terminal.store)[0]


@pytest.fixture
def newcomer(terminal):
    """An active person with no account yet."""
    rows = terminal.store.db.query(
        "SELECT * FROM persons WHERE status = 'active' AND id_number NOT IN "
        "(SELECT id_number FROM credentials) AND birth_date < '2000-01-01' LIMIT 1"
    )
    return next(rows)


def audit_text(terminal) -> str:
    return "\n".join(str(row) for row in terminal.store.db["audit_log"].rows)


def test_a_demo_holder_logs_in(terminal, holder):
    outcome = terminal.accounts.log_in(holder.id_number, holder.password)
    assert outcome.ok
    assert outcome.session.id_number == holder.id_number
    assert outcome.session.name == holder.name


@pytest.mark.parametrize("typed", ["lowercase", "spaced", "fullwidth"])
def test_the_id_number_may_be_typed_loosely(terminal, holder, typed):
    number = holder.id_number
    variant = {
        "lowercase": number.lower(),
        "spaced": f" {number[:6]} {number[6:14]} {number[14:]} ",
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number),
    }[typed]
    assert terminal.accounts.log_in(variant, holder.password).ok


def test_unknown_id_wrong_password_and_lock_give_one_message(terminal, holder, newcomer):
    unknown = terminal.accounts.log_in(newcomer["id_number"], "whatever-password")
    wrong = terminal.accounts.log_in(holder.id_number, "not-the-password")
    assert unknown.errors == wrong.errors == {"form": "login.failed"}
    for _ in range(4):
        terminal.accounts.log_in(holder.id_number, "not-the-password")
    locked = terminal.accounts.log_in(holder.id_number, holder.password)
    assert locked.errors == {"form": "login.failed"}


def test_an_unknown_id_costs_one_argon2_run_even_first_in_a_new_process(
    terminal, holder, newcomer, monkeypatch
):
    # Each terminal connection of `kiosk serve` is a new process: the dummy hash an unknown
    # ID number is checked against used to be made (a second argon2 run) at its first
    # refusal, which then took twice as long as a wrong password's.
    runs = {"hash": 0, "verify": 0}
    real_hash, real_core = PasswordHasher.hash, argon2_verify.core

    def counted_hash(self, *args, **kwargs):
        runs["hash"] += 1
        return real_hash(self, *args, **kwargs)

    def counted_core(*args, **kwargs):  # one argon2 run of a verify
        runs["verify"] += 1
        return real_core(*args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", counted_hash)
    monkeypatch.setattr(argon2_verify, "core", counted_core)
    unknown = terminal.accounts.log_in(newcomer["id_number"], "whatever-password")
    assert unknown.errors == {"form": "login.failed"}
    assert runs == {"hash": 0, "verify": 1}
    wrong = terminal.accounts.log_in(holder.id_number, "not-the-password")
    assert wrong.errors == {"form": "login.failed"}
    assert runs == {"hash": 0, "verify": 2}


def test_five_failures_lock_for_fifteen_minutes(terminal, holder, date_clock):
    for _ in range(5):
        assert not terminal.accounts.log_in(holder.id_number, "not-the-password").ok
        date_clock.advance(1)
    # The fifth failure came at minute 4: locked until minute 19, even for the right password.
    assert not terminal.accounts.log_in(holder.id_number, holder.password).ok
    date_clock.advance(13)
    assert not terminal.accounts.log_in(holder.id_number, holder.password).ok
    date_clock.advance(1)
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok


def test_a_success_clears_earlier_failures(terminal, holder):
    for _ in range(4):
        terminal.accounts.log_in(holder.id_number, "not-the-password")
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok
    for _ in range(4):
        terminal.accounts.log_in(holder.id_number, "not-the-password")
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok


def test_unknown_ids_lock_too_so_a_lock_reveals_nothing(terminal, newcomer, date_clock):
    for _ in range(5):
        terminal.accounts.log_in(newcomer["id_number"], "whatever-password")
    row = terminal.store.db.execute("SELECT count(*) FROM lockouts WHERE locked_until IS NOT NULL")
    assert row.fetchone()[0] == 1


@pytest.mark.parametrize(
    ("typed", "field", "key"),
    [
        ("", "id_number", "id.empty"),
        ("11010519491231002", "id_number", "id.length"),
        ("11010519491231002X1", "id_number", "id.length"),
        ("110105194912310021", "id_number", "id.checksum"),
        ("1101051949123100AB", "id_number", "id.format"),
    ],
)
def test_bad_id_numbers_get_a_message_next_to_the_field(terminal, typed, field, key):
    assert terminal.accounts.log_in(typed, "some-password").errors == {field: key}


def test_an_empty_password_is_refused_before_any_lookup(terminal, holder):
    assert terminal.accounts.log_in(holder.id_number, "").errors == {"password": "password.empty"}


def test_every_attempt_is_audited_without_password_or_full_id(terminal, holder):
    terminal.accounts.log_in(holder.id_number, "not-the-password")
    terminal.accounts.log_in(holder.id_number, holder.password)
    text = audit_text(terminal)
    assert "login:failure" in text and "login:success" in text
    assert holder.id_number not in text
    assert holder.password not in text and "not-the-password" not in text
    assert holder.id_number[:6] + "********" + holder.id_number[-4:] in text


def test_a_weak_hash_is_upgraded_at_the_next_login(terminal, holder):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(holder.password)
    with terminal.store.write() as db:
        accounts_store.rehash(db, holder.id_number, weak)
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok
    upgraded = accounts_store.password_hash(terminal.store.db, holder.id_number)
    assert upgraded != weak and "m=65536" in upgraded
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok


# --- activation ---------------------------------------------------------------------------


def test_activation_with_matching_details(terminal, newcomer):
    id_number, name, phone = newcomer["id_number"], newcomer["name"], newcomer["phone"]
    assert terminal.accounts.check_identity(id_number, name, phone).ok
    outcome = terminal.accounts.activate(id_number, name, phone, "Kiosk-Pass-77", "Kiosk-Pass-77")
    assert outcome.ok and not outcome.already_active
    assert terminal.accounts.log_in(id_number, "Kiosk-Pass-77").ok
    again = terminal.accounts.check_identity(id_number, name, phone)
    assert again.ok and again.already_active
    assert "account:activate" in audit_text(terminal)


def test_phone_and_name_may_be_typed_loosely(terminal, newcomer):
    phone = newcomer["phone"]
    loose_phone = f"+86 {phone[:3]}-{phone[3:7]} {phone[7:]}"
    assert terminal.accounts.check_identity(
        newcomer["id_number"], f"  {newcomer['name']} ", loose_phone
    ).ok


@pytest.mark.parametrize("wrong", ["name", "phone", "unknown"])
def test_any_mismatch_gives_the_same_message(terminal, newcomer, wrong):
    id_number, name, phone = newcomer["id_number"], newcomer["name"], newcomer["phone"]
    if wrong == "name":
        name = name + "伟"
    elif wrong == "phone":
        phone = "13" + ("0" if phone[2] != "0" else "1") + phone[3:]
    else:
        id_number = "11010519491231002X"
    outcome = terminal.accounts.check_identity(id_number, name, phone)
    assert outcome.errors == {"form": "activate.no_match"}


def test_identity_failures_count_toward_the_lock(terminal, newcomer):
    id_number, name, phone = newcomer["id_number"], newcomer["name"], newcomer["phone"]
    for _ in range(5):
        terminal.accounts.check_identity(id_number, "某某", phone)
    assert terminal.accounts.check_identity(id_number, name, phone).errors == {
        "form": "activate.no_match"
    }


def test_form_errors_are_per_field(terminal):
    outcome = terminal.accounts.check_identity("123", "   ", "12345")
    assert outcome.errors == {
        "id_number": "id.length",
        "name": "activate.name_empty",
        "phone": "activate.phone_invalid",
    }


@pytest.mark.parametrize(
    ("password", "repeated", "errors"),
    [
        ("", "", {"password": "password.empty"}),
        ("short", "short", {"password": "password.too_short"}),
        ("x" * 129, "x" * 129, {"password": "password.too_long"}),
        ("12345678", "12345678", {"password": "password.common"}),
        ("Kiosk-Pass-77", "Kiosk-Pass-78", {"repeated": "password.mismatch"}),
    ],
)
def test_bad_new_passwords_write_nothing(terminal, newcomer, password, repeated, errors):
    outcome = terminal.accounts.activate(
        newcomer["id_number"], newcomer["name"], newcomer["phone"], password, repeated
    )
    assert outcome.errors == errors
    assert accounts_store.credential(terminal.store.db, newcomer["id_number"]) is None


def test_the_birth_date_is_refused_as_a_password(terminal, newcomer):
    born = newcomer["birth_date"]
    outcome = terminal.accounts.activate(
        newcomer["id_number"], newcomer["name"], newcomer["phone"], born, born
    )
    assert outcome.errors == {"password": "password.like_id"}


def test_activation_rechecks_the_identity(terminal, newcomer):
    outcome = terminal.accounts.activate(
        newcomer["id_number"], "冒名顶替", newcomer["phone"], "Kiosk-Pass-77", "Kiosk-Pass-77"
    )
    assert outcome.errors == {"form": "activate.no_match"}
    assert accounts_store.credential(terminal.store.db, newcomer["id_number"]) is None


# --- change of password -------------------------------------------------------------------


def test_change_password_needs_the_old_one(terminal, holder):
    session = terminal.accounts.log_in(holder.id_number, holder.password).session
    wrong = terminal.accounts.change_password(session, "nope-nope", "Fresh-Pass-1", "Fresh-Pass-1")
    assert wrong.errors == {"old": "change_password.old_wrong"}
    same = terminal.accounts.change_password(
        session, holder.password, holder.password, holder.password
    )
    assert same.errors == {"new": "change_password.same"}
    done = terminal.accounts.change_password(
        session, holder.password, "Fresh-Pass-1", "Fresh-Pass-1"
    )
    assert done.ok
    assert not terminal.accounts.log_in(holder.id_number, holder.password).ok
    assert terminal.accounts.log_in(holder.id_number, "Fresh-Pass-1").ok
    assert "Fresh-Pass-1" not in audit_text(terminal)
