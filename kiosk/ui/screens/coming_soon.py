"""Stands in for a service whose issue has not landed yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class ComingSoonScreen(KioskScreen):
    def __init__(self, title_key: str) -> None:
        super().__init__()
        self.title_key = title_key

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="coming-soon-body"):
            yield Tr(self.title_key, classes="title")
            yield Tr("coming_soon.body", classes="intro")
            with Center():
                yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        self.query_one("#back").focus()
