"""Wizard step 5: the holder signs on the pad and confirms with the password."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button

from kiosk.domain.signature import check_signature as signature_problem
from kiosk.ui.screens.family_draft import DraftScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.field import Field, password_field
from kiosk.ui.widgets.signature_pad import SignaturePad
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class FamilySignScreen(DraftScreen):
    def compose(self) -> ComposeResult:
        session = self.terminal.session
        desk = session is not None and bool(session.assisted_by)
        yield TopBar()
        with VerticalScroll(classes="form-page"), Vertical(classes="wizard"):
            yield Tr("family_sign.title", classes="title")
            yield Tr("family_sign.intro_desk" if desk else "family_sign.intro", classes="intro")
            yield SignaturePad(id="pad")
            yield Tr("", id="signature-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield TrButton("family_sign.undo", id="undo")
                yield TrButton("family_sign.clear", id="clear")
            yield password_field("field.countersign" if desk else "field.password", "password")
            yield Tr("", id="form-error", classes="form-error")
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("action.next", id="submit", variant="primary")

    def on_mount(self) -> None:
        pad = self.query_one(SignaturePad)
        pad.strokes = [list(stroke) for stroke in self.draft.strokes]
        pad.focus()

    def on_screen_resume(self) -> None:
        # Add found the password wrong after all (a lock in between): said here, by its field.
        if self.draft.password_error:
            self.query_one("#field-password", Field).show_error(self.draft.password_error)
            self.draft.password_error = ""

    @on(Button.Pressed, "#undo")
    def undo(self) -> None:
        self.query_one(SignaturePad).undo()

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        self.query_one(SignaturePad).clear()

    @on(SignaturePad.Changed)
    def signed(self) -> None:
        self.query_one("#signature-error", Tr).show("")

    @on(Button.Pressed, "#submit")
    def done(self) -> None:
        strokes = self.query_one(SignaturePad).strokes
        problem = signature_problem(strokes)
        self.query_one("#signature-error", Tr).show(problem or "")
        password = self.query_one("#field-password", Field)
        password.show_error("" if password.value else "password.empty")
        if problem or not password.value:
            return
        self.draft.strokes = [list(stroke) for stroke in strokes]
        self.confirm(password.value)

    @work(exclusive=True, group="sign")
    async def confirm(self, typed: str) -> None:
        """The password is checked here, by its field (submit checks it again)."""
        session = self.require_citizen()
        if session is None:
            return
        outcome = await self.run_service(
            self.terminal.family.confirm_signature,
            session,
            typed,
            self.terminal.staff_session,
            leaving=lambda o: o.ok,
        )
        if outcome is None:
            return
        password = self.query_one("#field-password", Field)
        password.input.value = ""
        if not outcome.ok:
            password.show_error(outcome.errors["password"])
            password.input.focus()
            return
        self.draft.password = typed
        await self.next_step()
