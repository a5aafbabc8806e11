"""Log in with the ID number and the password."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from kiosk.services.accounts import Outcome
from kiosk.services.records import Card
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class LoginScreen(FormScreen):
    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"):
            with Vertical(classes="form"):
                yield Tr("login.title", classes="title")
                yield Field("field.id_number", name="id_number", keep=40,
                            hint_key="field.id_number_hint")
                yield Field("field.password", name="password", password=True, keep=200)
                yield Tr("", id="form-error", classes="form-error")
                with Horizontal(classes="form-buttons"):
                    yield TrButton("action.back", id="back")
                    yield TrButton("action.log_in", id="submit", variant="primary")
                yield Tr("login.forgot", classes="note")

    def on_mount(self) -> None:
        self.field("id_number").input.focus()

    @on(Input.Submitted, "#id_number")
    def next_field(self) -> None:
        self.field("password").input.focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        if self.busy:
            return
        self.log_in(self.field("id_number").value, self.field("password").value)

    @work(exclusive=True, group="login")
    async def log_in(self, id_number: str, password: str) -> None:
        terminal = self.terminal

        def log_in_and_read_card() -> tuple[Outcome, Card | None]:
            # One trip to the worker thread: the home screen then paints complete.
            outcome = terminal.accounts.log_in(id_number, password)
            card = terminal.records.card(outcome.session) if outcome.session else None
            return outcome, card

        result = await self.run_service(log_in_and_read_card, leaving=lambda r: r[0].ok)
        if result is None:
            return
        outcome, card = result
        if not outcome.ok:
            self.field("password").input.value = ""
            self.show_errors(outcome.errors)
            return
        assert outcome.session is not None
        self.app.call_later(self.kiosk.start_citizen_session, outcome.session, card)
