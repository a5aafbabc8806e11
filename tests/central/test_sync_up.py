"""What goes up besides the outbox: account changes and audit rows, each once, the audit
chain checked at the central as it arrives; `kiosk sync status`, `kiosk central status`
and `kiosk central audit verify`. A real PostgreSQL and real hall files throughout."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import errors

from kiosk.cli import main
from kiosk.config import load
from kiosk.demo.builder import demo_accounts
from kiosk.domain.audit import GENESIS, chain_hash
from kiosk.services.central import add_hall
from kiosk.services.database import open_database
from kiosk.services.sync_up import push_round
from kiosk.services.terminal import Terminal
from tests.central.test_sync import write_config

START = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


def sync_once(config: Path):
    return CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])


def hall_rows(db_path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(query).fetchall()


def central_rows(url: str, query: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture
def hall_config(central_url: str, db_path: Path, tmp_path: Path) -> Path:
    access = add_hall(central_url, "north")
    return write_config(tmp_path / "kiosk.toml", db_path, access.url, "north")


def change_accounts(hall_config: Path) -> str:
    """At the hall: a holder changes their password, another is locked by wrong passwords.
    Returns the locked one's ID number."""
    terminal = Terminal(load(str(hall_config)), now=lambda: START)
    try:
        first, second = demo_accounts(terminal.store)[:2]
        session = terminal.accounts.log_in(first.id_number, first.password).session
        assert session is not None
        changed = terminal.accounts.change_password(
            session, first.password, "a-new-password-2026", "a-new-password-2026"
        )
        assert changed.ok, changed.errors
        for _ in range(5):
            terminal.accounts.log_in(second.id_number, "not-the-password")
        assert terminal.accounts.is_locked(second.id_number)
        return second.id_number
    finally:
        terminal.close()


