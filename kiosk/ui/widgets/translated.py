"""Text and buttons that follow the app's language.

Each holds a catalog key and draws it on mount; when the language changes the
app calls `retranslate()` on every node that has one (see KioskApp.watch_language),
so a screen switches language in place without losing what was typed into it.
No widget watches the app's reactive itself: Textual keeps such watchers until the
value next changes, and a kiosk that never changes language would pile them up.
Translated text is shown as plain text: values filled into it (a hall name, a
person's name) can never turn into markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual._context import NoActiveAppError
from textual.content import Content
from textual.widgets import Button, Static

if TYPE_CHECKING:
    from textual.widget import Widget

Values = Callable[[str], dict[str, Any]]


def _no_values(_language: str) -> dict[str, Any]:
    return {}


def language_now(widget: Widget) -> str | None:
    """The app's language while `widget` is being built inside the app (in a screen's
    compose, the usual case), or None when built outside any app.

    A widget that draws its text when built, not on mount, is laid out once with it:
    drawing it on mount lays the screen out a second time before its first paint
    (issue 16: 16 ms of the welcome screen's start-up). Its on_mount draws it again
    only if the language is not this one any more.
    """
    try:
        return widget.app.language  # type: ignore[attr-defined]
    except NoActiveAppError:
        return None


class Tr(Static):
    """A catalog message, shown literally, redrawn on a language change.

    An empty key shows nothing and takes no room (used for messages next to fields),
    unless `reserve` keeps its room (class message-line): a message then never pushes
    the buttons below it away from under the pointer.
    """

    def __init__(
        self, key: str, values: Values = _no_values, *, reserve: bool = False, **kwargs: Any
    ) -> None:
        super().__init__("", markup=False, **kwargs)
        self.key = key
        self.values = values
        self.reserve = reserve
        if reserve:
            self.add_class("message-line")
        self.display = bool(key) or reserve
        # Values are filled in on mount: they may read what the screen has not built yet.
        self.drawn_in = language_now(self) if values is _no_values else None
        if self.drawn_in is not None:
            self.retranslate()

    def on_mount(self) -> None:
        if self.drawn_in != self.app.language:  # type: ignore[attr-defined]
            self.retranslate()

    def show(self, key: str, values: Values = _no_values) -> None:
        self.key, self.values = key, values
        self.drawn_in = None
        self.display = bool(key) or self.reserve
        if self.is_mounted:
            self.retranslate()

    def retranslate(self) -> None:
        if not self.key:
            self.update("")
            return
        language = self.app.language  # type: ignore[attr-defined]
        self.update(Content(self.app.t(self.key, **self.values(language))))  # type: ignore[attr-defined]


class TrButton(Button):
    """A button whose label is a catalog message."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(Content(""), **kwargs)
        self.key = key
        self.drawn_in = language_now(self)
        if self.drawn_in is not None:
            self.retranslate()

    def on_mount(self) -> None:
        if self.drawn_in != self.app.language:  # type: ignore[attr-defined]
            self.retranslate()

    def retranslate(self) -> None:
        self.label = Content(self.app.t(self.key))  # type: ignore[attr-defined]


class DataButton(TrButton):
    """A button that changes data (unlock, approve, confirm...).

    A press within `KioskApp.PRESS_GAP` of the last accepted press of any such button is
    ignored: the second click of a double click never acts again, nor lands on another
    button that moved under the pointer.
    """

    def press(self) -> DataButton:
        if self.disabled or not self.display:
            return self
        if not self.app.accept_data_press():  # type: ignore[attr-defined]
            return self
        super().press()
        return self
