"""Activation, step 1: the real-name check (ID number, registered name, registered mobile)."""

from __future__ import annotations

from textual import work

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field, id_number_field


class ActivateIdentityScreen(FormScreen):
    TITLE_KEY = "activate.title"
    INTRO_KEY = "activate.intro"

    def make_fields(self) -> list[Field]:
        return [
            id_number_field(),
            Field("field.name", name="name", keep=60, keypad="name"),
            Field("field.phone", name="phone", keep=20, keypad="digits"),
        ]

    def submit_values(self, *, id_number: str, name: str, phone: str) -> None:
        self.check(id_number, name, phone)

    @work(exclusive=True, group="activate")
    async def check(self, id_number: str, name: str, phone: str) -> None:
        outcome = await self.run_service(
            self.terminal.accounts.check_identity, id_number, name, phone
        )
        if outcome is None:
            return
        self.show_errors(outcome.errors)
        if not outcome.ok:
            return
        if outcome.already_active:
            self.app.call_later(
                self.kiosk.go_over,
                None,
                "activation_done",
                already_active=True,
                id_number=id_number,
            )
            return
        await self.kiosk.go("activate_password", id_number, name, phone)
