"""One terminal's worth of real work in a loop, for the crash and concurrency harnesses.

    python -m tests.helpers.hall_worker DB_PATH kiosk|desk SEED [SECONDS]

A "kiosk" activates accounts, logs in and submits family enrollments; a "desk"
approves or rejects what is waiting, unlocks accounts and issues temporary
passwords. After each operation is committed it prints one line,
`done KIND KEY MILLISECONDS`, so a harness can compare what each process said it
saved with what the database holds. `busy KIND` is printed when the store gave
up waiting (a terminal would say "busy, try again"). Runs until SECONDS pass or
it is killed.
"""

from __future__ import annotations

import io
import math
import random
import sys
import time
from pathlib import Path

from PIL import Image

from kiosk.config import Config, LockoutConfig
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.domain.family import FamilyRules
from kiosk.domain.images import clean_image
from kiosk.services.accounts import CitizenSession
from kiosk.services.family import FamilyService, MemberDraft
from kiosk.services.terminal import Terminal
from kiosk.store import TerminalBusy

STROKES = [[(30 * i / 40, 3 + 3 * math.sin(i / 3), i * 15) for i in range(40)]]


def page(n: int):
    out = io.BytesIO()
    Image.new("RGB", (200, 140), (n % 255, 80, 120)).save(out, "JPEG")
    return clean_image(out.getvalue())


def say(kind: str, key: str, started: float) -> None:
    print(f"done {kind} {key} {(time.perf_counter() - started) * 1000:.1f}", flush=True)


class Kiosk:
    def __init__(self, terminal: Terminal, rng: random.Random) -> None:
        self.t = terminal
        self.rng = rng
        self.family = FamilyService(
            terminal.store,
            terminal.config,
            terminal.now,
            FamilyRules(max_members=100_000, max_holders_per_member=100_000),
        )
        self.holders = demo_accounts(terminal.store)

    def activate(self) -> None:
        db = self.t.store.db
        row = db.execute(
            "SELECT id_number, name, phone FROM persons WHERE status = 'active' AND id_number "
            "NOT IN (SELECT id_number FROM credentials) ORDER BY random() LIMIT 1"
        ).fetchone()
        if row is None:
            return
        started = time.perf_counter()
        outcome = self.t.accounts.activate(
            row[0], row[1], row[2], "Harness-Pass-1", "Harness-Pass-1"
        )
        if outcome.ok and not outcome.already_active:
            say("activate", row[0], started)

    def log_in(self) -> None:
        holder = self.rng.choice(self.holders)
        started = time.perf_counter()
        if self.t.accounts.log_in(holder.id_number, holder.password).ok:
            say("login", holder.id_number, started)

    def enroll(self) -> None:
        holder = self.rng.choice(self.holders)
        session = CitizenSession(holder.id_number, holder.name, "")
        person = self.t.store.db.execute(
            "SELECT id_number, name FROM persons WHERE id_number != ? AND id_number NOT IN "
            "(SELECT member_id FROM family_links WHERE holder_id = ?) ORDER BY random() LIMIT 1",
            (holder.id_number, holder.id_number),
        ).fetchone()
        if person is None:
            return
        n = self.rng.randrange(1000)
        started = time.perf_counter()
        outcome, submitted = self.family.submit(
            session,
            MemberDraft(person[0], person[1], "other"),
            consent_at="2026-11-25T09:00:00+00:00",
            pages=[page(n), page(n + 1)],
            letter_text=f"letter {n}",
            strokes=STROKES,
            password=holder.password,
        )
        if submitted is not None:
            say("enroll", submitted.application_no, started)

    def step(self) -> None:
        self.rng.choice([self.activate, self.log_in, self.enroll, self.enroll])()


class Desk:
    def __init__(self, terminal: Terminal, rng: random.Random) -> None:
        self.t = terminal
        self.rng = rng
        self.supervisor = terminal.staff.log_in(DEMO_STAFF[1][0], DEMO_STAFF[1][3]).session
        self.holders = demo_accounts(terminal.store)

    def review(self) -> None:
        queue = self.t.review.queue(self.supervisor)
        if not queue:
            time.sleep(0.01)  # nothing waiting: a desk looks again a moment later
            return
        item = self.rng.choice(queue[:5])
        started = time.perf_counter()
        if self.rng.random() < 0.7:
            outcome = self.t.review.approve(self.supervisor, item.enrollment_id)
            kind = "approve"
        else:
            outcome = self.t.review.reject(self.supervisor, item.enrollment_id, "harness says no")
            kind = "reject"
        if outcome.ok:
            say(kind, item.application_no, started)

    def unlock(self) -> None:
        holder = self.rng.choice(self.holders)
        started = time.perf_counter()
        self.t.desk.unlock(self.supervisor, holder.id_number)
        say("unlock", holder.id_number, started)

    def step(self) -> None:
        (self.review if self.rng.random() < 0.8 else self.unlock)()


def main(db_path: str, role: str, seed: int, seconds: float | None) -> None:
    config = Config(
        database=Path(db_path),
        terminal=f"{role.upper()}-{seed}",
        lockout=LockoutConfig(max_failures=100),
    )
    terminal = Terminal(config)
    rng = random.Random(seed)
    worker = Kiosk(terminal, rng) if role == "kiosk" else Desk(terminal, rng)
    print("ready", flush=True)
    end = time.monotonic() + seconds if seconds else math.inf
    while time.monotonic() < end:
        try:
            worker.step()
        except TerminalBusy:
            print(f"busy {role}", flush=True)


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        float(sys.argv[4]) if len(sys.argv) > 4 else None,
    )
