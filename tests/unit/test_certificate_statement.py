"""The certificate's signed statement and its period rules (kiosk/domain/certificate.py)."""

import datetime

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.domain import certificate as cert
from kiosk.domain.certificate import (
    PREFIX,
    CertificateRefused,
    MonthLine,
    Period,
    PeriodError,
    Statement,
    id_hash,
    sign_statement,
    verify_statement,
)
from kiosk.domain.cose import sign
from kiosk.domain.voucher import Voucher, VoucherRefused, key_id, sign_voucher, verify_voucher

NOW = 1_795_000_000
TODAY = datetime.date(2026, 11, 15)


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


def months(first="2023-12", count=36):
    period = cert.period_between(
        first, cert._month_text(cert._month_index(first) + count - 1), TODAY
    )
    return period, tuple(
        MonthLine(m, 812_345, 65_000 + i, 16_250 + i, i % 7 != 3)
        for i, m in enumerate(period.months())
    )


def statement(key, **changes):
    period, lines = months()
    fields = dict(
        number="CC20260000001",
        hall="示范区医疗保障服务大厅",
        masked_name="王*明",
        masked_id="110108********2954",
        id_hash=id_hash(b"s" * 32, "11010819900307295X"),
        sex="M",
        insurance_type="employee",
        status="active",
        period=period,
        months=lines,
        issued_at=NOW,
        expires_at=NOW + 90 * 86_400,
        terminal="KIOSK-01",
        key_id=key_id(key.public_key()),
    )
    fields.update(changes)
    return Statement(**fields)


def ring(key):
    return {key_id(key.public_key()): key.public_key()}


def test_a_signed_statement_verifies_and_states_its_facts(key):
    original = statement(key)
    text = sign_statement(original, key)
    assert text.startswith(PREFIX) and "11010819900307295X" not in text
    checked = verify_statement(text, ring(key), now=NOW + 10)
    assert checked == original
    totals = checked.totals
    assert totals.employer_cents == sum(m.employer_cents for m in original.months)
    assert totals.arrears_months == sum(1 for m in original.months if not m.paid) == 5


def test_36_months_fit_an_alphanumeric_qr(key):
    text = sign_statement(statement(key), key)
    assert all(c.isupper() or c.isdigit() or c in " $%*+-./:" for c in text)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    assert qr.version <= 30, qr.version


def test_every_changed_character_is_refused(key):
    text = sign_statement(statement(key, period=Period("2026-01", "2026-02"), months=()), key)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    for at in range(len(PREFIX), len(text)):
        changed = alphabet[(alphabet.index(text[at]) + 1) % len(alphabet)]
        with pytest.raises(CertificateRefused) as refused:
            verify_statement(text[:at] + changed + text[at + 1 :], ring(key), now=NOW)
        assert refused.value.reason in ("malformed", "bad signature", "unknown key")


def test_another_key_and_an_unknown_key_are_refused(key):
    other = Ed25519PrivateKey.generate()
    # Signed by another key under this key's id: the signature does not hold.
    forged = sign_statement(statement(key), other)
    with pytest.raises(CertificateRefused, match="bad signature"):
        verify_statement(forged, ring(key), now=NOW)
    foreign = sign_statement(statement(other), other)
    with pytest.raises(CertificateRefused, match="unknown key"):
        verify_statement(foreign, ring(key), now=NOW)


def test_a_retired_key_verifies_only_what_it_signed_before_retirement(key):
    kid = key_id(key.public_key())
    text = sign_statement(statement(key), key)
    later = sign_statement(statement(key, issued_at=NOW + 3600, expires_at=NOW + 7200), key)
    assert verify_statement(text, ring(key), now=NOW + 5000, retired={kid: NOW + 60})
    with pytest.raises(CertificateRefused, match="retired key"):
        verify_statement(later, ring(key), now=NOW + 5000, retired={kid: NOW + 60})


def test_expired_and_not_yet_valid_are_refused(key):
    text = sign_statement(statement(key), key)
    with pytest.raises(CertificateRefused, match="expired"):
        verify_statement(text, ring(key), now=NOW + 91 * 86_400)
    with pytest.raises(CertificateRefused, match="not yet valid"):
        verify_statement(text, ring(key), now=NOW - 3600)


