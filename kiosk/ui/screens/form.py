"""What every form screen shares: its layout, Enter to move on, messages next to
fields (run_service, in the base screen, spins the submit button)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton


class FormScreen(KioskScreen):
    """A title, an optional intro, Fields, a #form-error line, Back and #submit.

    Subclasses set the keys, build their fields in `make_fields()` and act in
    `submit_values()`. Enter in a field moves to the next one; in the last, it submits.
    """

    TITLE_KEY = ""
    INTRO_KEY = ""
    SUBMIT_KEY = "action.next"
    NOTE_KEY = ""
    # Rules for what is typed (the password rules): under the intro, read before typing.
    RULES_KEY = ""
    # True where the submit changes data at a desk: a second press within half a second
    # is ignored (see DataButton).
    SUBMIT_CHANGES_DATA = False
    SPINNER = "#submit"  # run_service spins the submit button

    def make_fields(self) -> list[Field]:
        raise NotImplementedError

    # Each form takes its own fields by name; (*args: Any, **values: Any) lets a subclass
    # spell them out as keyword-only parameters and still type-check as an override.
    def submit_values(self, *args: Any, **values: Any) -> None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"), Vertical(classes="form"):
            yield Tr(self.TITLE_KEY, classes="title")
            yield Tr(self.INTRO_KEY, classes="intro")
            yield Tr(self.RULES_KEY, classes="intro")
            yield from self.make_fields()
            yield Tr("", id="form-error", classes="form-error")
            yield Tr(self.NOTE_KEY, classes="note")
        with ActionBar():
            yield TrButton("action.back", id="back")
            submit = DataButton if self.SUBMIT_CHANGES_DATA else TrButton
            yield submit(self.SUBMIT_KEY, id="submit", variant="primary")

    def on_mount(self) -> None:
        self.query(Field).first().input.focus()

    @on(Input.Submitted)
    def next_or_submit(self, event: Input.Submitted) -> None:
        fields = list(self.query(Field))
        index = next(i for i, f in enumerate(fields) if f.input is event.input)
        if index + 1 < len(fields):
            fields[index + 1].input.focus()
        else:
            self.submit()

    def advance_from(self, field_input: Input) -> None:
        """Enter in a field, at once (see KioskInput): the next field, or submit in the last."""
        fields = list(self.query(Field))
        index = next(i for i, f in enumerate(fields) if f.input is field_input)
        if index + 1 < len(fields):
            self.set_focus(fields[index + 1].input)
        else:
            self.submit()

    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        if not self.busy:
            self.submit_values(**{self._field_name(f): f.value for f in self.query(Field)})

    @staticmethod
    def _field_name(field: Field) -> str:
        return (field.id or "").removeprefix("field-")

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def clear(self, *names: str) -> None:
        for name in names:
            self.field(name).input.value = ""

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message next to its field; the first field with one gets the focus."""
        first: Field | None = None
        for field in self.query(Field):
            name = self._field_name(field)
            field.show_error(errors.get(name, ""))
            if name in errors and first is None:
                first = field
        message = self.query_one("#form-error", Tr)
        message.show(errors.get("form", ""))
        if first is not None:
            first.input.focus()
        elif errors.get("form"):
            # Under the fields, perhaps below the fold (80x24, the large mode): bring it up.
            message.call_after_refresh(message.scroll_visible, animate=False)

    def show_busy(self) -> None:
        self.show_errors({"form": "common.busy"})
