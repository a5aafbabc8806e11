"""The rounds in the background of `kiosk serve` and `kiosk run` when [central] is set: one
runner per hall machine (the server's, not one per connection), a round every interval, a
failing round one line in the log and the next interval tries again. Real processes, a real
PostgreSQL."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
from pathlib import Path

import psutil
import psycopg

from kiosk.services.background_sync import lock_path
from kiosk.services.central import add_hall
from tests.central.test_sync import add_events
from tests.helpers.served import listening, serving, wait
from tests.unit.test_pty_escapes import BIN, read_until

GUARD = 90.0  # seconds: only a hang gets this far


def write_config(path: Path, db_path: Path, url: str, hall: str = "north") -> Path:
    path.write_text(
        f'database = "{db_path}"\nlanguage = "en"\nlog_file = "{path.parent / "kiosk.log"}"\n\n'
        f'[central]\nurl = "{url}"\nhall = "{hall}"\ninterval_seconds = 1\n\n'
        f'[serve]\nport = 1\ntitle = "Test Hall"\n',
        encoding="utf-8",
    )
    return path


def central_count(url: str, query: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    return int(row[0])


def hall_count(db_path: Path, query: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(query).fetchone()[0])


def log_of(config: Path) -> str:
    log = config.parent / "kiosk.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def runners(pid: int) -> list[psutil.Process]:
    """The round runners among a process's children."""
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "--background" in child.cmdline():
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def test_a_served_hall_pushes_what_its_kiosks_write_in_the_background(
    central_url: str, db_path: Path, tmp_path: Path
) -> None:
    access = add_hall(central_url, "north")
    config = write_config(tmp_path / "kiosk.toml", db_path, access.url)
    with serving(db_path, config) as served:
        wait(lambda: runners(served.process.pid), "the round runner starts", GUARD)
        add_events(db_path, 3)  # as a kiosk of this hall writes them
        written = hall_count(db_path, "SELECT count(*) FROM outbox")
        wait(
            lambda: central_count(central_url, "SELECT count(*) FROM events") == written,
            "the events reach the central",
            GUARD,
        )
        wait(
            lambda: hall_count(db_path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0,
            "the hall marks them sent",
            GUARD,
        )
        assert len(runners(served.process.pid)) == 1
        runner = runners(served.process.pid)[0]
    # the runner ends with the server
    wait(lambda: not runner.is_running() or runner.status() == psutil.STATUS_ZOMBIE, "runner ends")
    text = log_of(config)
    assert "sync rounds in the background: hall north, every 1 s" in text
    assert "Traceback" not in text and "failed" not in text, text


def test_a_failing_round_is_one_line_and_the_next_interval_tries_again(
    central_url: str, db_path: Path, tmp_path: Path, postgres
) -> None:
    access = add_hall(central_url, "north")
    url = access.url.replace(f":{postgres.port}/", ":1/")  # nothing listens there
    config = write_config(tmp_path / "kiosk.toml", db_path, url)
    with serving(db_path, config) as served:
        wait(lambda: log_of(config).count("sync round failed") >= 2, "two failed rounds", GUARD)
        assert listening(served.port)  # the hall goes on serving
    failed = [line for line in log_of(config).splitlines() if "sync round failed" in line]
    assert all("cannot reach the central database" in line for line in failed), failed
    assert "Traceback" not in log_of(config)


def test_kiosk_run_on_its_own_pushes_in_the_background_without_blocking_the_screen(
    central_url: str, db_path: Path, tmp_path: Path
) -> None:
    access = add_hall(central_url, "north")
    config = write_config(tmp_path / "kiosk.toml", db_path, access.url)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    child = subprocess.Popen(
        [str(BIN / "kiosk"), "run", "--config", str(config)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        cwd=tmp_path,
    )
    os.close(slave)
    try:
        out = read_until(master, b"", [b"Other ways to check"])
        os.write(master, b"\r")  # "Log in"
        out = read_until(master, out, [b"ID number"])
        os.write(master, b"110108197608175698\tDemo-Pass-01\r")  # the demo holder
        out = read_until(master, out, [b"Account balance"], timeout=60)
        assert b"Account balance" in out  # a citizen is served while the rounds run
        # what this kiosk wrote (its start, the login) reaches the central
        last = hall_count(db_path, "SELECT max(seq) FROM audit_log")
        wait(
            lambda: (
                central_count(central_url, "SELECT coalesce(max(seq), 0) FROM audit_rows") >= last
            ),
            "the kiosk's audit rows reach the central",
            GUARD,
        )
        assert len(runners(child.pid)) == 1
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)
    assert "Traceback" not in log_of(config)


def test_one_runner_per_hall_machine(central_url: str, db_path: Path, tmp_path: Path) -> None:
    """A second runner on the same hall file waits for the first's lock, then takes over."""
    access = add_hall(central_url, "north")
    config = write_config(tmp_path / "kiosk.toml", db_path, access.url)
    command = [sys.executable, "-m", "kiosk", "sync", "--background", "--config", str(config)]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait(lambda: "sync rounds in the background" in log_of(config), "first runner", GUARD)
        second = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # the lock is held: the second can take it only when the first is gone
            fd = os.open(lock_path(db_path), os.O_RDWR)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    raise AssertionError("the runner's lock is free")
                except BlockingIOError:
                    pass
            finally:
                os.close(fd)
            assert log_of(config).count("sync rounds in the background") == 1
            first.kill()
            first.wait()
            wait(
                lambda: log_of(config).count("sync rounds in the background") == 2,
                "the second runner takes over",
                GUARD,
            )
        finally:
            second.kill()
            second.wait()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
