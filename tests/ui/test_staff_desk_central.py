"""The staff desk's line about the central office: only with a [central] section; how
long since the last round, how much waits to go up, and a refused audit row."""

from __future__ import annotations

import datetime
import json
import re
import sqlite3

from kiosk.config import CentralConfig
from kiosk.ui import make_app
from tests.ui.conftest import CLERK, SIZE, staff_log_in, text_of, wait_until

CENTRAL = CentralConfig(url="postgresql://north%40central:x@127.0.0.1:1/central", hall="north")


def desk(config, clock, central: CentralConfig = CENTRAL):
    from kiosk import logs

    logs.configure(config.log_path)
    return make_app(config.replace(mode="staff", central=central), clock=clock)


def waiting(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        return sum(
            conn.execute(query).fetchone()[0]
            for query in (
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
                "SELECT count(*) FROM account_outbox WHERE sent_at IS NULL",
                "SELECT count(*) FROM audit_log",
            )
        )


async def test_without_a_central_the_desk_has_no_such_line(config, clock) -> None:
    app = desk(config, clock, CentralConfig())
    async with app.run_test(size=SIZE) as pilot:
        screen = await staff_log_in(pilot, CLERK)
        assert not screen.query("#desk-central") and not screen.query("#desk-central-refused")


async def test_the_desk_says_no_round_yet_and_what_waits(config, clock, db_path) -> None:
    before = waiting(db_path)
    app = desk(config, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await staff_log_in(pilot, CLERK)
        line = screen.query_one("#desk-central")
        await wait_until(pilot, lambda: "Central office" in text_of(line))
        shown = re.fullmatch(
            r"Central office: no round yet; (\d+) waiting to go up\.", text_of(line)
        )
        assert shown is not None, text_of(line)
        # what waited before (and perhaps the audit rows of this start and login)
        assert before <= int(shown[1]) <= waiting(db_path)
        assert not screen.query_one("#desk-central-refused").display


async def test_the_desk_shows_the_last_round_and_a_refusal(config, clock, db_path) -> None:
    at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=7, seconds=30)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO kiosk_meta (key, value) VALUES ('central_last_round', ?)",
            (
                json.dumps(
                    {"at": at.isoformat(), "events": 1, "account_changes": 0, "audit_rows": 3}
                ),
            ),
        )
        conn.execute(
            "INSERT INTO kiosk_meta (key, value) VALUES ('central_refusal', ?)",
            (json.dumps({"at": at.isoformat(), "seq": 42, "message": "audit row 42 ..."}),),
        )
    app = desk(config, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await staff_log_in(pilot, CLERK)
        refused = screen.query_one("#desk-central-refused")
        await wait_until(pilot, lambda: "refused" in text_of(refused))
        assert text_of(refused) == (
            "The central office refused audit row 42: see kiosk sync status."
        )
        assert text_of(screen.query_one("#desk-central")).startswith(
            "Central office: last round 7 min ago; "
        )
