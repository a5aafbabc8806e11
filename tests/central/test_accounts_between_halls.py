"""Accounts between halls (issue 15): a password changed or an account locked at one hall
reaches another through the central (the pushed account_changes feed `accounts`, which
halls pull); the latest change wins, whichever hall's round goes first. Two real hall
files, a real PostgreSQL."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from kiosk.config import load
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.services.terminal import Terminal
from tests.helpers.sync_faults import Hall, make_hall, sync_once


@pytest.fixture
def halls(central_url: str, db_path: Path, tmp_path: Path) -> tuple[Hall, Hall]:
    north = make_hall(central_url, tmp_path / "north", "north", db_path)
    south = make_hall(central_url, tmp_path / "south", "south", db_path)
    return north, south


@pytest.fixture
def holder(db_path: Path, central_url: str):
    """A demo account holder (active in both halls' files), in the central's registry."""
    terminal = Terminal(load(None).replace(database=db_path))
    try:
        holder = demo_accounts(terminal.store)[0]
        row = terminal.store.db.execute(
            "SELECT id_number, name, phone, sex, birth_date, insurance_type, status, "
            "enrolled_on FROM persons WHERE id_number = ?",
            [holder.id_number],
        ).fetchone()
    finally:
        terminal.close()
    with psycopg.connect(central_url) as conn:
        conn.execute("INSERT INTO persons VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 0)", row)
    return holder


def at(hall: Hall, now: Callable[[], datetime.datetime] | None = None) -> Terminal:
    config = load(str(hall.config))
    return Terminal(config, now=now) if now is not None else Terminal(config)


def round_(hall: Hall) -> None:
    done = sync_once(hall)
    assert done.returncode == 0, done.stdout + done.stderr


def change_password(hall: Hall, holder, old: str, new: str, now=None) -> None:
    terminal = at(hall, now)
    try:
        session = terminal.accounts.log_in(holder.id_number, old).session
        assert session is not None
        assert terminal.accounts.change_password(session, old, new, new).ok
    finally:
        terminal.close()


def lock(hall: Hall, holder, now=None) -> None:
    """Five wrong passwords at `hall`: the account is locked there."""
    terminal = at(hall, now)
    try:
        for _ in range(5):
            terminal.accounts.log_in(holder.id_number, "not-the-password")
        assert terminal.accounts.is_locked(holder.id_number)
    finally:
        terminal.close()


def unlock(hall: Hall, holder, now=None) -> None:
    """A desk's unlock at `hall`."""
    terminal = at(hall, now)
    try:
        with terminal.store.write() as db:
            assert terminal.accounts.unlock(db, holder.id_number)
    finally:
        terminal.close()


def logs_in(hall: Hall, holder, password: str) -> bool:
    terminal = at(hall)
    try:
        return terminal.accounts.log_in(holder.id_number, password).ok
    finally:
        terminal.close()


def test_a_password_changed_at_one_hall_works_at_the_other(halls, holder) -> None:
    north, south = halls
    for hall in halls:
        round_(hall)
    change_password(north, holder, holder.password, "North-pass-2026")
    round_(north)  # up to the central
    round_(south)  # down at the other hall
    assert logs_in(south, holder, "North-pass-2026")
    assert not logs_in(south, holder, holder.password)
    round_(north)  # its own change comes back to it: nothing changes there
    assert logs_in(north, holder, "North-pass-2026")


def test_an_account_locked_at_one_hall_is_locked_at_the_other(halls, holder) -> None:
    north, south = halls
    for hall in halls:
        round_(hall)
    lock(south, holder)
    round_(south)
    round_(north)
    terminal = at(north)
    try:
        assert terminal.accounts.is_locked(holder.id_number)
        assert not terminal.accounts.log_in(holder.id_number, holder.password).ok
    finally:
        terminal.close()
    # the desk at north unlocks: the unlock goes back to south the same way
    unlock(north, holder)
    round_(north)
    round_(south)
    assert logs_in(south, holder, holder.password)


@pytest.mark.parametrize("first", ["earlier", "later"])
def test_the_latest_password_wins_whichever_hall_syncs_first(halls, holder, first) -> None:
    north, south = halls
    for hall in halls:
        round_(hall)
    now = datetime.datetime.now(datetime.UTC)
    # offline, both halls change the password: south an hour from now, north two hours
    change_password(south, holder, holder.password, "South-pass-2026", lambda: now + HOUR)
    change_password(north, holder, holder.password, "North-pass-2026", lambda: now + 2 * HOUR)
    order = [south, north] if first == "earlier" else [north, south]
    for hall in order + order:  # each pushes, then each pulls what the other pushed
        round_(hall)
    for hall in halls:
        assert logs_in(hall, holder, "North-pass-2026"), hall.name
        assert not logs_in(hall, holder, "South-pass-2026"), hall.name


HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize("after", [datetime.timedelta(0), datetime.timedelta(milliseconds=200)])
def test_an_unlock_in_the_same_second_as_the_lock_still_lifts_it(halls, holder, after) -> None:
    """A desk that unlocks in the same second as the lock at another hall (the kiosk's
    clock counts whole seconds: the same time to the second) lifts it there too: the
    central took the unlock after the lock, and the hall that locked agrees."""
    north, south = halls
    for hall in halls:
        round_(hall)
    locked = datetime.datetime.now(datetime.UTC).replace(microsecond=700_000 if after else 0)
    lock(south, holder, lambda: locked)
    round_(south)
    round_(north)
    unlock(north, holder, lambda: locked + after)
    round_(north)
    round_(south)
    assert logs_in(south, holder, holder.password)
    round_(north)
    assert logs_in(north, holder, holder.password)


def test_a_lock_sent_after_an_unlock_of_the_same_second_wins(halls, holder) -> None:
    """The other order of a tie: north unlocks first (the account was locked at both),
    south's lock of the same second reaches the central after it: locked everywhere."""
    north, south = halls
    for hall in halls:
        round_(hall)
    moment = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    for hall in (north, south):
        lock(hall, holder, lambda: moment)
    round_(north)
    unlock(north, holder, lambda: moment)
    round_(north)  # the central: locked, then unlocked
    round_(south)  # south's lock arrives after the unlock: it wins the tie
    round_(north)
    for hall in halls:
        assert not logs_in(hall, holder, holder.password), hall.name


def test_a_desks_temporary_password_stays_at_its_hall(halls, holder) -> None:
    """A one-time password from a desk is for the person standing there: it never works at
    another hall (where it would be neither one-time nor expiring). The password they then
    choose goes everywhere, as any new password does."""
    north, south = halls
    for hall in halls:
        round_(hall)
    terminal = at(north)
    try:
        staff_id, *_, staff_password = DEMO_STAFF[0]
        clerk = terminal.staff.log_in(staff_id, staff_password).session
        outcome, temporary = terminal.desk.reset_password(clerk, holder.id_number)
        assert outcome.ok and temporary is not None
    finally:
        terminal.close()
    round_(north)
    round_(south)
    assert not logs_in(south, holder, temporary.password)
    assert logs_in(south, holder, holder.password)  # until the person chooses a new one
    terminal = at(north)
    try:
        login = terminal.accounts.log_in(holder.id_number, temporary.password)
        assert login.session is not None and login.session.must_change_password
        chosen = "Chosen-pass-2026"
        assert terminal.accounts.replace_temporary(login.session, chosen, chosen).ok
    finally:
        terminal.close()
    round_(north)
    round_(south)
    assert logs_in(south, holder, chosen)
    assert not logs_in(south, holder, holder.password)
    assert not logs_in(south, holder, temporary.password)
