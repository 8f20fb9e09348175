"""Hostile characters at every door where text enters: a page, a feed's item, a Word file.

One forbidden character must never cost the whole article, merge two words, or carry a bidi
override into a title, an ID3 tag or the terminal.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from narrate.article import parse_html, read_article, read_docx
from narrate.article.rss import article_from_item, parse_feed

TITLE = "Lũ về sớm ở Đồng Tháp"
LEAD = "ĐTO - Nước lên nhanh trong đêm qua ở các xã ven sông Tiền, người dân kịp di dời tài sản."
BODY = (
    "Chính quyền địa phương đã cử lực lượng xuống từng ấp để giúp bà con gia cố bờ bao, "
    "kiểm tra đê bao và chuẩn bị phương án sơ tán khi cần thiết."
)
ODD_CHARACTERS = ["&#xFFFF;", "&#1;", "&#x1b;", "&#65534;", "\uffff", "\x1b", "\x01", "&#x202e;"]


def page(odd: str) -> bytes:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>x</title></head><body>"
        f"<article><h1>Lũ về sớm{odd} ở Đồng Tháp</h1><p>{LEAD}</p>"
        f"<p>Chính quyền{odd} địa phương{BODY[len('Chính quyền địa phương') :]}</p>"
        f"<p>{BODY}</p><p>{BODY}</p><p>MINH TÂM</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize("odd", ODD_CHARACTERS)
def test_a_forbidden_character_in_a_page_paragraph_is_dropped_and_the_article_kept(
    odd: str,
) -> None:
    article = parse_html(page(odd), source="trang.html")

    assert article.title == TITLE
    assert article.paragraphs[1] == BODY


@pytest.mark.parametrize(
    ("odd", "title"),
    [
        ("\u200b", "Lũ về sớm ở Đồng Tháp"),
        ("&#x200b;", "Lũ về sớm ở Đồng Tháp"),
        ("&#8232;", "Lũ về sớm ở Đồng Tháp"),
        ("\x85", "Lũ về sớm ở Đồng Tháp"),
        (" \u202e", "Lũ về sớm ở Đồng Tháp"),
    ],
)
def test_a_page_title_keeps_its_words_apart_and_whole(odd: str, title: str) -> None:
    data = page("").replace("Lũ về sớm ở".encode(), f"Lũ về sớm{odd}ở".encode())

    assert parse_html(data, source="trang.html").title == title


def rss(odd: str) -> bytes:
    paragraphs = "".join(f"<p>{text}</p>" for text in (LEAD, BODY, BODY, BODY, BODY))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Báo</title>'
        "<link>https://bao.example/</link><language>vi</language><item>"
        f"<title>Lũ về{odd}sớm ở Đồng Tháp</title><link>https://bao.example/a.html</link>"
        f"<description>Nước{odd}lên</description>"
        f"<content:encoded><![CDATA[{paragraphs.replace('Chính quyền', f'Chính{odd}quyền')}]]>"
        "</content:encoded></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("odd", "title"),
    [
        ("&#xFFFF; ", TITLE),
        ("&#x1b; ", TITLE),
        ("&#x85;", "Lũ về…sớm ở Đồng Tháp"),  # HTML and feedparser read &#x85; as "…"
        ("\u2028", TITLE),
        ("&#x202E; ", TITLE),
        ("\u200b", TITLE),
    ],
)
def test_a_feed_item_with_hostile_characters_gives_a_clean_title_and_article(
    odd: str, title: str
) -> None:
    (item,) = parse_feed(rss(odd), source="tin.rss")
    article = article_from_item(item, source="tin.rss")

    assert item.title == title
    assert article is not None
    assert article.title == title
    assert all(char.isprintable() for char in item.summary or "")
    assert all(
        char.isprintable() and char not in "\u202e\u200b"
        for block in article.blocks
        for char in block.text
    )


@pytest.mark.parametrize(
    ("odd", "expected"),
    [("\u200b", "Hội nghị"), ("\u202e", "Hộinghị"), ("\u2060", "Hộinghị")],
)
def test_a_word_file_title_and_paragraphs_are_cleaned(
    odd: str, expected: str, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_heading(f"Hội{odd}nghị tỉnh Đồng Tháp", level=1)
    document.add_paragraph(f"ĐTO - Hội{odd}nghị khai mạc sáng nay tại thành phố Cao Lãnh.")
    document.add_paragraph(BODY)
    path = tmp_path / "bai.docx"
    document.save(str(path))

    article = read_docx(path)

    assert article.title == f"{expected} tỉnh Đồng Tháp"
    assert article.lead.startswith(f"{expected} khai mạc")


@pytest.mark.parametrize("suffix", [".html", ".txt", ".docx"])
@pytest.mark.parametrize(
    ("given", "title"),
    [
        ("Lũ về\x85sớm", "Lũ về sớm"),
        ("Lũ về\u202e sớm\u2028ở\tĐồng Tháp", "Lũ về sớm ở Đồng Tháp"),
        ("Hội\u200bnghị\x1b[31m", "Hội nghị[31m"),
    ],
)
def test_a_title_given_on_the_command_line_is_cleaned_like_any_title(
    tmp_path: Path, suffix: str, given: str, title: str
) -> None:
    path = tmp_path / f"bai{suffix}"
    if suffix == ".html":
        path.write_bytes(page(""))
    elif suffix == ".txt":
        path.write_text(f"{LEAD}\n\n{BODY}\n\n{BODY}\n", encoding="utf-8")
    else:
        document = docx.Document()
        for text in (LEAD, BODY, BODY):
            document.add_paragraph(text)
        document.save(str(path))

    assert read_article(path, title=given).title == title
