"""Other ways to check an account: the hotline, the website, this hall's counter."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class OtherWaysScreen(KioskScreen):
    def _hall(self, language: str) -> dict[str, Any]:
        hall = self.terminal.hall(language)
        return {
            "hotline": hall.hotline,
            "website": hall.website,
            "address": hall.address,
            "hours": hall.counter_hours,
        }

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="other-ways-body"):
            yield Tr("other_ways.title", classes="title")
            yield Tr("other_ways.intro", classes="intro")
            for item in ("hotline", "website", "counter"):
                with Vertical(classes="way", id=f"way-{item}"):
                    yield Tr(f"other_ways.{item}_label", classes="way-label")
                    yield Tr(f"other_ways.{item}", values=self._hall, classes="way-text")
        with ActionBar():
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        self.query_one("#back").focus()
