"""The first screen a citizen sees: language, log in, activate, other ways to check."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button

from kiosk.i18n import LANGUAGES
from kiosk.ui.widgets.contrast_button import ContrastButton
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class WelcomeScreen(Screen):
    AT_REST = True  # the idle timer leaves it alone (in the default language)

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="welcome-body"):
            yield Tr("welcome.greeting", id="welcome-greeting", classes="title")
            yield Tr("welcome.intro", id="welcome-intro", classes="intro")
            with Center():
                with Vertical(id="welcome-actions", classes="actions"):
                    yield TrButton("action.log_in", id="log-in", variant="primary")
                    yield TrButton("action.activate", id="activate")
                    yield TrButton("action.other_ways", id="other-ways")
            with Horizontal(id="language-row"):
                yield Tr("welcome.language", id="language-label")
                for code, name in LANGUAGES.items():
                    yield Button(Content(name), id=f"lang-{code}", classes="language")
                yield ContrastButton(id="high-contrast")
            yield Tr("welcome.privacy", id="welcome-privacy", classes="note")

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#log-in").focus()

    def retranslate(self) -> None:
        """Mark the current language (called on mount and when it changes)."""
        language = self.app.language  # type: ignore[attr-defined]
        for code in LANGUAGES:
            self.query_one(f"#lang-{code}").set_class(code == language, "-current")

    @on(Button.Pressed, ".language")
    def choose_language(self, event: Button.Pressed) -> None:
        self.app.language = (event.button.id or "").removeprefix("lang-")  # type: ignore[attr-defined]

    @on(Button.Pressed, "#log-in")
    def log_in(self) -> None:
        self.app.go("login")  # type: ignore[attr-defined]

    @on(Button.Pressed, "#activate")
    def activate(self) -> None:
        self.app.go("activate_identity")  # type: ignore[attr-defined]

    @on(Button.Pressed, "#other-ways")
    def other_ways(self) -> None:
        self.app.go("other_ways")  # type: ignore[attr-defined]
