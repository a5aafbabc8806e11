"""The countdown shown after a while without input, before the terminal starts over."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from kiosk.ui.widgets.translated import Tr


class IdleWarningScreen(ModalScreen[None]):
    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="idle-dialog"):
            yield Tr("idle.title", classes="title")
            yield Tr("idle.body", values=lambda _: {"seconds": self.seconds}, id="idle-count")
            yield Tr("idle.hint", classes="note")

    def on_mouse_down(self) -> None:
        self.app.note_input()  # type: ignore[attr-defined]

    def show_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.query_one("#idle-count", Tr).retranslate()
