"""Wizard step 7: the application number and what happens next."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button

from kiosk.services.family import Submitted
from kiosk.services.printing import printing_enabled
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton


class FamilySubmittedScreen(KioskScreen):
    MESSAGE_LINE = "#print-status"

    def __init__(self, submitted: Submitted) -> None:
        super().__init__()
        self.submitted = submitted

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="message-page"):
            yield Tr("family_submitted.title", classes="title")
            yield Tr(
                "family_submitted.number",
                lambda _: {"number": self.submitted.application_no},
                id="application-no",
                classes="intro",
            )
            yield Tr(f"family_account.about_{self.submitted.status}", classes="intro")
            if printing_enabled(self.terminal.config):
                yield Tr("", id="print-status", classes="note", reserve=True)
        with ActionBar():
            # Only where the hall prints (`[printer]` kind other than "none").
            if printing_enabled(self.terminal.config):
                yield DataButton("printing.print_slip", id="print-slip")
            yield TrButton("action.family", id="family", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#family").focus()

    def action_back(self) -> None:
        self.open_family()

    @on(Button.Pressed, "#family")
    def open_family(self) -> None:
        self.app.call_later(self.kiosk.go_over, "home", "family_account")

    @on(Button.Pressed, "#print-slip")
    def print_slip(self) -> None:
        self.print_submitted()

    @work(exclusive=True, group="print")
    async def print_submitted(self) -> None:
        """The slip of the application just made, on the hall's printer."""
        await self.print_slip_of(self.submitted.application_no)
