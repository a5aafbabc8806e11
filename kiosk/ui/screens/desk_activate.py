"""Activation at the desk: the clerk checks the physical ID card, the citizen picks a password."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.content import Content
from textual.widgets import Checkbox, Static

from kiosk.domain.text import strip_controls as plain
from kiosk.services.desk import Citizen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import new_password_fields
from kiosk.ui.widgets.translated import Tr


class CardCheck(Checkbox):
    """The clerk's statement that the physical ID card matches, in the session's language."""

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.label = Content(self.app.t("desk_activate.card_checked"))  # type: ignore[attr-defined]


class DeskActivateScreen(FormScreen):
    TITLE_KEY = "desk_activate.title"
    INTRO_KEY = "desk_activate.intro"
    SUBMIT_KEY = "action.activate_now"
    RULES_KEY = "password.rules"
    SUBMIT_CHANGES_DATA = True

    def __init__(self, citizen: Citizen) -> None:
        super().__init__()
        self.citizen = citizen

    def make_fields(self) -> list[Any]:
        return [
            Static(
                Content(f"{plain(self.citizen.name)}  {self.citizen.masked_id}"),
                id="activate-who",
                classes="field-label",
                markup=False,
            ),
            CardCheck(id="card-checked"),
            Tr("", id="card-error", classes="field-error"),
            *new_password_fields(),
        ]

    def on_mount(self) -> None:
        self.query_one(CardCheck).focus()

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        self.query_one("#card-error", Tr).show(errors.get("card_checked", ""))
        if "card_checked" in errors:
            self.query_one(CardCheck).focus()

    def submit_values(self, *, password: str, repeated: str) -> None:
        self.activate(self.query_one(CardCheck).value, password, repeated)

    @work(exclusive=True, group="desk-activate")
    async def activate(self, card_checked: bool, password: str, repeated: str) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        desk = self.terminal.desk
        outcome = await self.run_service(
            lambda: desk.activate(
                staff,
                self.citizen.id_number,
                card_checked=card_checked,
                password=password,
                repeated=repeated,
            ),
            leaving=lambda o: o.ok,
        )
        if outcome is None:
            return
        self.clear("password", "repeated")
        if not outcome.ok:
            self.show_errors(outcome.errors)
            return
        self.dismiss("desk.already_active" if outcome.already_active else "desk.activated")
