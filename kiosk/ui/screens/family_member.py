"""Wizard step 2: who is added: full name, ID number and relationship."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.content import Content
from textual.widgets import Checkbox

from kiosk.domain.family import YOUNG_PARENT
from kiosk.ui.screens.family_draft import DraftScreen, EnrollmentDraft
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import ChoiceField, Field


class AgeGapCheck(Checkbox):
    """The holder's explicit answer: a child born less than 12 years after them is right."""

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.label = Content(self.app.t("family.age_gap_question"))  # type: ignore[attr-defined]


class FamilyMemberScreen(DraftScreen, FormScreen):
    TITLE_KEY = "family_member.title"
    INTRO_KEY = "family_member.intro"

    def __init__(self, draft: EnrollmentDraft | None = None) -> None:
        super().__init__(draft)
        self._confirmed: tuple[str, ...] = ()
        self._asked = ""  # the member ID the age-gap question is about

    def make_fields(self) -> list[Any]:
        relationships = self.terminal.config.family.relationships
        # Shown only when the check asks it; Next alone never answers it.
        question = AgeGapCheck(id="age-gap")
        question.display = False
        return [
            Field("field.name", name="name", keep=60, value=self.draft.name),
            Field("field.member_id", name="id_number", keep=40, value=self.draft.id_number),
            ChoiceField(
                "field.relationship",
                name="relationship",
                prefix="relationship",
                choices=relationships,
            ),
            question,
        ]

    def submit_values(self, *, name: str, id_number: str, relationship: str) -> None:
        self.check(name, id_number, relationship)

    @on(Checkbox.Changed, "#age-gap")
    def answered(self, event: Checkbox.Changed) -> None:
        if event.value:
            self.query_one("#form-error").show("")  # type: ignore[attr-defined]

    def _ask_age_gap(self, member: str) -> bool:
        """Show the question (again, unticked, for another member); True: it is answered."""
        box = self.query_one(AgeGapCheck)
        if not box.display or member != self._asked:
            self._asked = member
            box.value = False
            box.display = True
            box.focus()
            self.query_one("#form-error").show(YOUNG_PARENT)  # type: ignore[attr-defined]
            return False
        if not box.value:
            box.focus()
            self.query_one("#form-error").show("family.age_gap_unconfirmed")  # type: ignore[attr-defined]
            return False
        return True

    def _forget_age_gap(self) -> None:
        box = self.query_one(AgeGapCheck)
        box.value = box.display = False
        self._asked = ""

    @work(exclusive=True, group="member")
    async def check(self, name: str, id_number: str, relationship: str) -> None:
        session = self.require_citizen()
        if session is None:
            return
        result = await self.run_service(
            self.terminal.family.check, session, id_number, name, relationship
        )
        if result is None:
            return
        if result.ended:
            # Too many details not found: the form is no way to search the registry.
            self.app.call_later(self.kiosk.reset_session, "member_checks")
            return
        self.show_errors(result.errors)
        if not result.ok:
            self._confirmed = ()
            self._forget_age_gap()
            return
        if result.needs_age_gap_confirmed:
            if not self._ask_age_gap(id_number.strip().upper()):
                return
        else:
            self._forget_age_gap()
        # Other warnings and the staff-verification notice are said once; Next again goes on.
        warnings = tuple(w for w in result.warnings if w != YOUNG_PARENT)
        notices = warnings + (("family.needs_staff",) if result.needs_staff else ())
        if notices and notices != self._confirmed:
            self._confirmed = notices
            self.query_one("#form-error").show(notices[0])  # type: ignore[attr-defined]
            return
        self.draft.name, self.draft.id_number = name, id_number
        self.draft.relationship, self.draft.needs_staff = relationship, result.needs_staff
        self.draft.age_gap_confirmed = result.needs_age_gap_confirmed
        await self.next_step()
