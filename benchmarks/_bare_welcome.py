"""The baseline: a bare Textual app painting the same welcome widgets, nothing else.

With --tree, the welcome screen's whole widget tree (its top bar, containers, notes and
the two high-contrast buttons: 20 widgets rather than 9), still with no stylesheet, no
catalog, no CLI: what the tree alone costs a bare app (benchmarks/startup.py).
"""

import sys

from textual.app import App, ComposeResult
from textual.containers import Center, Horizontal, Vertical
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


class BareWelcomeTree(App):
    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("Demo District Medical Insurance Service Hall")
            yield Static("KIOSK-01")
            yield Button("High contrast", compact=True)
        with Vertical():
            yield Static("Welcome")
            yield Static(
                "Check your medical insurance account, add a family member to your family "
                "account, and show your insurance e-voucher."
            )
            with Center(), Vertical():
                for label in ("Log in", "Activate my account", "Other ways to check"):
                    yield Button(label)
            with Horizontal():
                yield Static("Language")
                for label in ("中文", "English", "Español"):
                    yield Button(label)
                yield Button("Large, high contrast")
            yield Static(
                "Please keep your ID card and password to yourself. This terminal clears "
                "your information when you leave."
            )


if __name__ == "__main__":
    (BareWelcomeTree if "--tree" in sys.argv[1:] else BareWelcome)().run()
