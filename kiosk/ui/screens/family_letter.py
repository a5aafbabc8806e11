"""Wizard step 4: the commitment letter made from the form, read to its end."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.services.family import MemberDraft
from kiosk.ui.screens.family_draft import DraftScreen
from kiosk.ui.screens.read_to_end import ReadToEndScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class FamilyLetterScreen(DraftScreen, ReadToEndScreen):
    def compose(self) -> ComposeResult:
        session = self.terminal.session
        assert session is not None
        letter = self.terminal.family.letter(
            session,
            MemberDraft(self.draft.id_number, self.draft.name, self.draft.relationship),
            self.kiosk.language,
        )
        # The text signed is exactly the text shown (in the language of this moment).
        self.draft.letter_text = letter.text
        yield TopBar()
        with Vertical(classes="wizard"):
            with VerticalScroll(id="reading", classes="reading"):
                yield Static(letter.text, markup=False, classes="reading-text")
            yield Tr("wizard.read_to_end", id="read-hint", classes="note")
            yield Pager("#reading")
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("action.next", id="submit", variant="primary")

    @on(Button.Pressed, "#submit")
    def done(self) -> None:
        self.next_step()
