"""Money is integer cents (分) everywhere; text only at the edges."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


class InvalidAmount(ValueError):
    pass


def parse_yuan(text: str) -> int:
    """'123.45' -> 12345. More than two decimals, signs or words are refused."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidAmount(text) from None
    # A finite Decimal's exponent is an int (only NaN and infinity have a letter there).
    exponent = value.as_tuple().exponent
    if not value.is_finite() or value < 0 or not isinstance(exponent, int) or exponent < -2:
        raise InvalidAmount(text)
    return int(value * 100)


def format_cents(cents: int, currency: str = "¥") -> str:
    """12345 -> '¥123.45'; negative amounts keep their sign in front."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{currency}{whole:,}.{part:02d}"
