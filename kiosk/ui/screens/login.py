"""Log in with the ID number and the password."""

from __future__ import annotations

from textual import work

from kiosk.services.accounts import Outcome
from kiosk.services.records import Card
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field, id_number_field, password_field


class LoginScreen(FormScreen):
    TITLE_KEY = "login.title"
    SUBMIT_KEY = "action.log_in"
    NOTE_KEY = "login.forgot"

    def __init__(self, id_number: str = "") -> None:
        super().__init__()
        # The ID number just verified by activation, if that is how the citizen came here:
        # only the password is left to type. Held by this screen alone, dropped with it.
        self._id_number = id_number

    def on_mount(self) -> None:
        # FormScreen's own on_mount (Textual calls it too) focuses the first field.
        if self._id_number:
            self.field("id_number").input.value = self._id_number
            self.call_after_refresh(self.field("password").input.focus)

    def make_fields(self) -> list[Field]:
        return [
            id_number_field("field.id_number_hint"),
            password_field("field.password", "password"),
        ]

    def submit_values(self, *, id_number: str, password: str) -> None:
        self.log_in(id_number, password)

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
            self.clear("password")
            self.show_errors(outcome.errors)
            return
        assert outcome.session is not None
        self.app.call_later(self.kiosk.start_citizen_session, outcome.session, card)
