"""The syllable validator: onset + rhyme + one tone, with the school spelling rules."""

from __future__ import annotations

import pytest

from narrate.speech.syllables import is_syllable, is_unmarked_syllable, is_vietnamese_text

SYLLABLES = [
    "truyền",
    "nghiêng",
    "khuya",
    "quốc",
    "gì",
    "giữ",
    "Nguyễn",
    "được",
    "ăn",
    "oan",
    "thuở",
    "khuỷu",
    "xoong",
    "ồ",
    "ừ",
    "ạ",
    "ủa",
    "à",
    "quen",
    "quang",
    "quỳnh",
    "gìn",
    "giếng",
    "yêu",
    "yên",
    "học",
    "qua",
    "quạt",
    "ghi",
    "kỹ",
    "kĩ",
    "lý",
    "mỹ",
    "thủy",
    "thuỷ",
    "hoà",
    "hòa",
    "khoá",
    "khóa",
    "gia",
    "giường",
    "giỏi",
    "chuyện",
    "người",
    "cường",
    "khoảng",
    "tuyết",
    "đường",
    "tháp",
    "DŨNG",
    "CHINH",
    "HÀ",
    "NỘI",
    "ke",
    "kha",
    "ghe",
]

NOT_SYLLABLES = [
    "tryền",
    "hòc",
    "ci",
    "ngi",
    "qa",
    "kem1",
    "UBND",
    "TP",
    "HCM",
    "online",
    "Trump",
    "Biden",
    "ecmo",
    "ngê",
    "cê",
    "ghô",
    "ka1",
    "hảà",
    "thanhf",
    "bbb",
    "a-b",
    "ấpp",
]


@pytest.mark.parametrize("word", SYLLABLES)
def test_real_syllables_are_accepted_in_any_case(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", NOT_SYLLABLES)
def test_typos_acronyms_and_foreign_words_are_not_syllables(word: str) -> None:
    assert not is_syllable(word)


@pytest.mark.parametrize("word", ["hòc", "hàt", "mìt", "tồp", "xãch"])
def test_a_stop_ending_takes_only_the_sac_or_nang_tone(word: str) -> None:
    assert not is_syllable(word)


@pytest.mark.parametrize(("word", "valid"), [("ki-lô-mét", True), ("héc-ta", True), ("a-b", False)])
def test_hyphenated_loans_are_checked_part_by_part(word: str, valid: bool) -> None:
    assert is_vietnamese_text(word) is valid


@pytest.mark.parametrize(
    ("word", "valid"), [("duong", True), ("thap", True), ("tuoi", True), ("xyz", False)]
)
def test_unmarked_syllables_are_recognized_for_domain_names(word: str, valid: bool) -> None:
    assert is_unmarked_syllable(word) is valid
