"""Text and buttons that follow the app's language.

Each holds a catalog key and redraws itself when the language changes, so a
screen switches language in place without losing what was typed into it.
Translated text is shown as plain text: values filled into it (a hall name, a
person's name) can never turn into markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.content import Content
from textual.widgets import Button, Static

Values = Callable[[str], dict[str, Any]]


def _no_values(_language: str) -> dict[str, Any]:
    return {}


class Tr(Static):
    """A catalog message, shown literally, redrawn on a language change.

    An empty key shows nothing and takes no room (used for messages next to fields).
    """

    def __init__(self, key: str, values: Values = _no_values, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.key = key
        self.values = values
        self.display = bool(key)

    def on_mount(self) -> None:
        self.watch(self.app, "language", self.retranslate, init=True)

    def show(self, key: str, values: Values = _no_values) -> None:
        self.key, self.values = key, values
        self.display = bool(key)
        if self.is_mounted:
            self.retranslate()

    def retranslate(self, language: str | None = None) -> None:
        if not self.key:
            self.update("")
            return
        language = language or self.app.language  # type: ignore[attr-defined]
        self.update(Content(self.app.t(self.key, **self.values(language))))  # type: ignore[attr-defined]


class TrButton(Button):
    """A button whose label is a catalog message."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(Content(""), **kwargs)
        self.key = key

    def on_mount(self) -> None:
        self.watch(self.app, "language", self.retranslate, init=True)

    def retranslate(self, language: str | None = None) -> None:
        self.label = Content(self.app.t(self.key))  # type: ignore[attr-defined]
