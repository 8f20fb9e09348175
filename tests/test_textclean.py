"""The one cleaner at every door: what never reaches a listener, a feed or a terminal."""

from __future__ import annotations

import pytest

from narrate.article.text import normalize_text, parse_article
from narrate.textclean import clean_line, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Hội\u200bnghị", "Hội nghị"),
        ("Hội\u200b nghị", "Hội nghị"),
        ("\u200bHội nghị\u200b", "Hội nghị"),
        ("Hội\u200b\u200bnghị", "Hội nghị"),
        ("a\ufffeb\uffffc", "abc"),
        ("a\x01b\x1bc\x7fd", "abcd"),
        ("a\x80b\x9fc", "abc"),
        ("a\ud800b\udfffc", "abc"),
        ("Tin \u202egnóN\u202c mới", "Tin gnóN mới"),
        ("\u2066Tin\u2069 \u202aa\u202b\u202d", "Tin a"),
        ("mở\u00adrộng\ufeff\u2060", "mởrộng"),
        ("tab\tstays", "tab\tstays"),
        ("Châu Tha\u0300nh", "Châu Thành"),
        ("e\u0301\u0302", "ế"),
    ],
)
def test_the_cleaner_drops_what_is_never_read_and_keeps_words_apart(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "separator", ["\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\n"]
)
def test_every_line_break_becomes_a_line_feed_in_multi_line_text(separator: str) -> None:
    assert clean_text(f"Dòng một{separator}Dòng hai") == "Dòng một\nDòng hai"


@pytest.mark.parametrize(
    "separator", ["\r\n", "\r", "\x85", "\u2028", "\u2029", "\n", "\t", "\u200b"]
)
def test_a_single_line_field_turns_every_break_into_one_space(separator: str) -> None:
    assert clean_line(f"  Lũ về{separator}Đồng Tháp  ") == "Lũ về Đồng Tháp"


def test_a_bidi_override_never_reaches_an_article_title() -> None:
    article = parse_article("Lũ về sớm\u202e ở Đồng Tháp\n\nĐTO - Nước lên nhanh.\n")
    assert article.title == "Lũ về sớm ở Đồng Tháp"


def test_normalize_text_is_the_cleaner() -> None:
    raw = "Hội\u200bnghị\x1b[31m\r\nbáo\uffff"
    assert normalize_text(raw) == clean_text(raw) == "Hội nghị[31m\nbáo"


def test_a_zero_width_space_between_syllables_keeps_them_two_words_in_an_article() -> None:
    article = parse_article("Hội\u200bnghị tỉnh\n\nĐTO - Hội\u200bnghị khai mạc sáng nay.\n")
    assert article.title == "Hội nghị tỉnh"
    assert "Hội nghị khai mạc" in article.blocks[0].text
