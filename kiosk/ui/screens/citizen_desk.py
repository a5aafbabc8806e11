"""One citizen as the clerk sees them: masked details and what can be done for them.

Nothing here moves while the clerk works: the message line keeps its room, and the
buttons that do not apply to the account now are disabled, not taken away.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.domain.text import strip_controls as plain
from kiosk.services.desk import Citizen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton


class CitizenDeskScreen(KioskScreen):
    MESSAGE_LINE = "#desk-message"

    def __init__(self, citizen: Citizen) -> None:
        super().__init__()
        self.citizen = citizen

    def compose(self) -> ComposeResult:
        staff = self.terminal.staff_session
        with_reveal = staff is not None and staff.role == "supervisor"
        yield TopBar()
        with VerticalScroll(classes="form-page"), Vertical(classes="form"):
            yield Static("", id="citizen-name", classes="title", markup=False)
            yield Tr("desk.details", self._details, id="citizen-details")
            yield Tr("", id="revealed", classes="note")
            yield Tr("", id="desk-message", classes="note", reserve=True)
        with ActionBar(id="citizen-actions"):
            yield TrButton("desk.open_card", id="open-card", variant="primary")
            yield TrButton("desk.activate", id="activate")
            yield DataButton("desk.unlock", id="unlock")
            yield DataButton("desk.reset", id="reset")
            if with_reveal:
                yield TrButton("desk.reveal", id="reveal")
            yield TrButton("action.back", id="back")

    def _details(self, _language: str) -> dict[str, str]:
        c = self.citizen
        return {
            "id": c.masked_id,
            "born": c.birth_date,
            "status": self.t(f"person_status.{c.person_status}"),
            "account": self.t(f"account_state.{c.account}"),
        }

    def on_mount(self) -> None:
        self.show_citizen()
        self.query_one("#open-card").focus()

    def show_citizen(self) -> None:
        c = self.citizen
        self.query_one("#citizen-name", Static).update(Content(plain(c.name)))
        self.query_one("#citizen-details", Tr).retranslate()
        self.query_one("#activate").disabled = c.account != "not_activated"
        self.query_one("#unlock").disabled = c.account != "locked"
        self.query_one("#reset").disabled = c.account == "not_activated"

    def on_screen_resume(self) -> None:
        """Shown again (back from a dialog, the card, a password): the account may have
        changed meanwhile (locked by wrong passwords at a kiosk), so read it again."""
        self.refresh_citizen()

    # A group of its own: a refresh never cancels an action that is under way.
    @work(exclusive=True, group="refresh")
    async def refresh_citizen(self) -> None:
        """Read the person again (when shown, after an activation, an unlock, a reset...)."""
        staff = self.require_staff()
        if staff is None:
            return
        fresh = await self.in_thread(self.terminal.desk.citizen, staff, self.citizen.id_number)
        if fresh is not None:
            self.citizen = fresh
            self.show_citizen()

    @on(Button.Pressed, "#open-card")
    @work(exclusive=True, group="citizen")
    async def open_card(self) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        session = await self.run_service(
            self.terminal.desk.open_citizen, staff, self.citizen.id_number
        )
        if session is None:
            return
        self.app.call_later(self.kiosk.open_assisted, session)

    @on(Button.Pressed, "#activate")
    def activate(self) -> None:
        self.say("")
        self.kiosk.go("desk_activate", self.citizen, then=self._after_activation)

    def _after_activation(self, result: str | None) -> None:
        if result:
            self.say(result)
        self.refresh_citizen()

    @on(Button.Pressed, "#unlock")
    @work(exclusive=True, group="citizen")
    async def unlock(self) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        was_locked = await self.run_service(
            self.terminal.desk.unlock, staff, self.citizen.id_number
        )
        if was_locked is None:
            self.refresh_citizen()
            return
        self.say("desk.unlocked" if was_locked else "desk.was_not_locked")
        self.refresh_citizen()

    @on(Button.Pressed, "#reset")
    def ask_reset(self, event: Button.Pressed) -> None:
        self.ask(
            "desk.confirm_reset",
            "desk.confirm_reset_yes",
            self.reset,
            event.button,
            subject=f"{self.citizen.name} · {self.citizen.masked_id}",
        )

    @work(exclusive=True, group="citizen")
    async def reset(self) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        result = await self.run_service(
            self.terminal.desk.reset_password, staff, self.citizen.id_number, spinner="#reset"
        )
        if result is None:
            return
        outcome, temporary = result
        if temporary is None:
            self.say(next(iter(outcome.errors.values())))
            self.refresh_citizen()
            return
        self.say("")
        self.kiosk.go("temporary_password", self.citizen, temporary)
        self.refresh_citizen()

    @on(Button.Pressed, "#reveal")
    def reveal(self) -> None:
        self.kiosk.go("reveal_id", self.citizen)
