"""Faults between a hall and the central office (issue 15): the central unreachable (stopped,
a wrong port, the line cut mid-transfer by a local TCP proxy), `kiosk sync` SIGKILLed at
random moments, the PostgreSQL server SIGKILLed during a round, two halls at once, a hall
syncing while its kiosks write. After each: the central holds each of the hall's rows
exactly once, nothing is marked sent that the central did not commit, and the hall's chain
verifies at the central. Real processes, a real PostgreSQL, real hall files."""

from __future__ import annotations

import random
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest

from kiosk.config import load
from kiosk.demo.builder import demo_accounts
from kiosk.services.terminal import Terminal
from tests.helpers.postgres import PostgresServer
from tests.helpers.sync_faults import (
    HANG_GUARD,
    Hall,
    command,
    exactly_once,
    fill,
    kill_rounds,
    make_hall,
    nothing_marked_that_the_central_lacks,
    start_sync,
    sync_once,
    with_url,
)
from tests.helpers.tcp_proxy import TcpProxy


@pytest.fixture
def north(central_url: str, db_path: Path, tmp_path: Path) -> Hall:
    return make_hall(central_url, tmp_path / "north", "north", db_path)


def unsent(hall: Hall) -> int:
    import sqlite3

    with sqlite3.connect(hall.db) as conn:
        return int(conn.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0])


def central_count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def a_citizen_logs_in(hall: Hall) -> None:
    """What the hall does meanwhile: a kiosk logs a citizen in (and writes its audit row)."""
    terminal = Terminal(load(str(hall.config)))
    try:
        holder = demo_accounts(terminal.store)[0]
        assert terminal.accounts.log_in(holder.id_number, holder.password).ok
    finally:
        terminal.close()


def sync_status(hall: Hall) -> str:
    done = subprocess.run(
        command("sync", "status", "--config", str(hall.config)),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=True,
    )
    return done.stdout


# --- the central unreachable ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["stopped", "wrong_port", "cut_at_once", "cut_mid_transfer"])
def test_an_unreachable_central_is_one_line_and_the_next_round_catches_up(
    central_url: str, north: Hall, postgres: PostgresServer, how: str
) -> None:
    fill(north.db, 1200, 1200)  # several batches of each kind
    waiting = unsent(north)
    proxy = TcpProxy("127.0.0.1", postgres.port)
    with proxy:
        url = north.config.read_text().split('url = "')[1].split('"')[0]
        through_proxy = with_url(north, url.replace(f":{postgres.port}/", f":{proxy.port}/"))
        hall = north
        if how == "wrong_port":
            hall = with_url(north, url.replace(f":{postgres.port}/", ":1/"))
        elif how.startswith("cut"):
            hall = through_proxy
            if how == "cut_at_once":
                proxy.cut()
            else:
                proxy.cut_after(40_000)  # into the events' batches
        try:
            if how == "stopped":
                postgres.kill()
            failed = sync_once(hall)
            a_citizen_logs_in(north)  # the hall goes on serving citizens
        finally:
            if how == "stopped":
                postgres.start()
        assert failed.returncode == 1, failed.stdout + failed.stderr
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1, failed.stderr
        assert lines[0].startswith(
            ("Error: cannot reach the central database", "Error: lost the central database")
        ), lines
        assert "Traceback" not in failed.stderr
        assert nothing_marked_that_the_central_lacks(central_url, north) == []
        if how != "cut_mid_transfer":
            assert unsent(north) == waiting  # nothing went
        else:
            assert proxy.cuts == 1
        status = sync_status(north)
        assert "last try failed: " in status, status
        # the central is back (the line restored): the next round catches up, each row once
        proxy.restore()
        done = sync_once(through_proxy if how.startswith("cut") else north)
        assert done.returncode == 0, done.stdout + done.stderr
    assert exactly_once(central_url, north) == []
    assert "last try failed" not in sync_status(north)


# --- SIGKILL -------------------------------------------------------------------------------


def test_kiosk_sync_killed_at_random_moments_leaves_each_row_once(
    central_url: str, north: Hall
) -> None:
    fill(north.db, 1200, 1200)
    killed = kill_rounds(north, 5, random.Random(15))
    assert killed  # some rounds may end before their kill, not all
    done = sync_once(north)
    assert done.returncode == 0, done.stderr
    assert exactly_once(central_url, north) == []


@pytest.mark.parametrize("reached", [1, 700])
def test_the_central_killed_during_a_round_leaves_each_row_once(
    central_url: str, north: Hall, postgres: PostgresServer, reached: int
) -> None:
    """SIGKILL of the PostgreSQL server once it holds `reached` of the hall's events, then
    start() again: the round fails in one line, the next one catches up."""
    fill(north.db, 1500, 1500)
    child = subprocess.Popen(
        command("sync", "--once", "--config", str(north.config)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    try:
        while central_count(central_url, "events") < reached and child.poll() is None:
            assert time.monotonic() - started < HANG_GUARD, "hang guard"
            time.sleep(0.002)
        assert child.poll() is None, "the round ended before the kill"
        postgres.kill()
        _, err = child.communicate(timeout=HANG_GUARD)
    finally:
        if postgres.process is None:
            postgres.start()
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 1, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert nothing_marked_that_the_central_lacks(central_url, north) == []
    done = sync_once(north)
    assert done.returncode == 0, done.stderr
    assert exactly_once(central_url, north) == []


# --- at once ---------------------------------------------------------------------------------


def test_two_halls_syncing_at_once_each_land_exactly_once(
    central_url: str, db_path: Path, tmp_path: Path
) -> None:
    halls = [make_hall(central_url, tmp_path / n, n, db_path) for n in ("north", "south")]
    for hall in halls:
        fill(hall.db, 1000, 1000, tag=hall.name)
    # two real rounds per hall at once, racing one another and the other hall's
    children = [start_sync(hall) for hall in halls for _ in range(2)]
    for child in children:
        assert child.wait(HANG_GUARD) == 0
    for hall in halls:
        assert sync_once(hall).returncode == 0
        assert exactly_once(central_url, hall) == []


def test_a_hall_syncing_while_its_kiosks_write_sends_everything_once(
    central_url: str, north: Hall
) -> None:
    stop = threading.Event()
    failures: list[BaseException] = []

    def kiosks_write() -> None:
        """Outbox events, audit rows and account changes, as the hall's kiosks write them."""
        terminal = Terminal(load(str(north.config)))
        try:
            holders = demo_accounts(terminal.store)[:4]
            n = 0
            while not stop.is_set():
                fill(north.db, 20, 20, tag=f"w{n}-")
                holder = holders[n % len(holders)]
                terminal.accounts.log_in(holder.id_number, "a wrong password")  # an audit row
                if n % 12 == 11:  # five wrong ones locked it (an account change): unlock
                    with terminal.store.write() as db:
                        terminal.accounts.unlock(db, holder.id_number)
                n += 1
        except BaseException as err:  # reported below
            failures.append(err)
        finally:
            terminal.close()

    writer = threading.Thread(target=kiosks_write)
    writer.start()
    try:
        for _ in range(4):  # real rounds while the kiosks write
            done = sync_once(north)
            assert done.returncode == 0, done.stderr
    finally:
        stop.set()
        writer.join(HANG_GUARD)
    assert not failures, failures
    assert sync_once(north).returncode == 0
    assert exactly_once(central_url, north) == []
