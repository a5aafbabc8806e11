"""What every kiosk screen shares: Escape and the Back button go back one screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

if TYPE_CHECKING:
    from kiosk.services.terminal import Terminal
    from kiosk.ui.app import KioskApp


class KioskScreen(Screen):
    BINDINGS = [Binding("escape", "back", show=False)]

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    @property
    def terminal(self) -> Terminal:
        return self.kiosk.terminal

    def t(self, key: str, **values: object) -> str:
        return self.kiosk.t(key, **values)

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        # Through the name, so a screen's own action_back also answers its Back button
        # (a handler registered with @on is the base class's function, not the override).
        self.action_back()

    def action_back(self) -> None:
        self.app.pop_screen()

    def ask(
        self, question: str, confirm: str, then: Callable[[], object], pressed: Widget | None,
        *, subject: str = "", variant: str = "error",
    ) -> None:
        """A confirmation dialog (kept away from the `pressed` button); `then` on Confirm.

        `subject` names who or what the action is for, as plain text.
        """
        from kiosk.ui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        avoid = pressed.region if pressed is not None else None
        self.app.push_screen(
            ConfirmScreen(question, confirm, avoid=avoid, subject=subject, variant=variant),
            answered,
        )
