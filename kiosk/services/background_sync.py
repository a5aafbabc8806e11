"""The rounds with the central office in the background of `kiosk serve` and `kiosk run`.

One round runner per hall machine, not one per kiosk: `kiosk serve` starts it (each browser
connection is a kiosk process of its own, which starts none), and so does a `kiosk run`
that no server started. The runner is a process of its own (`kiosk sync --background`), so
a round (psycopg, a registry page being written) never takes the Python interpreter from a
screen being drawn, and it writes the hall's file as `kiosk sync` does: short transactions,
the pull paced (kiosk/services/sync_down.py), so it never holds the write lock long.

Two runners on one machine (a `kiosk serve` and a `kiosk run` on the same file) would only
do each round twice, which is safe (each row is taken once at the central); still, the
runner holds an exclusive lock on a file beside the database for as long as it lives, and
a second one waits for it: when the first one ends, the second takes over.

A failing round (the central unreachable, a refused batch, the hall's file busy) is one
line in the kiosk's log; the next interval tries again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from kiosk.config import Config
from kiosk.logs import log, where
from kiosk.services.errors import RecordsUnusable

STOP_SECONDS = 10.0  # how long the kiosk waits for the runner to end at exit


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".sync-lock")


@contextlib.contextmanager
def round_lock(database: Path) -> Iterator[None]:
    """Hold the hall machine's round-runner lock (waits while another runner holds it)."""
    path = lock_path(database)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def one_round(config: Config) -> bool:
    """One round, every failure logged as one line (no traceback, no personal data).
    True when it went through."""
    # here, not at the top: a kiosk that starts the runner never loads psycopg itself
    from kiosk.central.db import CentralError
    from kiosk.services.database import open_database
    from kiosk.services.sync import sync_round

    try:
        store = open_database(config.database)
    except RecordsUnusable as err:
        log.warning("sync round failed: the hall's database: %s", err.kind)
        return False
    try:
        report = sync_round(store, config)
    except CentralError as err:
        log.warning("sync round failed: %s", err)
        return False
    except RecordsUnusable as err:  # TerminalBusy among them: the next round tries again
        log.warning("sync round failed: the hall's database is %s", err.kind)
        return False
    except Exception as err:  # one line; the runner goes on
        log.error("sync round failed: %s at %s", type(err).__name__, where(err) or "?")
        return False
    finally:
        store.close()
    pulled = report.pulled
    if (
        report.events.sent
        or report.account_changes
        or report.audit_rows
        or (pulled is not None and pulled.anything)
    ):
        log.info(
            "sync round: up %d events, %d account changes, %d audit rows; down %d registry "
            "rows, %d account changes, %d decisions",
            report.events.sent,
            report.account_changes,
            report.audit_rows,
            pulled.registry_rows if pulled else 0,
            pulled.accounts if pulled else 0,
            pulled.decisions if pulled else 0,
        )
    if report.refused is not None:
        log.warning("sync round: %s", report.refused)
    return True


def rounds_forever(config: Config, stop: threading.Event | None = None) -> None:
    """The runner's body: take the machine's lock, then a round every interval."""
    stop = stop or threading.Event()
    with round_lock(config.database):
        log.info(
            "sync rounds in the background: hall %s, every %d s",
            config.central.hall,
            config.central.interval_seconds,
        )
        while not stop.is_set():
            one_round(config)
            stop.wait(config.central.interval_seconds)


def start(config: Config, config_file: str | None) -> subprocess.Popen[bytes] | None:
    """Start the hall machine's round runner for this process (None without [central]).
    Call it from the main thread: the runner ends when this process ends, even killed."""
    if not config.central.configured:
        return None
    argv = [sys.executable, "-m", "kiosk", "sync", "--background", "--parent", str(os.getpid())]
    argv += ["--db", str(config.database.resolve())]
    if config_file:
        argv += ["--config", str(Path(config_file).resolve())]
    return subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # it logs to the kiosk's log; a kiosk's screen stays clean
        start_new_session=True,  # a ctrl+c at the terminal is for the kiosk, not for it
    )


def stop(runner: subprocess.Popen[bytes] | None) -> None:
    """End the runner (a round cut short is safe: it resumes next time)."""
    if runner is None or runner.poll() is not None:
        return
    runner.terminate()
    try:
        runner.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        runner.kill()
        runner.wait()
