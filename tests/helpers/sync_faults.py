"""Halls, real `kiosk sync --once` processes killed at random moments, and the check that
follows every fault: the central holds each row of the hall exactly once, nothing is marked
sent at the hall that the central did not commit, and the hall's chain verifies at the
central. Shared by tests/central/test_faults.py and tools/sync_kill_soak.py."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from kiosk.services.central import add_hall
from kiosk.services.database import open_database

HANG_GUARD = 120.0  # seconds: only a hang gets this far


@dataclass(frozen=True)
class Hall:
    name: str
    db: Path
    config: Path


def write_config(path: Path, db: Path, url: str, hall: str) -> Path:
    path.write_text(
        f'database = "{db}"\nlog_file = "{path.parent / "kiosk.log"}"\n\n'
        f'[central]\nurl = "{url}"\nhall = "{hall}"\ninterval_seconds = 1\n',
        encoding="utf-8",
    )
    return path


def make_hall(central_url: str, folder: Path, name: str, template: Path) -> Hall:
    """A hall registered at the central, on its own copy of a hall file."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "kiosk.db"
    shutil.copy(template, db)
    access = add_hall(central_url, name)
    return Hall(name, db, write_config(folder / "kiosk.toml", db, access.url, name))


def with_url(hall: Hall, url: str) -> Hall:
    """The same hall reaching the central by another URL (a proxy, a wrong port)."""
    text = hall.config.read_text(encoding="utf-8")
    start = text.index('url = "') + len('url = "')
    end = text.index('"', start)
    config = hall.config.with_name("other.toml")
    config.write_text(text[:start] + url + text[end:], encoding="utf-8")
    return Hall(hall.name, hall.db, config)


def fill(db: Path, events: int, audit_rows: int, tag: str = "") -> None:
    """Outbox events and audit rows written at the hall, as its kiosks write them."""
    from kiosk.services import audit
    from kiosk.store import family as family_store

    store = open_database(db)
    try:
        with store.write() as tx:
            for n in range(events):
                family_store.add_outbox(
                    tx, "test.event", json.dumps({"n": n, "tag": tag}), "2026-11-01T09:00:00"
                )
            for n in range(audit_rows):
                audit.record(tx, "test", "test:row", f"{tag}{n}", n=n)
    finally:
        store.close()


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *args]


def sync_once(hall: Hall) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command("sync", "--once", "--config", str(hall.config)),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


def start_sync(hall: Hall) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command("sync", "--once", "--config", str(hall.config)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_rounds(hall: Hall, kills: int, rng: random.Random, max_delay: float = 2.0) -> int:
    """Start `kiosk sync --once` and SIGKILL it after a random delay, `kills` times, with
    new rows written at the hall before each. Returns how many were killed before they
    ended by themselves."""
    killed = 0
    for n in range(kills):
        fill(hall.db, rng.randint(0, 600), rng.randint(0, 600), tag=f"k{n}-")
        child = start_sync(hall)
        time.sleep(rng.uniform(0.0, max_delay))
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            killed += 1
        child.wait(HANG_GUARD)
    return killed


def _hall(db: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def _central(url: str, query: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


def nothing_marked_that_the_central_lacks(central_url: str, hall: Hall) -> list[str]:
    """Every row the hall has marked sent is at the central."""
    problems = []
    for table, key, hall_query in (
        ("events", "event_id", "SELECT id FROM outbox WHERE sent_at IS NOT NULL"),
        ("account_changes", "change_id", "SELECT id FROM account_outbox WHERE sent_at IS NOT NULL"),
    ):
        marked = {row[0] for row in _hall(hall.db, hall_query)}
        there = {
            row[0]
            for row in _central(
                central_url, f"SELECT {key} FROM {table} WHERE hall = %s", (hall.name,)
            )
        }
        if marked - there:
            problems.append(f"{hall.name}: {len(marked - there)} {table} marked sent, not there")
    sent = _hall(hall.db, "SELECT value FROM kiosk_meta WHERE key = 'central_audit_sent'")
    top = _central(
        central_url, "SELECT coalesce(max(seq), 0) FROM audit_rows WHERE hall = %s", (hall.name,)
    )[0][0]
    if sent and int(sent[0][0]) > top:
        problems.append(f"{hall.name}: audit rows up to {sent[0][0]} marked sent, {top} there")
    return problems


def exactly_once(central_url: str, hall: Hall) -> list[str]:
    """After a round that went through: the central holds each of the hall's rows once
    (its key is the hall's own number: a row twice would be a second number), nothing
    waits, and the hall's chain verifies at the central."""
    problems = nothing_marked_that_the_central_lacks(central_url, hall)
    for table, key, hall_query in (
        ("events", "event_id", "SELECT id FROM outbox ORDER BY id"),
        ("account_changes", "change_id", "SELECT id FROM account_outbox ORDER BY id"),
        ("audit_rows", "seq", "SELECT seq FROM audit_log ORDER BY seq"),
    ):
        at_hall = [row[0] for row in _hall(hall.db, hall_query)]
        at_central = [
            row[0]
            for row in _central(
                central_url,
                f"SELECT {key} FROM {table} WHERE hall = %s ORDER BY {key}",
                (hall.name,),
            )
        ]
        if at_hall != at_central:
            problems.append(
                f"{hall.name}: {table}: {len(at_hall)} at the hall, {len(at_central)} at the "
                f"central ({len(set(at_hall) - set(at_central))} missing)"
            )
    for table in ("outbox", "account_outbox"):
        (waiting,) = _hall(hall.db, f"SELECT count(*) FROM {table} WHERE sent_at IS NULL")[0]
        if waiting:
            problems.append(f"{hall.name}: {waiting} rows of {table} still waiting")
    verify = subprocess.run(
        command("central", "audit", "verify", "--url", central_url, "--hall", hall.name),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    if verify.returncode != 0:
        problems.append(f"{hall.name}: {verify.stdout.strip()} {verify.stderr.strip()}")
    return problems
