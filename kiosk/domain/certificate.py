"""The contributions certificate's signed statement: what the printed QR code says.

The same COSE_Sign1 / Ed25519 / base45 machinery as the e-voucher (kiosk/domain/cose.py),
with its own prefix "MC1:" and token type, so that neither is taken for the other. It
states the hall, the masked name, the ID number masked and as a keyed hash (HMAC-SHA256
with the hall's secret: the hall can match it, nobody else can recover the number; the
whole number is never in it), sex, insurance type and status, the period, each month's
contribution (base, employer and individual shares, paid or in arrears), when and where
it was issued, until when it is valid, and the certificate number. Totals and months in
arrears are the sums of those months, computed alike on both sides.

The period rules live here too: a range of whole months, at most 36, not inverted, not
after the current month.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.domain.cose import TYPE, TokenRefused, check_window, is_time, open_signed, sign

PREFIX = "MC1:"
TOKEN_TYPE = "mi-cc/1"
# Claim keys (small integers keep the QR small; 2 to 6 mean what they mean in a voucher).
NUMBER, NAME, ISSUED, EXPIRES, TERMINAL = 2, 3, 4, 5, 6
HALL, MASKED_ID, ID_HASH, SEX, INSURANCE, STATUS, PERIOD, MONTHS = 7, 8, 9, 10, 11, 12, 13, 14
MAX_MONTHS = 36
MAX_TEXT = 6000  # 36 months are about 1,500 characters
# A certificate is valid for a while (the service's valid_days); never longer than this,
# so that one minted with a stolen key cannot be made to outlive every rotation.
MAX_VALID_SECONDS = 400 * 86_400
_MONTH = re.compile(r"\d{4}-\d{2}")


class CertificateRefused(TokenRefused):
    """Why a certificate's QR text does not verify: malformed, unknown key, bad signature,
    wrong type, retired key, not yet valid or expired (the `reason` names which)."""


class PeriodError(ValueError):
    """A period that cannot be certified; `key` is its catalog message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _month_index(text: str) -> int:
    """'2026-03' -> months since year 0 (for counting); PeriodError if it is not a month."""
    if not _MONTH.fullmatch(text):
        raise PeriodError("certificate.period_format")
    year, month = int(text[:4]), int(text[5:])
    if not (1 <= month <= 12 and year >= 1900):
        raise PeriodError("certificate.period_format")
    return year * 12 + month - 1


def _month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Period:
    """Whole months from `first` through `last`, both "YYYY-MM"."""

    first: str
    last: str

    def months(self) -> list[str]:
        start = _month_index(self.first)
        return [_month_text(i) for i in range(start, _month_index(self.last) + 1)]

    @property
    def first_day(self) -> str:
        return f"{self.first}-01"

    @property
    def last_day(self) -> str:
        year, month = int(self.last[:4]), int(self.last[5:])
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return (following - datetime.timedelta(days=1)).isoformat()


def period_between(first: str, last: str, today: datetime.date) -> Period:
    """A range of months as typed ("YYYY-MM"): at most 36, in order, not after this month."""
    start, end = _month_index(first.strip()), _month_index(last.strip())
    if end < start:
        raise PeriodError("certificate.period_inverted")
    if end - start + 1 > MAX_MONTHS:
        raise PeriodError("certificate.period_too_long", months=MAX_MONTHS)
    if end > today.year * 12 + today.month - 1:
        raise PeriodError("certificate.period_future")
    return Period(_month_text(start), _month_text(end))


def last_months(today: datetime.date, count: int = 12) -> Period:
    """The `count` months ending with this one."""
    end = today.year * 12 + today.month - 1
    return Period(_month_text(end - count + 1), _month_text(end))


def calendar_year(year: int, today: datetime.date) -> Period:
    """January to December of `year`; this year ends with this month."""
    if not 1900 <= year <= today.year:
        raise PeriodError("certificate.period_future")
    last = 12 if year < today.year else today.month
    return Period(f"{year:04d}-01", f"{year:04d}-{last:02d}")


@dataclass(frozen=True)
class MonthLine:
    month: str  # YYYY-MM
    base_cents: int
    employer_cents: int
    individual_cents: int
    paid: bool  # False: in arrears


@dataclass(frozen=True)
class Totals:
    base_cents: int
    employer_cents: int
    individual_cents: int
    arrears_months: int

    @property
    def contributions_cents(self) -> int:
        return self.employer_cents + self.individual_cents


def totals(months: tuple[MonthLine, ...] | list[MonthLine]) -> Totals:
    return Totals(
        sum(m.base_cents for m in months),
        sum(m.employer_cents for m in months),
        sum(m.individual_cents for m in months),
        sum(1 for m in months if not m.paid),
    )


