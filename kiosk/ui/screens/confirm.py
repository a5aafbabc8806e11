"""A question before a destructive action, with Cancel first and Confirm away from the pointer.

The dialog opens in the half of the screen the pressed button is not in, so a second
click of a double click lands beside it, never on Confirm; Cancel has the focus, so a
second Enter cancels. Confirm is a DataButton: pressed within half a second of the
button that opened the dialog, it is ignored.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kiosk.ui.widgets.translated import DataButton, Tr, TrButton


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(
        self,
        question: str,
        confirm: str,
        *,
        avoid: Region | None = None,
        subject: str = "",
        variant: str = "error",
    ) -> None:
        super().__init__()
        self.question = question
        self.confirm_key = confirm
        self.avoid = avoid
        # Who or what the action is for (a name, an application number): the dialog may
        # cover the page that shows it. Data, so plain text, never markup.
        self.subject = subject
        self.variant = variant

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Tr(self.question, id="question")
            if self.subject:
                yield Static(self.subject, id="confirm-subject", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield TrButton("action.cancel", id="cancel")
                yield DataButton(self.confirm_key, id="confirm", variant=self.variant)

    def on_mount(self) -> None:
        height = self.app.size.height
        pressed_low = self.avoid is not None and (
            self.avoid.y + self.avoid.height / 2 >= height / 2
        )
        self.styles.align_vertical = "top" if pressed_low else "bottom"
        self.query_one("#cancel").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def confirmed(self) -> None:
        self.dismiss(True)
