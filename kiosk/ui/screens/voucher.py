"""My e-voucher: a signed QR code that refreshes itself, for a scanner at the pharmacy."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from kiosk.domain.text import strip_controls as plain
from kiosk.i18n import translate
from kiosk.services.vouchers import Shown
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.qr_code import QRCode
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

TITLE = "title voucher-title"
SIDE_FACTS = 36  # columns beside the code for the title, the name and the notes


class VoucherScreen(KioskScreen):
    """The holder's own voucher, or with `member` (an application number) a family member's.

    `first`: the code already issued by the screen that opens this one, so that it is
    drawn once, complete (issue 16); without it the screen issues one itself."""

    def __init__(self, member: str | None = None, first: Shown | None = None) -> None:
        super().__init__()
        self.member = member
        self.first = first
        self.masked = ""
        self.text = ""
        self.left = 0
        self.refused = ""  # the registry status that stops a voucher, once known

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="voucher-body"):
            yield Tr("voucher.title", id="voucher-title", classes=TITLE)
            # Stacked (the code above its facts), or side by side (class -side) on a
            # screen wide enough but too short for the stack: a touch screen in a browser.
            with Horizontal(id="voucher-main"):
                with Center(id="voucher-code"):
                    yield QRCode([], id="qr")
                with Vertical(id="voucher-facts"):
                    yield Tr("voucher.title", id="voucher-side-title", classes=TITLE)
                    yield Tr("", id="too-small", classes="form-error")
                    yield Tr("", id="refused", classes="form-error voucher-refused")
                    yield Static("", id="voucher-name", markup=False)
                    yield Tr("voucher.type", id="voucher-type", classes="note")
                    yield Tr("", id="countdown", classes="note")
        with ActionBar():
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        if self.first is None:
            self.issue()
        else:
            self.show(self.first)
            self.first = None
        self.set_interval(1.0, self._tick)

    @work(exclusive=True, group="voucher")
    async def issue(self) -> None:
        session = self.require_citizen()
        if session is None:
            return
        now = self.terminal.now()
        self.show(await self.in_thread(self.terminal.vouchers.shown, session, now, self.member))

    def show(self, shown: Shown) -> None:
        # A refusal leaves no code on screen from before: it says why and where to ask.
        self.text, self.masked, self.refused = shown.text, shown.masked_name, shown.refused
        self.query_one("#qr", QRCode).set_matrix(shown.matrix)
        self.left = self.terminal.config.voucher.refresh_seconds
        self.retranslate()

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.issue()
        self.retranslate()

    def on_resize(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        qr = self.query_one("#qr", QRCode)
        width, height = qr.cells
        stacked = self.size.width >= width + 2 and self.size.height >= height + 8
        # Side by side: the code between the top bar and the buttons, the facts beside it.
        bars = sum(w.outer_size.height for w in self.query("TopBar, ActionBar") if w.display)
        side = self.size.width >= width + SIDE_FACTS and self.size.height - bars >= height
        fits = stacked or side
        self.set_class(side and not stacked, "-side")
        # A broken code is worse than none: say so, and what the citizen can do.
        qr.display = fits and bool(width)
        self.query_one("#too-small", Tr).show("" if fits or not width else "voucher.too_small")
        self.query_one("#voucher-name", Static).update(Content(plain(self.masked)))
        # A member's code is not "my" e-voucher: the title names whose it is.
        for title in self.query(".voucher-title").results(Tr):
            title.show(
                "voucher.title"
                if self.member is None
                else "voucher.member_title_named"
                if self.masked
                else "voucher.member_title",
                lambda _: {"name": plain(self.masked)},
            )
        # One title: above the code when stacked, beside it when side by side.
        self.query_one("#voucher-title").display = not self.has_class("-side")
        self.query_one("#voucher-side-title").display = self.has_class("-side")
        self.query_one("#voucher-type").display = not self.refused
        self.query_one("#refused", Tr).show(
            ""
            if not self.refused
            else "voucher.not_linked"
            if self.refused == "not_linked"
            else "voucher.not_active",
            self._why,
        )
        # No "new code in N s" under a code that is not shown.
        self.query_one("#countdown", Tr).show(
            "" if self.refused or not qr.display else "voucher.refresh",
            lambda _: {"seconds": self.left},
        )

    def _why(self, language: str) -> dict[str, object]:
        hall = self.terminal.hall(language)
        known = self.refused in ("suspended", "terminated")
        return {
            "status": translate(language, f"person_status.{self.refused}")
            if known
            else self.refused,
            "hours": hall.counter_hours,
            "hotline": hall.hotline,
        }
