"""The feed as podcast apps read it: feedgen output through the real client parsers."""

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import podcastparser
import pytest

from narrate.config import FeedConfig, load_feed
from narrate.models import Episode
from narrate.publish.feed import build_feed

T0 = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def episode(n: int, **changes: object) -> Episode:
    base = Episode(
        guid=f"guid-{n}", article_key=f"k{n}", title=f"Bài số {n}", article_date=T0,
        released=T0 + timedelta(days=n), duration=61.6, size=123456 + n,
        file_name=f"bai-{n}.mp3", text_hash="h", engine="espeak", voice="north",
        description=f"Lời dẫn bài {n}.", link=f"https://example.org/bai-{n}.html",
        author="MINH TÂM",
    )  # fmt: skip
    return replace(base, **changes)


@pytest.fixture
def config(feeds_dir: Path) -> FeedConfig:
    return load_feed("test", feeds_dir)


def test_feed_passes_podcastparser_with_every_episode(config: FeedConfig) -> None:
    xml = build_feed(config, [episode(1), episode(2)], "https://podcast.example.org/c.png")
    parsed = podcastparser.parse(config.feed_url, io.BytesIO(xml))
    assert parsed["title"] == config.title
    assert [e["guid"] for e in parsed["episodes"]] == ["guid-2", "guid-1"]
    first = parsed["episodes"][0]
    assert first["total_time"] == 62
    assert first["enclosures"][0]["file_size"] == 123458
    assert first["enclosures"][0]["url"] == "https://podcast.example.org/test/episodes/bai-2.mp3"
    assert first["enclosures"][0]["mime_type"] == "audio/mpeg"


def test_feed_passes_feedparser_without_bozo(config: FeedConfig) -> None:
    xml = build_feed(config, [episode(1)], "https://podcast.example.org/c.png")
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.language == "vi"
    assert parsed.feed.image.href == "https://podcast.example.org/c.png"
    entry = parsed.entries[0]
    assert entry.itunes_duration == "62"
    assert entry.published_parsed[:4] == (2026, 3, 2, 1)
    assert "Đọc bài gốc: https://example.org/bai-1.html" in entry.summary


def test_channel_has_the_tags_apple_requires(config: FeedConfig) -> None:
    xml = build_feed(config, [episode(1)], "https://podcast.example.org/c.png")
    channel = ElementTree.fromstring(xml).find("channel")
    assert channel is not None
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.find(f"{ITUNES}image").get("href") == "https://podcast.example.org/c.png"
    assert channel.find(f"{ITUNES}category").get("text") == "News"
    assert channel.find(f"{ITUNES}category/{ITUNES}category").get("text") == "Daily News"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "bientap@example.org"
    assert channel.findtext(f"{ITUNES}author") == "Báo Thử Nghiệm"
    assert channel.findtext("link") == "https://example.org/"
    assert channel.findtext("copyright") == "© 2026 Báo Thử Nghiệm"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == config.feed_url
    assert b'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' in xml


def test_pub_dates_are_rfc_2822(config: FeedConfig) -> None:
    xml = build_feed(config, [episode(1)], "https://podcast.example.org/c.png")
    item = ElementTree.fromstring(xml).find("channel/item")
    assert item.findtext("pubDate") == "Mon, 02 Mar 2026 01:00:00 +0000"


def test_untrusted_article_text_is_escaped(config: FeedConfig) -> None:
    evil = episode(1, title='<script>alert("x")</script> & </title>', description="a]]>b<i>")
    xml = build_feed(config, [evil], "https://podcast.example.org/c.png")
    assert b"<script>" not in xml
    item = ElementTree.fromstring(xml).find("channel/item")
    assert item.findtext("title") == '<script>alert("x")</script> & </title>'
    assert feedparser.parse(xml).bozo == 0


def test_the_feed_lists_only_the_newest_episodes(config: FeedConfig) -> None:
    xml = build_feed(config, [episode(n) for n in range(10)], "https://x.org/c.png", limit=3)
    guids = [i.findtext("guid") for i in ElementTree.fromstring(xml).iter("item")]
    assert guids == ["guid-9", "guid-8", "guid-7"]


def test_rebuilding_an_unchanged_catalog_gives_identical_xml(config: FeedConfig) -> None:
    episodes = [episode(1), episode(2)]
    assert build_feed(config, episodes, "https://x.org/c.png") == build_feed(
        config, episodes, "https://x.org/c.png"
    )


def test_a_batch_released_together_lists_the_newest_article_first(config: FeedConfig) -> None:
    batch = [
        episode(n, released=T0, article_date=T0 - timedelta(days=10 - n), guid=f"g{9 - n}")
        for n in range(3)
    ]
    xml = build_feed(config, batch, "https://x.org/c.png")
    titles = [i.findtext("title") for i in ElementTree.fromstring(xml).iter("item")]
    assert titles == ["Bài số 2", "Bài số 1", "Bài số 0"]
