"""Home after login: the insurance card and the ways on from it."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.domain.money import format_cents as money
from kiosk.domain.text import strip_controls as plain
from kiosk.services.printing import CERTIFICATE, can_print
from kiosk.services.records import Card
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

CARD_ROWS = [
    ("card.id_number", "masked_id"),
    ("card.name", "name"),
    ("card.sex", "sex"),
    ("card.birth_date", "birth_date"),
    ("card.insurance_type", "insurance_type"),
    ("card.status", "status"),
    ("card.balance", "balance"),
    ("card.last_entry", "last_entry"),
]


class HomeScreen(KioskScreen):
    def __init__(self, card: Card | None = None) -> None:
        super().__init__()
        # Login hands the card over with the session, so home paints complete at once.
        self.card = card
        self.card_values: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="home-body"):
            yield Tr("home.title", classes="title")
            with Center():
                # One widget for the whole card: the home screen is the first thing a
                # person waits for after typing the password (see benchmarks/records.py).
                yield Static("", id="card", markup=False)
        with ActionBar(id="home-actions", columns=2):
            yield TrButton("action.records", id="records")
            yield TrButton("action.family", id="family")
            yield TrButton("action.voucher", id="voucher")
            # Only where the hall's printer prints certificates (kind cups or file): with
            # none, or a receipt printer, home is as it always was.
            if can_print(self.terminal.config, CERTIFICATE):
                yield TrButton("action.certificate", id="certificate")
            yield TrButton("action.change_password", id="change-password")
            yield TrButton(
                "desk.back_to_desk" if self.assisted else "action.log_out",
                id="log-out",
                variant="error",
            )

    @property
    def assisted(self) -> bool:
        session = self.terminal.session
        return session is not None and bool(session.assisted_by)

    def on_mount(self) -> None:
        # At a desk the citizen's password is changed only at a kiosk (the clerk
        # issues a temporary one instead).
        self.query_one("#change-password").display = not self.assisted
        self.retranslate()
        if self.card is None:
            self.query_one("#card").loading = True
            self.load_card()
        self.query_one("#records").focus()

    @work(exclusive=True, group="card")
    async def load_card(self) -> None:
        session = self.require_citizen()
        if session is None:
            return
        self.card = await self.in_thread(self.terminal.records.card, session, spinner="#card")
        self.retranslate()

    def retranslate(self) -> None:
        """Called on mount and by the app when the language changes."""
        card = self.card
        if card is None:
            return
        values = {
            "masked_id": card.masked_id,
            "name": plain(card.name),
            "sex": self.t(f"sex.{card.sex}"),
            "birth_date": card.birth_date,
            "insurance_type": self.t(f"insurance_type.{card.insurance_type}"),
            "status": self.t(f"person_status.{card.status}"),
            "balance": money(card.balance_cents),
            "last_entry": card.last_entry_date or self.t("card.no_entries"),
        }
        labels = [self.t(key) for key, _ in CARD_ROWS]
        width = max(cell_len(label) for label in labels) + 2
        parts: list[str | tuple[str, str]] = []
        for label, (_, name) in zip(labels, CARD_ROWS, strict=True):
            style = "bold $text-warning" if name == "status" and card.status != "active" else "bold"
            padding = " " * (width - cell_len(label))
            parts += [(label, "$text-muted"), padding, (values[name], style), "\n"]
        self.query_one("#card", Static).update(Content.assemble(*parts[:-1]))
        self.card_values = values

    def action_back(self) -> None:
        """Escape does not leave home: only "Log out" does, so nobody leaves by accident."""

    @on(Button.Pressed, "#records")
    def records(self) -> None:
        self.open_records()

    @work(exclusive=True, group="open")
    async def open_records(self) -> None:
        # Read first, then open: the records screen is drawn once, complete (issue 16).
        session = self.require_citizen()
        if session is None:
            return
        records = await self.in_thread(self.terminal.records.records, session)
        self.kiosk.go("records", records)

    @on(Button.Pressed, "#family")
    def family(self) -> None:
        self.open_family()

    @work(exclusive=True, group="open")
    async def open_family(self) -> None:
        # Read first, then open, as the records are.
        session = self.require_citizen()
        if session is None:
            return
        members = await self.in_thread(self.terminal.family.members, session)
        self.kiosk.go("family_account", members)

    @on(Button.Pressed, "#voucher")
    def voucher(self) -> None:
        self.open_voucher()

    @work(exclusive=True, group="open")
    async def open_voucher(self) -> None:
        # Issued first, then opened: the code is in the screen's first frame (issue 16).
        session = self.require_citizen()
        if session is None:
            return
        now = self.terminal.now()
        shown = await self.in_thread(self.terminal.vouchers.shown, session, now)
        self.kiosk.go("voucher", None, shown)

    @on(Button.Pressed, "#certificate")
    def certificate(self) -> None:
        self.open_certificate()

    @work(exclusive=True, group="open")
    async def open_certificate(self) -> None:
        # The years to offer are read first, then the period screen opens complete.
        session = self.require_citizen()
        if session is None:
            return
        years = await self.in_thread(
            self.terminal.certificates.years, session.id_number, spinner="#certificate"
        )
        self.kiosk.go("certificate_period", years)

    @on(Button.Pressed, "#change-password")
    def change_password(self) -> None:
        self.kiosk.go("change_password")

    @on(Button.Pressed, "#log-out")
    def log_out(self) -> None:
        # Through call_later: awaiting our own removal from inside our handler would deadlock.
        if self.assisted:
            self.app.call_later(self.kiosk.close_assisted)
        else:
            self.app.call_later(self.kiosk.reset_session, "logout")
