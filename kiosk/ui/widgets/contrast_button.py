"""The button that turns the large, high-contrast mode on and off (issue 13, item 14).

On the welcome screen and (`short`: a shorter label) in every screen's top bar. Its label
says what a press does: "Large, high contrast" while off, "Standard view" while on.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Button

from kiosk.ui.widgets.translated import language_now


class ContrastButton(Button):
    def __init__(self, *, short: bool = False, **kwargs: Any) -> None:
        super().__init__(Content(""), **kwargs)
        self.short = short
        # Labelled when built, like a TrButton (kiosk/ui/widgets/translated.py).
        self.drawn_in: tuple[str, bool] | None = None
        if language_now(self) is not None:
            self.retranslate()

    def on_mount(self) -> None:
        if self.drawn_in != self._look():
            self.retranslate()

    def _look(self) -> tuple[str, bool]:
        app: Any = self.app
        return app.language, app.high_contrast

    def retranslate(self) -> None:
        """Called on a language change and when the mode changes."""
        app: Any = self.app
        self.drawn_in = self._look()
        key = "display.standard" if app.high_contrast else "display.large"
        self.label = Content(app.t(key + "_short" if self.short else key))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        app: Any = self.app
        app.set_high_contrast(not app.high_contrast)
