"""When the database cannot be used, the screen says so and asks for staff; nothing else."""

import sys

import pytest

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.terminal import Terminal
from kiosk.ui import make_app
from kiosk.ui.screens.family_confirm import FamilyConfirmScreen
from kiosk.ui.screens.family_draft import EnrollmentDraft, Page
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.out_of_service import OutOfServiceScreen
from tests.helpers.filesystems import in_filesystem
from tests.ui.conftest import SIZE, text_of, wait_for_screen
from tests.unit.test_database_faults import damage, noise_jpeg
from tests.unit.test_family_submit import LETTER, STROKES, counts, unlinked_person


def kiosk_app(config, clock):
    from kiosk import logs

    logs.configure(config.log_path)
    return make_app(config, clock=clock)


async def stays_out_of_order(pilot, app, clock):
    screen = await wait_for_screen(pilot, OutOfServiceScreen, timeout=5)
    assert screen.permanent
    assert "ask staff" in text_of(screen.query_one(".intro"))
    for key in ("enter", "escape", "space", "ctrl+f12"):
        await pilot.press(key)
    clock.advance(3600)
    await app.tick_idle()
    await pilot.pause(0.2)
    assert isinstance(app.screen, OutOfServiceScreen)
    assert len(app.screen_stack) == 2


def logged(config):
    text = config.log_path.read_text(encoding="utf-8")
    assert "Traceback" not in text
    return text


async def test_a_damaged_database_puts_the_terminal_out_of_order(config, clock, db_path):
    damage(db_path, db_path.stat().st_size // 2, b"\xff" * 16384)
    app = kiosk_app(config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await stays_out_of_order(pilot, app, clock)
    assert "database unusable (damaged)" in logged(config)


async def test_a_read_only_database_puts_the_terminal_out_of_order(config, clock, monkeypatch):
    monkeypatch.setenv("KIOSK_DRILL", "read_only")
    app = kiosk_app(config, clock)
    async with app.run_test(size=SIZE) as pilot:
        await stays_out_of_order(pilot, app, clock)
    assert "database unusable (read_only)" in logged(config)


async def test_a_full_disk_during_an_enrollment_saves_nothing(config, clock, monkeypatch):
    terminal = Terminal(config)
    holder = demo_accounts(terminal.store)[0]
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    before = counts(terminal)
    terminal.close()
    monkeypatch.setenv("KIOSK_DRILL", "full")
    app = kiosk_app(config, clock)
    from kiosk.domain.images import thumbnail
    from kiosk.services.inbox import clean_image

    pages = []
    for seed in range(2):
        image = clean_image(noise_jpeg(seed))
        pages.append(Page(f"p{seed}.jpg", image, thumbnail(image.content, 8, 8)))
    draft = EnrollmentDraft(
        consent_at="2026-11-25T09:01:00+00:00",
        id_number=child["id_number"],
        name=child["name"],
        relationship="child",
        pages=pages,
        letter_text=LETTER,
        strokes=[list(s) for s in STROKES],
        password=holder.password,
    )
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await app.push_screen(FamilyConfirmScreen(draft))
        await pilot.click("#submit")
        await stays_out_of_order(pilot, app, clock)
        assert app.terminal.session is None  # the citizen's session ended with it
    assert logged(config).count("database unusable (full)") == 1
    monkeypatch.delenv("KIOSK_DRILL")
    after = Terminal(config)
    # Nothing of the enrollment; only the end of the session (a small row that still fit).
    assert {**counts(after), "audit_log": 0} == {**before, "audit_log": 0}
    from kiosk.store import audit as audit_store

    assert [r["action"] for r in audit_store.rows(after.store.db, limit=1)] == ["session:end"]


async def test_a_database_that_cannot_be_opened_puts_the_terminal_out_of_order(
    config, clock, tmp_path
):
    folder = tmp_path / "not-a-file.db"
    folder.mkdir()  # a folder where the database file should be
    app = kiosk_app(config.replace(database=folder), clock)
    async with app.run_test(size=SIZE) as pilot:
        await stays_out_of_order(pilot, app, clock)
    assert "database unusable" in logged(config)


# The kiosk app started on the database, in a process of its own, until it is out of order.
START_APP = """
import asyncio, sys
from pathlib import Path
from kiosk import logs
from kiosk.config import Config
from kiosk.ui import make_app
from kiosk.ui.screens.out_of_service import OutOfServiceScreen
from tests.ui.conftest import SIZE, wait_for_screen

async def main():
    logs.configure(Path(sys.argv[2]))
    app = make_app(Config(database=Path(sys.argv[1]), language="en", log_file=Path(sys.argv[2])))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, OutOfServiceScreen, timeout=60)

asyncio.run(main())
"""


@pytest.mark.parametrize("kind", ["full", "read_only"])
def test_a_full_or_read_only_filesystem_at_start_is_logged_by_its_kind(config, kind):
    result = in_filesystem(
        kind,
        config.database,
        [sys.executable, "-c", START_APP, str(config.database), str(config.log_path)],
    )
    assert result.returncode == 0, result.stderr
    assert f"database unusable ({kind})" in logged(config)


async def test_a_busy_database_is_never_treated_as_a_damaged_one(
    config, clock, db_path, monkeypatch
):
    """A long writer (an import or a pull not pacing itself, a backup) holds the write lock
    while a kiosk starts and while a citizen logs in: the kiosk says "busy, try again", never
    out of order, and works once the lock is free (issue 15)."""
    import sqlite3

    from kiosk.store import db as store_db
    from kiosk.ui.app import KioskApp
    from tests.ui.conftest import log_in, wait_until

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)  # busy in about a second, not 20
    monkeypatch.setattr(KioskApp, "BUSY_RETRY_SECONDS", 0.5)
    holder = demo_accounts(Terminal(config).store)[0]
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the write lock, held
    try:
        app = kiosk_app(config, clock)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "database busy at start" in logged(config), timeout=30)
            await log_in(pilot, holder.id_number, holder.password)

            def shown() -> str:
                return " ".join(text_of(w) for w in app.screen.query("Tr, Static"))

            await wait_until(pilot, lambda: "The terminal is busy" in shown(), timeout=30)
            assert not isinstance(app.screen, OutOfServiceScreen)
            writer.execute("ROLLBACK")  # the long writer is done
            await pilot.press("enter")  # "Log in" again
            await wait_for_screen(pilot, HomeScreen, timeout=30)
    finally:
        writer.close()
    text = logged(config)
    assert "database unusable" not in text and "unhandled" not in text
    assert "database busy: TerminalBusy" in text
