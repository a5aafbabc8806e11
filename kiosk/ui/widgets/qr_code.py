"""A QR code drawn with upper-half blocks in explicit black on white, never theme colours."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

DARK, LIGHT = "#000000", "#ffffff"
_STYLES = {
    (True, True): Style(color=DARK, bgcolor=DARK),
    (True, False): Style(color=DARK, bgcolor=LIGHT),
    (False, True): Style(color=LIGHT, bgcolor=DARK),
    (False, False): Style(color=LIGHT, bgcolor=LIGHT),
}


class QRCode(Widget):
    """Two modules a cell, top half in the foreground colour, bottom half in the background."""

    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, matrix: list[list[bool]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.matrix = matrix

    def set_matrix(self, matrix: list[list[bool]]) -> None:
        self.matrix = matrix
        self.refresh(layout=True)

    @property
    def cells(self) -> tuple[int, int]:
        """Width and height the code needs, in cells."""
        return len(self.matrix[0]) if self.matrix else 0, (len(self.matrix) + 1) // 2

    def get_content_width(self, container, viewport) -> int:
        return self.cells[0]

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.cells[1]

    def render_line(self, y: int) -> Strip:
        rows = self.matrix
        top = 2 * y
        if top >= len(rows):
            return Strip.blank(self.size.width)
        bottom = rows[top + 1] if top + 1 < len(rows) else [False] * len(rows[top])
        return Strip(
            [Segment("▀", _STYLES[(a, b)]) for a, b in zip(rows[top], bottom, strict=True)]
        )