def tamper(db_path: Path, seq: int) -> None:
    """Edit an audit row in the hall's file as someone holding it could (guards dropped)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET detail = '{\"edited\": true}' WHERE seq = ?", (seq,))
    finally:
        conn.close()


# --- account changes ------------------------------------------------------------------------


def test_account_changes_go_up_once_even_when_resent(
    central_url: str, db_path: Path, hall_config: Path
) -> None:
    locked = change_accounts(hall_config)
    recorded = hall_rows(
        db_path, "SELECT id, id_number, kind, state, password_hash FROM account_outbox ORDER BY id"
    )
    kinds = [kind for _, _, kind, _, _ in recorded]
    assert kinds.count("activated") == len(kinds) - 2  # the demo's accounts, then:
    assert kinds[-2:] == ["password", "locked"]
    result = sync_once(hall_config)
    assert result.exit_code == 0, result.output
    assert f"sync: {len(recorded)} account changes sent, 0 already at the central" in result.output
    at_central = central_rows(
        central_url,
        "SELECT change_id, id_number, kind, state, password_hash FROM account_changes "
        "WHERE hall = 'north' ORDER BY change_id",
    )
    assert at_central == recorded
    # the password hash that went up is the one the hall checks logins against
    current = dict(hall_rows(db_path, "SELECT id_number, password_hash FROM credentials"))
    assert at_central[-2][4] == current[at_central[-2][1]]
    assert at_central[-1][1:4] == (locked, "locked", "locked")
    assert hall_rows(db_path, "SELECT count(*) FROM account_outbox WHERE sent_at IS NULL") == [(0,)]

    # the hall died after the central committed, before its own mark: all of it again
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE account_outbox SET sent_at = NULL")
    again = sync_once(hall_config)
    assert again.exit_code == 0, again.output
    assert f"sync: 0 account changes sent, {len(recorded)} already at the central" in again.output
    assert central_rows(central_url, "SELECT count(*) FROM account_changes") == [(len(recorded),)]


def test_a_desk_reset_and_unlock_go_up_as_the_accounts_state(
    central_url: str, db_path: Path, hall_config: Path
) -> None:
    locked = change_accounts(hall_config)
    terminal = Terminal(load(str(hall_config)), now=lambda: START)
    try:
        with terminal.store.write() as db:
            assert terminal.accounts.unlock(db, locked)
    finally:
        terminal.close()
    assert sync_once(hall_config).exit_code == 0
    rows = central_rows(
        central_url,
        "SELECT kind, state, locked_until IS NOT NULL FROM account_changes "
        "WHERE id_number = %s ORDER BY change_id",
        (locked,),
    )
    assert rows[-2:] == [("locked", "locked", True), ("unlocked", "active", False)]


# --- audit rows -------------------------------------------------------------------------------


def test_audit_rows_go_up_in_order_once_even_when_resent(
    central_url: str, db_path: Path, hall_config: Path
) -> None:
    change_accounts(hall_config)
    hall = hall_rows(
        db_path,
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log "
        "ORDER BY seq",
    )
    assert len(hall) > 3
    result = sync_once(hall_config)
    assert result.exit_code == 0, result.output
    assert f"sync: {len(hall)} audit rows sent, 0 already at the central" in result.output
    query = (
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_rows "
        "WHERE hall = 'north' ORDER BY seq"
    )
    assert central_rows(central_url, query) == hall
    # the hall died before it moved its mark: every row again, each taken once
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM kiosk_meta WHERE key = 'central_audit_sent'")
    again = sync_once(hall_config)
    assert again.exit_code == 0, again.output
    assert f"sync: 0 audit rows sent, {len(hall)} already at the central" in again.output
    assert central_rows(central_url, query) == hall


def test_a_tampered_hall_row_is_refused_at_the_central_naming_it(
    central_url: str, db_path: Path, hall_config: Path
) -> None:
    assert sync_once(hall_config).exit_code == 0
    (sent,) = hall_rows(db_path, "SELECT max(seq) FROM audit_log")[0]
    change_accounts(hall_config)  # new audit rows, not yet sent
    edited = sent + 2
    tamper(db_path, edited)
    result = sync_once(hall_config)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: audit row {edited} of hall north refused: its content does not match its hash"
    )
    # the rows before it went up, nothing from it on
    assert central_rows(central_url, "SELECT max(seq) FROM audit_rows WHERE hall = 'north'") == [
        (edited - 1,)
    ]
    # the account changes made meanwhile went up all the same
    assert central_rows(central_url, "SELECT count(*) FROM account_changes WHERE kind = 'locked'")
    status = CliRunner().invoke(main, ["sync", "status", "--config", str(hall_config)])
    assert status.exit_code == 0, status.output
    assert f"audit row {edited} of hall north refused" in status.output
    assert "refused: " in status.output
    # the central's record of the round names it too
    central = CliRunner().invoke(main, ["central", "status", "--url", central_url])
    assert f"refused in that round: audit row {edited} of hall north refused" in central.output
    assert "audit chain: holds" in central.output  # what it took is whole


def test_a_hall_role_cannot_insert_a_row_that_breaks_its_chain(
    central_url: str, hall_config: Path
) -> None:
    url = load(str(hall_config)).central.url
    assert url is not None
    insert = (
        "INSERT INTO audit_rows (hall, seq, at, actor, action, subject, detail, prev_hash, hash) "
        "VALUES ('north', %s, %s, 'kiosk', 'login', '', '', %s, %s)"
    )
    first = chain_hash(GENESIS, "t1", "kiosk", "login", "", "")
    second = chain_hash(first, "t2", "kiosk", "login", "", "")
    refusals = [
        ((1, "t1", GENESIS, "0" * 64), "audit row 1 of hall north refused: its content"),
        ((2, "t2", first, second), "audit row 2 of hall north refused: the last row received is 0"),
        (
            (1, "t1", "f" * 64, chain_hash("f" * 64, "t1", "kiosk", "login", "", "")),
            "hash of row 0",
        ),
    ]
    with psycopg.connect(url, autocommit=True) as conn:
        for values, message in refusals:
            with pytest.raises(psycopg.Error, match=message) as caught:
                conn.execute(insert, values)
            assert caught.value.sqlstate == "KC001"
        conn.execute(insert, (1, "t1", GENESIS, first))
        conn.execute(insert, (1, "t1", GENESIS, first))  # the same row again: a no-op
        with pytest.raises(psycopg.Error, match="differs from the row received before"):
            conn.execute(
                insert, (1, "t9", GENESIS, chain_hash(GENESIS, "t9", "kiosk", "login", "", ""))
            )
        conn.execute(insert, (2, "t2", first, second))
        # nor rewrite what it sent, nor switch the check off
        for statement in (
            "UPDATE audit_rows SET detail = 'x'",
            "DELETE FROM audit_rows",
            "ALTER TABLE audit_rows DISABLE TRIGGER audit_rows_continue_chain",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
        with pytest.raises(psycopg.Error):
            conn.execute("SET session_replication_role = replica")
    assert central_rows(central_url, "SELECT seq FROM audit_rows ORDER BY seq") == [(1,), (2,)]


def test_the_centrals_chain_hash_is_the_halls(central_url: str) -> None:
    awkward = ["plain", 'quote " and \\ back', "tab\tnew\nline\r\x01\x1f\x7f", "中文 é ☃ 𝄞", ""]
    with psycopg.connect(central_url) as conn:
        for text in awkward:
            fields = ("p" * 64, text, "actor", text, text, text)
            (central,) = conn.execute(
                "SELECT audit_chain_hash(%s, %s, %s, %s, %s, %s)", fields
            ).fetchone()
            assert central == chain_hash(*fields)


# --- two halls at once ------------------------------------------------------------------------


def test_two_halls_pushing_at_once_each_land_exactly_once(
    central_url: str, db_path: Path, tmp_path: Path
) -> None:
    configs = []
    for hall in ("north", "south"):
        folder = tmp_path / hall
        folder.mkdir()
        shutil.copy(db_path, folder / "kiosk.db")
        access = add_hall(central_url, hall)
        configs.append(write_config(folder / "kiosk.toml", folder / "kiosk.db", access.url, hall))
    for config in configs:
        change_accounts(config)
    failures: list[BaseException] = []

    def round_of(config: Path) -> None:
        loaded = load(str(config))
        store = open_database(loaded.database)
        try:
            for _ in range(3):  # rounds racing one another, and the other hall's
                push_round(store, loaded.central)
        except BaseException as err:  # reported below
            failures.append(err)
        finally:
            store.close()

    threads = [threading.Thread(target=round_of, args=(c,)) for c in configs for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)  # hang guard
    assert not failures
    for config in configs:
        hall = load(str(config)).central.hall
        database = load(str(config)).database
        for table, hall_query in (
            ("events", "SELECT count(*) FROM outbox"),
            ("account_changes", "SELECT count(*) FROM account_outbox"),
            ("audit_rows", "SELECT count(*) FROM audit_log"),
        ):
            (count,) = hall_rows(database, hall_query)[0]
            assert central_rows(
                central_url, f"SELECT count(*) FROM {table} WHERE hall = %s", (hall,)
            ) == [(count,)], table
    verify = CliRunner().invoke(main, ["central", "audit", "verify", "--url", central_url])
    assert verify.exit_code == 0, verify.output


# --- status -----------------------------------------------------------------------------------


def test_sync_status_before_and_after_a_round(db_path: Path, hall_config: Path) -> None:
    def status() -> str:
        result = CliRunner().invoke(main, ["sync", "status", "--config", str(hall_config)])
        assert result.exit_code == 0, result.output
        return result.output

    (events,) = hall_rows(db_path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")[0]
    (changes,) = hall_rows(db_path, "SELECT count(*) FROM account_outbox")[0]
    (rows,) = hall_rows(db_path, "SELECT count(*) FROM audit_log")[0]
    (oldest,) = hall_rows(db_path, "SELECT min(at) FROM audit_log")[0]
    before = status().splitlines()
    assert before[0] == "central office: hall north"
    assert before[1] == f"waiting to go up: {events + changes + rows}"
    assert f"  audit rows: {rows} (oldest {oldest})" in before
    assert f"  account changes: {changes}" in before[3]
    assert "last round: none yet" in before
    assert before[-1] == "registry cursor: none yet"
    assert sync_once(hall_config).exit_code == 0
    with sqlite3.connect(db_path) as conn:  # as the pull will write it
        conn.execute("INSERT INTO kiosk_meta (key, value) VALUES ('registry_cursor', '4127')")
    after = status().splitlines()
    assert after[1:5] == [
        "waiting to go up: 0",
        "  events: 0",
        "  account changes: 0",
        "  audit rows: 0",
    ]
    assert after[5].startswith("last round: ")
    assert after[5].endswith(
        f": sent {events} events, {changes} account changes, {rows} audit rows"
    )
    assert after[-1] == "registry cursor: 4127"


def test_sync_status_without_a_central(db_path: Path) -> None:
    result = CliRunner().invoke(main, ["sync", "status", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "central office: not configured (no [central] section)"


def test_central_status_and_verify(central_url: str, db_path: Path, hall_config: Path) -> None:
    add_hall(central_url, "south")  # never synced
    change_accounts(hall_config)  # audit rows beside the demo's one
    assert sync_once(hall_config).exit_code == 0
    (rows,) = hall_rows(db_path, "SELECT count(*) FROM audit_log")[0]
    (events,) = hall_rows(db_path, "SELECT count(*) FROM outbox")[0]
    (changes,) = hall_rows(db_path, "SELECT count(*) FROM account_outbox")[0]
    result = CliRunner().invoke(main, ["central", "status", "--url", central_url])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("hall north: last round 20")
    assert lines[1:3] == [
        f"  sent: {events} events, {changes} account changes, {rows} audit rows",
        f"  audit chain: holds ({rows} rows)",
    ]
    assert lines[3:] == [
        "hall south: last round none yet",
        "  sent: 0 events, 0 account changes, 0 audit rows",
        "  audit chain: holds (0 rows)",
    ]
    verify = CliRunner().invoke(
        main, ["central", "audit", "verify", "--url", central_url, "--hall", "north"]
    )
    assert verify.exit_code == 0
    assert verify.output == f"hall north: audit chain intact: {rows} rows received\n"
    # someone with the owner's rights edits a row at the central: verify names it
    with psycopg.connect(central_url) as conn:
        conn.execute("UPDATE audit_rows SET detail = 'edited' WHERE hall = 'north' AND seq = 2")
    broken = CliRunner().invoke(main, ["central", "audit", "verify", "--url", central_url])
    assert broken.exit_code == 1
    assert broken.output.splitlines() == [
        "hall north: audit chain broken at row 2: "
        + broken.output.split("row 2: ", 1)[1].splitlines()[0],
        "hall south: audit chain intact: 0 rows received",
    ]
    assert (
        "audit chain: broken at row 2"
        in CliRunner().invoke(main, ["central", "status", "--url", central_url]).output
    )
    unknown = CliRunner().invoke(
        main, ["central", "audit", "verify", "--url", central_url, "--hall", "east"]
    )
    assert unknown.exit_code == 1 and "no hall named east" in unknown.output


# --- a real `kiosk sync --once` killed mid-round ----------------------------------------------

HANG_GUARD = 120.0  # seconds: only a hang gets this far


def fill_hall(db_path: Path, events: int, audit_rows: int) -> None:
    """Many events and audit rows, so a round takes several batches of each."""
    from kiosk.services import audit
    from kiosk.store import family as family_store

    store = open_database(db_path)
    try:
        with store.write() as db:
            for n in range(events):
                family_store.add_outbox(db, "test.event", f'{{"n": {n}}}', "2026-11-01T09:00:00")
            for n in range(audit_rows):
                audit.record(db, "test", "test:row", str(n), n=n)
    finally:
        store.close()


@pytest.mark.parametrize(
    "kills", [(("events", 1),), (("events", 600), ("audit_rows", 1), ("audit_rows", 700))]
)
def test_a_sync_killed_mid_round_ends_with_each_row_at_the_central_once(
    central_url: str, db_path: Path, hall_config: Path, kills
) -> None:
    import os
    import signal
    import subprocess
    import time

    from tests.helpers.filesystems import kiosk_command

    fill_hall(db_path, 1200, 1200)

    def count(table: str) -> int:
        return central_rows(central_url, f"SELECT count(*) FROM {table}")[0][0]

    killed = 0
    for table, reached in kills:  # SIGKILL once the central holds this many of that kind
        child = subprocess.Popen(
            kiosk_command("sync", "--once", "--config", str(hall_config)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        try:
            while count(table) < reached and child.poll() is None:
                assert time.monotonic() - started < HANG_GUARD, "hang guard"
                time.sleep(0.002)
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
                killed += 1
        finally:
            child.wait(HANG_GUARD)
    assert killed  # (a round that ended before its kill is fine, but not all of them)
    done = subprocess.run(
        kiosk_command("sync", "--once", "--config", str(hall_config)),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert done.returncode == 0, done.stderr
    for table, hall_query in (
        ("events", "SELECT count(*) FROM outbox"),
        ("account_changes", "SELECT count(*) FROM account_outbox"),
        ("audit_rows", "SELECT count(*) FROM audit_log"),
    ):
        assert count(table) == hall_rows(db_path, hall_query)[0][0], table
    assert hall_rows(db_path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == [(0,)]
    verify = CliRunner().invoke(main, ["central", "audit", "verify", "--url", central_url])
    assert verify.exit_code == 0, verify.output
