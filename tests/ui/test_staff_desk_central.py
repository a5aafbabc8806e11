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


def set_meta(db_path, key: str, value: dict) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO kiosk_meta (key, value) VALUES (?, ?)",
            (key, json.dumps(value)),
        )


async def test_the_desk_says_the_central_could_not_be_reached_and_follows_the_rounds(
    config, clock, db_path
) -> None:
    """A round that did not go through (the central unreachable) is a line of its own until
    one goes through; the desk follows the background rounds while it is open."""
    from kiosk.ui.screens.staff_desk import StaffDeskScreen

    at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=3, seconds=10)
    set_meta(
        db_path,
        "central_last_failure",
        {"at": at.isoformat(), "unreachable": True, "message": "cannot reach ..."},
    )
    app = desk(config, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await staff_log_in(pilot, CLERK)
        failed = screen.query_one("#desk-central-failed")
        await wait_until(pilot, lambda: "central" in text_of(failed))
        assert text_of(failed) == (
            "The central office could not be reached at the last try (3 min ago): "
            "the hall works on, and the next round catches up."
        )
        # a round goes through in the background (sync_up clears the failure): the desk's
        # next look at the status shows it
        with sqlite3.connect(db_path) as conn:
            conn.execute("DELETE FROM kiosk_meta WHERE key = 'central_last_failure'")
        set_meta(
            db_path,
            "central_last_round",
            {"at": at.isoformat(), "events": 0, "account_changes": 0, "audit_rows": 0},
        )
        assert isinstance(screen, StaffDeskScreen)
        screen.show_central()  # what the desk's timer does every CENTRAL_REFRESH_SECONDS
        await wait_until(pilot, lambda: not failed.display)
        assert text_of(screen.query_one("#desk-central")).startswith(
            "Central office: last round 3 min ago; "
        )


async def test_a_refused_round_is_named_as_refused(config, clock, db_path) -> None:
    at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    set_meta(
        db_path,
        "central_last_failure",
        {"at": at.isoformat(), "unreachable": False, "message": "refused the batch: ..."},
    )
    app = desk(config, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await staff_log_in(pilot, CLERK)
        failed = screen.query_one("#desk-central-failed")
        await wait_until(pilot, lambda: "central" in text_of(failed))
        assert text_of(failed) == (
            "The central office refused the last round (1 min ago): see kiosk sync status."
        )
