"""The card's records: every tab, the year filter, empty states, with keyboard and mouse."""

import pytest
from textual.widgets import DataTable, Select, TabbedContent

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.records import RecordsScreen
from tests.ui.conftest import SIZE, text_of, wait_for_screen, wait_until


async def open_records(pilot, id_number: str) -> RecordsScreen:
    app = pilot.app
    await app.start_citizen_session(CitizenSession(id_number, "", "2026-11-25T09:00:00+00:00"))
    await wait_for_screen(pilot, HomeScreen)
    await pilot.click("#records")
    screen = await wait_for_screen(pilot, RecordsScreen)
    await wait_until(pilot, lambda: screen.ledger is not None)
    return screen


@pytest.fixture
def holder(app):
    return demo_accounts(app.terminal.store)[0]


def cells(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def test_the_personal_account_shows_this_years_entries_with_balances(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        table = screen.query_one("#ledger-table", DataTable)
        year = screen.query_one("#year", Select).value
        assert table.row_count == len(screen.ledger.in_year(year)) > 0
        first = cells(table, 0)
        assert first[0].startswith(str(year))
        assert first[1] in ("Allocation", "Consumption")
        assert first[3][0] in "+-" and "¥" in first[3] and first[3][-3] == "."
        card_balance = app.terminal.records.card(app.terminal.session).balance_cents
        assert first[4] == f"¥{card_balance // 100:,}.{card_balance % 100:02d}"
        assert "Allocations ¥" in text_of(screen.query_one("#year-totals"))


async def test_choosing_another_year_changes_rows_and_totals(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        select = screen.query_one("#year", Select)
        years = screen.ledger.years()
        select.value = years[-1]
        await pilot.pause()
        table = screen.query_one("#ledger-table", DataTable)
        assert all(cells(table, r)[0].startswith(str(years[-1])) for r in range(table.row_count))


async def test_tabs_switch_with_the_mouse_and_show_their_tables(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        tabs = screen.query_one("#record-tabs", TabbedContent)
        await pilot.click("#record-tabs Tab#--content-tab-contributions")
        assert tabs.active == "contributions"
        table = screen.query_one("#contributions-table", DataTable)
        assert table.row_count > 0
        row = cells(table, 0)
        assert row[4] in ("Paid", "In arrears") and row[1].startswith("¥")
        await pilot.click("#record-tabs Tab#--content-tab-entitlements")
        entitlements = screen.query_one("#entitlements-table", DataTable)
        assert cells(entitlements, 0)[2] == "Employee medical insurance"


async def test_the_table_moves_with_the_keyboard(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        table = screen.query_one("#ledger-table", DataTable)
        table.focus()
        await pilot.press("down", "down")
        assert table.cursor_row == 2


async def test_a_child_without_a_personal_account_gets_plain_words(app):
    child = next(
        app.terminal.store.db.query(
            "SELECT id_number FROM persons WHERE birth_date > '2012-01-01' LIMIT 1"
        )
    )["id_number"]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, child)
        assert text_of(screen.query_one("#ledger-empty")) == (
            "There are no personal-account entries yet."
        )
        assert not screen.query_one("#ledger-table").display


async def test_headers_follow_the_language(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        app.language = "zh"
        await pilot.pause()
        table = screen.query_one("#ledger-table", DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "日期",
            "类型",
            "来源 / 地点",
            "金额",
            "余额",
        ]
        assert (
            str(screen.query_one("#record-tabs", TabbedContent).get_tab("ledger").label)
            == "个人账户"
        )


@pytest.mark.parametrize(("language", "prompt"), [("zh", "选择年份"), ("es", "Elija un año")])
async def test_the_year_choice_speaks_the_language_when_empty(app, holder, language, prompt):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        app.language = language
        select = screen.query_one("#year", Select)
        select.clear()
        await pilot.pause()
        shown = text_of(select.query_one("SelectCurrent #label"))
        assert shown == prompt
        assert "Select" not in shown


async def test_registry_reason_codes_are_translated_and_free_text_shown_as_it_is(app, holder):
    with app.terminal.store.write() as db:
        starts = [
            r["start_date"]
            for r in db.query(
                "SELECT start_date FROM entitlements WHERE id_number = ? ORDER BY start_date DESC",
                [holder.id_number],
            )
        ]
        db.execute(
            "UPDATE entitlements SET reason = '正常参保' WHERE id_number = ? AND start_date = ?",
            [holder.id_number, starts[0]],
        )
        db.execute(
            "INSERT INTO entitlements (id_number, start_date, end_date, insurance_type, status,"
            " reason) VALUES (?, '1999-01-01', '1999-12-31', 'employee', 'terminated',"
            " '[bold]单位自行申报')",
            [holder.id_number],
        )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, holder.id_number)
        await pilot.click("#record-tabs Tab#--content-tab-entitlements")
        table = screen.query_one("#entitlements-table", DataTable)
        assert cells(table, 0)[4] == "Insured as normal"
        assert cells(table, table.row_count - 1)[4] == "[bold]单位自行申报"
        app.language = "es"
        await pilot.pause()
        assert cells(table, 0)[4] == "Asegurado con normalidad"
        app.language = "zh"
        await pilot.pause()
        assert cells(table, 0)[4] == "正常参保"
        assert cells(table, table.row_count - 1)[4] == "[bold]单位自行申报"
