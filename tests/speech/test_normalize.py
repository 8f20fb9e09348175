"""verbalize: what a news reader says for digits, dates, times and abbreviations."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.speech import verbalize
from narrate.speech.normalize import ABBREVIATIONS, RULES, Rule, pattern_rule

YEAR_2020 = "hai nghìn không trăm hai mươi"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Có 39 cuộc", "Có ba mươi chín cuộc"),
        ("với 1.890 lượt người", "với một nghìn tám trăm chín mươi lượt người"),
        ("1.000.500 đồng", "một triệu năm trăm đồng"),
        ("2.005", "hai nghìn không trăm linh năm"),
        ("105", "một trăm linh năm"),
        ("21 xã", "hai mươi mốt xã"),
        ("24 ấp", "hai mươi tư ấp"),
        ("25 hộ", "hai mươi lăm hộ"),
        ("15 người", "mười lăm người"),
        ("10 năm", "mười năm"),
        ("2.000.000", "hai triệu"),
    ],
)
def test_thousands_separator_dot_is_read_as_thousands(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("2,5 ha", "hai phẩy năm ha"),
        ("0,05", "không phẩy không năm"),
        ("3,14", "ba phẩy mười bốn"),
        ("tăng 3,8%", "tăng ba phẩy tám phần trăm"),
        ("đạt 95 %", "đạt chín mươi lăm phần trăm"),
        ("từ 20-25%", "từ hai mươi đến hai mươi lăm phần trăm"),
    ],
)
def test_decimal_comma_and_percent_are_read_in_words(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("năm 2019", "năm hai nghìn không trăm mười chín"),
        ("năm 2020", f"năm {YEAR_2020}"),
        ("năm 1975", "năm một nghìn chín trăm bảy mươi lăm"),
    ],
)
def test_years_are_read_in_full(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("03/06/2020", f"ngày ba tháng sáu năm {YEAR_2020}"),
        ("ngày 03/06/2020", f"ngày ba tháng sáu năm {YEAR_2020}"),
        ("Ngày 03/06/2020", f"Ngày ba tháng sáu năm {YEAR_2020}"),
        ("15/4/2020", f"ngày mười lăm tháng tư năm {YEAR_2020}"),
        ("4.1.2017", "ngày bốn tháng một năm hai nghìn không trăm mười bảy"),
        ("ngày 3-6-2020", f"ngày ba tháng sáu năm {YEAR_2020}"),
        ("3/6", "ngày ba tháng sáu"),
        ("ngày 3/6", "ngày ba tháng sáu"),
        ("ngày 3-6", "ngày ba tháng sáu"),
        ("6/2020", f"tháng sáu năm {YEAR_2020}"),
        ("tháng 6/2020", f"tháng sáu năm {YEAR_2020}"),
        ("tháng 6-2020", f"tháng sáu năm {YEAR_2020}"),
        ("tháng 4", "tháng tư"),
        ("tháng 11", "tháng mười một"),
    ],
)
def test_dates_are_read_with_ngay_thang_nam(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("16:49:04", "mười sáu giờ bốn mươi chín phút bốn giây"),
        ("16:49", "mười sáu giờ bốn mươi chín phút"),
        ("16:00", "mười sáu giờ"),
        ("15h30", "mười lăm giờ ba mươi phút"),
        ("7h", "bảy giờ"),
        ("lúc 7h05 sáng", "lúc bảy giờ năm phút sáng"),
    ],
)
def test_clock_times_are_read_as_gio_phut_giay(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("2019-2020", f"hai nghìn không trăm mười chín đến {YEAR_2020}"),
        ("2020 – 2025", f"{YEAR_2020} đến hai nghìn không trăm hai mươi lăm"),
        ("năm học 2019/2020", f"năm học hai nghìn không trăm mười chín đến {YEAR_2020}"),
    ],
)
def test_year_ranges_are_read_with_den(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("105", "một trăm lẻ năm"),
        ("1.890", "một ngàn tám trăm chín mươi"),
        ("03/06/2020", "ngày ba tháng sáu năm hai ngàn không trăm hai mươi"),
    ],
)
def test_southern_dialect_says_ngan_and_le(written: str, spoken: str) -> None:
    assert verbalize(written, dialect="south") == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("UBND huyện", "ủy ban nhân dân huyện"),
        ("HĐND tỉnh", "hội đồng nhân dân tỉnh"),
        ("tại TP.HCM", "tại thành phố Hồ Chí Minh"),
        ("tại TP. HCM.", "tại thành phố Hồ Chí Minh."),
        ("trường THPT", "trường trung học phổ thông"),
        ("KT-XH", "kinh tế - xã hội"),
        ("cam, quýt, v.v.", "cam, quýt, vân vân."),
        ("GS.TS Trần Văn Minh", "giáo sư tiến sĩ Trần Văn Minh"),
        ("TS. Lê Thị Hoa", "tiến sĩ Lê Thị Hoa"),
        ("Q.1", "quận một"),
        ("P. Tân Định", "phường Tân Định"),
        ("QL1A", "quốc lộ một A"),
    ],
)
def test_abbreviations_from_the_built_in_table_are_expanded(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


@pytest.mark.parametrize(
    "written",
    ["UBNDX", "xUBND", "ông P. là", "Nguyễn Văn P."],
)
def test_abbreviations_are_only_read_as_whole_words(written: str) -> None:
    assert verbalize(written) == written


def test_lexicon_overrides_the_built_in_table_and_matches_whole_words() -> None:
    lexicon = {"UBND": "u bê en đê", "ĐTO": "báo Đồng Tháp"}
    spoken = verbalize("ĐTO - UBND và ĐTOX", lexicon=lexicon)
    assert spoken == "báo Đồng Tháp - u bê en đê và ĐTOX"


def test_lexicon_runs_before_numbers_so_it_can_name_tokens_with_digits() -> None:
    assert verbalize("mạng 5G", lexicon={"5G": "năm gờ"}) == "mạng năm gờ"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("0913 456", "không chín một ba bốn trăm năm mươi sáu"),
        ("H5N1", "H năm N một"),
        ("45/13/2020", "bốn năm/một ba/hai không hai không"),
        ("thứ 1", "thứ nhất"),
        ("Thứ 4", "Thứ tư"),
        ("Điều 3.2", "Điều ba chấm hai"),
        ("-5 độ C", "âm năm độ C"),
        ("COVID-19", "COVID-mười chín"),
    ],
)
def test_other_digit_shapes_never_leave_a_digit(written: str, spoken: str) -> None:
    assert verbalize(written) == spoken


def test_text_is_nfc_normalized_before_reading() -> None:
    decomposed = unicodedata.normalize("NFD", "Hội đồng 39 người")
    assert verbalize(decomposed) == "Hội đồng ba mươi chín người"


def test_an_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="dialect"):
        verbalize("1", dialect="central")


def test_rules_are_data_that_a_caller_can_extend() -> None:
    shout = pattern_rule("ampersand", r"&", lambda match, reading: "và")
    assert verbalize("A & B", rules=(shout, *RULES)) == "A và B"
    assert all(isinstance(rule, Rule) and rule.name for rule in RULES)


def test_built_in_abbreviations_are_nfc_and_say_no_abbreviation() -> None:
    for written, spoken in ABBREVIATIONS.items():
        assert unicodedata.is_normalized("NFC", written)
        assert verbalize(spoken) == spoken


# Pieces that make the rules meet each other, glued in any order by hypothesis.
_WORDS = ("ngày", "tháng", "năm", "thứ", "Nam", "x", "h", "H", "đ", "Đ")
_ABBREVIATED = ("Q.", "TP.", "P.", "TS.", "v.v.", "UBND", "QL", "HCM", "GS")
_MARKS = ("-", "–", "/", ".", ",", ":", "%", " ", "\n", "(", "\u0301")
_newsy_text = st.lists(
    st.one_of(
        st.sampled_from(_WORDS + _ABBREVIATED + _MARKS),
        st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(), _newsy_text))
def test_verbalize_never_raises_leaves_no_digit_and_returns_nfc(text: str) -> None:
    spoken = verbalize(text)
    assert not re.search(r"[0-9]", spoken)
    assert unicodedata.is_normalized("NFC", spoken)


@settings(max_examples=300)
@given(st.one_of(st.text(), _newsy_text), st.sampled_from(["north", "south"]))
def test_verbalize_is_idempotent_on_its_own_output(text: str, dialect: str) -> None:
    once = verbalize(text, dialect=dialect)
    assert verbalize(once, dialect=dialect) == once
