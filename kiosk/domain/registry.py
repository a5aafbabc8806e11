"""Rows of the insurance registry as they arrive in CSV files, checked one by one.

Each parser takes a row (a dict of the file's columns) and returns the record to
store, or raises RowRefused with a catalog key naming the reason.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.domain.ids import InvalidIdNumber, parse_id
from kiosk.domain.money import InvalidAmount, parse_yuan
from kiosk.domain.text import clean_name, strip_controls

INSURANCE_TYPES = ("employee", "resident")
PERSON_STATUSES = ("active", "suspended", "terminated")
ENTRY_KINDS = ("credit", "debit")
COUNTERPARTY_KINDS = ("fund", "employer", "hospital", "pharmacy", "clinic")
CONTRIBUTION_STATUSES = ("paid", "arrears")
ENTITLEMENT_STATUSES = ("active", "suspended", "terminated")
# The registry's entitlement reasons that have catalog text (`entitlement_reason.CODE`);
# any other reason is the registry's own free text and is shown as it is.
ENTITLEMENT_REASONS = ("正常参保", "欠费暂停", "转出本统筹区")


def reason_key(reason: str) -> str | None:
    """The catalog key for a known registry reason code, or None for free text."""
    return f"entitlement_reason.{reason}" if reason in ENTITLEMENT_REASONS else None


PERSON_COLUMNS = ("id_number", "name", "phone", "insurance_type", "status", "enrolled_on")
LEDGER_COLUMNS = (
    "reference",
    "id_number",
    "entry_date",
    "kind",
    "amount",
    "counterparty",
    "counterparty_kind",
)
CONTRIBUTION_COLUMNS = (
    "id_number",
    "month",
    "base",
    "employer_share",
    "individual_share",
    "status",
)
ENTITLEMENT_COLUMNS = (
    "id_number",
    "start_date",
    "end_date",
    "insurance_type",
    "status",
    "reason",
)

_MOBILE = re.compile(r"1[3-9]\d{9}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class RowRefused(ValueError):
    """A row that cannot go in; `key` is a catalog key, `column` the culprit."""

    def __init__(self, key: str, column: str) -> None:
        super().__init__(key)
        self.key = key
        self.column = column


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # the physical line of the file where the row starts
    key: str
    column: str
    values: tuple[tuple[str, object], ...] = ()  # the catalog message's {placeholders}


def normalise_phone(raw: str) -> str:
    """A mainland mobile number as 11 digits; full-width digits, spaces, dashes, +86 allowed."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", raw) if ch not in " -")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not _MOBILE.fullmatch(digits):
        raise ValueError(raw)
    return digits


def _text(row: dict[str, str], column: str) -> str:
    return strip_controls(row.get(column) or "").strip()


def _id(row: dict[str, str], column: str = "id_number") -> str:
    try:
        return parse_id(row.get(column) or "").number
    except InvalidIdNumber as err:
        raise RowRefused(err.problem.value, column) from None


def _date(row: dict[str, str], column: str, *, optional: bool = False) -> str | None:
    value = _text(row, column)
    if not value and optional:
        return None
    # fromisoformat alone would also take 20240101 and week dates
    if len(value) != 10:
        raise RowRefused("import.bad_date", column)
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise RowRefused("import.bad_date", column) from None


def _choice(row: dict[str, str], column: str, choices: Iterable[str]) -> str:
    value = _text(row, column).lower()
    if value not in choices:
        raise RowRefused("import.unknown_value", column)
    return value


def _cents(row: dict[str, str], column: str) -> int:
    try:
        return parse_yuan(_text(row, column))
    except InvalidAmount:
        raise RowRefused("import.bad_amount", column) from None


def parse_person(row: dict[str, str]) -> dict[str, Any]:
    id_number = _id(row)
    resident = parse_id(id_number)
    name = clean_name(row.get("name") or "")
    if not name or len(name) > 60:
        raise RowRefused("import.bad_name", "name")
    try:
        phone = normalise_phone(_text(row, "phone"))
    except ValueError:
        raise RowRefused("import.bad_phone", "phone") from None
    return {
        "id_number": id_number,
        "name": name,
        "phone": phone,
        "sex": resident.sex,
        "birth_date": resident.birth_date.isoformat(),
        "insurance_type": _choice(row, "insurance_type", INSURANCE_TYPES),
        "status": _choice(row, "status", PERSON_STATUSES),
        "enrolled_on": _date(row, "enrolled_on"),
    }


def parse_ledger_entry(row: dict[str, str]) -> dict[str, Any]:
    reference = _text(row, "reference")
    if not reference or len(reference) > 40:
        raise RowRefused("import.bad_reference", "reference")
    counterparty = clean_name(row.get("counterparty") or "")
    if not counterparty:
        raise RowRefused("import.missing_value", "counterparty")
    return {
        "reference": reference,
        "id_number": _id(row),
        "entry_date": _date(row, "entry_date"),
        "kind": _choice(row, "kind", ENTRY_KINDS),
        "amount_cents": _cents(row, "amount"),
        "counterparty": counterparty,
        "counterparty_kind": _choice(row, "counterparty_kind", COUNTERPARTY_KINDS),
    }


def parse_contribution(row: dict[str, str]) -> dict[str, Any]:
    month = _text(row, "month")
    if not _MONTH.fullmatch(month):
        raise RowRefused("import.bad_month", "month")
    return {
        "id_number": _id(row),
        "month": month,
        "base_cents": _cents(row, "base"),
        "employer_cents": _cents(row, "employer_share"),
        "individual_cents": _cents(row, "individual_share"),
        "status": _choice(row, "status", CONTRIBUTION_STATUSES),
    }


def parse_entitlement(row: dict[str, str]) -> dict[str, Any]:
    start = _date(row, "start_date")
    end = _date(row, "end_date", optional=True)
    if end is not None and start is not None and end < start:
        raise RowRefused("import.end_before_start", "end_date")
    return {
        "id_number": _id(row),
        "start_date": start,
        "end_date": end,
        "insurance_type": _choice(row, "insurance_type", INSURANCE_TYPES),
        "status": _choice(row, "status", ENTITLEMENT_STATUSES),
        "reason": clean_name(row.get("reason") or ""),
    }


RowParser = Callable[[dict[str, str]], dict[str, Any]]


def check_rows(
    rows: Iterable[tuple[int, Mapping[str | None, Any] | RowError]], parse: RowParser
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Parse each (line, row); yield the line with the record or a RowError.

    A row the reader already refused (a RowError) passes through as it is.
    """
    for line, row in rows:
        if isinstance(row, RowError):
            yield line, row
            continue
        if None in row:  # more fields than the header names
            yield line, RowError(line, "import.extra_fields", "")
            continue
        try:
            yield line, parse(row)  # type: ignore[arg-type]
        except RowRefused as refused:
            yield line, RowError(line, refused.key, refused.column)
