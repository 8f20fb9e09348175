"""What a published episode gives listeners beyond the MP3, checked with real parts: the
decoded audio, real caption parsers, the ID3 frames as mutagen reads them back, the feed
through both podcast-client parsers, and the cover as an image."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import uuid
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import podcastparser
import pytest
import srt
import webvtt
from mutagen.id3 import ID3
from PIL import Image, ImageChops, ImageFont

from narrate.audio import ffmpeg_exe
from narrate.config import load_feed
from narrate.models import Episode
from narrate.pipeline import Publisher
from narrate.publish.cover import cover_png, font_path
from narrate.publish.layout import side_name
from narrate.publish.podcast2 import podcast_guid
from tests.conftest import EXAMPLES, FIXTURES

RATE = 22050
THRESHOLD = 32768 * 10 ** (-40 / 20)  # speech onset: first sample above −40 dBFS
PODCAST = "{https://podcastindex.org/namespace/1.0}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


@dataclass(frozen=True)
class Published:
    publisher: Publisher
    episode: Episode
    mp3: Path
    feed_xml: bytes


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    root = tmp_path_factory.mktemp("listener")
    shutil.copytree(FIXTURES / "feeds", root / "feeds")
    config = load_feed("test", root / "feeds")
    publisher = Publisher(config, root / "output")
    result = publisher.publish(EXAMPLES / "lua-dong-thap.txt")
    yield Published(
        publisher, result.episode, result.audio_path, publisher.paths.feed_xml.read_bytes()
    )


def decoded(mp3: Path) -> array:
    pcm = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1",
         "-ar", str(RATE), "pipe:1"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return array("h", pcm)


def loud(samples: array, start: float, stop: float) -> bool:
    block = samples[max(0, round(start * RATE)) : max(0, round(stop * RATE))]
    return bool(block) and max(abs(min(block)), max(block)) > THRESHOLD


def seconds(timestamp: str) -> float:
    """webvtt-py's ``start_in_seconds`` drops the milliseconds: read the timestamp itself."""
    hours, minutes, rest = timestamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def side(published: Published, kind: str) -> Path:
    return published.mp3.parent / side_name(published.mp3.name, kind)  # type: ignore[arg-type]


def test_every_segment_starts_where_its_speech_starts_in_the_decoded_mp3(
    published: Published,
) -> None:
    samples = decoded(published.mp3)
    timeline = published.episode.timeline
    assert len(timeline) > 10
    for segment in timeline:
        # Silence just before the recorded onset, speech within 50 ms of it.
        assert not loud(samples, segment.start - 0.12, segment.start - 0.05), segment
        assert loud(samples, segment.start - 0.05, segment.start + 0.05), segment


def test_each_segment_has_a_vtt_cue_starting_at_its_speech(published: Published) -> None:
    captions = webvtt.read(str(side(published, "vtt")))
    starts = [seconds(c.start) for c in captions]
    for segment in published.episode.timeline:
        if segment.written:
            assert any(abs(start - segment.start) <= 0.05 for start in starts), segment
    for caption in captions:
        lines = caption.text.splitlines()
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 42 or " " not in line for line in lines)
    assert starts == sorted(starts)


def test_srt_and_vtt_carry_the_same_written_text_and_times(published: Published) -> None:
    captions = webvtt.read(str(side(published, "vtt")))
    subtitles = list(srt.parse(side(published, "srt").read_text(encoding="utf-8")))
    assert len(subtitles) == len(captions)
    for caption, subtitle in zip(captions, subtitles, strict=True):
        assert abs(subtitle.start.total_seconds() - seconds(caption.start)) < 0.002
        assert subtitle.content.split() == caption.text.split()
    text = " ".join(" ".join(c.text.split()) for c in captions)
    assert "Tháp Mười" in text  # the written text, not the verbalized one
    assert "ha" in text


