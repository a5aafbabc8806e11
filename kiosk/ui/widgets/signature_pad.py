"""A signature pad: draw with the mouse or a finger; strokes kept at sub-cell resolution.

Points are recorded in braille dots (2 across and 4 down per cell), from the
pointer's fractional position where the terminal reports pixels, and drawn back
with braille characters, so the ink on screen is what is stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

Point = tuple[float, float, int]

# Braille dot bits by (column, row) inside a cell.
_BITS = {
    (0, 0): 0x01,
    (0, 1): 0x02,
    (0, 2): 0x04,
    (1, 0): 0x08,
    (1, 1): 0x10,
    (1, 2): 0x20,
    (0, 3): 0x40,
    (1, 3): 0x80,
}


def _line(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """The dots of a straight segment (Bresenham)."""
    dots = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    while True:
        dots.append((x0, y0))
        if x0 == x1 and y0 == y1:
            return dots
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


class SignaturePad(Widget, can_focus=True):
    ALLOW_SELECT = False  # a drag on the pad draws; it never selects (desks too)

    DEFAULT_CSS = """
    SignaturePad {
        height: 8;
        width: 1fr;
        background: white;
        color: black;
        border: tall $accent;
        margin-bottom: 1;  /* the white pad's edge touched the Undo and Clear buttons */
    }
    SignaturePad:focus {
        border: double $primary;
    }
    """

    @dataclass
    class Changed(Message):
        """The strokes changed (a stroke ended, Undo or Clear)."""

        pad: SignaturePad

        @property
        def control(self) -> SignaturePad:
            return self.pad

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.strokes: list[list[Point]] = []
        self._drawing = False
        self._started = time.monotonic()

    # --- input ---------------------------------------------------------------------

    def _point(self, event: events.MouseEvent) -> Point:
        elapsed = int((time.monotonic() - self._started) * 1000)
        # Pointer positions count from the border; the ink counts from the content.
        x = (event.pointer_x - self.gutter.left) * 2
        y = (event.pointer_y - self.gutter.top) * 4
        return (round(x, 2), round(y, 2), elapsed)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drawing = True
        self.capture_mouse()
        self.strokes.append([self._point(event)])
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drawing:
            self.strokes[-1].append(self._point(event))
            self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drawing:
            self._drawing = False
            self.release_mouse()
            self.post_message(self.Changed(self))

    def clear(self) -> None:
        self.strokes = []
        self.refresh()
        self.post_message(self.Changed(self))

    def undo(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.refresh()
            self.post_message(self.Changed(self))

    # --- drawing -------------------------------------------------------------------

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        cells: dict[tuple[int, int], int] = {}
        for stroke in self.strokes:
            dots = [(int(x), int(y)) for x, y, _ in stroke]
            pairs = zip(dots, dots[1:], strict=False) if len(dots) > 1 else [(dots[0], dots[0])]
            for (x0, y0), (x1, y1) in pairs:
                for x, y in _line(x0, y0, x1, y1):
                    if 0 <= x < width * 2 and 0 <= y < height * 4:
                        key = (x // 2, y // 4)
                        cells[key] = cells.get(key, 0) | _BITS[(x % 2, y % 4)]
        rows = [
            "".join(
                chr(0x2800 + cells[(cx, cy)]) if (cx, cy) in cells else " " for cx in range(width)
            )
            for cy in range(height)
        ]
        return Text("\n".join(rows), no_wrap=True)
