"""Cutting long sentences for engines with an input limit, without changing what is said."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.speech import cut_long


def test_a_sentence_within_the_limit_is_returned_whole() -> None:
    sentence = "Trời hôm nay đẹp."
    assert cut_long(sentence, len(sentence)) == [sentence]


@pytest.mark.parametrize(
    ("sentence", "limit", "pieces"),
    [
        (
            "Cán bộ, đảng viên học tập; nhân dân đồng tình.",
            30,
            ["Cán bộ, đảng viên học tập;", "nhân dân đồng tình."],
        ),
        ("một hai, ba bốn, năm sáu bảy", 16, ["một hai, ba bốn,", "năm sáu bảy"]),
        ("Kết quả – như dự kiến – rất tốt", 24, ["Kết quả – như dự kiến –", "rất tốt"]),
        ("Ông nói “Được,” rồi đi tiếp", 15, ["Ông nói “Được,”", "rồi đi tiếp"]),
    ],
)
def test_the_last_clause_mark_that_fits_is_preferred(
    sentence: str, limit: int, pieces: list[str]
) -> None:
    assert cut_long(sentence, limit) == pieces


def test_without_a_clause_mark_the_cut_is_between_words() -> None:
    assert cut_long("một hai ba bốn năm sáu", 10) == ["một hai ba", "bốn năm", "sáu"]


def test_a_comma_glued_to_the_next_word_is_no_place_to_cut() -> None:
    assert cut_long("aa,bb cc dd", 8) == ["aa,bb cc", "dd"]


def test_a_word_longer_than_the_limit_is_cut_inside_as_a_last_resort() -> None:
    assert cut_long("abcdefgh ij", 3) == ["abc", "def", "gh", "ij"]


def test_a_hard_cut_keeps_a_combining_tone_mark_with_its_letter() -> None:
    pieces = cut_long("ta\u0301c", 2)
    assert pieces == ["t", "a\u0301", "c"]


def test_blank_input_gives_no_pieces_and_a_zero_limit_is_refused() -> None:
    assert cut_long("   ", 5) == []
    with pytest.raises(ValueError):
        cut_long("abc", 0)


_words = st.lists(
    st.text(alphabet="abcđêôơư,;:–—.”", min_size=1, max_size=12), min_size=1, max_size=40
)


@given(_words, st.integers(min_value=12, max_value=80), st.sampled_from([" ", "  ", "\n"]))
def test_pieces_fit_the_limit_and_rejoin_to_the_same_words(
    words: list[str], limit: int, gap: str
) -> None:
    sentence = gap.join(words)
    pieces = cut_long(sentence, limit)
    assert all(piece and piece == piece.strip() and len(piece) <= limit for piece in pieces)
    assert all(any(char.isalnum() for char in piece) for piece in pieces)  # no lone marks
    assert [c for c in "".join(pieces) if c.isalnum()] == [c for c in sentence if c.isalnum()]
    if all(any(char.isalnum() for char in word) for word in sentence.split()):
        assert " ".join(pieces).split() == sentence.split()


@given(st.text(), st.integers(min_value=1, max_value=30))
def test_nothing_said_is_lost_even_with_hard_cuts(sentence: str, limit: int) -> None:
    pieces = cut_long(sentence, limit)
    assert all(piece and piece == piece.strip() and len(piece) <= limit for piece in pieces)
    # every letter and digit is said; a lone mark joins the piece before it or goes
    assert [c for c in "".join(pieces) if c.isalnum()] == [c for c in sentence if c.isalnum()]
