"""The built-in abbreviation dictionary and the 100-sentence abbreviation fixture."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from narrate.speech import verbalize
from narrate.speech.abbreviations import (
    ABBREVIATIONS,
    AMBIGUOUS,
    BEFORE_NAMES,
    DOCUMENT_ISSUERS,
    SAID_AS_WORDS,
    resolve,
)
from narrate.speech.letters import LETTER_NAMES, spell

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "speech"
SENTENCES = (FIXTURES / "abbreviations-100.txt").read_text(encoding="utf-8").splitlines()
EXPECTED = (FIXTURES / "abbreviations-100.expected.txt").read_text(encoding="utf-8").splitlines()


def test_the_fixture_has_one_expected_line_per_sentence() -> None:
    assert len(SENTENCES) == len(EXPECTED) == 100


@pytest.mark.parametrize(
    ("number", "sentence", "expected"),
    [
        (number, sentence, expected)
        for number, (sentence, expected) in enumerate(zip(SENTENCES, EXPECTED, strict=True), 1)
    ],
)
def test_news_sentences_dense_in_abbreviations_are_read_as_an_announcer_reads_them(
    number: int, sentence: str, expected: str
) -> None:
    assert verbalize(sentence) == expected, f"line {number}"


def test_the_dictionary_has_more_than_150_entries() -> None:
    assert len(ABBREVIATIONS) + len(SAID_AS_WORDS) + len(BEFORE_NAMES) >= 150


@pytest.mark.parametrize(
    "table",
    [ABBREVIATIONS, SAID_AS_WORDS, BEFORE_NAMES, DOCUMENT_ISSUERS],
    ids=["abbreviations", "said as words", "before names", "issuers"],
)
def test_entries_are_nfc_and_their_spoken_forms_need_no_further_reading(table: dict) -> None:
    for written, spoken in table.items():
        assert unicodedata.is_normalized("NFC", written), written
        assert unicodedata.is_normalized("NFC", spoken), spoken
        assert not any(char.isdigit() for char in spoken), written


@pytest.mark.parametrize(
    ("abbreviation", "before", "after", "spoken", "decided"),
    [
        ("ĐH", "sinh viên ", " Bách khoa", "đại học", True),
        ("ĐH", "khai mạc ", " lần thứ XI", "đại hội", True),
        ("ĐH", "", "", "đại học", False),
        ("CP", "Công ty ", " Sữa", "cổ phần", True),
        ("CP", "Văn phòng ", "", "chính phủ", True),
        ("CP", "", "", None, False),
        ("CA", "", " huyện", "công an", True),
        ("ĐT", "", "848", "đường tỉnh", True),
        ("ĐT", "", ": 0913", "điện thoại", True),
        ("TT", "", " số 01", "thông tư", True),
    ],
)
def test_ambiguous_abbreviations_take_the_sense_their_neighbours_choose(
    abbreviation: str, before: str, after: str, spoken: str | None, decided: bool
) -> None:
    assert resolve(abbreviation, before, after) == (spoken, decided)


def test_every_ambiguous_abbreviation_has_at_least_two_senses_or_a_default() -> None:
    for entry in AMBIGUOUS.values():
        assert len(entry.senses) >= 2 or entry.default


@pytest.mark.parametrize(
    ("letters", "spoken"),
    [
        ("VTV", "vê tê vê"),
        ("HĐND", "hát đê en-nờ dê"),
        ("FLC", "ép e-lờ xê"),
        ("WZ", "vê-kép dét"),
        ("QRSXY", "quy e-rờ ét-sì ích-xì i-dài"),
    ],
)
def test_letters_are_spelled_with_vietnamese_letter_names(letters: str, spoken: str) -> None:
    assert spell(letters) == spoken


def test_every_latin_capital_has_a_name() -> None:
    assert set("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ") <= set(LETTER_NAMES)
