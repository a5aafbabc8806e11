"""Activation, step 1: the real-name check (ID number, registered name, registered mobile)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class ActivateIdentityScreen(FormScreen):
    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"):
            with Vertical(classes="form"):
                yield Tr("activate.title", classes="title")
                yield Tr("activate.intro", classes="intro")
                yield Field("field.id_number", name="id_number", keep=40)
                yield Field("field.name", name="name", keep=60)
                yield Field("field.phone", name="phone", keep=20)
                yield Tr("", id="form-error", classes="form-error")
                with Horizontal(classes="form-buttons"):
                    yield TrButton("action.back", id="back")
                    yield TrButton("action.next", id="submit", variant="primary")

    def on_mount(self) -> None:
        self.field("id_number").input.focus()

    @on(Input.Submitted, "#id_number")
    def to_name(self) -> None:
        self.field("name").input.focus()

    @on(Input.Submitted, "#name")
    def to_phone(self) -> None:
        self.field("phone").input.focus()

    @on(Input.Submitted, "#phone")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        if self.busy:
            return
        self.check(self.field("id_number").value, self.field("name").value,
                   self.field("phone").value)

    @work(exclusive=True, group="activate")
    async def check(self, id_number: str, name: str, phone: str) -> None:
        outcome = await self.run_service(
            self.terminal.accounts.check_identity, id_number, name, phone
        )
        if outcome is None:
            return
        if not outcome.ok:
            self.show_errors(outcome.errors)
            return
        self.show_errors({})
        if outcome.already_active:
            self.app.call_later(self.kiosk.show_activation_done, True)
            return
        from kiosk.ui.screens.activate_password import ActivatePasswordScreen

        await self.app.push_screen(ActivatePasswordScreen(id_number, name, phone))
