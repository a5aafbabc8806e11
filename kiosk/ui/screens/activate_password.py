"""Activation, step 2: choose a password and type it again."""

from __future__ import annotations

from textual import work

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field, new_password_fields


class ActivatePasswordScreen(FormScreen):
    TITLE_KEY = "activate.password_title"
    INTRO_KEY = "password.rules"
    SUBMIT_KEY = "action.activate_now"

    def __init__(self, id_number: str, name: str, phone: str) -> None:
        super().__init__()
        # Kept only for the service to check again; dropped with the screen.
        self._identity = (id_number, name, phone)

    def make_fields(self) -> list[Field]:
        return new_password_fields()

    def submit_values(self, *, password: str, repeated: str) -> None:
        self.activate(password, repeated)

    @work(exclusive=True, group="activate")
    async def activate(self, password: str, repeated: str) -> None:
        outcome = await self.run_service(
            self.terminal.accounts.activate, *self._identity, password, repeated
        )
        if outcome is None:
            return
        if not outcome.ok:
            self.clear("password", "repeated")
            self.show_errors(outcome.errors)
            return
        # The forms go (Back must not lead to what was typed).
        self.app.call_later(
            self.kiosk.go_over,
            None,
            "activation_done",
            already_active=outcome.already_active,
            id_number=self._identity[0],
        )
