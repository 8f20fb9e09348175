"""Readers that turn an article in some format into an :class:`~narrate.models.Article`.

:func:`read_article` picks the reader for a file: a saved web page, a Word document or plain
text, by its name and, since editors rename files, by what it holds.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from narrate.article.text import (
    FURNITURE_PATTERNS,
    MAX_ARTICLE_BYTES,
    TRAILER_PATTERNS,
    decode_article,
    display_name,
    normalize_text,
    parse_article,
    read_file,
)
from narrate.errors import InputError
from narrate.limits import check_paragraphs
from narrate.textclean import clean_line, has_vietnamese_letters

if TYPE_CHECKING:
    from narrate.models import Article

__all__ = [
    "FURNITURE_PATTERNS",
    "HTML_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "TRAILER_PATTERNS",
    "decode_article",
    "normalize_text",
    "parse_article",
    "parse_html",
    "read_article",
    "read_docx",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_WORD_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".doc", ".dot"})


def read_article(path: Path, *, title: str | None = None) -> Article:
    """Read one article file: a web page, a Word document (.docx) or plain text.

    The name decides first, then the content: a ``.txt`` that holds a saved page is read as
    HTML, and a renamed .docx as Word. ``title`` is the headline an editor gives for a file
    that starts with its lead. Raises :class:`InputError` for a file that cannot be read,
    naming it and saying how to fix it, and :class:`ArticleError` for one with no article.
    """
    from narrate.article.docx import (  # python-docx is imported only for Word files
        MAX_DOCX_BYTES,
        is_docx_data,
        parse_docx,
        refuse_word_binary,
    )

    suffix = path.suffix.lower()
    limit = MAX_DOCX_BYTES if suffix in _WORD_SUFFIXES else MAX_ARTICLE_BYTES
    data = read_file(path, limit=limit)
    name = display_name(str(path), "the article file")
    refuse_word_binary(data, name)
    if is_docx_data(data) or suffix in (".docx", ".docm", ".dotx"):
        return parse_docx(data, source=str(path), title=title)
    if suffix in (".doc", ".dot"):
        raise InputError(
            f"{name} is not a Word document narrate can read; open it in Word or LibreOffice "
            "and save it as .docx (Word Document) or as plain text (.txt, UTF-8)"
        )
    from narrate.article.html import looks_like_html, parse_html

    if suffix in HTML_SUFFIXES or looks_like_html(data):
        article = parse_html(data, source=str(path))
        return article if title is None else replace(article, title=clean_line(title))
    text = decode_article(data, str(path))
    if not has_vietnamese_letters(text):
        # A system file or a note in another language is not an article to read aloud.
        raise InputError(
            f"{name} does not look like an article in Vietnamese (no Vietnamese letters); "
            "give a news article's text"
        )
    check_paragraphs(name, text)
    return parse_article(text, source=str(path), title=title)


def parse_html(
    data: bytes | str, *, source: str, url: str | None = None, charset: str | None = None
) -> Article:
    """See :func:`narrate.article.html.parse_html` (imported on use: trafilatura is heavy)."""
    from narrate.article.html import parse_html as parse

    return parse(data, source=source, url=url, charset=charset)


def read_docx(path: Path) -> Article:
    """See :func:`narrate.article.docx.read_docx` (imported on use)."""
    from narrate.article.docx import read_docx as read

    return read(path)
