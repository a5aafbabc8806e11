"""The family account lists linked members with their status; selecting one explains it."""

import pytest
from textual.widgets import DataTable

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.ui.screens.family_account import FamilyAccountScreen
from kiosk.ui.screens.family_notice import FamilyNoticeScreen
from kiosk.ui.screens.home import HomeScreen
from tests.ui.conftest import SIZE, text_of, wait_for_screen, wait_until
from tests.unit.test_family_submit import submit, unlinked_person


@pytest.fixture
def holder(app):
    return demo_accounts(app.terminal.store)[0]


async def open_family(pilot, holder) -> FamilyAccountScreen:
    await pilot.app.start_citizen_session(
        CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")
    )
    await wait_for_screen(pilot, HomeScreen)
    await pilot.click("#family")
    screen = await wait_for_screen(pilot, FamilyAccountScreen)
    await wait_until(pilot, lambda: screen.members is not None)
    return screen


async def test_no_members_says_so(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_family(pilot, holder)
        assert text_of(screen.query_one("#family-empty")) == (
            "No family members are linked to your account yet."
        )
        await pilot.click("#add-member")
        await wait_for_screen(pilot, FamilyNoticeScreen)


async def test_a_submitted_child_shows_as_awaiting_review(app, holder):
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    _, submitted = submit(app.terminal, session, child, password=holder.password)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_family(pilot, holder)
        table = screen.query_one("#members", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[0] == child["name"] and row[1] == "Child"
        assert row[2] == child["id_number"][:6] + "********" + child["id_number"][-4:]
        assert row[4] == "Awaiting review" and row[5] == submitted.application_no
        table.focus()
        await pilot.press("enter")
        assert "waiting for review" in text_of(screen.query_one("#member-status"))
        app.language = "zh"
        await pilot.pause()
        assert [str(c) for c in table.get_row_at(0)][4] == "待审核"


async def test_an_active_member_opens_their_e_voucher(app, holder):
    from kiosk.ui.screens.voucher import VoucherScreen

    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    submit(app.terminal, session, child, password=holder.password)
    with app.terminal.store.write() as db:  # as a supervisor's approval (issue #6) will
        db.execute("UPDATE enrollments SET status = 'active'")
        db.execute("UPDATE family_links SET status = 'active'")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_family(pilot, holder)
        table = screen.query_one("#members", DataTable)
        table.focus()
        await pilot.press("enter")
        voucher = await wait_for_screen(pilot, VoucherScreen)
        await wait_until(pilot, lambda: voucher.masked != "")
        assert voucher.masked[0] == child["name"][0] and voucher.masked != child["name"]


async def test_a_rejection_reason_follows_a_full_width_colon_in_chinese(app, holder):
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    submit(app.terminal, session, child, password=holder.password)
    with app.terminal.store.write() as db:  # as a supervisor's rejection does
        db.execute("UPDATE enrollments SET status = 'rejected', review_reason = 'pages unreadable'")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_family(pilot, holder)
        table = screen.query_one("#members", DataTable)
        assert str(table.get_row_at(0)[4]) == "Rejected: pages unreadable"
        app.language = "zh"
        await pilot.pause()
        assert str(table.get_row_at(0)[4]).endswith("：pages unreadable")


async def test_the_list_and_a_members_e_voucher_show_complete_from_their_first_frame(app, holder):
    """Read first, then opened (issue 16): no frame of an empty list or of a missing code."""
    from kiosk.ui.screens.voucher import VoucherScreen

    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    submit(app.terminal, session, child, password=holder.password)
    with app.terminal.store.write() as db:
        db.execute("UPDATE enrollments SET status = 'active'")
        db.execute("UPDATE family_links SET status = 'active'")
    async with app.run_test(size=SIZE) as pilot:
        first_seen: dict[type, object] = {}

        def shown(screen) -> None:
            if isinstance(screen, FamilyAccountScreen):
                rows = screen.query_one("#members", DataTable).row_count
                first_seen.setdefault(FamilyAccountScreen, rows)
            if isinstance(screen, VoucherScreen):
                first_seen.setdefault(VoucherScreen, screen.masked)

        app.screen_change_signal.subscribe(app, shown)
        screen = await open_family(pilot, holder)
        assert first_seen[FamilyAccountScreen] == 1
        screen.query_one("#members", DataTable).focus()
        await pilot.press("enter")
        voucher = await wait_for_screen(pilot, VoucherScreen)
        assert first_seen[VoucherScreen] == voucher.masked != ""
