"""A supervisor sees a citizen's full ID number after saying why (the reason is audited)."""

from __future__ import annotations

from textual import work

from kiosk.services.desk import Citizen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.translated import Tr


class RevealIdScreen(FormScreen):
    TITLE_KEY = "reveal.title"
    INTRO_KEY = "reveal.intro"
    SUBMIT_KEY = "reveal.show"
    SUBMIT_CHANGES_DATA = True

    def __init__(self, citizen: Citizen) -> None:
        super().__init__()
        self.citizen = citizen

    def make_fields(self) -> list:
        return [
            Field("field.reason", name="reason", keep=200),
            Tr("", id="full-id", classes="title"),
        ]

    def submit_values(self, *, reason: str) -> None:
        self.reveal(reason)

    @work(exclusive=True, group="reveal")
    async def reveal(self, reason: str) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        result = await self.run_service(
            self.terminal.desk.reveal_id, staff, self.citizen.id_number, reason
        )
        if result is None:
            return
        if not isinstance(result, str):
            self.show_errors(result.errors)
            return
        self.show_errors({})
        self.query_one("#full-id", Tr).show("reveal.shown", lambda _: {"id": result})
