"""Printing: the slip's ESC/POS bytes against a golden file, and each printer kind with
real parts (a real `lp` program on PATH, a real TCP printer, a real folder, pdftotext)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.config import Config, PrinterConfig
from kiosk.demo.builder import demo_accounts
from kiosk.domain.slip import Slip, escpos_bytes, slip_pdf
from kiosk.services.accounts import CitizenSession
from kiosk.services.printing import (
    CERTIFICATE,
    Document,
    PrintFailed,
    UnknownApplication,
    can_print,
    printing_enabled,
)
from kiosk.services.terminal import Terminal
from kiosk.store import family as family_store
from tests.helpers.escpos_printer import (
    NO_PAPER,
    OFFLINE,
    RecordingPrinter,
    SerialPrinter,
    closed_port,
)

GOLDEN = Path(__file__).parent / "golden"
NAME = "王小明"
MASKED = "王*明"

SLIP_ZH = Slip(
    application_no="FA20261127000042",
    member_name=MASKED,
    relationship="child",
    date="2026-11-27",
    status="awaiting_review",
    hall_name="示范区医疗保障服务大厅",
    hotline="12333",
    website="https://ybj.demo.example.gov.cn",
    language="zh",
)


def with_printer(config: Config, **printer: object) -> Terminal:
    return Terminal(config.replace(printer=PrinterConfig(**printer)))  # type: ignore[arg-type]


@pytest.fixture
def application(config: Config) -> tuple[CitizenSession, str]:
    """A holder's application (added through the store, as submit() adds one) for a
    member whose registered name is Chinese."""
    terminal = Terminal(config)
    holder = demo_accounts(terminal.store)[0]
    member = terminal.store.db.execute(
        "SELECT id_number FROM persons WHERE id_number != ? LIMIT 1", [holder.id_number]
    ).fetchone()[0]
    with terminal.store.write() as db:
        enrollment = family_store.add_enrollment(
            db,
            {
                "holder_id": holder.id_number,
                "member_id": member,
                "member_name": NAME,
                "relationship": "child",
                "status": "awaiting_review",
                "consent_at": "2026-11-27T09:00:00+00:00",
                "letter_text": "letter",
                "letter_sha256": "0" * 64,
                "signature": "[]",
                "signature_digest": "0" * 64,
                "terminal": "KIOSK-01",
                "submitted_at": "2026-11-27T09:01:00+00:00",
            },
        )
        number = family_store.application_no(db, enrollment)
    terminal.store.close()
    session = CitizenSession(holder.id_number, holder.name, "2026-11-27T09:00:00+00:00")
    return session, number


def print_rows(terminal: Terminal) -> list[dict]:
    return list(
        terminal.store.db.query(
            "SELECT actor, action, subject, detail FROM audit_log WHERE action LIKE 'print:%'"
        )
    )


# -- the slip ------------------------------------------------------------------------


def test_the_escpos_slip_matches_the_golden_file_byte_for_byte():
    """To re-make the file after an intended change: KIOSK_GOLDEN=write."""
    made = escpos_bytes(SLIP_ZH, columns=32)
    golden = GOLDEN / "slip-zh-32.escpos"
    if os.environ.get("KIOSK_GOLDEN") == "write":
        golden.write_bytes(made)
    assert made == golden.read_bytes()
    # The member's masked name in GB18030 (王 = CD F5, 明 = C3 F7), in Chinese mode (FS &).
    assert "王*明".encode("gb18030") == b"\xcd\xf5*\xc3\xf7"
    assert b"\xcd\xf5*\xc3\xf7" in made
    assert made.startswith(b"\x1b@\x1c&")
    assert "申请编号：FA20261127000042".encode("gb18030") in made
    # The QR is the printer's own (GS ( k): store the application number, then print it.
    assert b"\x1d(k\x13\x001P0FA20261127000042" in made
    assert b"\x1d(k\x03\x001Q0" in made


def test_the_slip_pdf_has_its_text_in_every_language(tmp_path):
    for language, title in (("zh", "申请回执"), ("en", "Application slip"), ("es", "Comprobante")):
        slip = Slip(**{**SLIP_ZH.__dict__, "language": language})
        path = tmp_path / f"slip-{language}.pdf"
        path.write_bytes(slip_pdf(slip))
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert title in text
        assert "FA20261127000042" in text and MASKED in text and "12333" in text


def test_the_slip_pdfs_qr_code_holds_the_application_number(tmp_path):
    """The PDF slip (cups, file) drawn to an image (pdftoppm); its QR code, decoded from the
    picture (zxing-cpp), is the application number."""
    import zxingcpp
    from PIL import Image

    for language in ("zh", "es"):
        slip = Slip(**{**SLIP_ZH.__dict__, "language": language})
        path = tmp_path / f"slip-{language}.pdf"
        path.write_bytes(slip_pdf(slip))
        stem = tmp_path / f"slip-{language}"
        subprocess.run(
            ["pdftoppm", "-r", "200", "-png", "-singlefile", str(path), str(stem)], check=True
        )
        found = zxingcpp.read_barcodes(Image.open(stem.with_suffix(".png")))
        codes = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
        assert codes == ["FA20261127000042"], language


def test_control_characters_in_a_name_never_reach_the_printer():
    slip = Slip(**{**SLIP_ZH.__dict__, "member_name": "王\x1bd\x07明"})
    made = escpos_bytes(slip)
    assert b"\x1bd\x07" not in made and "王d明".encode("gb18030") in made


# -- printer kinds ---------------------------------------------------------------------


def test_none_prints_nothing_and_escpos_prints_slips_only(config):
    assert not printing_enabled(config)
    escpos = config.replace(printer=PrinterConfig(kind="escpos", connection="network", host="x"))
    assert printing_enabled(escpos)
    assert can_print(escpos, "slip") and not can_print(escpos, CERTIFICATE)
    cups = config.replace(printer=PrinterConfig(kind="cups", queue="q"))
    assert can_print(cups, "slip") and can_print(cups, CERTIFICATE)
    for terminal, key in (
        (Terminal(config), "printing.disabled"),
        (Terminal(escpos), "printing.not_supported"),
    ):
        with pytest.raises(PrintFailed) as refused:
            terminal.printing.print(
                Document(CERTIFICATE, pdf=b"%PDF-1.4", period="2025-01..2025-12"),
                actor="citizen@KIOSK-01",
                subject="110101********1234",
            )
        assert refused.value.key == key
        assert refused.value.message("zh")  # a sentence in the catalog
        assert print_rows(terminal) == []


def fake_lp(folder: Path, body: str) -> None:
    """A real `lp` executable, first on PATH: a shell script standing in for CUPS."""
    folder.mkdir()
    script = folder / "lp"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(stat.S_IRWXU)


def test_a_failing_lp_gives_a_clear_error_and_no_audit_row(
    config, application, tmp_path, monkeypatch
):
    session, number = application
    fake_lp(
        tmp_path / "bin",
        'echo "lp: The printer or class does not exist." >&2\nexit 1\n',
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    terminal = with_printer(config, kind="cups", queue="hall-a4")
    with pytest.raises(PrintFailed) as refused:
        terminal.printing.print_slip(session, number, "en")
    assert refused.value.key == "printing.refused"
    assert "does not exist" in refused.value.detail
    assert refused.value.message("en").startswith("The printer did not accept the document.")
    assert print_rows(terminal) == []


def test_lp_gets_the_pdf_for_the_queue_and_the_print_is_audited(
    config, application, tmp_path, monkeypatch
):
    session, number = application
    got = tmp_path / "job"
    fake_lp(
        tmp_path / "bin",
        f'printf "%s\\n" "$@" > "{got}.args"\ncat > "{got}.pdf"\n'
        'echo "request id is hall-a4-7 (0 file(s))"\n',
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    terminal = with_printer(config, kind="cups", queue="hall-a4")
    printed = terminal.printing.print_slip(session, number, "zh")
    assert printed.where == "request id is hall-a4-7 (0 file(s))"
    assert Path(f"{got}.args").read_text().split("\n")[:2] == ["-d", "hall-a4"]
    text = subprocess.run(
        ["pdftotext", f"{got}.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert number in text and MASKED in text and NAME not in text
    [row] = print_rows(terminal)
    assert row["action"] == "print:slip" and row["actor"] == "citizen@KIOSK-01"
    assert row["subject"] == session.masked_id
    assert json.loads(row["detail"]) == {"application": number, "printer": "cups"}


def test_a_network_printer_that_refuses_the_connection_gives_the_clear_error(config, application):
    session, number = application
    terminal = with_printer(
        config, kind="escpos", connection="network", host="127.0.0.1", port=closed_port()
    )
    with pytest.raises(PrintFailed) as refused:
        terminal.printing.print_slip(session, number, "zh")
    assert refused.value.key == "printing.offline"
    assert refused.value.message("zh") == "无法连接打印机，未打印任何内容。请联系工作人员。"
    assert print_rows(terminal) == []


def test_a_network_printer_receives_the_slip_bytes(config, application):
    session, number = application
    printer = RecordingPrinter()
    terminal = with_printer(
        config, kind="escpos", connection="network", host="127.0.0.1", port=printer.port
    )
    terminal.printing.print_slip(session, number, "zh")
    received = printer.wait_closed()
    slip = terminal.printing.slip(number, "zh", session.id_number)
    # The two status queries (online? paper?), then the slip exactly.
    assert received == b"\x10\x04\x01\x10\x04\x04" + escpos_bytes(slip, 32)
    assert MASKED.encode("gb18030") in received
    [row] = print_rows(terminal)
    assert json.loads(row["detail"]) == {"application": number, "printer": "escpos"}


@pytest.mark.parametrize(
    ("online", "paper", "key"),
    [
        (b"\x16", b"\x12", None),
        (OFFLINE, b"\x12", "printing.offline"),
        (b"\x16", NO_PAPER, "printing.no_paper"),
    ],
)
def test_a_serial_printer_receives_the_slip_or_says_why_not(
    config, application, monkeypatch, online, paper, key
):
    """connection = "serial": the device file of a real pseudo-terminal stands for the
    printer's port; the same status queries, then the slip's bytes, or nothing printed.

    A printer that answers is not waited on: python-escpos's query_status reads 16 bytes
    and pyserial would wait out the whole status wait for the 15 a printer never sends
    (2 s a query, 4 s before each slip). With that wait made 10 minutes here, the print
    ends within the hang guard only if the one byte answering is all that is read."""
    from concurrent.futures import ThreadPoolExecutor

    from kiosk.services import printing

    monkeypatch.setattr(printing, "STATUS_WAIT_SECONDS", 600.0)
    session, number = application
    printer = SerialPrinter(online=online, paper=paper)
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        terminal = with_printer(
            config, kind="escpos", connection="serial", device=printer.device, baudrate=9600
        )
        slip = terminal.printing.slip(number, "zh", session.id_number)
        job = pool.submit(terminal.printing.print_slip, session, number, "zh")
        if key is None:
            printed = job.result(timeout=60)  # a hang guard
            assert printed.where == printer.device
            received = printer.wait_for(escpos_bytes(slip, 32))
            assert received == b"\x10\x04\x01\x10\x04\x04" + escpos_bytes(slip, 32)
            [row] = print_rows(terminal)
            assert json.loads(row["detail"]) == {"application": number, "printer": "escpos"}
        else:
            with pytest.raises(PrintFailed) as refused:
                job.result(timeout=60)  # a hang guard
            assert refused.value.key == key
            assert escpos_bytes(slip, 32)[:8] not in bytes(printer.received)
            assert print_rows(terminal) == []
    finally:
        printer.close()
        pool.shutdown(wait=False)


@pytest.mark.parametrize(
    ("online", "paper", "key"),
    [(OFFLINE, b"\x12", "printing.offline"), (b"\x16", NO_PAPER, "printing.no_paper")],
)
def test_a_printer_that_reports_offline_or_no_paper_prints_nothing(
    config, application, online, paper, key
):
    session, number = application
    printer = RecordingPrinter(online=online, paper=paper)
    terminal = with_printer(
        config, kind="escpos", connection="network", host="127.0.0.1", port=printer.port
    )
    with pytest.raises(PrintFailed) as refused:
        terminal.printing.print_slip(session, number, "en")
    assert refused.value.key == key
    assert printer.wait_closed() in (b"\x10\x04\x01", b"\x10\x04\x01\x10\x04\x04")
    assert print_rows(terminal) == []


def test_the_file_kind_writes_a_pdf_that_shows_the_application_number(config, application):
    session, number = application
    folder = config.database.parent / "printouts"
    terminal = with_printer(config, kind="file", folder=folder)
    first = Path(terminal.printing.print_slip(session, number, "es").where)
    second = Path(terminal.printing.print_slip(session, number, "es").where)
    assert first != second and first.parent == second.parent == folder
    assert sorted(folder.iterdir()) == sorted([first, second])  # no temporary file left
    assert first.name.startswith("slip-") and number in first.name
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    text = subprocess.run(
        ["pdftotext", str(first), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert number in text and "Comprobante de solicitud" in text
    assert len(print_rows(terminal)) == 2


def test_without_the_cjk_font_a_pdf_slip_is_refused_with_a_message(
    config, application, monkeypatch
):
    """cups and file print the slip as a PDF with Noto Sans CJK embedded: a terminal
    without Debian's fonts-noto-cjk says so (a message, not a crash), and prints nothing."""
    from kiosk.domain import slip

    monkeypatch.setattr(slip, "CJK_FONT", config.database.parent / "no-such-font.ttc")
    session, number = application
    folder = config.database.parent / "printouts"
    terminal = with_printer(config, kind="file", folder=folder)
    with pytest.raises(PrintFailed) as refused:
        terminal.printing.print_slip(session, number, "es")
    assert refused.value.key == "printing.cannot_make"
    assert "no-such-font.ttc" in refused.value.detail
    assert refused.value.message("es").startswith("Este terminal no puede preparar")
    assert print_rows(terminal) == [] and not folder.exists()


