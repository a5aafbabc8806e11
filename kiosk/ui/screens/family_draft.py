"""What the enrollment wizard has gathered so far; it lives and dies with its screens."""

from __future__ import annotations

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
    pages: list[Page] = field(default_factory=list)
    letter_text: str = ""
    strokes: list = field(default_factory=list)
    password: str = ""


class DraftScreen(KioskScreen):
    """A wizard screen: it reads and fills the draft handed along from step to step."""

    def __init__(self, draft: EnrollmentDraft) -> None:
        super().__init__()
        self.draft = draft
