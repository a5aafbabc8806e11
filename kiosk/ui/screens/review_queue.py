"""The supervisor's review queue: enrollments waiting, oldest first."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import DataTable

from kiosk.services.review import QueueItem
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.cells import cell, fill_table
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

COLUMNS = ("application", "submitted", "holder", "member", "relationship", "status", "desk")
# The queue fits 100 columns: names without ID numbers (the application shows both),
# short status words; past that (long names), it scrolls with the number kept in view.


class ReviewQueueScreen(KioskScreen):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[QueueItem] | None = None

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="review-body"):
            yield Tr("review.queue_title", classes="title")
            yield Tr("", id="queue-empty", classes="empty")
            with Center(classes="table-box"):
                yield DataTable(id="queue", cursor_type="row", zebra_stripes=True, fixed_columns=1)
            yield Pager("#queue")
        with ActionBar():
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        self.query_one("#queue").loading = True

    def on_screen_resume(self) -> None:
        """Also after a decision: the decided application leaves the list."""
        self.load()

    @work(exclusive=True, group="queue")
    async def load(self) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        self.items = await self.in_thread(self.terminal.review.queue, staff)
        self.query_one("#queue").loading = False
        self.retranslate()

    def retranslate(self) -> None:
        if self.items is None:
            return
        table = self.query_one("#queue", DataTable)
        fill_table(
            table,
            [(key, self.t(f"review.col_{key}")) for key in COLUMNS],
            (
                [
                    cell(item.application_no),
                    cell(item.submitted_at[:16].replace("T", " ")),
                    cell(item.holder_name),
                    cell(item.member_name),
                    cell(self.t(f"relationship.{item.relationship}")),
                    cell(self.t(f"review.queue_{item.status}")),
                    cell(item.countersigned_by or "-"),
                ]
                for item in self.items
            ),
        )
        table.display = bool(self.items)
        self.query_one("#queue-empty", Tr).show("" if self.items else "review.empty")
        if self.items:
            table.focus()

    @on(DataTable.RowSelected, "#queue")
    def open_application(self, event: DataTable.RowSelected) -> None:
        assert self.items is not None
        self.kiosk.go("review_application", self.items[event.cursor_row].enrollment_id)
