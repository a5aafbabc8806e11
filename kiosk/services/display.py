"""How values look on screen, for the UI (which does not import the domain itself)."""

from __future__ import annotations

from kiosk.domain.ids import mask_id
from kiosk.domain.money import format_cents
from kiosk.domain.text import strip_controls

__all__ = ["mask_id", "money", "plain"]


def plain(value: str) -> str:
    """Text from data or a keyboard with every control character removed.

    Escape sequences start with control characters, so none can reach the terminal.
    """
    return strip_controls(value)


def money(cents: int) -> str:
    return format_cents(cents)


Pixels = list[list[tuple[int, int, int]]]


def thumbnail(content: bytes, width: int, height: int) -> Pixels:
    """RGB rows of a picture shrunk to fit `width` x `height` pixels, keeping its shape.

    For previews drawn with half blocks: two pixel rows a terminal row. Run it in a
    worker: it decodes an image.
    """
    import io

    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        image = image.convert("RGB")
        image.thumbnail((width, height))
        raw, w, h = image.tobytes(), image.width, image.height
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    return [pixels[row * w : (row + 1) * w] for row in range(h)]
