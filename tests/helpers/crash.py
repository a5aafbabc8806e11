"""Kill real terminals at random moments, then check that nothing is lost or half-written.

Used by tests/unit/test_crash_harness.py (a few rounds) and benchmarks/crash.py
(hundreds). Each round starts one `hall_worker` process (a kiosk or a desk, in
turn) on the database, lets it work for a random moment, kills it with SIGKILL,
and then:

- the terminal's start-up check passes (quick_check and a rolled-back write);
- `kiosk check` finds nothing: integrity_check, foreign_key_check, every
  enrollment and decision whole, the audit chain intact;
- everything the process said it had saved is in the database.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.services.database import check_database, open_database
from kiosk.services.health import check

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CrashReport:
    rounds: int = 0
    saved: Counter = field(default_factory=Counter)  # operations the killed processes reported
    lost: list[str] = field(default_factory=list)  # reported but not in the database
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.lost and not self.problems


def start_worker(db_path: Path, role: str, seed: int, seconds: float | None = None):
    args = [sys.executable, "-m", "tests.helpers.hall_worker", str(db_path), role, str(seed)]
    if seconds is not None:
        args.append(str(seconds))
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    if first.strip() != "ready":
        process.kill()
        raise RuntimeError(f"worker did not start: {first}{process.stderr.read()}")
    return process


def claims(lines: list[str]) -> list[tuple[str, str]]:
    return [(p[1], p[2]) for p in (line.split() for line in lines) if p and p[0] == "done"]


def missing(db_path: Path, said: list[tuple[str, str]]) -> list[str]:
    store = open_database(db_path)
    db = store.db
    lost = []
    for kind, key in said:
        if kind == "enroll":
            found = db.execute("SELECT 1 FROM enrollments WHERE application_no = ?", [key])
        elif kind in ("approve", "reject"):
            status = "active" if kind == "approve" else "rejected"
            found = db.execute(
                "SELECT 1 FROM enrollments WHERE application_no = ? AND status = ?", [key, status]
            )
        elif kind == "activate":
            found = db.execute("SELECT 1 FROM credentials WHERE id_number = ?", [key])
        else:
            continue  # logins and unlocks leave audit rows, checked by the chain
        if found.fetchone() is None:
            lost.append(f"{kind} {key}")
    store.close()
    return lost


def crash_rounds(db_path: Path, rounds: int, seed: int = 1, max_wait: float = 0.8) -> CrashReport:
    rng = random.Random(seed)
    report = CrashReport()
    for n in range(rounds):
        role = "kiosk" if n % 2 == 0 else "desk"
        process = start_worker(db_path, role, seed * 1000 + n)
        time.sleep(rng.uniform(0.01, max_wait))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
        said = claims(out.splitlines())
        report.rounds += 1
        report.saved.update(kind for kind, _ in said)
        report.lost += missing(db_path, said)
        try:
            store = open_database(db_path)
            check_database(store)  # what the kiosk does when it starts again
            health = check(store)
            store.close()
        except Exception as error:  # noqa: BLE001 - a harness reports, it does not stop
            report.problems.append(f"round {n}: does not start: {type(error).__name__} {error}")
            continue
        for name, found in health.problems.items():
            if found:
                report.problems.append(f"round {n}: {name}: {found[:5]}")
    return report
