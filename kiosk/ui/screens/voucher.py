"""My e-voucher: a signed QR code that refreshes itself, for a scanner at the pharmacy."""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Static

from kiosk.services.display import plain
from kiosk.services.vouchers import qr_matrix
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.qr_code import QRCode
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton


class VoucherScreen(KioskScreen):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.person_name = name
        self.masked = ""
        self.text = ""
        self.left = 0

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(id="voucher-body"):
            yield Tr("voucher.title", classes="title")
            with Center():
                yield QRCode([], id="qr")
            yield Tr("", id="too-small", classes="form-error")
            yield Static("", id="voucher-name", markup=False)
            yield Tr("voucher.type", classes="note")
            yield Tr("", id="countdown", classes="note")
            with Center():
                yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        self.issue()
        self.set_interval(1.0, self._tick)

    @work(exclusive=True, group="voucher")
    async def issue(self) -> None:
        issuer = self.terminal.vouchers
        now = self.terminal.now()

        def make() -> tuple[str, str, list[list[bool]]]:
            text, voucher = issuer.issue(self.person_name, now)
            return text, voucher.masked_name, qr_matrix(text)

        self.text, self.masked, matrix = await asyncio.to_thread(make)
        self.query_one("#qr", QRCode).set_matrix(matrix)
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
        fits = self.size.width >= width + 2 and self.size.height >= height + 8
        # A broken code is worse than none: say how large the terminal must be.
        qr.display = fits
        self.query_one("#too-small", Tr).show(
            "" if fits or not width else "voucher.too_small",
            lambda _: {"width": width + 2, "height": height + 8},
        )
        self.query_one("#voucher-name", Static).update(Content(plain(self.masked)))
        self.query_one("#countdown", Tr).show("voucher.refresh", lambda _: {"seconds": self.left})
