"""Several kiosk and desk processes on one database file at once, for a fixed time.

Used by tests/unit/test_concurrency.py (seconds) and benchmarks/concurrency.py
(minutes). Each process reports every operation it committed and how long it
took, including any wait for the write lock; afterwards every report is looked
up in the database, and audit rows are counted per terminal.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.services.database import open_database
from kiosk.services.health import check
from tests.helpers.crash import claims, missing, start_worker

# What each reported operation leaves in the audit log, by the terminal's actor.
_AUDITED = {
    "login": ("citizen@KIOSK-{seed}", "login:success"),
    "unlock": ("staff:lead01@DESK-{seed}", "account:unlock"),
    "enroll": ("citizen@KIOSK-{seed}", "family:submit"),
    "approve": ("staff:lead01@DESK-{seed}", "family:approve"),
    "reject": ("staff:lead01@DESK-{seed}", "family:reject"),
}


@dataclass
class LoadReport:
    seconds: float = 0.0
    operations: Counter = field(default_factory=Counter)
    worst_ms: dict[str, float] = field(default_factory=dict)
    busy: int = 0
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return sum(self.operations.values()) / self.seconds if self.seconds else 0.0


def run_load(db_path: Path, kiosks: int, desks: int, seconds: float) -> LoadReport:
    workers = [("kiosk", n) for n in range(kiosks)] + [("desk", 100 + n) for n in range(desks)]
    processes = [(role, seed, start_worker(db_path, role, seed, seconds)) for role, seed in workers]
    started = time.monotonic()
    report = LoadReport()
    said_all = []
    for role, seed, process in processes:
        out, err = process.communicate(timeout=seconds + 120)
        lines = out.splitlines()
        report.busy += sum(1 for line in lines if line.startswith("busy"))
        if process.returncode != 0 or "locked" in err:
            report.errors.append(
                f"{role}-{seed}: exit {process.returncode}: "
                f"{err.strip().splitlines()[-1:] if err.strip() else ''}"
            )
        said = claims(lines)
        said_all += said
        for kind, _ in said:
            report.operations[kind] += 1
        for line in lines:
            parts = line.split()
            if parts and parts[0] == "done":
                report.worst_ms[parts[1]] = max(report.worst_ms.get(parts[1], 0.0), float(parts[3]))
        report.lost += _audit_shortfall(db_path, role, seed, said)
    report.seconds = time.monotonic() - started
    report.lost += missing(db_path, said_all)
    store = open_database(db_path)
    health = check(store)
    store.close()
    report.problems = [f"{name}: {found[:5]}" for name, found in health.problems.items() if found]
    return report


def _audit_shortfall(db_path: Path, role: str, seed: int, said) -> list[str]:
    reported = Counter(kind for kind, _ in said)
    store = open_database(db_path)
    short = []
    for kind, count in reported.items():
        actor, action = _AUDITED.get(kind, (None, None))
        if actor is None:
            continue
        actor = actor.format(seed=seed)
        rows = store.db.execute(
            "SELECT count(*) FROM audit_log WHERE actor = ? AND action = ?", [actor, action]
        ).fetchone()[0]
        if rows < count:
            short.append(f"{role}-{seed} {kind}: reported {count}, audit log has {rows}")
    store.close()
    return short
