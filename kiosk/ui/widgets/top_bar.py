"""The strip at the top of every citizen screen: the hall's name, the terminal, and the
switch to the large, high-contrast mode (a one-row button)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from kiosk.ui.widgets.contrast_button import ContrastButton


class TopBar(Horizontal):
    def compose(self) -> ComposeResult:
        # The hall's name drawn now, not on mount: one layout less before the first paint.
        terminal = self.app.terminal  # type: ignore[attr-defined]
        self.drawn_in: str = self.app.language  # type: ignore[attr-defined]
        yield Static(Content(terminal.hall(self.drawn_in).name), id="hall-name", markup=False)
        yield Static(self._terminal_label(), id="terminal-id", markup=False)
        yield ContrastButton(id="bar-high-contrast", short=True, compact=True)

    def _terminal_label(self) -> Content:
        terminal = self.app.terminal  # type: ignore[attr-defined]
        label = terminal.config.terminal
        if terminal.staff_session is not None:  # who is acting, on every screen of a desk
            label = f"{terminal.staff_session.staff_id} · {label}"
        return Content(label)

    def show_terminal(self) -> None:
        """Label the terminal again: for a screen built before the session began."""
        self.query_one("#terminal-id", Static).update(self._terminal_label())

    def on_mount(self) -> None:
        if self.drawn_in != self.app.language:  # type: ignore[attr-defined]
            self.retranslate()

    def retranslate(self) -> None:
        hall = self.app.terminal.hall(self.app.language)  # type: ignore[attr-defined]
        self.query_one("#hall-name", Static).update(Content(hall.name))
