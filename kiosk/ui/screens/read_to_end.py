"""Screens whose text must be read to its end before the person may go on."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Button

from kiosk.ui.screens.base import KioskScreen


class ReadToEndScreen(KioskScreen):
    """Has a VerticalScroll #reading, a #read-hint and a #submit button that waits for its end.

    The hint ("Scroll to the end to continue.") shows only while there is more to read.
    """

    _read = False

    def on_mount(self) -> None:
        scroller = self.query_one("#reading", VerticalScroll)
        self.query_one("#submit", Button).disabled = True
        # Scrolling, and the text's own layout (it is drawn after mount), both count.
        self.watch(scroller, "scroll_y", self._check_end, init=False)
        self.watch(scroller, "virtual_size", self._check_end, init=False)
        # And a look now and then: text that fits whole scrolls never, yet is all read.
        self.set_interval(0.25, self._check_end)
        scroller.focus()

    def _check_end(self, *_: object) -> None:
        scroller = self.query_one("#reading", VerticalScroll)
        drawn = any(str(child.render()).strip() for child in scroller.children)
        if drawn and scroller.scroll_y >= scroller.max_scroll_y - 0.5:
            self._read = True
        self.query_one("#submit", Button).disabled = not self._read
        self.query_one("#read-hint").display = not self._read
