"""The desk: find a citizen, and (for a supervisor) the review queue, audit log and exit."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, DataTable, Input

from kiosk.services import sync_status
from kiosk.services.desk import Citizen, Search
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.cells import cell, fill_table
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton

COLUMNS = ("name", "id_number", "birth_date", "account")


class StaffDeskScreen(KioskScreen):
    CENTRAL_REFRESH_SECONDS = 30.0

    def __init__(self, who: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.search: Search | None = None
        # (name, role) when the desk is built while the clerk's password is checked
        # (StaffLoginScreen); otherwise the session's.
        self.who = who

    def _name_and_role(self) -> tuple[str, str]:
        if self.who is not None:
            return self.who
        staff = self.terminal.staff_session
        return (staff.name, staff.role) if staff is not None else ("", "")

    def compose(self) -> ComposeResult:
        supervisor = self._name_and_role()[1] == "supervisor"
        yield TopBar()
        with Vertical(id="desk-body"):
            yield Tr("desk.title", classes="title")
            yield Tr("desk.who", self._who, id="desk-who", classes="intro")
            # only with a [central] section: a hall without one looks as it always did
            if self.terminal.config.central.configured:
                yield Tr("", id="desk-central", classes="note")
                yield Tr("", id="desk-central-refused", classes="note")
                yield Tr("", id="desk-central-failed", classes="note")
            with Horizontal(id="desk-search"):
                yield Field("field.search", name="query", keep=40, hint_key="desk.hint")
                yield TrButton("action.find", id="find", variant="primary")
            yield Tr("", id="desk-message", classes="note", reserve=True)
            with Center(classes="table-box"):
                yield DataTable(id="found", cursor_type="row", zebra_stripes=True)
        with ActionBar(id="desk-actions"):
            if supervisor:
                yield TrButton("desk.review", id="review")
                yield TrButton("desk.audit", id="audit")
                yield DataButton("desk.leave", id="leave", variant="warning")
            yield TrButton("action.log_out", id="log-out", variant="error")

    def _who(self, _language: str) -> dict[str, str]:
        name, role = self._name_and_role()
        return {"name": name, "role": self.t(f"role.{role}") if role else ""}

    def on_mount(self) -> None:
        self.query_one("#found").display = False
        self.query_one("#field-query", Field).input.focus()
        if self.terminal.config.central.configured:
            self.show_central()
            # the rounds run in the background: the lines follow them while the desk is open
            self.set_interval(self.CENTRAL_REFRESH_SECONDS, self.show_central)

    @work(exclusive=True, group="central")
    async def show_central(self) -> None:
        """How long since the last round with the central office, how much waits to go
        up, and a refusal of an audit row while it stands (one line each, small)."""
        status = await self.run_service(sync_status.status, self.terminal.store)
        if status is None:
            return
        minutes = status.minutes_since_last_round(self.terminal.now())
        waiting = status.waiting
        line = self.query_one("#desk-central", Tr)
        if minutes is None:
            line.show("desk.central_never", lambda _: {"waiting": waiting})
        else:
            line.show("desk.central_round", lambda _: {"minutes": minutes, "waiting": waiting})
        refusal = status.refusal
        refused = self.query_one("#desk-central-refused", Tr)
        if refusal is None:
            refused.show("")
        else:
            refused.show("desk.central_refused", lambda _: {"seq": refusal["seq"]})
        # the last round that did not go through, while none has gone through since
        failed = self.query_one("#desk-central-failed", Tr)
        failure = status.last_failure
        since = status.minutes_since_last_failure(self.terminal.now())
        if failure is None or since is None:
            failed.show("")
        else:
            key = "desk.central_unreachable" if failure["unreachable"] else "desk.central_failed"
            failed.show(key, lambda _: {"minutes": since})

    def on_screen_resume(self) -> None:
        # Built while the password was checked, before the session named the clerk.
        self.query_one(TopBar).show_terminal()

    def action_back(self) -> None:
        """Escape does not log a clerk out: only "Log out" does."""

    @on(Input.Submitted, "#query")
    @on(Button.Pressed, "#find")
    def find(self) -> None:
        self.run_search(self.query_one("#field-query", Field).value)

    @work(exclusive=True, group="find")
    async def run_search(self, query: str) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        search = await self.run_service(self.terminal.desk.find, staff, query)
        if search is None:
            return
        self.search = search
        self.query_one("#field-query", Field).show_error(search.error)
        self.retranslate()

    def show_busy(self) -> None:
        self.query_one("#field-query", Field).show_error("common.busy")

    def retranslate(self) -> None:
        search = self.search
        table = self.query_one("#found", DataTable)
        message = self.query_one("#desk-message", Tr)
        if search is None or search.error:
            table.display = False
            message.show("")
            return
        fill_table(
            table,
            [(key, self.t(f"desk.col_{key}")) for key in COLUMNS],
            (
                [
                    cell(c.name),
                    cell(c.masked_id),
                    cell(c.birth_date),
                    cell(self.t(f"account_state.{c.account}")),
                ]
                for c in search.found
            ),
        )
        table.display = bool(search.found)
        message.show("desk.more" if search.more else "" if search.found else "desk.none")
        if search.found:
            table.focus()

    @on(DataTable.RowSelected, "#found")
    def open_citizen(self, event: DataTable.RowSelected) -> None:
        assert self.search is not None
        citizen: Citizen = self.search.found[event.cursor_row]
        self.kiosk.go("citizen_desk", citizen)

    @on(Button.Pressed, "#review")
    def review(self) -> None:
        self.kiosk.go("review_queue")

    @on(Button.Pressed, "#audit")
    def audit(self) -> None:
        self.kiosk.go("audit_log")

    @on(Button.Pressed, "#leave")
    def leave(self, event: Button.Pressed) -> None:
        self.ask(
            "desk.confirm_leave",
            "desk.confirm_leave_yes",
            lambda: self.app.call_later(self.kiosk.leave),
            event.button,
        )

    @on(Button.Pressed, "#log-out")
    def log_out(self) -> None:
        self.app.call_later(self.kiosk.reset_session, "logout")
