"""The records a citizen may read: personal account, contributions, entitlements."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Select, Static, TabbedContent, TabPane

from kiosk.domain.money import format_cents as money
from kiosk.domain.registry import reason_key
from kiosk.services.records import Contribution, Entitlement, Ledger, Records
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.cells import cell, fill_table
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

TABS = ("ledger", "contributions", "entitlements")


class RecordsScreen(KioskScreen):
    def __init__(self, records: Records) -> None:
        super().__init__()
        # Read before the screen opens (HomeScreen): drawn once, complete, no spinner.
        self.ledger: Ledger = records.ledger
        self.contributions: list[Contribution] = records.contributions
        self.entitlements: list[Entitlement] = records.entitlements

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="records-body"):
            yield Tr("records.title", classes="title")
            with TabbedContent(id="record-tabs"):
                with TabPane("", id="ledger"):
                    with Horizontal(id="ledger-filter"):
                        yield Tr("records.year", id="year-label")
                        yield Select([], id="year", allow_blank=True, compact=True)
                        yield Static("", id="year-totals", markup=False)
                    yield Tr("", id="ledger-empty", classes="empty")
                    with Center(classes="table-box"):
                        yield DataTable(id="ledger-table", cursor_type="row", zebra_stripes=True)
                with TabPane("", id="contributions"):
                    yield Tr("", id="contributions-empty", classes="empty")
                    with Center(classes="table-box"):
                        yield DataTable(
                            id="contributions-table", cursor_type="row", zebra_stripes=True
                        )
                with TabPane("", id="entitlements"):
                    yield Tr("", id="entitlements-empty", classes="empty")
                    with Center(classes="table-box"):
                        yield DataTable(
                            id="entitlements-table", cursor_type="row", zebra_stripes=True
                        )
            yield Pager("#records-body DataTable")
        with ActionBar():
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        years = self.ledger.years()
        select = self.query_one("#year", Select)
        # Drawn once below: the year set here is not a change to draw again for.
        with self.prevent(Select.Changed):
            select.set_options([(str(year), year) for year in years])
            if years:
                select.value = years[0]
        self.retranslate()
        self.query_one("#ledger-table").focus()

    # --- drawing ---------------------------------------------------------------------

    def retranslate(self) -> None:
        tabs = self.query_one("#record-tabs", TabbedContent)
        for tab in TABS:
            tabs.get_tab(tab).label = Content(self.t(f"records.tab_{tab}"))
        # Textual's own "Select" is English only: the empty choice speaks the kiosk's language.
        self.query_one("#year", Select).prompt = self.t("records.choose_year")
        self._draw_ledger()
        self._draw_contributions()
        self._draw_entitlements()

    def _year(self) -> int | None:
        value = self.query_one("#year", Select).value
        return value if isinstance(value, int) else None

    def _draw_ledger(self) -> None:
        table = self.query_one("#ledger-table", DataTable)
        columns = [
            (key, self.t(f"records.col_{key}"))
            for key in ("date", "entry", "counterparty", "amount", "balance")
        ]
        year = self._year()
        empty = self.query_one("#ledger-empty", Tr)
        totals = self.query_one("#year-totals", Static)
        if year is None:
            fill_table(table, columns, [])
            empty.show("records.ledger_none")
            totals.update("")
            table.display = False
            return
        lines = self.ledger.in_year(year)
        fill_table(
            table,
            columns,
            (
                [
                    cell(line.entry_date),
                    cell(self.t(f"entry.{line.kind}")),
                    cell(line.counterparty),
                    cell(
                        ("+" if line.kind == "credit" else "-") + money(line.amount_cents),
                        right=True,
                    ),
                    cell(money(line.balance_cents), right=True),
                ]
                for line in lines
            ),
        )
        total = self.ledger.totals(year)
        totals.update(
            Content(
                self.t(
                    "records.totals",
                    credits=money(total.credits_cents),
                    debits=money(total.debits_cents),
                )
            )
        )
        table.display = bool(lines)
        if not total.debits_cents:
            empty.show("records.no_consumption", lambda _: {"year": year})
        else:
            empty.show("")

    def _fill(self, tab: str, columns: tuple[str, ...], rows: list[list[Text]]) -> None:
        """Headers in the current language, the rows, or the tab's empty-state sentence."""
        table = self.query_one(f"#{tab}-table", DataTable)
        fill_table(table, [(key, self.t(f"records.col_{key}")) for key in columns], rows)
        table.display = bool(rows)
        self.query_one(f"#{tab}-empty", Tr).show("" if rows else f"records.{tab}_none")

    def _draw_contributions(self) -> None:
        self._fill(
            "contributions",
            ("month", "base", "employer", "individual", "paid"),
            [
                [
                    cell(row.month),
                    cell(money(row.base_cents), right=True),
                    cell(money(row.employer_cents), right=True),
                    cell(money(row.individual_cents), right=True),
                    cell(self.t(f"contribution_status.{row.status}")),
                ]
                for row in self.contributions
            ],
        )

    def _draw_entitlements(self) -> None:
        self._fill(
            "entitlements",
            ("start", "end", "type", "status", "reason"),
            [
                [
                    cell(row.start_date),
                    cell(row.end_date or self.t("records.open_ended")),
                    cell(self.t(f"insurance_type.{row.insurance_type}")),
                    cell(self.t(f"person_status.{row.status}")),
                    cell(self._reason(row.reason)),
                ]
                for row in self.entitlements
            ],
        )

    def _reason(self, reason: str) -> str:
        """A known registry code in the current language; free text as it is."""
        key = reason_key(reason)
        return self.t(key) if key else reason

    @on(Select.Changed, "#year")
    def year_changed(self) -> None:
        self._draw_ledger()
