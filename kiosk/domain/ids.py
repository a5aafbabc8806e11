"""Resident ID numbers (居民身份证号码): parsing, checks and masking."""

from __future__ import annotations

import datetime
import functools
import unicodedata
from dataclasses import dataclass
from enum import Enum

from stdnum.cn import ric
from stdnum.exceptions import ValidationError


class IdProblem(Enum):
    """Why a typed ID number was refused; each has a message in the catalog."""

    EMPTY = "id.empty"
    LENGTH = "id.length"
    FORMAT = "id.format"
    CHECKSUM = "id.checksum"
    BIRTH_DATE = "id.birth_date"


class InvalidIdNumber(ValueError):
    def __init__(self, problem: IdProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A checked 18-character resident ID number."""

    number: str

    @property
    def birth_date(self) -> datetime.date:
        return ric.get_birth_date(self.number)

    @property
    def sex(self) -> str:
        """'M' or 'F': the parity of the 17th digit (odd for men)."""
        return "M" if int(self.number[16]) % 2 else "F"

    @property
    def region_known(self) -> bool:
        """False when the first six digits are not a region code python-stdnum knows.

        Old and re-drawn counties make this a warning, never a refusal.
        """
        try:
            ric.get_birth_place(self.number)
        except ValidationError:
            return False
        return True

    @property
    def masked(self) -> str:
        return mask_id(self.number)

    def __str__(self) -> str:
        return self.masked


def normalise(raw: str) -> str:
    """Fold full-width digits, drop spaces and separators, upper-case the final x."""
    if len(raw) == 18 and raw.isascii() and raw[:17].isdigit():
        return raw.upper()  # the usual case, as imported: nothing to fold
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-").upper()


def parse_id(raw: str, today: datetime.date | None = None) -> ResidentId:
    """Check a typed or imported ID number; raise InvalidIdNumber naming the problem."""
    number = normalise(raw)
    if not number:
        raise InvalidIdNumber(IdProblem.EMPTY)
    if len(number) != 18:
        raise InvalidIdNumber(IdProblem.LENGTH)
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise InvalidIdNumber(IdProblem.FORMAT)
    if ric.calc_check_digit(number) != number[17]:
        raise InvalidIdNumber(IdProblem.CHECKSUM)
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(IdProblem.BIRTH_DATE) from None
    today = today or datetime.date.today()
    if born > today or born.year < 1900:
        raise InvalidIdNumber(IdProblem.BIRTH_DATE)
    return ResidentId(number)


@functools.lru_cache(maxsize=65_536)
def _birth_date_ok(digits: str, today: datetime.date) -> bool:
    """parse_id's birth-date check, of the YYYYMMDD digits."""
    try:
        born = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return born.year >= 1900 and born <= today


def plain_id(raw: str, today: datetime.date) -> str | None:
    """parse_id(raw, today).number for a number written as it is stored (18 ASCII
    characters: 17 digits and a digit or X) that passes every check; None for any other,
    which parse_id then decides. The cheap way for an import, where each person's number
    is new: no folding, no ResidentId, no exception."""
    if (
        len(raw) == 18
        and raw.isascii()
        and raw[:17].isdigit()
        and raw[17] in "0123456789X"
        and ric.calc_check_digit(raw) == raw[17]
        and _birth_date_ok(raw[6:14], today)
    ):
        return raw
    return None


def mask_id(number: str) -> str:
    """Show the first 6 and last 4 characters: 110105********002X."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def make_id(region: str, born: datetime.date, sequence: int) -> str:
    """Build a valid number from its parts (for the demo registry and tests)."""
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def id_characters(raw: str) -> int:
    """How many characters of an ID number are typed: digits (full-width too) and X."""
    return sum(1 for ch in normalise(raw) if ch in "0123456789X")
