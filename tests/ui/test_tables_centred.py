"""Tables sit in the middle of the screen like everything else (issue 13, item 15)."""

import pytest
from textual.widgets import DataTable, TabbedContent

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.ui.screens.audit_log import AuditLogScreen
from kiosk.ui.screens.family_account import FamilyAccountScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.staff_desk import StaffDeskScreen
from tests.ui.conftest import (
    find,
    supervisor_queue,
    wait_for_screen,
    wait_until,
)
from tests.ui.test_records import open_records
from tests.ui.test_staff_desk import desk_app, waiting  # noqa: F401 (fixtures)
from tests.unit.test_family_submit import submit, unlinked_person

SIZES = [(100, 40), (80, 24)]


def gaps(table: DataTable) -> tuple[int, int]:
    """Room left and right of what the table draws (its columns and scrollbar), inside
    the table's container."""
    outer = table.parent.content_region
    inner = table.content_region
    scrollbar = table.scrollbar_size_vertical if table.show_vertical_scrollbar else 0
    right = inner.x + min(table.virtual_size.width, inner.width) + scrollbar
    return inner.x - outer.x, outer.right - right


def assert_centred(table: DataTable) -> None:
    assert table.row_count > 0 and table.region.width > 0, table
    left, right = gaps(table)
    assert abs(left - right) <= 1, (table.id, left, right)


@pytest.mark.parametrize("size", SIZES)
async def test_record_and_family_tables_are_centred(app, size):
    holder = demo_accounts(app.terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    submit(app.terminal, session, child, password=holder.password)
    async with app.run_test(size=size) as pilot:
        records = await open_records(pilot, holder.id_number)
        tabs = records.query_one(TabbedContent)
        for pane, table_id in (
            ("ledger", "#ledger-table"),
            ("contributions", "#contributions-table"),
            ("entitlements", "#entitlements-table"),
        ):
            tabs.active = pane
            await pilot.pause()
            table = records.query_one(table_id, DataTable)
            await wait_until(pilot, lambda t=table: t.row_count > 0 and t.region.width > 0)
            assert_centred(table)
        await pilot.click("#back")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#family")
        family = await wait_for_screen(pilot, FamilyAccountScreen)
        await wait_until(pilot, lambda: family.members is not None)
        assert_centred(family.query_one("#members", DataTable))


@pytest.mark.parametrize("size", SIZES)
async def test_desk_tables_are_centred(desk_app, waiting, size):  # noqa: F811
    holder = demo_accounts(desk_app.terminal.store)[0]
    async with desk_app.run_test(size=size) as pilot:
        queue = await supervisor_queue(pilot)
        assert_centred(queue.query_one("#queue", DataTable))
        await pilot.click("#back")
        desk = await wait_for_screen(pilot, StaffDeskScreen)
        await find(pilot, holder.name[:1])
        assert_centred(desk.query_one("#found", DataTable))
        await pilot.click("#audit")
        log = await wait_for_screen(pilot, AuditLogScreen)
        await wait_until(pilot, lambda: log.page is not None)
        assert_centred(log.query_one("#audit-rows", DataTable))
