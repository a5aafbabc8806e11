"""A screen's action buttons, docked at the bottom: always in sight, whatever scrolls above.

Buttons keep one line each (a label never wraps): one centred row, each button as wide
as its label, and where a row cannot hold them all (Spanish labels at 80 columns) a grid
of equal cells, as many columns as fit. The grid is worked out again when the terminal
is resized and when the language changes (the labels change width). Inside a container
that is itself docked (a review's decision panel) the bar is not docked again: two docks
on one edge overlap.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Button


class ActionBar(Widget):
    """The screen's buttons; compose them inside `with ActionBar():`."""

    DEFAULT_CSS = """
    ActionBar {
        dock: bottom;
        layout: grid;
        grid-size: 4;
        /* A row and two columns between buttons: no two touch targets touch. */
        grid-gutter: 1 2;
        /* A grid's auto rows follow the label, not the button's height: say it. */
        grid-rows: 3;
        height: auto;
        width: 100%;
        align-horizontal: center;
        padding: 0 1;
        background: $background;
    }
    ActionBar.-inline {
        dock: none;
    }
    ActionBar > Button {
        width: 100%;
        /* No cell narrower than this: a short label still makes a wide target. */
        min-width: 14;
        margin: 0;
    }
    """

    def __init__(self, *, columns: int = 0, docked: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_class(not docked, "-inline")
        self.max_columns = columns  # 0: as many as fit

    def on_mount(self) -> None:
        self.reflow()

    def on_resize(self, _event: Resize) -> None:
        self.reflow()

    def retranslate(self) -> None:
        # The app retranslates parents before children: the labels change after this.
        self.call_after_refresh(self.reflow)

    def reflow(self) -> None:
        buttons = [b for b in self.query_children(Button) if b.display]
        if not buttons:
            return
        # The stylesheet sets the gap and the narrowest cell (the large mode widens both).
        gap = int(self.styles.grid_gutter_horizontal)
        widths = [
            max(
                int(b.styles.min_width.value if b.styles.min_width else 0),
                cell_len(str(b.label)) + 4,
            )
            for b in buttons
        ]
        # Before its first layout the bar has no size yet: the screen's width is close
        # enough for a first grid, so a click right after the screen opens lands.
        width = self.size.width or self.screen.size.width
        room = max(1, width - self.styles.gutter.width)
        one_row = sum(widths) + gap * (len(widths) - 1) <= room
        if one_row and (not self.max_columns or len(widths) <= self.max_columns):
            # One row, each button as wide as its own label.
            self.styles.grid_size_columns = len(widths)
            self.styles.grid_columns = " ".join(map(str, widths))
            return
        cell = max(widths)
        columns = max(1, min(len(buttons), (room + gap) // (cell + gap)))
        if self.max_columns:
            columns = min(columns, self.max_columns)
        self.styles.grid_size_columns = columns
        self.styles.grid_columns = str(min(cell, room))
