"""A labelled input with its message underneath, in the person's language."""

from __future__ import annotations

from typing import Any, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Select

from kiosk.domain.ids import id_characters
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.kiosk_input import KioskInput
from kiosk.ui.widgets.translated import Tr


class Field(Vertical):
    def __init__(
        self,
        label_key: str,
        *,
        name: str,
        hint_key: str = "",
        input_id: str | None = None,
        keypad: str | None = None,
        **input_args: Any,
    ) -> None:
        super().__init__(classes="field", id=f"field-{name}")
        self.label_key = label_key
        # The on-screen keypad a tap opens (kiosk/ui/widgets/keypad.py): "id", "digits",
        # "code", "text", "name" (with pinyin) or "password"; None for none.
        self.keypad = keypad
        self.hint_key = hint_key
        self.input = KioskInput(id=input_id or name, **input_args)

    def compose(self) -> ComposeResult:
        yield Tr(self.label_key, classes="field-label")
        yield self.input
        yield Tr(self.hint_key, classes="field-hint")
        yield Tr("", classes="field-error")

    def on_click(self, event: events.Click) -> None:
        """A click or a tap on the label focuses its field, as in a web form; on a touch
        screen a tap on the field or its label also opens its keypad. On the click, not
        the press: a keypad shown while the finger is still down would take the lift as
        a tap on whichever key came up under it."""
        if event.widget is not None and event.widget.has_class("field-label"):
            self.input.focus()
        if self.keypad and getattr(self.app, "touch", False):
            Keypad.open(self)

    @property
    def value(self) -> str:
        value = self.input.value
        return value if isinstance(value, str) else ""

    def show_error(self, key: str) -> None:
        self.query_one(".field-error", Tr).show(key)
        self.query_one(".field-hint", Tr).display = not key and bool(self.hint_key)
        self.set_class(bool(key), "-invalid")

    def clear_error(self) -> None:
        self.show_error("")


class ChoiceField(Field):
    """A labelled choice among catalog messages (keys under `prefix`), with its message."""

    def __init__(self, label_key: str, *, name: str, prefix: str, choices: tuple[str, ...]):
        super().__init__(label_key, name=name)
        self.prefix = prefix
        self.choices = choices
        self.input = Select([], id=name)  # type: ignore[assignment]

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        chosen = self.input.value
        options = [(Content(self.app.t(f"{self.prefix}.{c}")), c) for c in self.choices]  # type: ignore[attr-defined]
        cast("Select[str]", self.input).set_options(options)
        self.input.prompt = self.app.t("field.choose")  # type: ignore[attr-defined]
        if chosen in self.choices:
            self.input.value = chosen


def id_number_field(hint_key: str = "") -> Field:
    """The person's own ID number (`id_number`): 18 characters counted as typed, the ID
    keypad (0-9, X) on a touch screen."""
    return Field(
        "field.id_number",
        name="id_number",
        hint_key=hint_key,
        keep=40,
        most=18,
        counts=id_characters,
        keypad="id",
    )


def password_field(label_key: str, name: str) -> Field:
    """A password box: hidden as typed, the password keyboard on a touch screen, and room
    for more than any rule allows (the rules then say it is too long)."""
    return Field(label_key, name=name, password=True, keep=200, keypad="password")


def new_password_fields(name: str = "password") -> list[Field]:
    """The new password and its repetition (`repeated`)."""
    return [
        password_field("field.new_password", name),
        password_field("field.repeat_password", "repeated"),
    ]
