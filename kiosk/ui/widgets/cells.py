"""Table cells shown literally: DataTable reads a plain str as markup."""

from __future__ import annotations

from rich.text import Text

from kiosk.services.display import plain


def cell(value: str, *, right: bool = False) -> Text:
    return Text(plain(value), justify="right" if right else "left", no_wrap=True)
