"""The supervisor's audit log viewer: newest first, filtered by time, actor and action."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Static

from kiosk.domain.text import strip_controls as plain
from kiosk.services.audit import AuditPage
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.cells import cell, fill_table
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

FILTERS = ("since", "until", "actor", "action")
COLUMNS = ("seq", "at", "actor", "action", "subject", "detail")


class AuditLogScreen(KioskScreen):
    def __init__(self) -> None:
        super().__init__()
        self.page: AuditPage | None = None

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="audit-body"):
            yield Tr("audit_log.title", classes="title")
            yield Tr("audit_log.hint", classes="note")
            with Horizontal(id="audit-filters"):
                for name in FILTERS:
                    yield Field(f"field.{name}", name=name, keep=40)
            yield Tr("", id="audit-message", classes="note")
            with Center(classes="table-box"):
                yield DataTable(id="audit-rows", cursor_type="row", zebra_stripes=True)
            yield Pager("#audit-rows")
            # The selected row's details in full: the table's column cuts them.
            yield Tr("audit_log.detail_label", classes="field-label")
            yield Static("", id="audit-detail", markup=False)
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("audit_log.filter", id="filter", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#field-since", Field).input.focus()
        self.run_filter()

    @on(Input.Submitted)
    @on(Button.Pressed, "#filter")
    def run_filter(self) -> None:
        self.load({name: self.query_one(f"#field-{name}", Field).value for name in FILTERS})

    @work(exclusive=True, group="audit")
    async def load(self, filters: dict[str, str]) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        self.page = await self.in_thread(
            lambda: self.terminal.audit_page(staff, **filters), spinner="#audit-rows"
        )
        for name in FILTERS:
            self.query_one(f"#field-{name}", Field).show_error(self.page.errors.get(name, ""))
        self.retranslate()

    def retranslate(self) -> None:
        page = self.page
        if page is None or page.errors:
            return
        table = self.query_one("#audit-rows", DataTable)
        fill_table(
            table,
            [(key, self.t(f"audit_log.col_{key}")) for key in COLUMNS],
            (
                [
                    cell(str(row.seq), right=True),
                    cell(row.at[:19].replace("T", " ")),
                    cell(row.actor),
                    cell(row.action),
                    cell(row.subject),
                    cell(row.detail[:80]),
                ]
                for row in page.rows
            ),
        )
        self.show_detail(table.cursor_row)
        message = "audit_log.more" if page.more else "" if page.rows else "audit_log.none"
        self.query_one("#audit-message", Tr).show(message)

    @on(DataTable.RowHighlighted, "#audit-rows")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def show_detail(self, row: int) -> None:
        rows = self.page.rows if self.page is not None else []
        detail = rows[row].detail if 0 <= row < len(rows) else ""
        self.query_one("#audit-detail", Static).update(Content(plain(detail)))