def test_an_unwritable_folder_is_a_printer_that_cannot_be_reached(config, application):
    session, number = application
    blocker = config.database.parent / "not-a-folder"
    blocker.write_text("")
    terminal = with_printer(config, kind="file", folder=blocker / "printouts")
    with pytest.raises(PrintFailed) as refused:
        terminal.printing.print_slip(session, number, "en")
    assert refused.value.key == "printing.offline"
    assert print_rows(terminal) == []


def test_a_citizen_prints_only_their_own_applications_slips(config, application):
    session, number = application
    terminal = with_printer(config, kind="file")
    other = CitizenSession("110101199003071234", "someone", session.started_at)
    with pytest.raises(UnknownApplication):
        terminal.printing.print_slip(other, number, "en")
    with pytest.raises(UnknownApplication):
        terminal.printing.print_slip(session, "FA20990101999999", "en")
    assert print_rows(terminal) == []


# -- kiosk slip print ------------------------------------------------------------------


def test_kiosk_slip_print_prints_for_an_operator(config, application, tmp_path):
    from click.testing import CliRunner

    from kiosk.cli import main

    _, number = application
    folder = tmp_path / "out"
    settings = tmp_path / "kiosk.toml"
    settings.write_text(
        f'language = "zh"\n[printer]\nkind = "file"\nfolder = "{folder}"\n', encoding="utf-8"
    )
    runner = CliRunner()
    args = ["--db", str(config.database), "--config", str(settings)]
    done = runner.invoke(main, ["slip", "print", number.lower(), *args])
    assert done.exit_code == 0, done.output
    written = Path(done.output.removeprefix("printed: ").strip())
    assert written.parent == folder
    text = subprocess.run(
        ["pdftotext", str(written), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "申请回执" in text and number in text
    [row] = print_rows(Terminal(config))
    assert row["actor"].startswith("operator") and row["action"] == "print:slip"

    unknown = runner.invoke(main, ["slip", "print", "FA20990101999999", *args])
    assert unknown.exit_code == 1
    assert unknown.output.strip() == "Error: There is no such application."

    settings.write_text(
        f'[printer]\nkind = "escpos"\nconnection = "network"\nhost = "127.0.0.1"\n'
        f"port = {closed_port()}\n",
        encoding="utf-8",
    )
    offline = runner.invoke(main, ["slip", "print", number, *args])
    assert offline.exit_code == 1
    assert offline.output.startswith("Error: The printer cannot be reached. Nothing was printed.")
    # One line, though python-escpos's reason has a line break inside.
    assert len(offline.output.strip().splitlines()) == 1, offline.output
    assert len(print_rows(Terminal(config))) == 1
