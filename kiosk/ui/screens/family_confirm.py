"""Wizard step 6: every detail on one page; "Add" submits it all in one transaction."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.domain.ids import mask_id
from kiosk.domain.text import strip_controls as plain
from kiosk.services.family import MemberDraft
from kiosk.ui.screens.family_draft import DraftScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class FamilyConfirmScreen(DraftScreen):
    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"), Vertical(classes="wizard"):
            yield Tr("family_confirm.title", classes="title")
            yield Static("", id="summary", markup=False)
            yield Tr("family_confirm.needs_staff" if self.draft.needs_staff else "", classes="note")
            yield Tr("", id="form-error", classes="form-error")
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("action.add", id="submit", variant="primary")

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        d = self.draft
        lines = [
            (self.t("field.name"), plain(d.name)),
            (self.t("field.member_id"), mask_id(d.id_number.strip().upper())),
            (self.t("field.relationship"), self.t(f"relationship.{d.relationship}")),
            (self.t("family_confirm.pages"), str(len(d.pages))),
            (self.t("family_confirm.letter"), self.t("family_confirm.read")),
            (self.t("family_confirm.signature"), self.t("family_confirm.signed")),
        ]
        if d.age_gap_confirmed:
            lines.append(
                (self.t("family_confirm.age_gap"), self.t("family_confirm.age_gap_confirmed"))
            )
        text = "\n".join(
            self.t("common.labelled", label=label, value=value) for label, value in lines
        )
        self.query_one("#summary", Static).update(Content(text))

    @on(Button.Pressed, "#submit")
    def add(self) -> None:
        self.submit()

    @work(exclusive=True, group="submit")
    async def submit(self) -> None:
        session = self.require_citizen()
        if session is None:
            return
        d = self.draft
        result = await self.run_service(
            lambda: self.terminal.family.submit(
                session,
                MemberDraft(d.id_number, d.name, d.relationship, d.age_gap_confirmed),
                consent_at=d.consent_at,
                pages=[p.image for p in d.pages],
                letter_text=d.letter_text,
                strokes=d.strokes,
                password=d.password,
                staff=self.terminal.staff_session,
                inbox_names=[p.name for p in d.pages if p.from_inbox],
            ),
            spinner="#submit",
            leaving=lambda r: r[1] is not None,
        )
        if result is None:
            return
        outcome, submitted = result
        if submitted is None:
            key = next(iter(outcome.errors.values()))
            if "password" in outcome.errors:
                # Typed again on the sign step, where the message goes, by its field.
                d.password, d.password_error = "", key
                self.action_back()
                return
            self.say(key)
            return
        d.password = ""
        # The wizard's screens go (nothing of the draft survives), the result comes.
        self.app.call_later(self.kiosk.go_over, "home", "family_submitted", submitted)
