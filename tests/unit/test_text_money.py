import pytest

from kiosk.domain.money import InvalidAmount, format_cents, parse_yuan
from kiosk.domain.text import clean_name, strip_controls


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("\x1b]52;c;aGVsbG8=\x07王伟", "]52;c;aGVsbG8=王伟"),  # the ESC and BEL go; text stays
        ("\x1b[2J李娜", "[2J李娜"),
        ("a\x9bb\x85c", "abc"),  # C1 controls
        ("abc\u202edcba", "abcdcba"),  # right-to-left override
        ("line\nbreak\ttab", "line break tab"),
        ("[bold]x[/]", "[bold]x[/]"),  # markup is text, not stripped
    ],
)
def test_controls_are_stripped_text_is_kept(raw, kept):
    assert strip_controls(raw) == kept


def test_clean_name_folds_spaces():
    assert clean_name("  Ana \t María\x00 ") == "Ana María"


@pytest.mark.parametrize(("text", "cents"), [("0", 0), ("12.3", 1230), ("123.45", 12345)])
def test_amounts_become_cents(text, cents):
    assert parse_yuan(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "1.234", "-5", "NaN", "Infinity", "1e3x"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(InvalidAmount):
        parse_yuan(text)


def test_cents_show_two_decimals_and_currency():
    assert format_cents(123456) == "¥1,234.56"
    assert format_cents(-5) == "-¥0.05"
