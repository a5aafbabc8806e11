"""Shown instead of a traceback when something unexpected fails."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen

from kiosk.ui.widgets.translated import Tr

# Long enough to read the message, short enough that the next citizen is not kept waiting.
SHOW_SECONDS = 8


class OutOfServiceScreen(Screen):
    """After one failure: a moment, then the start. `permanent` when the records cannot
    be reached at all (damaged, read-only or full database): it stays until staff come."""

    def __init__(self, *, permanent: bool = False) -> None:
        super().__init__()
        self.permanent = permanent

    def compose(self) -> ComposeResult:
        with Vertical(id="out-of-service-body"):
            yield Tr("out_of_service.title", classes="title")
            yield Tr(
                "out_of_service.call_staff" if self.permanent else "out_of_service.body",
                classes="intro",
            )

    def on_mount(self) -> None:
        if not self.permanent:
            self.set_timer(SHOW_SECONDS, self._done)

    def on_key(self, event: events.Key) -> None:
        # The key only dismisses this screen; it must not press anything on the next one.
        event.stop()
        event.prevent_default()
        self._done()

    def _done(self) -> None:
        if self.is_current and not self.permanent:
            self.app.call_later(self.app.reset_session)  # type: ignore[attr-defined]
