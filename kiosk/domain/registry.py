"""Rows of the insurance registry as they arrive in CSV files, checked one by one.

Each parser takes a row (a dict of the file's columns) and returns the record to
store, or raises RowRefused with a catalog key naming the reason.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.domain.ids import InvalidIdNumber, parse_id, plain_id
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

# The registry's tables and their columns as the hall and the central office store them
# (a person's sex and birth date come from the ID number; the rest from the files).
TABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "persons": (
        "id_number",
        "name",
        "phone",
        "sex",
        "birth_date",
        "insurance_type",
        "status",
        "enrolled_on",
    ),
    "ledger_entries": (
        "reference",
        "id_number",
        "entry_date",
        "kind",
        "amount_cents",
        "counterparty",
        "counterparty_kind",
    ),
    "contributions": (
        "id_number",
        "month",
        "base_cents",
        "employer_cents",
        "individual_cents",
        "status",
    ),
    "entitlements": ENTITLEMENT_COLUMNS,
}

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
    if len(raw) == 11 and raw.isascii() and _MOBILE.fullmatch(raw):
        return raw  # as the registry writes it: nothing to fold
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", raw) if ch not in " -")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not _MOBILE.fullmatch(digits):
        raise ValueError(raw)
    return digits


def _text(row: dict[str, str], column: str) -> str:
    value = row.get(column) or ""
    if not value.isprintable():  # a printable value has no control to strip (the usual case)
        value = strip_controls(value)
    return str(value.strip())


# What a cell's checks found, remembered per process: an import repeats the same ID
# numbers, dates, amounts and counterparties many times (the ledger has one ID number on
# 24 rows). Each holds a value or the RowRefused key, never a row.
_CACHE = 65_536
_today = [datetime.date.today()]


@functools.lru_cache(maxsize=_CACHE)
def _checked_id(raw: str, today: datetime.date) -> str | RowRefused:
    try:
        return parse_id(raw, today).number
    except InvalidIdNumber as err:
        return RowRefused(err.problem.value, "id_number")


def _id(row: dict[str, str], column: str = "id_number") -> str:
    checked = _checked_id(row.get(column) or "", _today[0])
    if isinstance(checked, RowRefused):
        raise RowRefused(checked.key, column)
    return checked


@functools.lru_cache(maxsize=_CACHE)
def _checked_date(value: str) -> str | None:
    # fromisoformat alone would also take 20240101 and week dates
    if len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _date(row: dict[str, str], column: str, *, optional: bool = False) -> str | None:
    value = _text(row, column)
    if not value and optional:
        return None
    checked = _checked_date(value)
    if checked is None:
        raise RowRefused("import.bad_date", column)
    return checked


def _choice(row: dict[str, str], column: str, choices: tuple[str, ...]) -> str:
    value = row.get(column)
    if value in choices:  # as written, the usual case
        return str(value)
    value = _text(row, column).lower()
    if value not in choices:
        raise RowRefused("import.unknown_value", column)
    return value


_PLAIN_AMOUNT = re.compile(r"([0-9]{1,15})(?:\.([0-9]{1,2}))?")


@functools.lru_cache(maxsize=_CACHE)
def _checked_cents(value: str) -> int | None:
    plain = _PLAIN_AMOUNT.fullmatch(value)
    if plain:  # what parse_yuan would make of it, without a Decimal
        whole, part = plain.groups()
        return int(whole) * 100 + int((part or "0").ljust(2, "0"))
    try:
        return parse_yuan(value)
    except InvalidAmount:
        return None


def _cents(row: dict[str, str], column: str) -> int:
    cents = _checked_cents(_text(row, column))
    if cents is None:
        raise RowRefused("import.bad_amount", column)
    return cents


@functools.lru_cache(maxsize=_CACHE)
def _clean(value: str) -> str:
    return clean_name(value)


def parse_person(row: dict[str, str]) -> dict[str, Any]:
    id_number = _id(row)
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
        # parse_id checked the birth date: these are ResidentId's sex and birth_date
        "sex": "M" if int(id_number[16]) % 2 else "F",
        "birth_date": f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}",
        "insurance_type": _choice(row, "insurance_type", INSURANCE_TYPES),
        "status": _choice(row, "status", PERSON_STATUSES),
        "enrolled_on": _date(row, "enrolled_on"),
    }


def parse_ledger_entry(row: dict[str, str]) -> dict[str, Any]:
    reference = _text(row, "reference")
    if not reference or len(reference) > 40:
        raise RowRefused("import.bad_reference", "reference")
    counterparty = _clean(row.get("counterparty") or "")
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
        "reason": _clean(row.get("reason") or ""),
    }


RowParser = Callable[[dict[str, str]], dict[str, Any]]
FastParser = Callable[[list[str]], "tuple[Any, ...] | None"]


def _plain(value: str) -> str | None:
    """_text of a value without controls (None when it has any: the full parse decides)."""
    return value.strip() if value.isprintable() else None


def _fast_person(at: dict[str, int]) -> FastParser:
    i_id, i_name, i_phone = at["id_number"], at["name"], at["phone"]
    i_type, i_status, i_enrolled = at["insurance_type"], at["status"], at["enrolled_on"]

    def parse(fields: list[str]) -> tuple[Any, ...] | None:
        number = plain_id(fields[i_id], _today[0])
        if number is None:
            return None
        name = clean_name(fields[i_name])
        phone = fields[i_phone]
        kind, status = fields[i_type], fields[i_status]
        enrolled = _plain(fields[i_enrolled])
        if (
            not name
            or len(name) > 60
            or not (len(phone) == 11 and phone.isascii() and _MOBILE.fullmatch(phone))
            or kind not in INSURANCE_TYPES
            or status not in PERSON_STATUSES
            or enrolled is None
        ):
            return None
        enrolled = _checked_date(enrolled)
        if enrolled is None:
            return None
        sex = "M" if int(number[16]) % 2 else "F"
        born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        return (number, name, phone, sex, born, kind, status, enrolled)

    return parse


def _fast_ledger(at: dict[str, int]) -> FastParser:
    i_ref, i_id, i_date, i_kind = at["reference"], at["id_number"], at["entry_date"], at["kind"]
    i_amount, i_party, i_party_kind = at["amount"], at["counterparty"], at["counterparty_kind"]

    def parse(fields: list[str]) -> tuple[Any, ...] | None:
        reference = _plain(fields[i_ref])
        date = _plain(fields[i_date])
        amount = _plain(fields[i_amount])
        kind, party_kind = fields[i_kind], fields[i_party_kind]
        if (
            not reference
            or len(reference) > 40
            or date is None
            or amount is None
            or kind not in ENTRY_KINDS
            or party_kind not in COUNTERPARTY_KINDS
        ):
            return None
        number = _checked_id(fields[i_id], _today[0])
        party = _clean(fields[i_party])
        date = _checked_date(date)
        cents = _checked_cents(amount)
        if isinstance(number, RowRefused) or not party or date is None or cents is None:
            return None
        return (reference, number, date, kind, cents, party, party_kind)

    return parse


def fast_parser(parse: RowParser, header: list[str]) -> FastParser | None:
    """For a file's header, a parser of a record's fields (in header order, exactly as many
    as the header names) that returns the values `parse` would put in its record, in the
    record's order, for the usual clean row; None for any row it is not sure of, which
    then goes through `parse` (so refusals and their reasons are parse's alone).
    None when the kind has no such parser."""
    at = {column: index for index, column in enumerate(header)}  # the last one, as a dict
    if parse is parse_person:
        return _fast_person(at)
    if parse is parse_ledger_entry:
        return _fast_ledger(at)
    return None


def refresh_today() -> None:
    """An ID number's birth date is checked against today's date: read it again."""
    _today[0] = datetime.date.today()


def check_rows(
    rows: Iterable[tuple[int, Mapping[str | None, Any] | RowError]], parse: RowParser
) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Parse each (line, row); yield the line with the record or a RowError.

    A row the reader already refused (a RowError) passes through as it is.
    """
    _today[0] = datetime.date.today()
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
