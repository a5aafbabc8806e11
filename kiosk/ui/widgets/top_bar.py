"""The strip at the top of every citizen screen: the hall's name and the terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class TopBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static("", id="hall-name", markup=False)
        yield Static(Content(self.app.terminal.config.terminal), id="terminal-id", markup=False)  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        hall = self.app.terminal.hall(self.app.language)  # type: ignore[attr-defined]
        self.query_one("#hall-name", Static).update(Content(hall.name))
