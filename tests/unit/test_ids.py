import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn.ric import calc_check_digit

from kiosk.domain.ids import IdProblem, InvalidIdNumber, make_id, mask_id, parse_id

VALID = "11010519491231002X"  # the example number on the national standard's card


def _with_check(body: str) -> str:
    return body + calc_check_digit(body + "0")


def test_a_valid_number_gives_sex_and_birth_date():
    resident = parse_id(VALID)
    assert resident.number == VALID
    assert resident.birth_date == datetime.date(1949, 12, 31)
    assert resident.sex == "F"  # 17th digit 2 is even
    assert parse_id("360426199101010071").sex == "M"


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 1101 0519 4912 3100 2X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105-19491231-002X",
        "110105194912310\t02X",
    ],
)
def test_typing_variants_are_normalised(typed):
    assert parse_id(typed).number == VALID


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", IdProblem.EMPTY),
        ("   ", IdProblem.EMPTY),
        ("11010519491231002", IdProblem.LENGTH),  # 17 characters
        ("11010519491231002X1", IdProblem.LENGTH),  # 19 characters
        ("1101051949123100AX", IdProblem.FORMAT),  # a letter inside
        ("X10105194912310021", IdProblem.FORMAT),
        ("110105194912310021", IdProblem.CHECKSUM),  # last digit changed
        (_with_check("11010519490230002"), IdProblem.BIRTH_DATE),  # 30 February
        ("[bold]x[/]ABCDEFGH", IdProblem.FORMAT),
    ],
)
def test_bad_numbers_name_their_problem(typed, problem):
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id(typed)
    assert caught.value.problem is problem


def test_a_future_birth_date_is_refused():
    future = make_id("110105", datetime.date(2030, 1, 1), 1)
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id(future, today=datetime.date(2026, 11, 25))
    assert caught.value.problem is IdProblem.BIRTH_DATE


def test_an_unknown_region_is_only_a_warning():
    number = make_id("999999", datetime.date(1990, 5, 17), 11)
    resident = parse_id(number)
    assert resident.region_known is False
    assert parse_id(VALID).region_known is True


def test_masking_keeps_first_six_and_last_four():
    assert mask_id(VALID) == "110105********002X"
    assert str(parse_id(VALID)) == "110105********002X"
    assert mask_id("12345") == "*****"


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2026, 1, 1)),
    st.integers(0, 999),
    st.sampled_from(["110105", "310115", "440305", "999999"]),
)
def test_made_numbers_always_parse_back(born, sequence, region):
    number = make_id(region, born, sequence)
    resident = parse_id(number)
    assert resident.birth_date == born
    assert resident.sex == ("M" if sequence % 2 else "F")


@given(st.text(max_size=40))
def test_parse_id_raises_only_invalid_id_number(text):
    try:
        parse_id(text)
    except InvalidIdNumber:
        pass
