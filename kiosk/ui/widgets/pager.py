"""Page up / Page down buttons for a scrolling list or text (issue 14): a swipe in the
browser's terminal is unreliable, a tap on a button is not.

`Pager(target)` names its scrolling widget by a selector (a DataTable, a VerticalScroll);
where several match (a table per tab), the one shown now. The row of buttons shows only
while there is something to scroll, and each button is disabled when its way is at the
end. It sits under its list (not docked), so the screen's ActionBar stays where it is.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button

from kiosk.ui.widgets.translated import TrButton


def _shown(widget: Widget) -> bool:
    """Displayed, and so are all its containers (a table in a tab not chosen is not)."""
    for node in [widget, *widget.ancestors]:
        if node is widget.screen:
            return True
        if not getattr(node, "display", True):
            return False
    return False


class Pager(Horizontal):
    DEFAULT_CSS = """
    Pager {
        /* Shown once there is something to scroll: a text that fits keeps all its room. */
        display: none;
        height: auto;
        width: 100%;
        align-horizontal: center;
        /* A cell from the list above and from the ActionBar below: two targets never touch. */
        margin: 1 0;
    }
    Pager > Button {
        min-width: 14;
        margin: 0 1;
    }
    """

    def __init__(self, target: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = target
        self._watched: set[int] = set()

    def compose(self) -> ComposeResult:
        yield TrButton("action.page_up", classes="page-up")
        yield TrButton("action.page_down", classes="page-down")

    def on_mount(self) -> None:
        self.update()
        # Content arrives late (a table's rows, a text's layout) and tabs change: look
        # now and then, besides the watches below.
        self.set_interval(0.25, self.update)

    def scroller(self) -> Widget | None:
        """The target shown now, if any."""
        for widget in self.screen.query(self.target):
            if _shown(widget):
                return widget
        return None

    def update(self, *_: object) -> None:
        # A look scheduled after a refresh may come when the screen has gone (Back tapped
        # at once): self.screen would raise NoScreen and the kiosk would fall over.
        if not self.is_attached or not self.screen.is_attached:
            return
        scroller = self.scroller()
        if scroller is None:
            self.display = False
            return
        if id(scroller) not in self._watched:
            self._watched.add(id(scroller))
            self.watch(scroller, "scroll_y", self.update, init=False)
            self.watch(scroller, "virtual_size", self.update, init=False)
        end = scroller.max_scroll_y
        # Shown, the row takes room from the list: would the list fit whole without it?
        room = self.outer_size.height + self.styles.margin.height if self.display else 0
        if self.display != (end > room):
            self.display = end > room
            # Look again once the list has its new height (a passing state settles).
            self.call_after_refresh(self.update)
        self.query_one(".page-up", Button).disabled = scroller.scroll_y <= 0
        self.query_one(".page-down", Button).disabled = scroller.scroll_y >= end

    @on(Button.Pressed, ".page-up")
    def page_up(self, event: Button.Pressed) -> None:
        event.stop()
        self._page(-1)

    @on(Button.Pressed, ".page-down")
    def page_down(self, event: Button.Pressed) -> None:
        event.stop()
        self._page(1)

    def _page(self, direction: int) -> None:
        scroller = self.scroller()
        if scroller is None:
            return
        # A page, less a line, so the last line of one page is the first of the next.
        step = max(1, scroller.scrollable_content_region.height - 1)
        scroller.scroll_to(y=scroller.scroll_y + direction * step, animate=False, immediate=True)
        self.update()
