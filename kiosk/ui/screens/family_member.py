"""Wizard step 2: who is added: full name, ID number and relationship."""

from __future__ import annotations

from textual import work

from kiosk.domain.family import YOUNG_PARENT
from kiosk.domain.ids import mask_id
from kiosk.ui.screens.family_draft import DraftScreen, EnrollmentDraft
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import ChoiceField, Field


class FamilyMemberScreen(DraftScreen, FormScreen):
    TITLE_KEY = "family_member.title"
    INTRO_KEY = "family_member.intro"

    def __init__(self, draft: EnrollmentDraft | None = None) -> None:
        super().__init__(draft)
        self._confirmed: tuple[str, ...] = ()
        # The member ID for which the holder answered "yes, the birth dates are right".
        self._age_gap_for = ""

    def make_fields(self) -> list[Field]:
        relationships = self.terminal.config.family.relationships
        return [
            Field("field.name", name="name", keep=60, value=self.draft.name, keypad="name"),
            Field(
                "field.member_id",
                name="id_number",
                keep=40,
                value=self.draft.id_number,
                keypad="id",
            ),
            ChoiceField(
                "field.relationship",
                name="relationship",
                prefix="relationship",
                choices=relationships,
            ),
        ]

    def submit_values(self, *, name: str, id_number: str, relationship: str) -> None:
        self.check(name, id_number, relationship)

    def _ask_age_gap(self, member: str, name: str) -> None:
        """An explicit question with its own confirm button; Next alone never answers it."""

        def confirmed() -> None:
            self._age_gap_for = member
            self.submit()

        self.query_one("#form-error").show("")  # type: ignore[attr-defined]
        self.ask(
            YOUNG_PARENT,
            "family.age_gap_yes",
            confirmed,
            self.query_one("#submit"),
            subject=f"{name} · {mask_id(member)}",
            variant="primary",
        )

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
            return
        member = id_number.strip().upper()
        if result.needs_age_gap_confirmed and self._age_gap_for != member:
            self._ask_age_gap(member, name)
            return
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
