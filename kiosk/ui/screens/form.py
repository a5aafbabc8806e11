"""What every form screen shares: messages next to fields, and a busy state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from textual.widgets import Button

from kiosk.services.errors import TerminalBusy
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.translated import Tr

T = TypeVar("T")


class FormScreen(KioskScreen):
    """A screen of Fields, a #form-error line and a #submit button."""

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message next to its field; the first field with one gets the focus."""
        first: Field | None = None
        for field in self.query(Field):
            name = field.id.removeprefix("field-") if field.id else ""
            field.show_error(errors.get(name, ""))
            if name in errors and first is None:
                first = field
        self.query_one("#form-error", Tr).show(errors.get("form", ""))
        if first is not None:
            first.input.focus()

    busy = False

    def set_busy(self, busy: bool) -> None:
        """The submit button shows a spinner; further presses wait for the answer.

        Only the button changes: restyling every field would cost the CPU that the
        password hash needs on a two-core terminal.
        """
        self.busy = busy
        self.query_one("#submit", Button).loading = busy

    async def run_service(
        self, call: Callable[..., T], *args: Any, leaving: Callable[[T], bool] = lambda _: False
    ) -> T | None:
        """Run a service call in a thread; the screen shows it is busy and never freezes.

        When `leaving(result)` is true the screen is about to be replaced and stays
        busy. Returns None (after saying so on the form) when the database stayed busy.
        """
        self.set_busy(True)
        result: T | None = None
        try:
            result = await asyncio.to_thread(call, *args)
            return result
        except TerminalBusy:
            self.show_errors({"form": "common.busy"})
            return None
        finally:
            if self.is_attached and (result is None or not leaving(result)):
                self.set_busy(False)
