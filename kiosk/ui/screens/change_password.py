"""Change the password: the old one first, then the new one twice."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

FIELDS = ("old", "new", "repeated")


class ChangePasswordScreen(FormScreen):
    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"):
            with Vertical(classes="form"):
                yield Tr("change_password.title", classes="title")
                yield Tr("password.rules", classes="intro")
                yield Field("field.old_password", name="old", password=True, keep=200)
                yield Field("field.new_password", name="new", password=True, keep=200)
                yield Field("field.repeat_password", name="repeated", password=True, keep=200)
                yield Tr("", id="form-error", classes="form-error")
                with Horizontal(classes="form-buttons"):
                    yield TrButton("action.back", id="back")
                    yield TrButton("action.save", id="submit", variant="primary")

    def on_mount(self) -> None:
        self.field("old").input.focus()

    @on(Input.Submitted, "#old")
    def to_new(self) -> None:
        self.field("new").input.focus()

    @on(Input.Submitted, "#new")
    def to_repeated(self) -> None:
        self.field("repeated").input.focus()

    @on(Input.Submitted, "#repeated")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        if self.busy:
            return
        self.change(*(self.field(name).value for name in FIELDS))

    @work(exclusive=True, group="change-password")
    async def change(self, old: str, new: str, repeated: str) -> None:
        session = self.terminal.session
        if session is None:
            return
        outcome = await self.run_service(
            self.terminal.accounts.change_password, session, old, new, repeated
        )
        if outcome is None:
            return
        for name in FIELDS:
            self.field(name).input.value = ""
        if not outcome.ok:
            self.show_errors(outcome.errors)
            return
        self.app.notify(self.t("change_password.done"), markup=False, timeout=6)
        self.app.pop_screen()
