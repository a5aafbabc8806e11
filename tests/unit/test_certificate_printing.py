"""CertificateService.print_for: what is checked before a number is given, and a number
given to a certificate that did not print is void (audit), never recorded as printed."""

from __future__ import annotations

import datetime

import pytest

from kiosk.config import PrinterConfig
from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.certificates import NotPrinted
from kiosk.services.terminal import Terminal

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


def terminal_with(config, printer: PrinterConfig) -> Terminal:
    return Terminal(config.replace(printer=printer), now=lambda: NOW)


def actions(terminal: Terminal) -> list[str]:
    return [
        row["action"]
        for row in terminal.store.db.query(
            "SELECT action FROM audit_log WHERE action LIKE 'certificate:%' "
            "OR action LIKE 'print:%'"
        )
    ]


@pytest.mark.parametrize(
    ("printer", "key"),
    [
        (PrinterConfig(), "printing.disabled"),
        (
            PrinterConfig(kind="escpos", connection="network", host="127.0.0.1"),
            "printing.not_supported",
        ),
    ],
)
def test_a_printer_that_cannot_print_certificates_refuses_before_a_number(config, printer, key):
    terminal = terminal_with(config, printer)
    holder = demo_accounts(terminal.store)[1]
    session = CitizenSession(holder.id_number, holder.name, "")
    with pytest.raises(NotPrinted) as refused:
        terminal.certificates.print_for(session, terminal.certificates.last_12_months(), "en")
    assert refused.value.key == key and refused.value.number == ""
    assert actions(terminal) == []


def test_a_folder_that_cannot_be_written_voids_the_number_and_records_no_print(config, tmp_path):
    # A file where the folder should be: the printer fails only once the PDF is made.
    folder = tmp_path / "printouts"
    folder.write_text("not a folder", encoding="utf-8")
    terminal = terminal_with(config, PrinterConfig(kind="file", folder=folder))
    holder = demo_accounts(terminal.store)[1]
    session = CitizenSession(holder.id_number, holder.name, "")
    with pytest.raises(NotPrinted) as refused:
        terminal.certificates.print_for(session, terminal.certificates.year(2025), "zh")
    assert refused.value.key == "printing.offline"
    assert refused.value.number.startswith("CC2026")
    assert actions(terminal) == ["certificate:issue", "certificate:void"]


def test_the_years_are_this_year_and_the_earlier_ones_with_contributions(config):
    terminal = terminal_with(config, PrinterConfig(kind="file"))
    holder = demo_accounts(terminal.store)[1]
    assert terminal.certificates.years(holder.id_number) == [2026, 2025, 2024, 2023]
    newcomer = demo_accounts(terminal.store)[4]  # contributions since 2024-01 only
    assert terminal.certificates.years(newcomer.id_number) == [2026, 2025, 2024]
