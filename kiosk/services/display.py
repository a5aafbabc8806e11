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
