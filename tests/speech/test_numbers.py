"""Number words as a Northern (and Southern) news reader says them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.speech.numbers import (
    DIGIT_WORDS,
    read_cardinal,
    read_digits,
    read_fraction,
    read_fraction_digits,
    read_integer_text,
    read_number,
    read_ordinal,
    roman_value,
)


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (0, "không"),
        (7, "bảy"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (39, "ba mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (999, "chín trăm chín mươi chín"),
        (1_000, "một nghìn"),
        (1_890, "một nghìn tám trăm chín mươi"),
        (1_975, "một nghìn chín trăm bảy mươi lăm"),
        (2_005, "hai nghìn không trăm linh năm"),
        (2_019, "hai nghìn không trăm mười chín"),
        (2_020, "hai nghìn không trăm hai mươi"),
        (2_000_000, "hai triệu"),
        (1_000_500, "một triệu năm trăm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (569_000_000_000, "năm trăm sáu mươi chín tỷ"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (1_500_000_000_000, "một nghìn năm trăm tỷ"),
        (10**18, "một tỷ tỷ"),
    ],
)
def test_cardinals_are_read_as_a_northern_news_reader_says_them(number: int, spoken: str) -> None:
    assert read_cardinal(number) == spoken


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (105, "một trăm lẻ năm"),
        (1_890, "một ngàn tám trăm chín mươi"),
        (2_005, "hai ngàn không trăm lẻ năm"),
        (1_000_500, "một triệu năm trăm"),
    ],
)
def test_southern_reading_says_ngan_and_le(number: int, spoken: str) -> None:
    assert read_cardinal(number, "south") == spoken


def test_negative_numbers_are_read_with_am() -> None:
    assert read_cardinal(-5) == "âm năm"


def test_an_unknown_dialect_is_refused_with_the_known_ones_named() -> None:
    with pytest.raises(ValueError, match="'north'"):
        read_cardinal(5, "central")


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1.890", "một nghìn tám trăm chín mươi"),
        ("1.000.500", "một triệu năm trăm"),
        ("2.005", "hai nghìn không trăm linh năm"),
        ("2,5", "hai phẩy năm"),
        ("0,05", "không phẩy không năm"),
        ("3,14", "ba phẩy mười bốn"),
        ("1.890,5", "một nghìn tám trăm chín mươi phẩy năm"),
        ("0913", "không chín một ba"),
        # issue 13: up to 21 digits are an amount (tỷ tỷ); longer runs are codes
        (
            "1234567890123456789012",
            "một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu bảy tám chín không"
            " một hai",
        ),
    ],
)
def test_written_numbers_use_dot_for_thousands_and_comma_for_decimals(
    written: str, spoken: str
) -> None:
    assert read_number(written) == spoken


@pytest.mark.parametrize("written", ["4.1.2017", "1.89", "0.500", "2,", "", "12a", "05,5", "١٢"])
def test_shapes_that_are_not_numbers_are_refused_so_callers_can_fall_back(written: str) -> None:
    with pytest.raises(ValueError):
        read_number(written)


@pytest.mark.parametrize(
    ("digits", "spoken"),
    [("5", "năm"), ("05", "không năm"), ("50", "năm mươi"), ("14159", "một bốn một năm chín")],
)
def test_fraction_digits_read_leading_zeros_then_a_short_number(digits: str, spoken: str) -> None:
    assert read_fraction_digits(digits) == spoken


def test_codes_with_a_leading_zero_are_read_digit_by_digit() -> None:
    assert read_integer_text("007") == "không không bảy"
    assert read_digits("0913") == "không chín một ba"


@given(st.integers(min_value=0, max_value=10**21))
def test_every_cardinal_is_made_only_of_number_words(number: int) -> None:
    vocabulary = set(DIGIT_WORDS) | {"mười", "mươi", "mốt", "tư", "lăm", "linh", "trăm"}
    vocabulary |= {"nghìn", "triệu", "tỷ"}
    assert set(read_cardinal(number).split()) <= vocabulary


@pytest.mark.parametrize(
    ("number", "spoken"),
    [(1, "nhất"), (2, "hai"), (4, "tư"), (10, "mười"), (14, "mười bốn"), (21, "hai mươi mốt")],
)
def test_ordinals_say_nhat_for_one_and_tu_for_four(number: int, spoken: str) -> None:
    assert read_ordinal(number) == spoken


@pytest.mark.parametrize(
    ("numerator", "denominator", "spoken"),
    [
        (1, 2, "một phần hai"),
        (3, 4, "ba phần tư"),
        (1, 3, "một phần ba"),
        (1, 24, "một phần hai mươi tư"),
        (9, 10, "chín phần mười"),
    ],
)
def test_fractions_say_phan_and_a_lone_four_is_tu(
    numerator: int, denominator: int, spoken: str
) -> None:
    assert read_fraction(numerator, denominator) == spoken


@pytest.mark.parametrize(
    ("written", "value"),
    [("I", 1), ("IV", 4), ("IX", 9), ("XII", 12), ("XIII", 13), ("XXI", 21), ("MCMXCIX", 1999)],
)
def test_canonical_roman_numerals_have_their_value(written: str, value: int) -> None:
    assert roman_value(written) == value


@pytest.mark.parametrize("written", ["", "IIII", "VX", "IC", "ABC", "xii", "MMMM"])
def test_malformed_roman_numerals_are_not_numbers(written: str) -> None:
    assert roman_value(written) is None