@dataclass(frozen=True)
class Statement:
    """The facts the QR code states (never the whole ID number)."""

    number: str
    hall: str
    masked_name: str
    masked_id: str
    id_hash: str
    sex: str
    insurance_type: str
    status: str
    period: Period
    months: tuple[MonthLine, ...]
    issued_at: int
    expires_at: int
    terminal: str
    key_id: str

    @property
    def totals(self) -> Totals:
        return totals(self.months)


def id_hash(secret: bytes, id_number: str) -> str:
    """The ID number as a keyed hash: HMAC-SHA256 under the hall's secret, 128 bits in hex.

    Its own label, so it matches no other keyed hash of the same number (lockouts, audit)."""
    message = f"{TOKEN_TYPE}:{id_number}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def sign_statement(statement: Statement, key: Ed25519PrivateKey) -> str:
    """The QR text of a certificate, signed with the terminal's private key."""
    start = _month_index(statement.period.first)
    claims = {
        TYPE: TOKEN_TYPE,
        NUMBER: statement.number,
        NAME: statement.masked_name,
        ISSUED: statement.issued_at,
        EXPIRES: statement.expires_at,
        TERMINAL: statement.terminal,
        HALL: statement.hall,
        MASKED_ID: statement.masked_id,
        ID_HASH: bytes.fromhex(statement.id_hash),
        SEX: statement.sex,
        INSURANCE: statement.insurance_type,
        STATUS: statement.status,
        PERIOD: [statement.period.first, statement.period.last],
        # Each month: its offset from the first month, base, employer, individual, paid.
        MONTHS: [
            [
                _month_index(m.month) - start,
                m.base_cents,
                m.employer_cents,
                m.individual_cents,
                1 if m.paid else 0,
            ]
            for m in statement.months
        ],
    }
    return sign(PREFIX, claims, statement.key_id, key)


def _cents(value: object) -> bool:
    return type(value) is int and 0 <= value < 10**12


def _months(value: object, period: Period) -> tuple[MonthLine, ...]:
    names = period.months()
    if not isinstance(value, list):
        raise ValueError("months")
    out: list[MonthLine] = []
    for entry in value:
        if not (isinstance(entry, list) and len(entry) == 5):
            raise ValueError("month")
        offset, base, employer, individual, paid = entry
        if type(offset) is not int or not 0 <= offset < len(names):
            raise ValueError("offset")
        if (
            not all(_cents(v) for v in (base, employer, individual))
            or type(paid) is not int
            or paid not in (0, 1)
        ):
            raise ValueError("amount")
        if out and names[offset] <= out[-1].month:
            raise ValueError("order")
        out.append(MonthLine(names[offset], base, employer, individual, paid == 1))
    return tuple(out)


def verify_statement(
    text: str,
    public_keys: Mapping[str, Ed25519PublicKey],
    now: int,
    skew: int = 120,
    retired: Mapping[str, int] | None = None,
) -> Statement:
    """The signature first, then the type, the claims, the key's retirement and validity.

    CertificateRefused names why it does not verify."""
    opened = open_signed(text, PREFIX, MAX_TEXT, public_keys, CertificateRefused)
    claims = opened.claims
    if claims.get(TYPE) != TOKEN_TYPE:
        raise CertificateRefused("wrong type")
    issued, expires = claims.get(ISSUED), claims.get(EXPIRES)
    texts = [claims.get(k) for k in (NUMBER, NAME, TERMINAL, HALL, MASKED_ID, SEX)]
    texts += [claims.get(INSURANCE), claims.get(STATUS)]
    hashed, period = claims.get(ID_HASH), claims.get(PERIOD)
    try:
        if not (is_time(issued) and is_time(expires)) or not 0 <= expires - issued:
            raise ValueError("times")
        if expires - issued > MAX_VALID_SECONDS:
            raise ValueError("validity")
        if not all(isinstance(t, str) for t in texts) or not isinstance(hashed, bytes):
            raise ValueError("texts")
        if not (isinstance(period, list) and len(period) == 2):
            raise ValueError("period")
        first, last = period
        if not (isinstance(first, str) and isinstance(last, str)):
            raise ValueError("period")
        span = _month_index(last) - _month_index(first) + 1
        if not 1 <= span <= MAX_MONTHS:
            raise ValueError("period")
        checked = Period(first, last)
        months = _months(claims.get(MONTHS), checked)
    except (ValueError, TypeError):
        raise CertificateRefused("malformed") from None
    check_window(opened.key_id, issued, expires, now, skew, retired, CertificateRefused)
    number, name, terminal, hall, masked_id, sex, insurance, status = (str(t) for t in texts)
    return Statement(
        number=number,
        hall=hall,
        masked_name=name,
        masked_id=masked_id,
        id_hash=hashed.hex(),
        sex=sex,
        insurance_type=insurance,
        status=status,
        period=checked,
        months=months,
        issued_at=issued,
        expires_at=expires,
        terminal=terminal,
        key_id=opened.key_id,
    )
