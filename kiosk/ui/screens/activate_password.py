"""Activation, step 2: choose a password and type it again."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class ActivatePasswordScreen(FormScreen):
    def __init__(self, id_number: str, name: str, phone: str) -> None:
        super().__init__()
        # Kept only for the service to check again; dropped with the screen.
        self._identity = (id_number, name, phone)

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"):
            with Vertical(classes="form"):
                yield Tr("activate.password_title", classes="title")
                yield Tr("password.rules", classes="intro")
                yield Field("field.new_password", name="password", password=True, keep=200)
                yield Field("field.repeat_password", name="repeated", password=True, keep=200)
                yield Tr("", id="form-error", classes="form-error")
                with Horizontal(classes="form-buttons"):
                    yield TrButton("action.back", id="back")
                    yield TrButton("action.activate_now", id="submit", variant="primary")

    def on_mount(self) -> None:
        self.field("password").input.focus()

    @on(Input.Submitted, "#password")
    def to_repeated(self) -> None:
        self.field("repeated").input.focus()

    @on(Input.Submitted, "#repeated")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        if self.busy:
            return
        self.activate(self.field("password").value, self.field("repeated").value)

    @work(exclusive=True, group="activate")
    async def activate(self, password: str, repeated: str) -> None:
        outcome = await self.run_service(
            self.terminal.accounts.activate, *self._identity, password, repeated
        )
        if outcome is None:
            return
        if not outcome.ok:
            for name in ("password", "repeated"):
                self.field(name).input.value = ""
            self.show_errors(outcome.errors)
            return
        self.app.call_later(self.kiosk.show_activation_done, outcome.already_active)
