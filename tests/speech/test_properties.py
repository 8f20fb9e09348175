"""Properties of the whole front end on any input: never crashes, no digit left, idempotent, NFC."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.speech import split_sentences, verbalize
from narrate.speech.check import check_text

# Pieces that make the rules meet each other, glued in any order by hypothesis.
_WORDS = (
    "ngày", "tháng", "năm", "thứ", "Nam", "x", "h", "H", "đ", "Đ", "quý", "khóa", "tỷ số",
    "sáng", "km", "m2", "USD", "$", "€", "k", "tr", "g", "p", "s", "độ C", "thắng", "tỷ lệ",
)  # fmt: skip
_ABBREVIATED = (
    "Q.", "TP.", "P.", "TS.", "v.v.", "UBND", "QL", "HCM", "GS", "ĐH", "CP", "CA", "ĐT",
    "TT", "XII", "IV", "I", "NĐ-CP", "COVID", "@", "www.", ".vn", "abc", "DŨNG", "GD&ĐT",
)  # fmt: skip
_MARKS = ("-", "–", "/", ".", ",", ":", "%", " ", "\n", "(", "\u0301", "+", "&", "'", "°C")
_newsy_text = st.lists(
    st.one_of(
        st.sampled_from(_WORDS + _ABBREVIATED + _MARKS),
        st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    ),
    max_size=25,
).map("".join)
_any_text = st.one_of(st.text(), _newsy_text)


@settings(max_examples=250, deadline=None)
@given(_any_text, st.sampled_from(["north", "south"]))
def test_verbalize_never_raises_leaves_no_ascii_digit_and_returns_nfc(
    text: str, dialect: str
) -> None:
    spoken = verbalize(text, dialect=dialect)
    assert not re.search(r"[0-9]", spoken)
    assert unicodedata.is_normalized("NFC", spoken)


@settings(max_examples=250, deadline=None)
@given(_any_text, st.sampled_from(["north", "south"]))
def test_verbalize_is_idempotent_on_its_own_output(text: str, dialect: str) -> None:
    once = verbalize(text, dialect=dialect)
    assert verbalize(once, dialect=dialect) == once


@settings(max_examples=200, deadline=None)
@given(_any_text)
def test_nfc_and_nfd_spellings_of_a_text_are_read_the_same(text: str) -> None:
    assert verbalize(unicodedata.normalize("NFD", text)) == verbalize(
        unicodedata.normalize("NFC", text)
    )


@settings(max_examples=200, deadline=None)
@given(_any_text)
def test_splitting_then_verbalizing_never_raises(text: str) -> None:
    for sentence in split_sentences(text):
        assert sentence == sentence.strip()
        verbalize(sentence)


@settings(max_examples=60, deadline=None)
@given(_any_text, st.lists(_any_text, max_size=3))
def test_check_never_raises_and_its_report_is_consistent(title: str, paragraphs: list) -> None:
    report = check_text(title, paragraphs, max_chars=80)
    assert report.to_dict()["needs_human"] == report.needs_human
    assert report.lines()
