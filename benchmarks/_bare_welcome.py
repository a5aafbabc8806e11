"""The baseline: a bare Textual app painting the same welcome widgets, nothing else."""

from textual.app import App, ComposeResult
from textual.widgets import Button, Static


class BareWelcome(App):
    def compose(self) -> ComposeResult:
        yield Static("Demo District Medical Insurance Service Hall")
        yield Static("Welcome")
        yield Static("Check your medical insurance account.")
        for label in ("Log in", "Activate my account", "Other ways to check"):
            yield Button(label)
        for label in ("中文", "English", "Español"):
            yield Button(label)


if __name__ == "__main__":
    BareWelcome().run()
