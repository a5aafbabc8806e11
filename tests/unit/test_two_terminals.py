"""A self-service kiosk and a staff desk writing to one database file at the same time."""

import subprocess
import sys
import threading
import time
from pathlib import Path

from kiosk.demo.builder import DEMO_STAFF
from kiosk.services.terminal import Terminal

ROOT = Path(__file__).resolve().parents[2]


def test_a_kiosk_submitting_and_a_desk_reviewing_never_see_a_busy_database(
    config, db_path, tmp_path
):
    """Runs until the kiosk has saved three applications and the desk has decided one.

    It counts work, not seconds: a busy machine only makes it slower. The deadline is a
    hang guard, far beyond what the work takes.
    """
    err_file = (tmp_path / "kiosk.err").open("w+")
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.enroll_forever", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=err_file,
        text=True,
    )
    lines: list[str] = []

    def read_kiosk() -> None:
        for line in kiosk.stdout or []:
            lines.append(line)

    reader = threading.Thread(target=read_kiosk, daemon=True)
    reader.start()
    desk = Terminal(config)
    supervisor = desk.staff.log_in(DEMO_STAFF[1][0], DEMO_STAFF[1][3]).session
    decided, refused = [], []
    hang_guard = time.monotonic() + 300

    def saved_by_kiosk() -> int:
        return sum(1 for line in list(lines) if line.startswith("submitted "))

    try:
        while saved_by_kiosk() < 3 or not decided:
            if kiosk.poll() is not None or time.monotonic() > hang_guard:
                break
            for item in desk.review.queue(supervisor):
                outcome = desk.review.approve(supervisor, item.enrollment_id)
                (decided if outcome.ok else refused).append(item.application_no)
            desk.desk.find(supervisor, "1101")  # a search writes its audit row too
    finally:
        kiosk.terminate()
        kiosk.wait(timeout=30)
        reader.join(timeout=30)
        err_file.seek(0)
        err = err_file.read()
        err_file.close()
    out = "".join(lines)
    submitted = [line.split()[1] for line in out.splitlines() if line.startswith("submitted ")]
    assert "locked" not in err and "Busy" not in err, err
    assert len(submitted) >= 3 and decided and not refused
    db = desk.store.db
    saved = {row[0] for row in db.execute("SELECT application_no FROM enrollments")}
    assert set(submitted) <= saved  # nothing the kiosk reported as saved was lost
    statuses = dict(db.execute("SELECT application_no, status FROM enrollments").fetchall())
    assert all(statuses[number] == "active" for number in decided)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    from kiosk.services.audit import verify

    assert verify(desk.store).broken is None
