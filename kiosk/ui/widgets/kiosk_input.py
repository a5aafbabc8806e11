"""An Input for a public terminal: no control characters, bounded pastes, no copying secrets."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from kiosk.domain.text import strip_controls


class KioskInput(Input):
    """Strips control characters from what is typed or pasted.

    `keep` bounds the value: a longer paste is cut to one character past it, so
    the form still sees "too long" and says so, instead of storing a truncation
    the person never saw, and a 1 MB paste costs nothing to draw.
    """

    def __init__(self, *, keep: int = 256, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keep = keep

    def replace(self, text: str, start: int, end: int) -> None:
        text = strip_controls(text)
        room = self.keep + 1 - (len(self.value) - (max(end, start) - min(end, start)))
        super().replace(text[: max(room, 0)], start, end)

    def action_copy(self) -> None:
        if not self.password:
            super().action_copy()

    def action_cut(self) -> None:
        # A password never leaves its field, not even to a clipboard.
        if not self.password:
            super().action_cut()

    def restricted(self) -> None:
        """No bell: a public hall does not need to hear every stray key."""
