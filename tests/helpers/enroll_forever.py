"""Submits family enrollments in a loop until it is killed (for the crash tests).

python -m tests.helpers.enroll_forever DB_PATH
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

from PIL import Image

from kiosk.config import Config
from kiosk.demo.builder import demo_accounts
from kiosk.domain.family import FamilyRules
from kiosk.domain.images import clean_image
from kiosk.services.accounts import CitizenSession
from kiosk.services.family import FamilyService, MemberDraft
from kiosk.services.terminal import Terminal

STROKES = [[(30 * i / 40, 3 + 3 * math.sin(i / 3), i * 15) for i in range(40)]]


def page(n: int):
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (n % 255, 80, 120)).save(out, "JPEG")
    return clean_image(out.getvalue())


def main(db_path: str) -> None:
    terminal = Terminal(Config(database=Path(db_path)))
    family = FamilyService(
        terminal.store,
        terminal.config,
        terminal.now,
        FamilyRules(max_members=10_000, max_holders_per_member=10_000),
    )
    holder = demo_accounts(terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    n = 0
    print("ready", flush=True)
    while True:
        person = next(
            terminal.store.db.query(
                "SELECT * FROM persons WHERE id_number != ? AND id_number NOT IN "
                "(SELECT member_id FROM family_links WHERE holder_id = ?) LIMIT 1",
                [holder.id_number, holder.id_number],
            )
        )
        outcome, submitted = family.submit(
            session,
            MemberDraft(person["id_number"], person["name"], "other"),
            consent_at="2026-11-25T09:00:00+00:00",
            pages=[page(n), page(n + 1), page(n + 2)],
            letter_text=f"letter {n}",
            strokes=STROKES,
            password=holder.password,
        )
        assert outcome.ok, outcome.errors
        n += 1
        print(f"submitted {submitted.application_no}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
