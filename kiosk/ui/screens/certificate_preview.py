"""Print a certificate, step 2: what it will state, then Print or Back.

The facts come read (CertificatePeriodScreen): the person (ID number masked here; the
paper carries it whole, it is their own document), the period, the entitlement periods
that overlap it and the monthly contributions with their totals, all in one scrolling
page with Page up / Page down. Print issues the certificate (number, audit log), renders
its PDF in the person's language beside Chinese and prints it, all in a thread with a
spinner (CertificateService.print_for); a printer that fails says so here, and nothing
is recorded as printed.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from kiosk.domain.money import format_cents as money
from kiosk.domain.registry import reason_key
from kiosk.domain.text import strip_controls as plain
from kiosk.services.certificates import Certificate, NotPrinted, PrintedCertificate
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.cells import cell, fill_table
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton

FACTS = (
    "name",
    "id_number",
    "sex",
    "birth_date",
    "insurance_type",
    "status",
    "period",
)


class CertificatePreviewScreen(KioskScreen):
    MESSAGE_LINE = "#print-status"

    def __init__(self, certificate: Certificate) -> None:
        super().__init__()
        self.certificate = certificate
        self.printed: PrintedCertificate | None = None

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="preview-body"):
            yield Tr("certificate_print.preview_title", classes="title")
            yield Tr("certificate_print.preview_intro", classes="intro")
            with Center():
                yield Static("", id="preview-facts", markup=False)
            yield Tr("certificate.entitlements", classes="preview-heading")
            yield Tr("", id="entitlements-empty", classes="empty")
            with Center(classes="preview-table"):
                yield DataTable(id="entitlements-table", cursor_type="none", zebra_stripes=True)
            yield Tr("certificate.contributions", classes="preview-heading")
            yield Tr("", id="contributions-empty", classes="empty")
            with Center(classes="preview-table"):
                yield DataTable(id="contributions-table", cursor_type="none", zebra_stripes=True)
            yield Tr(
                "certificate_print.arrears",
                lambda _: {"months": self.certificate.totals.arrears_months},
                id="arrears",
                classes="note",
            )
            yield Tr("certificate.amounts_in", classes="note")
        yield Pager("#preview-body")
        # Shown only with something to say: the buttons are docked and never move, and a
        # reserved line would cost the page a row (80x24 in the large mode has few).
        yield Tr("", id="print-status", classes="note")
        yield Tr("", id="print-void", classes="note")
        with ActionBar():
            yield DataButton("certificate_print.print", id="print", variant="primary")
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.can_focus = False  # read, not chosen from: the page scrolls as one
        self.retranslate()
        # The page, not Print: Enter on a fresh screen must never print by accident.
        self.query_one("#preview-body").focus()

    # --- drawing ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self._draw_facts()
        self._draw_entitlements()
        self._draw_contributions()

    def _draw_facts(self) -> None:
        c = self.certificate
        values = {
            "name": plain(c.name),
            "id_number": c.masked_id,
            "sex": self.t(f"sex.{c.sex}"),
            "birth_date": c.birth_date,
            "insurance_type": self.t(f"insurance_type.{c.insurance_type}"),
            "status": self.t(f"person_status.{c.status}"),
            "period": self.t("certificate.period_value", first=c.period.first, last=c.period.last),
        }
        labels = [self.t(f"certificate.{name}") for name in FACTS]
        width = max(cell_len(label) for label in labels) + 2
        parts: list[str | tuple[str, str]] = []
        for label, name in zip(labels, FACTS, strict=True):
            padding = " " * (width - cell_len(label))
            parts += [(label, "$text-muted"), padding, (values[name], "bold"), "\n"]
        self.query_one("#preview-facts", Static).update(Content.assemble(*parts[:-1]))

    def _fill(self, name: str, columns: tuple[str, ...], rows: list[list]) -> None:
        table = self.query_one(f"#{name}-table", DataTable)
        fill_table(table, [(key, self.t(f"records.col_{key}")) for key in columns], rows)
        table.display = bool(rows)
        self.query_one(f"#{name}-empty", Tr).show("" if rows else f"certificate.{name}_none")

    def _draw_entitlements(self) -> None:
        self._fill(
            "entitlements",
            ("start", "end", "type", "status", "reason"),
            [
                [
                    cell(row.start_date),
                    cell(row.end_date or self.t("records.open_ended")),
                    cell(self.t(f"insurance_type.{row.insurance_type}")),
                    cell(self.t(f"person_status.{row.status}")),
                    cell(self._reason(row.reason)),
                ]
                for row in self.certificate.entitlements
            ],
        )

    def _reason(self, reason: str) -> str:
        key = reason_key(reason)
        return self.t(key) if key else reason

    def _draw_contributions(self) -> None:
        months = self.certificate.months
        rows = [
            [
                cell(m.month),
                cell(money(m.base_cents), right=True),
                cell(money(m.employer_cents), right=True),
                cell(money(m.individual_cents), right=True),
                cell(self.t(f"contribution_status.{'paid' if m.paid else 'arrears'}")),
            ]
            for m in months
        ]
        if rows:
            totals = self.certificate.totals
            total_row = [
                cell(self.t("certificate.total")),
                cell(money(totals.base_cents), right=True),
                cell(money(totals.employer_cents), right=True),
                cell(money(totals.individual_cents), right=True),
                cell(""),
            ]
            for text in total_row:
                text.stylize("bold")
            rows.append(total_row)
        self._fill("contributions", ("month", "base", "employer", "individual", "paid"), rows)
        self.query_one("#arrears").display = bool(rows)

    # --- printing --------------------------------------------------------------------

    @on(Button.Pressed, "#print")
    def print_pressed(self) -> None:
        # Not an exclusive worker: a second tap must not cancel the first one's wait and
        # print again while the first is still printing. The button stays off meanwhile.
        if self.busy or self.printed is not None:
            return
        self.query_one("#print", Button).disabled = True
        self.print_certificate()

    @work(group="print")
    async def print_certificate(self) -> None:
        """Issue, render and print in a thread; say what came of it."""
        button = self.query_one("#print", Button)
        session = self.require_citizen()
        if session is None:
            return
        status = self.query_one("#print-status", Tr)
        void = self.query_one("#print-void", Tr)
        void.show("")
        status.show("certificate_print.printing")
        try:
            done = await self.run_service(
                self.terminal.certificates.print_for,
                session,
                self.certificate.period,
                self.kiosk.language,
                spinner="#print",
            )
        except NotPrinted as failed:
            status.show(failed.key)
            if failed.number:
                number = failed.number
                void.show("certificate_print.void", lambda _: {"number": number})
            button.disabled = False  # the printer mended, it may be tried again
            return
        if done is None:  # the database stayed busy: run_service said so
            button.disabled = False
            return
        self.printed = done
        number = done.certificate.number
        if done.kind == "file":
            file = done.where.rsplit("/", 1)[-1]
            status.show(
                "certificate_print.printed_file", lambda _: {"number": number, "file": file}
            )
        else:
            status.show("certificate_print.printed", lambda _: {"number": number})
