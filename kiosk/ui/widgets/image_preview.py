"""A picture drawn in the terminal with upper-half blocks: two pixels a cell."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from kiosk.domain.images import Pixels


class ImagePreview(Widget):
    DEFAULT_CSS = """
    ImagePreview {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, pixels: Pixels, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pixels = pixels

    def get_content_width(self, container, viewport) -> int:
        return len(self.pixels[0]) if self.pixels else 0

    def get_content_height(self, container, viewport, width: int) -> int:
        return (len(self.pixels) + 1) // 2

    def render(self) -> Text:
        text = Text(no_wrap=True)
        rows = self.pixels
        for top in range(0, len(rows), 2):
            upper = rows[top]
            lower = rows[top + 1] if top + 1 < len(rows) else None
            for x, (r, g, b) in enumerate(upper):
                style = Style(color=f"rgb({r},{g},{b})")
                if lower is not None:
                    r2, g2, b2 = lower[x]
                    style += Style(bgcolor=f"rgb({r2},{g2},{b2})")
                text.append("▀", style)
            if top + 2 < len(rows):
                text.append("\n")
        return text
