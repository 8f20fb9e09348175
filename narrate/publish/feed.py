"""The podcast RSS feed: RSS 2.0 + iTunes tags through feedgen, rebuilt from the catalog.

feedgen traps handled here (see NOTES): ``itunes:explicit`` must say true/false, which
feedgen refuses, so a small extension writes it; the RSS ``<link>`` is the *last* ``link()``
call, so ``rel=self`` goes first; ``add_entry`` prepends unless told to append; the channel
image is dropped unless its URL ends in .png/.jpg; enclosure length must be given in bytes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import lxml.etree  # noqa: F401 - feedgen.util uses lxml.etree without importing it
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from narrate import __version__
from narrate.article.structure import is_team
from narrate.config import FeedConfig
from narrate.models import Episode
from narrate.publish.layout import SIDE_FILES, side_name
from narrate.publish.podcast2 import (
    Person,
    Podcast2EntryExtension,
    Podcast2Extension,
    Transcript,
    podcast_guid,
)
from narrate.publish.timeline import lines

log = logging.getLogger(__name__)

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_LIMIT = 300
MAX_DESCRIPTION_BYTES = 4000  # Apple's limit for the channel description


class ExplicitExtension(BaseExtension):
    """Writes ``<itunes:explicit>true|false</itunes:explicit>`` (Apple's current values)."""

    def __init__(self) -> None:
        self.explicit = False

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, rss_feed):  # type: ignore[no-untyped-def]
        channel = rss_feed[0]
        element = xml_elem(f"{{{ITUNES_NS}}}explicit", channel)
        element.text = "true" if self.explicit else "false"
        return rss_feed


def episode_url(config: FeedConfig, episode: Episode) -> str:
    return f"{config.base_url}episodes/{episode.file_name}"


def side_url(config: FeedConfig, episode: Episode, kind: str) -> str:
    return f"{config.base_url}episodes/{side_name(episode.file_name, kind)}"  # type: ignore[arg-type]


BODY_KINDS = ("lead", "heading", "paragraph", "caption")


def article_html(episode: Episode) -> str:
    """The article as written, for ``content:encoded``: apps show it beside the player.

    Built from the timeline's written sentences, so it is exactly what the episode says;
    every piece of text is escaped (lxml escapes the whole again as element text).
    """
    blocks: list[str] = []
    current: tuple[int, str] | None = None
    sentences: list[str] = []

    def flush() -> None:
        if current is None or not sentences:
            return
        text = escape(" ".join(sentences))
        if current[1] == "heading":
            blocks.append(f"<h3>{text}</h3>")
        elif current[1] == "caption":
            blocks.append(f"<p><em>{text}</em></p>")
        elif current[1] == "lead":
            blocks.append(f"<p><strong>{text}</strong></p>")
        else:
            blocks.append(f"<p>{text}</p>")

    for line in lines(episode.timeline):
        if line.kind not in BODY_KINDS:
            continue
        if current is None or current[0] != line.part_index:
            flush()
            current, sentences = (line.part_index, line.kind), []
        sentences.append(line.text)
    flush()
    if episode.author:
        blocks.append(f"<p>{escape(episode.author)}</p>")
    if episode.link:
        link = escape(episode.link, quote=True)
        blocks.append(f'<p><a href="{link}">Đọc bài gốc</a></p>')
    return "\n".join(blocks)


def episode_description(episode: Episode) -> str:
    """Lead, the article's own date and a link to the original: what an app shows under play.

    Readers take an RSS description as HTML, so each line is escaped into a paragraph: an
    article that quotes ``<img src=x onerror=…>`` shows it as text, as content:encoded does.
    """
    lines = [episode.description.strip()] if episode.description.strip() else []
    if episode.article_date is not None:
        lines.append(f"Bài đăng ngày {episode.article_date.astimezone(VIETNAM):%d/%m/%Y}.")
    if episode.link:
        lines.append(f"Đọc bài gốc: {episode.link}")
    return "\n".join(f"<p>{escape(line)}</p>" for line in lines or [episode.title])


def _newest_first(episode: Episode) -> tuple[datetime, datetime, str]:
    """Release time, then the article's own date: a batch released in one second keeps order."""
    floor = datetime(1970, 1, 1, tzinfo=UTC)
    return (episode.released, episode.article_date or floor, episode.guid)


def _truncate_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", "ignore").rstrip() + "…"


