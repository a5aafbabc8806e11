"""Kill a real process in the middle of submissions, again and again: all or nothing survives."""

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12


def check_whole(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    enrollments = conn.execute("SELECT id, application_no FROM enrollments").fetchall()
    for enrollment_id, number in enrollments:
        assert number.startswith("FA"), number
        links = conn.execute(
            "SELECT count(*) FROM family_links WHERE enrollment_id = ?", (enrollment_id,)
        ).fetchone()[0]
        pages = conn.execute(
            "SELECT count(*) FROM documents WHERE enrollment_id = ?", (enrollment_id,)
        ).fetchone()[0]
        audited = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'family:submit' AND detail LIKE ?",
            (f"%{number}%",),
        ).fetchone()[0]
        sent = conn.execute(
            "SELECT count(*) FROM outbox WHERE payload LIKE ?", (f"%{number}%",)
        ).fetchone()[0]
        assert (links, pages, audited, sent) == (1, 3, 1, 1), (number, links, pages, audited, sent)
    orphans = conn.execute(
        "SELECT count(*) FROM documents WHERE enrollment_id NOT IN (SELECT id FROM enrollments)"
    ).fetchone()[0]
    assert orphans == 0
    conn.close()
    return len(enrollments)


def wait_for_line(child: subprocess.Popen, wanted: str, limit: float = 120.0) -> str:
    """What the child printed up to and including `wanted` (a hang guard, not a timing)."""
    seen = ""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([child.stdout], [], [], 1.0)
        if ready:
            line = child.stdout.readline()
            if not line:
                break
            seen += line
            if line.strip() == wanted:
                return seen
    child.kill()
    raise AssertionError(f"the child never said {wanted!r}: {child.communicate()[1][-2000:]}")


@pytest.mark.slow
def test_sigkill_during_submissions_leaves_whole_enrollments_or_none(db_path):
    rng = random.Random(4)
    reported = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.enroll_forever", str(db_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Start-up takes from under a second to several on a loaded machine: the kill
        # lands a random time after the loop began, not after a guessed start-up time.
        first = wait_for_line(child, "ready")
        time.sleep(rng.uniform(0.05, 1.5))
        os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate()
        out = first + out
        assert "Traceback" not in err, err[-2000:]
        reported += out.count("submitted")
        stored = check_whole(db_path)
        assert stored >= reported  # nothing it said it saved was lost
    assert reported > 0  # the kills did land among real submissions
