"""Real newsroom copy (issue 13): every shape of VI-NEWS-LAYOUTS §3 and each failing class,
read as an announcer would. The rows live in ``newsroom_cases.py`` (one table per class)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.speech import verbalize
from narrate.speech.abbreviations import ABBREVIATIONS
from narrate.speech.letters import spell
from narrate.speech.numbers import read_cardinal, read_digits
from narrate.speech.units import FOLDED_UNITS
from tests.speech.newsroom_cases import CASES

CLASSES = tuple(CASES)
ROWS = [(name, written, spoken) for name in CLASSES for written, spoken in CASES[name]]


@pytest.mark.parametrize(("kind", "written", "spoken"), ROWS)
def test_newsroom_shapes_are_read_as_an_announcer_reads_them(
    kind: str, written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken, kind


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_class_has_at_least_thirty_rows_of_its_own(name: str) -> None:
    assert len(CASES[name]) >= 30


# --- properties: the same kind of thing is always read the same way ------------------------

_DATE_WORDS = ("ngày", "sáng", "chiều", "tối", "từ", "đến", "hôm", "thứ Hai", "Chủ nhật", "vào")
_RESULT_WORDS = ("thắng", "thua", "hòa", "tỷ số", "cầm hòa", "đánh bại")


@st.composite
def _day_month(draw: st.DrawFn) -> tuple[int, int]:
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]))
    return day, month


@settings(max_examples=150, deadline=None)
@given(_day_month(), st.sampled_from(_DATE_WORDS))
def test_a_date_after_a_date_word_sounds_the_same_with_a_dot_or_a_slash(
    date: tuple[int, int], word: str
) -> None:
    day, month = date
    dotted = verbalize(f"{word} {day}.{month}, đoàn")
    assert dotted == verbalize(f"{word} {day}/{month}, đoàn")
    assert "tháng" in dotted and "chấm" not in dotted


@settings(max_examples=100, deadline=None)
@given(_day_month())
def test_a_date_in_brackets_sounds_the_same_with_a_hyphen_or_a_slash(date: tuple[int, int]) -> None:
    day, month = date
    assert verbalize(f"Hôm nay ({day}-{month}), trời") == verbalize(
        f"Hôm nay ({day}/{month}), trời"
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 15), st.integers(0, 15), st.sampled_from(_RESULT_WORDS))
def test_a_result_after_a_sports_verb_is_a_score_never_a_range(
    first: int, last: int, verb: str
) -> None:
    spoken = verbalize(f"Đội nhà {verb} {first}-{last} trên sân khách")
    assert f"{read_cardinal(first)} - {read_cardinal(last)}" in spoken
    assert "đến" not in spoken and "trừ" not in spoken


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 10**21 - 1))
def test_amounts_up_to_twenty_one_digits_are_read_in_groups(value: int) -> None:
    assert verbalize(f"tổng {value} đồng") == f"tổng {read_cardinal(value)} đồng"
    dotted = f"{value:,}".replace(",", ".")
    assert verbalize(f"tổng {dotted} đồng") == f"tổng {read_cardinal(value)} đồng"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=4, max_size=4))
def test_an_ip_address_after_ip_is_read_digit_by_digit_in_its_groups(groups: list[int]) -> None:
    address = ".".join(str(group) for group in groups)
    expected = " chấm ".join(read_digits(str(group)) for group in groups)
    assert verbalize(f"địa chỉ IP {address}") == f"địa chỉ i pê {expected}"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(FOLDED_UNITS)), st.integers(1, 999), st.randoms())
def test_a_unit_reads_the_same_in_any_case(unit: str, amount: int, rng: random.Random) -> None:
    mixed = "".join(char.upper() if rng.random() < 0.5 else char for char in unit)
    expected = f"{read_cardinal(amount)} {FOLDED_UNITS[unit]} mỗi"
    assert verbalize(f"{amount} {mixed} mỗi") == expected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(key for key in ABBREVIATIONS if ABBREVIATIONS[key] != spell(key))))
def test_an_abbreviation_in_brackets_after_its_expansion_is_not_said_twice(abbr: str) -> None:
    expansion = ABBREVIATIONS[abbr]
    assert verbalize(f"các {expansion} ({abbr}) đã họp") == verbalize(f"các {expansion} đã họp")


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 15), st.integers(2, 16), st.sampled_from(("lít", "kg", "cốc", "thìa")))
def test_a_proper_fraction_before_a_measure_is_never_a_date(
    numerator: int, denominator: int, measure: str
) -> None:
    if numerator >= denominator:
        numerator, denominator = denominator - 1, denominator
    spoken = verbalize(f"thêm {numerator}/{denominator} {measure} nước")
    assert "phần" in spoken and "tháng" not in spoken
