"""The family account: the holder's linked members and the status of each request."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Button, DataTable

from kiosk.services.family import PENDING, FamilyMember
from kiosk.services.printing import printing_enabled
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.cells import cell, fill_table
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton

COLUMNS = ("name", "relationship", "id_number", "age", "status", "application")


class FamilyAccountScreen(KioskScreen):
    MESSAGE_LINE = "#member-status"

    def __init__(self, members: list[FamilyMember] | None = None) -> None:
        """`members`: read by the screen that opens this one, so that the list is drawn
        once, complete (issue 16); without them the screen reads them itself."""
        super().__init__()
        self.members = members

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="family-body"):
            yield Tr("family_account.title", classes="title")
            yield Tr("", id="family-empty", classes="empty")
            with Center(classes="table-box"):
                yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
            yield Pager("#members")
            yield Tr("", id="member-status", classes="note", reserve=True)
        # Withdraw is always there (disabled until a pending request is chosen): neither
        # a message nor the list's reflow moves a button.
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield DataButton("family_account.withdraw", id="withdraw", variant="warning")
            # Only where the hall prints (`[printer]` kind other than "none").
            if printing_enabled(self.terminal.config):
                yield DataButton("printing.print_slip", id="print-slip", disabled=True)
            yield TrButton("action.add_member", id="add-member", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#withdraw").disabled = True
        self.chosen: FamilyMember | None = None
        if self.members is None:
            self.query_one("#members").loading = True
            self.load()
        else:
            self.retranslate()

    @work(exclusive=True, group="family")
    async def load(self) -> None:
        session = self.require_citizen()
        if session is None:
            return
        self.members = await self.in_thread(
            self.terminal.family.members, session, spinner="#members"
        )
        self.retranslate()

    def retranslate(self) -> None:
        """Called when the members arrive and when the language changes."""
        if self.members is None:
            return
        table = self.query_one("#members", DataTable)
        rows = []
        for member in self.members:
            status = self.t(f"enrollment_status.{member.status}")
            if member.reason:
                status = self.t("common.labelled", label=status, value=member.reason)
            rows.append(
                [
                    cell(member.name),
                    cell(self.t(f"relationship.{member.relationship}")),
                    cell(member.masked_id),
                    cell(str(member.age)),
                    cell(status),
                    cell(member.application_no),
                ]
            )
        # A member's row opens the member: on a touch screen a touch target, 3 rows tall.
        fill_table(
            table,
            [(key, self.t(f"family_account.col_{key}")) for key in COLUMNS],
            rows,
            row_height=3 if self.kiosk.touch else 1,
        )
        table.display = bool(self.members)
        self.query_one("#family-empty", Tr).show("" if self.members else "family_account.none")

    @on(DataTable.RowSelected, "#members")
    def open_member(self, event: DataTable.RowSelected) -> None:
        """An active member leads to their e-voucher; the others explain their status."""
        assert self.members is not None
        member = self.members[event.cursor_row]
        self.chosen = member
        self.query_one("#withdraw").disabled = member.status not in PENDING
        for button in self.query("#print-slip"):
            button.disabled = not member.application_no
        if member.status == "active":
            self.open_voucher(member.application_no)
            return
        self.query_one("#member-status", Tr).show(f"family_account.about_{member.status}")

    @work(exclusive=True, group="open")
    async def open_voucher(self, application_no: str) -> None:
        # Issued first, then opened, as from home.
        session = self.require_citizen()
        if session is None:
            return
        now = self.terminal.now()
        shown = await self.in_thread(
            self.terminal.vouchers.shown, session, now, application_no, spinner="#members"
        )
        self.kiosk.go("voucher", application_no, shown)

    @on(Button.Pressed, "#add-member")
    def add_member(self) -> None:
        self.kiosk.next_step(None)  # the family wizard's first step, with a new draft

    @on(Button.Pressed, "#withdraw")
    def ask_withdraw(self, event: Button.Pressed) -> None:
        member = self.chosen
        self.ask(
            "family_account.confirm_withdraw",
            "family_account.confirm_withdraw_yes",
            self.withdraw,
            event.button,
            subject=f"{member.name} · {member.application_no}" if member else "",
        )

    @work(exclusive=True, group="family")
    async def withdraw(self) -> None:
        session, member = self.require_citizen(), self.chosen
        if session is None or member is None:
            return
        outcome = await self.run_service(
            self.terminal.family.withdraw, session, member.application_no
        )
        if outcome is None:
            return
        self.query_one("#withdraw").disabled = True
        self.chosen = None
        self.say("family_account.withdrawn" if outcome.ok else outcome.errors["form"])
        self.members = await self.in_thread(self.terminal.family.members, session)
        self.retranslate()

    @on(Button.Pressed, "#print-slip")
    def print_slip(self) -> None:
        self.print_chosen()

    @work(exclusive=True, group="print")
    async def print_chosen(self) -> None:
        """The chosen member's application slip, on the hall's printer."""
        if self.chosen is not None:
            await self.print_slip_of(self.chosen.application_no)
