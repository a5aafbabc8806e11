"""The one time a temporary password is shown: to the clerk, to hand to the citizen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.domain.text import strip_controls as plain
from kiosk.services.desk import Citizen, TemporaryPassword
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class TemporaryPasswordScreen(KioskScreen):
    def __init__(self, citizen: Citizen, temporary: TemporaryPassword) -> None:
        super().__init__()
        self.citizen = citizen
        self.temporary = temporary

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="message-page"):
            yield Tr("desk_reset.title", classes="title")
            yield Static(
                Content(f"{plain(self.citizen.name)}  {self.citizen.masked_id}"),
                id="temporary-for",
                markup=False,
            )
            with Center():
                yield Static(Content(self.temporary.password), id="temporary", markup=False)
            yield Tr(
                "desk_reset.intro",
                lambda _: {"until": self.temporary.expires_at[:16].replace("T", " ")},
                classes="intro",
            )
        with ActionBar():
            yield TrButton("action.done", id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#done").focus()

    @on(Button.Pressed, "#done")
    def done(self) -> None:
        # Nothing keeps the password once this screen is gone.
        self.temporary = TemporaryPassword("", self.temporary.expires_at)
        self.app.pop_screen()

    def action_back(self) -> None:
        self.done()
