"""After activation: done, or the account was already active."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class ActivationDoneScreen(KioskScreen):
    def __init__(self, *, already_active: bool, id_number: str = "") -> None:
        super().__init__()
        self.already_active = already_active
        # The ID number just verified, for the login form only; it goes with this screen
        # (and with every screen when the session ends or times out).
        self._id_number = id_number

    def compose(self) -> ComposeResult:
        title, body = (
            ("activate.already_title", "activate.already_body")
            if self.already_active
            else ("activate.done_title", "activate.done_body")
        )
        yield TopBar()
        with VerticalScroll(classes="message-page"):
            yield Tr(title, classes="title")
            yield Tr(body, classes="intro")
            if self.already_active:
                yield Tr("activate.forgot", classes="note")
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("action.log_in", id="log-in", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#log-in").focus()

    @on(Button.Pressed, "#log-in")
    def log_in(self) -> None:
        self.kiosk.go("login", replace=True, id_number=self._id_number)