# What XML 1.0 forbids (its Char production): C0 controls but tab and line ends, lone
# surrogates, U+FFFE and U+FFFF. lxml refuses the whole document for one of them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def xml_safe_episode(episode: Episode) -> Episode:
    """An episode whose every text can go into XML, whatever an older catalog holds (the
    readers clean text as it enters; rows written before they did may not be clean)."""
    texts: dict[str, Any] = {
        name: xml_safe(value)
        for name in ("title", "description", "link", "author", "image", "file_name")
        if isinstance(value := getattr(episode, name), str) and _NOT_XML.search(value)
    }
    timeline = episode.timeline
    if any(_NOT_XML.search(t.written) for t in timeline):
        timeline = tuple(replace(t, written=xml_safe(t.written)) for t in timeline)
    if not texts and timeline is episode.timeline:
        return episode
    return replace(episode, **texts, timeline=timeline)


def build_feed(
    config: FeedConfig,
    episodes: Sequence[Episode],
    image_url: str,
    *,
    limit: int = DEFAULT_LIMIT,
) -> bytes:
    """The feed XML for ``episodes`` (newest ``limit`` of them, newest first).

    No single episode can stop the feed from being written: its text is made XML-safe, and
    an episode feedgen still refuses is left out with a warning."""
    shown = sorted(episodes, key=_newest_first, reverse=True)[:limit]
    shown = [xml_safe_episode(e) for e in shown]
    try:
        return _render_feed(config, shown, image_url)
    except (ValueError, TypeError):
        kept = []
        for episode in shown:
            try:
                _render_feed(config, [episode], image_url)
            except (ValueError, TypeError) as exc:
                log.warning("episode %s (%s) left out of the feed: %s", episode.guid,
                            episode.title, exc)  # fmt: skip
                continue
            kept.append(episode)
        return _render_feed(config, kept, image_url)


def _render_feed(config: FeedConfig, shown: Sequence[Episode], image_url: str) -> bytes:
    """feedgen's document for episodes already chosen and ordered."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("narrate_explicit", ExplicitExtension, None, rss=True, atom=False)
    fg.narrate_explicit.explicit = config.explicit
    fg.register_extension(
        "podcast2", Podcast2Extension, Podcast2EntryExtension, rss=True, atom=False
    )
    fg.podcast2.guid = podcast_guid(config.feed_url)
    fg.podcast2.locked = config.locked
    fg.podcast2.owner = config.owner_email
    fg.title(config.title)
    fg.description(_truncate_bytes(config.description, MAX_DESCRIPTION_BYTES))
    fg.language(config.language)
    fg.link(href=config.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=config.link or config.base_url, rel="alternate")
    fg.image(url=image_url, title=config.title, link=config.link or config.base_url)
    fg.copyright(config.copyright or f"© {config.author}")
    fg.generator(f"narrate {__version__}", uri=None)
    fg.podcast.itunes_author(config.author)
    fg.podcast.itunes_owner(name=config.owner_name, email=config.owner_email)
    fg.podcast.itunes_category(config.category, config.subcategory)
    fg.podcast.itunes_image(image_url)
    fg.podcast.itunes_summary(_truncate_bytes(config.description, MAX_DESCRIPTION_BYTES))
    fg.podcast.itunes_type("episodic")
    # A stable lastBuildDate: rebuilding an unchanged catalog gives byte-identical XML.
    stamps = [e.updated or e.released for e in shown]
    fg.lastBuildDate(max(stamps) if stamps else datetime(2000, 1, 1, tzinfo=UTC))
    for episode in shown:
        entry = fg.add_entry(order="append")
        entry.guid(episode.guid, permalink=False)
        entry.title(episode.title)
        entry.description(episode_description(episode))
        if episode.link:
            entry.link(href=episode.link)
        entry.enclosure(episode_url(config, episode), str(episode.size), "audio/mpeg")
        entry.pubDate(episode.released)
        entry.podcast.itunes_duration(max(1, round(episode.duration)))
        entry.podcast.itunes_author(episode.author or config.author)
        entry.podcast.itunes_image(image_url)
        if episode.timeline:
            entry.content(article_html(episode))
            entry.podcast2.transcripts = [
                Transcript(side_url(config, episode, kind), SIDE_FILES[kind][1], config.language,
                           "captions" if kind in ("vtt", "srt") else None)
                for kind in ("vtt", "srt", "html")
            ]  # fmt: skip
            entry.podcast2.chapters = side_url(config, episode, "chapters")
        if episode.author and not is_team(episode.author):  # "PV", "Nhóm PV …": no person
            entry.podcast2.persons = [Person(episode.author)]
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
