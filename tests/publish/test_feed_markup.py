"""Markup in an article's text stays text in the feed: every reader shows it, none runs it."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import feedparser
import podcastparser
import pytest

from narrate.config import load_feed
from narrate.models import Episode
from narrate.publish.feed import build_feed

T0 = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "&lt;img src=x onerror=alert(1)&gt;",
    "<![CDATA[ ]]> <b>đậm</b>",
]


def episode(text: str) -> Episode:
    return Episode(
        guid="g1", article_key="k1", title=f"Tin {text}", article_date=T0, released=T0,
        duration=61.0, size=1000, file_name="bai-1.mp3", text_hash="h", engine="espeak",
        voice="north", description=f"Lời dẫn {text} hết.", link="https://example.org/bai-1.html",
        author="MINH TÂM",
    )  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_in_an_article_reaches_feed_readers_as_text_never_as_elements(
    feeds_dir: Path, text: str
) -> None:
    config = load_feed("test", feeds_dir)
    xml = build_feed(config, [episode(text)], "https://podcast.example.org/c.png")

    entry = feedparser.parse(xml).entries[0]
    summary = entry.summary
    assert "<img" not in summary and "<script" not in summary and "<svg" not in summary
    assert "<b>" not in summary
    assert f"Lời dẫn {escape(text)} hết." in summary  # the words, shown as written
    shown = podcastparser.parse(config.feed_url, io.BytesIO(xml))["episodes"][0]
    assert "<img" not in shown["description_html"] and "<svg" not in shown["description_html"]
    assert "Đọc bài gốc: https://example.org/bai-1.html" in summary
