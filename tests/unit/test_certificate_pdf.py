"""The printed proof: the certificate PDF rendered to an image (pdftoppm), its QR code
decoded from the image (zxing-cpp) and verified with `kiosk certificate verify`; the totals
pdftotext extracts equal the database's sums for the period; changed, foreign, retired-key
and expired statements are refused; bad periods are refused with the catalog's message."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from kiosk.cli import main
from kiosk.domain.certificate import Statement, sign_statement
from kiosk.domain.money import format_cents
from kiosk.domain.voucher import key_id
from kiosk.i18n import translate
from kiosk.services.certificate_pdf import FontMissing, render_pdf
from kiosk.services.keys import keys_folder, rotate, signing_key
from tests.conftest import AS_OF
from tests.unit.test_certificate_service import in_arrears, sums_in_db

TOOLS = ("pdftoppm", "pdftotext")


@pytest.fixture(autouse=True)
def poppler():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} missing (Debian poppler-utils: .ci/install-chromium)"
        if os.environ.get("KIOSK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


# The demo registry's last month (tests/conftest.py AS_OF): periods end there, so that
# every month of them has its contribution whatever the day the tests run.
LAST = f"{AS_OF:%Y-%m}"


def months_back(count: int) -> str:
    index = AS_OF.year * 12 + AS_OF.month - 1 - (count - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def issue(db_path: Path, out: Path, first: str, last: str, lang: str = "zh", person=None):
    person = person or in_arrears(db_path)
    result = CliRunner().invoke(
        main,
        [
            "certificate",
            "issue",
            person,
            "--from",
            first,
            "--to",
            last,
            "--out",
            str(out),
            "--lang",
            lang,
            "--db",
            str(db_path),
        ],
    )
    return person, result


def page_image(pdf: Path, page: int = 1, dpi: int = 150) -> Image.Image:
    stem = pdf.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return Image.open(stem.with_suffix(".png"))


def qr_text(image: Image.Image) -> str:
    found = [b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1, found
    return found[0].text


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def verify(payload: str, db_path: Path):
    return CliRunner().invoke(
        main, ["certificate", "verify", "-", "--db", str(db_path)], input=payload
    )


def test_the_qr_in_the_picture_verifies_and_states_the_databases_totals(db_path, tmp_path):
    out = tmp_path / "certificate.pdf"
    first = months_back(36)
    person, issued = issue(db_path, out, first, LAST, lang="es")
    assert issued.exit_code == 0, issued.output
    assert out.read_bytes().startswith(b"%PDF")

    payload = qr_text(page_image(out))
    assert payload.startswith("MC1:") and person not in payload
    checked = verify(payload, db_path)
    assert checked.exit_code == 0, checked.output
    base, employer, individual, arrears = sums_in_db(db_path, person, first, LAST)
    lines = checked.output.splitlines()
    assert lines[0].startswith("valid: certificate CC")
    assert f"  ID number: {person[:6]}********{person[-4:]}" in lines
    assert f"  period: {first} to {LAST}, 36 months recorded" in lines
    assert f"  base: {format_cents(base, '')}" in lines
    assert f"  employer: {format_cents(employer, '')}" in lines
    assert f"  individual: {format_cents(individual, '')}" in lines
    assert f"  months in arrears: {arrears}" in lines and arrears == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdftotext_shows_the_totals_of_the_database(db_path, tmp_path, lang):
    out = tmp_path / "certificate.pdf"
    first, last = months_back(12), LAST
    person, issued = issue(db_path, out, first, last, lang=lang)
    assert issued.exit_code == 0, issued.output
    text = pdf_text(out)
    base, employer, individual, arrears = sums_in_db(db_path, person, first, last)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("合计"))
    amounts = re.findall(r"\d[\d,]*\.\d\d", lines[at])
    assert amounts == [format_cents(c, "") for c in (base, employer, individual)]
    assert f"欠费月数：{arrears}" in lines[at]
    # The whole ID number and the name are printed (the citizen's own document); the
    # labels in Chinese, and in English beside them.
    assert person in text and translate("zh", "certificate.title") in text
    if lang == "en":
        assert translate("en", "certificate.title") in text
        assert f"Months in arrears: {arrears}" in " ".join(" ".join(lines[at : at + 2]).split())
    else:
        assert translate("en", "certificate.title") not in text


def test_a_changed_character_is_refused(db_path, tmp_path):
    out = tmp_path / "certificate.pdf"
    _, issued = issue(db_path, out, months_back(12), LAST)
    assert issued.exit_code == 0, issued.output
    payload = qr_text(page_image(out))
    at = len(payload) // 2
    changed = payload[:at] + ("A" if payload[at] != "A" else "B") + payload[at + 1 :]
    refused = verify(changed, db_path)
    assert refused.exit_code == 1
    assert refused.output.strip() in ("refused: bad signature", "refused: malformed")


def statement(db_path: Path, key: Ed25519PrivateKey, issued_at: int, valid: int = 86_400):
    """A statement signed directly with `key` (as a forger or an old terminal would)."""
    from kiosk.domain.certificate import MonthLine, Period

    return sign_statement(
        Statement(
            number="CC20260000999",
            hall="示范区医疗保障服务大厅",
            masked_name="王*明",
            masked_id="110108********2954",
            id_hash="00" * 16,
            sex="M",
            insurance_type="employee",
            status="active",
            period=Period("2026-01", "2026-01"),
            months=(MonthLine("2026-01", 800_000, 64_000, 16_000, True),),
            issued_at=issued_at,
            expires_at=issued_at + valid,
            terminal="KIOSK-01",
            key_id=key_id(key.public_key()),
        ),
        key,
    )


def test_another_key_a_retired_key_and_an_expired_certificate_are_refused(db_path, tmp_path):
    assert CliRunner().invoke(main, ["keys", "export-public", "--db", str(db_path)]).exit_code == 0
    folder = keys_folder(db_path)
    old = signing_key(folder)
    now = int(time.time())
    assert verify(statement(db_path, old, now), db_path).exit_code == 0

    other = verify(statement(db_path, Ed25519PrivateKey.generate(), now), db_path)
    assert (other.exit_code, other.output.strip()) == (1, "refused: unknown key")

    expired = verify(statement(db_path, old, now - 10 * 86_400, valid=86_400), db_path)
    assert (expired.exit_code, expired.output.strip()) == (1, "refused: expired")

    # The key is retired an hour ago: what it signed before still verifies, what it
    # signed since (a copied key) does not.
    rotate(folder, datetime.datetime.fromtimestamp(now - 3600, datetime.UTC))
    before = verify(statement(db_path, old, now - 7200), db_path)
    assert before.exit_code == 0, before.output
    after = verify(statement(db_path, old, now), db_path)
    assert (after.exit_code, after.output.strip()) == (1, "refused: retired key")


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("2026-05", "2026-01", "certificate.period_inverted"),
        ("2020-01", "2026-01", "certificate.period_too_long"),
        ("2026-1", "2026-02", "certificate.period_format"),
    ],
)
def test_bad_periods_are_refused_with_a_message_and_nothing_is_written(
    db_path, tmp_path, first, last, key
):
    out = tmp_path / "certificate.pdf"
    _, refused = issue(db_path, out, first, last, lang="es")
    assert refused.exit_code == 1
    values = {"months": 36} if key.endswith("too_long") else {}
    assert refused.output.strip() == f"Error: {translate('es', key, **values)}"
    assert not out.exists()
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'certificate:issue'")
        assert rows.fetchone()[0] == 0


def test_without_the_font_a_clear_error(db_path, tmp_path):
    from kiosk.config import Config
    from kiosk.services.terminal import Terminal

    terminal = Terminal(Config(database=db_path))
    preview = terminal.certificates.preview(in_arrears(db_path), terminal.certificates.year(2025))
    with pytest.raises(FontMissing, match="fonts-noto-cjk"):
        render_pdf(preview, "zh", fonts=tmp_path)


def test_the_pdf_is_readable_by_the_operator_only(db_path, tmp_path):
    """The paper carries the whole ID number and the name: 0600, as the kiosk's other files."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "certificate.pdf"
    _, issued = issue(db_path, out, months_back(12), LAST)
    assert issued.exit_code == 0, issued.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert list(folder.iterdir()) == [out]  # no temporary file left


def test_a_pdf_that_cannot_be_written_voids_the_number_in_one_line(db_path, tmp_path):
    """The number was given before the file is written: a file that cannot be written
    (here a name with no room for its temporary sibling) leaves the number void in the
    audit log, as a printer that fails does, and the command says so in one line."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / ("c" * 250 + ".pdf")
    _, failed = issue(db_path, out, months_back(12), LAST, lang="en")
    assert failed.exit_code == 1
    assert failed.exception is None or isinstance(failed.exception, SystemExit)
    [line] = failed.output.strip().splitlines()
    with sqlite3.connect(db_path) as conn:
        [(issued,)] = conn.execute(
            "SELECT detail FROM audit_log WHERE action = 'certificate:issue'"
        ).fetchall()
        voided = conn.execute(
            "SELECT detail FROM audit_log WHERE action = 'certificate:void'"
        ).fetchall()
    number = re.search(r"CC\d+", issued).group()
    assert len(voided) == 1 and number in voided[0][0]
    assert line.startswith("Error: ") and f"certificate {number} is void" in line
    assert list(folder.iterdir()) == []