def test_a_validity_beyond_the_limit_is_refused(key):
    text = sign_statement(statement(key, expires_at=NOW + 401 * 86_400), key)
    with pytest.raises(CertificateRefused, match="malformed"):
        verify_statement(text, ring(key), now=NOW)


def test_a_voucher_is_not_a_certificate_nor_the_reverse(key):
    kid = key_id(key.public_key())
    voucher = sign_voucher(Voucher("N1", "王*明", kid, NOW, NOW + 300, "K"), key)
    with pytest.raises(CertificateRefused, match="malformed"):
        verify_statement(voucher, ring(key), now=NOW)
    with pytest.raises(VoucherRefused, match="malformed"):
        verify_voucher(sign_statement(statement(key), key), ring(key), now=NOW)
    # Voucher claims behind the certificate's prefix: signed, but of the wrong type.
    claims = {1: "mi-ev/1", 2: "N1", 3: "王*明", 4: NOW, 5: NOW + 300, 6: "K"}
    with pytest.raises(CertificateRefused, match="wrong type"):
        verify_statement(sign(PREFIX, claims, kid, key), ring(key), now=NOW)


def test_claims_that_do_not_add_up_are_malformed(key):
    kid = key_id(key.public_key())
    good = {
        1: "mi-cc/1",
        2: "N",
        3: "王*明",
        4: NOW,
        5: NOW + 60,
        6: "K",
        7: "H",
        8: "110108********2954",
        9: b"\x00" * 16,
        10: "M",
        11: "employee",
        12: "active",
        13: ["2026-01", "2026-03"],
        14: [[0, 1, 2, 3, 1], [2, 1, 2, 3, 0]],
    }
    assert (
        verify_statement(sign(PREFIX, good, kid, key), ring(key), now=NOW).totals.arrears_months
        == 1
    )
    for bad in (
        {14: [[3, 1, 2, 3, 1]]},  # a month outside the period
        {14: [[1, 1, 2, 3, 1], [0, 1, 2, 3, 1]]},  # out of order
        {14: [[0, -1, 2, 3, 1]]},  # a negative amount
        {14: [[0, 1, 2, 3, True]]},  # paid is 0 or 1
        {13: ["2020-01", "2026-03"]},  # longer than 36 months
        {13: ["2026-03", "2026-01"]},  # inverted
        {13: ["2026-13", "2026-14"]},  # not months
        {9: "not bytes"},
        {3: 7},
    ):
        with pytest.raises(CertificateRefused, match="malformed"):
            verify_statement(sign(PREFIX, {**good, **bad}, kid, key), ring(key), now=NOW)


def test_the_id_hash_is_keyed_and_its_own():
    a = id_hash(b"a" * 32, "11010819900307295X")
    assert a == id_hash(b"a" * 32, "11010819900307295X") != id_hash(b"b" * 32, "11010819900307295X")
    assert len(a) == 32 and "2954" not in a


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("2026-05", "2026-01", "certificate.period_inverted"),
        ("2023-01", "2026-01", "certificate.period_too_long"),
        ("2026-01", "2026-12", "certificate.period_future"),
        ("2026-1", "2026-02", "certificate.period_format"),
        ("2026-00", "2026-02", "certificate.period_format"),
        ("nope", "2026-02", "certificate.period_format"),
    ],
)
def test_bad_periods_are_refused_with_a_catalog_key(first, last, key):
    with pytest.raises(PeriodError) as refused:
        cert.period_between(first, last, TODAY)
    assert refused.value.key == key


def test_periods():
    assert cert.period_between("2023-12", "2026-11", TODAY) == Period("2023-12", "2026-11")
    assert len(cert.period_between("2023-12", "2026-11", TODAY).months()) == 36
    assert cert.last_months(TODAY) == Period("2025-12", "2026-11")
    assert cert.calendar_year(2025, TODAY) == Period("2025-01", "2025-12")
    assert cert.calendar_year(2026, TODAY) == Period("2026-01", "2026-11")
    assert Period("2024-02", "2024-02").last_day == "2024-02-29"
    assert Period("2025-11", "2025-12").last_day == "2025-12-31"
    with pytest.raises(PeriodError):
        cert.calendar_year(2027, TODAY)
