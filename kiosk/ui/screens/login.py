"""Log in with the ID number and the password."""

from __future__ import annotations

import asyncio

from textual import work
from textual.screen import Screen

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
        check = self.run_service(
            terminal.accounts.log_in, id_number, password, leaving=lambda o: o.ok
        )
        checking = asyncio.ensure_future(check)
        # While the password is hashed (another thread), the card is read and home built
        # unseen, so a right password shows home at once (issue 16). An unknown ID number
        # builds it too, with a stand-in card, so that it costs what a known one costs.
        card = await asyncio.to_thread(terminal.records.card_before_login, id_number)
        home: Screen | None = self.kiosk.build_unseen("home", card or STAND_IN)
        try:
            outcome = await checking
            if outcome is None:
                return
            if not outcome.ok:
                self.clear("password")
                self.show_errors(outcome.errors)
                return
            assert outcome.session is not None
            if card is None:  # the person came into the registry during the check
                home = None
            self.app.call_later(self.kiosk.start_citizen_session, outcome.session, card, home)
            home = None
        finally:
            if home is not None:
                self.kiosk.drop_unseen(home)


# Never shown: what home is built with while an unknown ID number's refusal is prepared.
STAND_IN = Card(
    masked_id="1" * 18,
    name="",
    sex="M",
    birth_date="2000-01-01",
    insurance_type="resident",
    status="active",
    balance_cents=0,
    last_entry_date=None,
)
