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
    def compose(self) -> ComposeResult:
        with Vertical(id="out-of-service-body"):
            yield Tr("out_of_service.title", classes="title")
            yield Tr("out_of_service.body", classes="intro")

    def on_mount(self) -> None:
        self.set_timer(SHOW_SECONDS, self._done)

    def on_key(self, event: events.Key) -> None:
        # The key only dismisses this screen; it must not press anything on the next one.
        event.stop()
        event.prevent_default()
        self._done()

    def _done(self) -> None:
        if self.is_current:
            self.app.call_later(self.app.reset_session)  # type: ignore[attr-defined]
