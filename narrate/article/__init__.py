"""Readers that turn an article in some format into an :class:`~narrate.models.Article`."""

from narrate.article.text import (
    FURNITURE_PATTERNS,
    MAX_ARTICLE_BYTES,
    TRAILER_PATTERNS,
    decode_article,
    normalize_text,
    parse_article,
    read_article,
)

__all__ = [
    "FURNITURE_PATTERNS",
    "MAX_ARTICLE_BYTES",
    "TRAILER_PATTERNS",
    "decode_article",
    "normalize_text",
    "parse_article",
    "read_article",
]
