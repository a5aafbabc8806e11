"""Wizard step 1: the family-account notice, agreed to only after reading it all."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button

from kiosk.ui.screens.family_draft import DraftScreen, EnrollmentDraft
from kiosk.ui.screens.read_to_end import ReadToEndScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class FamilyNoticeScreen(DraftScreen, ReadToEndScreen):
    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(classes="wizard"):
            yield Tr("family_notice.title", classes="title")
            with VerticalScroll(id="reading", classes="reading"):
                yield Tr("family_notice.body", classes="reading-text")
            yield Tr("wizard.read_to_end", id="read-hint", classes="note")
            yield Pager("#reading")
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("action.agree", id="submit", variant="primary")

    @on(Button.Pressed, "#submit")
    def agree(self) -> None:
        # Each agreement starts a new draft: nothing typed before it is kept.
        self.draft = EnrollmentDraft(consent_at=self.terminal.now().isoformat())
        self.next_step()
