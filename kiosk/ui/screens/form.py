"""What every form screen shares: messages next to fields, and a busy state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from textual.widgets import Button, Input

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

    def set_busy(self, busy: bool) -> None:
        submit = self.query_one("#submit", Button)
        submit.loading = busy
        for widget in self.query(Input):
            widget.disabled = busy
        for button in self.query(Button):
            button.disabled = busy

    async def run_service(self, call: Callable[..., T], *args: Any) -> T | None:
        """Run a service call in a thread; the screen shows it is busy and never freezes.

        Returns None (after saying so on the form) when the database stayed busy.
        """
        self.set_busy(True)
        try:
            return await asyncio.to_thread(call, *args)
        except TerminalBusy:
            self.show_errors({"form": "common.busy"})
            return None
        finally:
            if self.is_attached:
                self.set_busy(False)