def test_chapters_json_follows_podcasting_2_and_matches_the_id3_chapters(
    published: Published,
) -> None:
    data = json.loads(side(published, "chapters").read_text(encoding="utf-8"))
    assert data["version"] == "1.2.0"
    chapters = data["chapters"]
    assert len(chapters) >= 3
    assert chapters[0]["startTime"] == 0
    starts = [c["startTime"] for c in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(isinstance(c["title"], str) and c["title"].strip() for c in chapters)
    assert starts[-1] < published.episode.duration
    tags = ID3(published.mp3)
    (toc,) = tags.getall("CTOC")
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    ordered = [chaps[element] for element in toc.child_element_ids]
    assert [round(c.start_time / 1000, 3) for c in ordered] == pytest.approx(starts, abs=0.001)
    assert [c.sub_frames["TIT2"].text[0] for c in ordered] == [c["title"] for c in chapters]
    ends = [c.end_time for c in ordered]
    assert ends[:-1] == [c.start_time for c in ordered[1:]]


def test_the_mp3_carries_its_transcript_and_cover(published: Published) -> None:
    tags = ID3(published.mp3)
    (lyrics,) = tags.getall("USLT")
    assert "Tháp Mười" in lyrics.text
    (picture,) = tags.getall("APIC")
    assert picture.mime == "image/jpeg" and picture.type == 3  # the front cover
    with Image.open(io.BytesIO(picture.data)) as image:
        assert image.format == "JPEG" and image.size == (600, 600)
    assert len(picture.data) < 60_000  # small: every episode carries it


def test_the_html_transcript_is_a_vietnamese_document_with_the_text(
    published: Published,
) -> None:
    from lxml import html

    document = html.fromstring(side(published, "html").read_bytes())
    assert document.get("lang") == "vi"
    assert len(document.findall(".//h1")) == 1
    assert "Tháp Mười" in document.text_content()


def test_the_feed_lists_transcripts_chapters_person_and_full_text(published: Published) -> None:
    config = published.publisher.config
    root = ElementTree.fromstring(published.feed_xml)
    channel = root.find("channel")
    assert channel.findtext(f"{PODCAST}guid") == podcast_guid(config.feed_url)
    locked = channel.find(f"{PODCAST}locked")
    assert locked.text == "yes" and locked.get("owner") == config.owner_email
    assert channel.findtext("copyright") == config.copyright
    item = channel.find("item")
    transcripts = {t.get("type"): t for t in item.findall(f"{PODCAST}transcript")}
    assert set(transcripts) == {"text/vtt", "application/x-subrip", "text/html"}
    assert transcripts["text/vtt"].get("rel") == "captions"
    assert all(t.get("language") == "vi" for t in transcripts.values())
    for transcript in transcripts.values():
        name = transcript.get("url").rsplit("/", 1)[1]
        assert (published.mp3.parent / name).is_file()
    chapters = item.find(f"{PODCAST}chapters")
    assert chapters.get("type") == "application/json+chapters"
    assert (published.mp3.parent / chapters.get("url").rsplit("/", 1)[1]).is_file()
    assert item.find(f"{PODCAST}person").text == published.episode.author
    assert "Tháp Mười" in item.findtext(f"{CONTENT}encoded")


def test_podcast_clients_parse_the_feed_with_its_new_tags(published: Published) -> None:
    parsed = feedparser.parse(published.feed_xml)
    assert parsed.bozo == 0
    entry = parsed.entries[0]
    assert "Tháp Mười" in entry.content[0].value
    # feedparser surfaces the Podcasting 2.0 tags: the files they name are there.
    folder = published.mp3.parent
    assert entry.podcast_chapters["type"] == "application/json+chapters"
    assert (folder / entry.podcast_chapters["url"].rsplit("/", 1)[1]).is_file()
    assert (folder / entry.podcast_transcript["url"].rsplit("/", 1)[1]).is_file()
    assert entry.podcast_transcript["language"] == "vi"
    gpodder = podcastparser.parse(published.publisher.config.feed_url,
                                  io.BytesIO(published.feed_xml))  # fmt: skip
    assert len(gpodder["episodes"]) == 1
    (episode,) = gpodder["episodes"]
    assert episode["enclosures"][0]["file_size"] == published.episode.size
    assert episode["episode_art_url"].endswith(".png")  # the item image


def test_the_podcast_guid_follows_the_spec_example() -> None:
    # The Podcasting 2.0 spec's own example: podcastindex.org/namespace/1.0 → this guid.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml/") == podcast_guid(
        "http://mp3s.nashownotes.com/pc20rss.xml"
    )
    assert uuid.UUID(podcast_guid("https://example.org/feed.xml")).version == 5


def test_the_generated_cover_is_square_png_at_apple_size(published: Published) -> None:
    covers = list(published.publisher.paths.public.glob("cover-*.png"))
    assert len(covers) == 1
    with Image.open(covers[0]) as image:
        assert image.format == "PNG" and image.size == (1400, 1400)
    assert published.feed_xml.count(covers[0].name.encode()) >= 2  # channel and items


@pytest.mark.parametrize(
    "letter", list("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
)
def test_the_cover_font_has_a_real_glyph_for_every_vietnamese_letter(letter: str) -> None:
    font = ImageFont.truetype(str(font_path("Bold")), 48)
    missing = font.getmask("\uffff")  # a code point no font has: the "missing glyph" box
    glyph = font.getmask(letter)
    assert glyph.getbbox() is not None
    assert glyph.size != missing.size or bytes(glyph) != bytes(missing)


def test_the_cover_draws_the_diacritics_not_just_the_base_letters() -> None:
    with_marks = Image.open(io.BytesIO(cover_png("Đồng Tháp Ưu Việt")))
    without = Image.open(io.BytesIO(cover_png("Dong Thap Uu Viet")))
    assert ImageChops.difference(with_marks.convert("RGB"), without.convert("RGB")).getbbox()
