"""A labelled input with its message underneath, in the person's language."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical

from kiosk.ui.widgets.kiosk_input import KioskInput
from kiosk.ui.widgets.translated import Tr


class Field(Vertical):
    def __init__(
        self, label_key: str, *, name: str, hint_key: str = "", input_id: str | None = None,
        **input_args: Any,
    ) -> None:
        super().__init__(classes="field", id=f"field-{name}")
        self.label_key = label_key
        self.hint_key = hint_key
        self.input = KioskInput(id=input_id or name, **input_args)

    def compose(self) -> ComposeResult:
        yield Tr(self.label_key, classes="field-label")
        yield self.input
        yield Tr(self.hint_key, classes="field-hint")
        yield Tr("", classes="field-error")

    @property
    def value(self) -> str:
        return self.input.value

    def show_error(self, key: str) -> None:
        self.query_one(".field-error", Tr).show(key)
        self.query_one(".field-hint", Tr).display = not key and bool(self.hint_key)
        self.set_class(bool(key), "-invalid")

    def clear_error(self) -> None:
        self.show_error("")
