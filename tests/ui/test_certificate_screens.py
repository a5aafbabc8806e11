"""Print a certificate at the terminal (issue 17): home -> the period -> the preview -> Print.

Real parts only: the demo database, the `file` printer writing into a folder, a real `lp`
program on PATH that refuses the job, pdftotext on the PDF that came out.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable

from kiosk import logs
from kiosk.config import Config, PrinterConfig
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.domain.ids import mask_id
from kiosk.domain.money import format_cents
from kiosk.i18n import translate
from kiosk.services.accounts import CitizenSession
from kiosk.ui import make_app
from kiosk.ui.screens.certificate_period import CertificatePeriodScreen
from kiosk.ui.screens.certificate_preview import CertificatePreviewScreen
from kiosk.ui.screens.home import HomeScreen
from tests.ui.conftest import SIZE, assisted_home, text_of, wait_for_screen, wait_until
from tests.unit.test_printing import fake_lp

# The demo registry is made as of 2026-11-01; the terminal's wall clock is fixed after it.
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


def printing_app(config: Config, clock, printer: PrinterConfig, **changes):
    logs.configure(config.log_path)
    return make_app(config.replace(printer=printer, **changes), clock=clock, now=lambda: NOW)


def file_printer(tmp_path: Path) -> PrinterConfig:
    return PrinterConfig(kind="file", folder=tmp_path / "printouts")


async def open_period(pilot, app, holder) -> CertificatePeriodScreen:
    """The citizen logged in, then "Print a certificate" on home."""
    await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
    await wait_for_screen(pilot, HomeScreen)
    await pilot.click("#certificate")
    return await wait_for_screen(pilot, CertificatePeriodScreen)


async def tap(pilot, selector: str) -> None:
    """Well after the last press: two data presses within 500 ms count as one."""
    pilot.app.clock.advance(1)
    await pilot.click(selector)


def choose_range(screen, first: str, last: str) -> None:
    for end, month in (("from", first), ("to", last)):
        screen.query_one(f"#{end}-year").value = int(month[:4])
        screen.query_one(f"#{end}-month").value = int(month[5:])


def sums_in_db(app, id_number: str, first: str, last: str) -> tuple[int, int, int, int]:
    row = next(
        app.terminal.store.db.query(
            "SELECT sum(base_cents) b, sum(employer_cents) e, sum(individual_cents) i, "
            "sum(status = 'arrears') a FROM contributions "
            "WHERE id_number = ? AND month BETWEEN ? AND ?",
            [id_number, first, last],
        )
    )
    return row["b"], row["e"], row["i"], row["a"]


def audit(app, action: str) -> list[dict]:
    return list(
        app.terminal.store.db.query(
            "SELECT actor, subject, detail FROM audit_log WHERE action = ? ORDER BY seq", [action]
        )
    )


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


async def test_home_shows_the_button_only_where_the_printer_prints_certificates(
    config, clock, tmp_path
):
    receipts = PrinterConfig(kind="escpos", connection="network", host="127.0.0.1")
    for printer, shown in (
        (PrinterConfig(), False),
        (receipts, False),
        (file_printer(tmp_path), True),
    ):
        app = printing_app(config, clock, printer)
        holder = demo_accounts(app.terminal.store)[0]
        async with app.run_test(size=SIZE) as pilot:
            await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
            home = await wait_for_screen(pilot, HomeScreen)
            assert bool(home.query("#certificate")) is shown, printer.kind
            if shown:
                label = str(home.query_one("#certificate", Button).label)
                assert label == "Print a certificate"
        app.terminal.close()


@pytest.mark.parametrize("way", ["last-12", "year", "range"])
async def test_a_citizen_previews_and_prints_each_kind_of_period(config, clock, tmp_path, way):
    printer = file_printer(tmp_path)
    app = printing_app(config, clock, printer)
    holder = demo_accounts(app.terminal.store)[1]
    first, last = {
        "last-12": ("2025-12", "2026-11"),
        "year": ("2025-01", "2025-12"),
        "range": ("2024-03", "2026-02"),
    }[way]
    async with app.run_test(size=SIZE) as pilot:
        period = await open_period(pilot, app, holder)
        # This year and the earlier ones with contributions (the demo has 2023 to 2026).
        years = [str(b.label) for b in period.query(".year").results(Button)]
        assert years == ["2026", "2025", "2024", "2023"]
        if way == "last-12":
            await tap(pilot, "#last-12")
        elif way == "year":
            await tap(pilot, "#year-2025")
        else:
            choose_range(period, first, last)
            await pilot.pause()
            await tap(pilot, "#preview-range")
        preview = await wait_for_screen(pilot, CertificatePreviewScreen)
        assert preview.certificate.period.first == first
        assert preview.certificate.period.last == last

        facts = text_of(preview.query_one("#preview-facts"))
        assert mask_id(holder.id_number) in facts and holder.id_number not in facts
        assert f"{first} to {last}" in facts
        base, employer, individual, arrears = sums_in_db(app, holder.id_number, first, last)
        table = preview.query_one("#contributions-table", DataTable)
        total = [str(cell) for cell in table.get_row_at(table.row_count - 1)]
        assert total[:4] == [
            "Total",
            format_cents(base),
            format_cents(employer),
            format_cents(individual),
        ]
        assert text_of(preview.query_one("#arrears")) == f"Months in arrears: {arrears}"

        await tap(pilot, "#print")
        status = preview.query_one("#print-status")
        await wait_until(pilot, lambda: "is ready for the counter" in text_of(status), 60)
        number = preview.printed.certificate.number
        assert number.startswith("CC2026") and number in text_of(status)
        assert preview.query_one("#print", Button).disabled  # printed once, not twice

    [written] = (tmp_path / "printouts").iterdir()
    assert written.name in text_of(status)
    text = pdf_text(written)
    line = next(row for row in text.splitlines() if row.lstrip().startswith("合计"))
    amounts = re.findall(r"\d[\d,]*\.\d\d", line)
    assert amounts == [format_cents(c, "") for c in (base, employer, individual)]
    assert number in text and holder.id_number in text  # the paper: the whole number
    # In Chinese, with the citizen's language (here English) beside it.
    assert translate("zh", "certificate.title") in text
    assert translate("en", "certificate.title") in text
    [printed] = audit(app, "print:certificate")
    assert printed["actor"] == "citizen@KIOSK-01"
    assert printed["subject"] == mask_id(holder.id_number)
    assert f"{first}..{last}" in printed["detail"] and '"printer": "file"' in printed["detail"]
    assert len(audit(app, "certificate:issue")) == 1 and not audit(app, "certificate:void")


async def test_a_printer_that_refuses_the_job_says_so_and_nothing_is_recorded_as_printed(
    config, clock, tmp_path, monkeypatch
):
    fake_lp(tmp_path / "bin", 'echo "lp: The printer or class does not exist." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    app = printing_app(config, clock, PrinterConfig(kind="cups", queue="hall-a4"))
    holder = demo_accounts(app.terminal.store)[1]
    async with app.run_test(size=SIZE) as pilot:
        await open_period(pilot, app, holder)
        await tap(pilot, "#last-12")
        preview = await wait_for_screen(pilot, CertificatePreviewScreen)
        await tap(pilot, "#print")
        status = preview.query_one("#print-status")
        refused = translate("en", "printing.refused")
        await wait_until(pilot, lambda: text_of(status) == refused, 60)
        void = text_of(preview.query_one("#print-void"))
        [issued] = audit(app, "certificate:issue")
        number = re.search(r"CC\d+", issued["detail"]).group()
        assert void == f"Certificate {number} was not printed and is void."
        # It may be tried again once the printer is mended.
        assert not preview.query_one("#print", Button).disabled
        assert preview.printed is None
    assert not audit(app, "print:certificate")
    [voided] = audit(app, "certificate:void")
    assert number in voided["detail"] and "printing.refused" in voided["detail"]


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("2023-01", "2026-11", "certificate.period_too_long"),
        ("2026-05", "2026-01", "certificate.period_inverted"),
        ("2026-01", "2026-12", "certificate.period_future"),
    ],
)
async def test_a_bad_range_is_refused_next_to_the_lists_and_nothing_is_issued(
    config, clock, tmp_path, first, last, key
):
    app = printing_app(config, clock, file_printer(tmp_path))
    holder = demo_accounts(app.terminal.store)[1]
    async with app.run_test(size=SIZE) as pilot:
        period = await open_period(pilot, app, holder)
        choose_range(period, first, last)
        await pilot.pause()
        await tap(pilot, "#preview-range")
        message = period.query_one("#range-error")
        expected = translate("en", key, months=36)
        await wait_until(pilot, lambda: text_of(message) == expected)
        assert period.query_one("#range").has_class("-invalid")
        # Right under the lists, in sight.
        lists = period.query_one("#range").region
        assert message.region.y == lists.bottom and message.region.height
        assert app.screen is period
        # A change to the lists takes the message away.
        period.query_one("#to-month").value = 2
        await pilot.pause()
        assert text_of(message) == ""
    assert not audit(app, "certificate:issue") and not list((tmp_path).glob("printouts/*"))


async def test_a_clerk_acting_for_a_citizen_prints_and_the_audit_names_the_clerk(
    config, clock, tmp_path
):
    app = printing_app(config, clock, file_printer(tmp_path), mode="staff")
    holder = demo_accounts(app.terminal.store)[1]
    clerk = DEMO_STAFF[0]
    async with app.run_test(size=SIZE) as pilot:
        await assisted_home(pilot, clerk, holder.id_number)
        await tap(pilot, "#certificate")
        await wait_for_screen(pilot, CertificatePeriodScreen)
        await tap(pilot, "#last-12")
        preview = await wait_for_screen(pilot, CertificatePreviewScreen)
        await tap(pilot, "#print")
        status = preview.query_one("#print-status")
        await wait_until(pilot, lambda: "is ready for the counter" in text_of(status), 60)
    actor = f"staff:{clerk[0]}@KIOSK-01"
    [issued] = audit(app, "certificate:issue")
    [printed] = audit(app, "print:certificate")
    assert issued["actor"] == actor and printed["actor"] == actor
    assert printed["subject"] == mask_id(holder.id_number)
    # Both rows name the period the same way, so one search finds both.
    assert json.loads(printed["detail"])["period"] == json.loads(issued["detail"])["period"]
    assert len(list((tmp_path / "printouts").iterdir())) == 1
