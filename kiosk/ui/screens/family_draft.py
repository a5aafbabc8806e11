"""What the enrollment wizard has gathered so far; it lives and dies with its screens.

The steps and their order are kiosk/ui/routes.py's FAMILY_WIZARD; a step moves on with
next_step() and back with Back (the step before is the screen under it)."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field

from kiosk.domain.images import Pixels
from kiosk.services.inbox import CleanImage
from kiosk.ui.screens.base import KioskScreen


@dataclass
class Page:
    name: str
    image: CleanImage
    preview: Pixels
    from_inbox: bool = True  # a file of the shared scanner inbox (else a path a clerk typed)


@dataclass
class EnrollmentDraft:
    consent_at: str = ""
    id_number: str = ""
    name: str = ""
    relationship: str = ""
    needs_staff: bool = False
    age_gap_confirmed: bool = False  # ticked: "born less than 12 years after me" is right
    pages: list[Page] = field(default_factory=list)
    letter_text: str = ""
    strokes: list = field(default_factory=list)
    password: str = ""  # checked on the sign step, checked again by submit
    password_error: str = ""  # submit refused it after all: said on the sign step


class DraftScreen(KioskScreen):
    """A wizard step: it reads and fills the draft handed along from step to step.

    Listed first among a step's bases (`class X(DraftScreen, FormScreen)`), so a step
    can also be a form or a text read to its end.
    """

    def __init__(self, draft: EnrollmentDraft | None = None) -> None:
        super().__init__()
        self.draft = draft if draft is not None else EnrollmentDraft()

    def next_step(self) -> Awaitable[object]:
        """Open the wizard's next step (routes.FAMILY_WIZARD) with this draft."""
        return self.kiosk.next_step(self, self.draft)
