"""Captions, the HTML transcript and JSON chapters, read back by the real parsers.

The timeline is built the way the pipeline builds it: a real article through the real script
builder and engine cutter (gTTS's 100-character limit, so sentences are cut into pieces), with
speech times that follow the spoken text's length.
"""

from __future__ import annotations

import html
import io
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from functools import cache
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.config import Announcements
from narrate.models import Article, Block, Segment, TimedSegment
from narrate.publish.timeline import Chapter, Line, chapters, lines
from narrate.publish.transcripts import (
    LINE_CHARS,
    MIN_CUE_SECONDS,
    Cue,
    chapters_json,
    clock,
    iso_duration,
    to_srt,
    to_vtt,
    transcript_html,
    vtt_cues,
    wrap_cues,
)
from narrate.script import build_script, to_segments

VN = timezone(timedelta(hours=7))
LONG = (
    "Vụ lúa Đông Xuân năm nay, toàn tỉnh Đồng Tháp xuống giống hơn 200.000 ha, năng suất bình "
    "quân đạt 7,2 tấn/ha, cao nhất từ trước đến nay theo Sở Nông nghiệp."
)
MARKUP = "Công thức <b>mới</b> giúp giảm phân bón & thuốc trừ sâu --> lợi nhuận tăng."
ARTICLE = Article(
    title="Đồng Tháp: lúa trúng mùa, được giá",
    blocks=(
        Block("lead", "Nông dân Đồng Tháp phấn khởi vì lúa trúng mùa. "
              "Giá lúa tươi tăng 500 đồng/kg."),
        Block("paragraph", LONG + " Nhiều hộ lãi trên 30 triệu đồng mỗi ha."),
        Block("heading", "Giảm chi phí nhờ cơ giới hóa"),
        Block("paragraph", "Ông Lê Văn Hùng ở xã Mỹ An cho biết: “Nhờ máy cấy, tôi tiết kiệm được "
              "nhiều công lao động.” " + MARKUP),
        Block("caption", "Nông dân huyện Tháp Mười thu hoạch lúa bằng máy gặt đập liên hợp."),
        Block("paragraph", "Theo ngành nông nghiệp, mô hình cánh đồng lớn sẽ được nhân rộng trong "
              "năm 2025, gắn với liên kết tiêu thụ giữa hợp tác xã và doanh nghiệp, bảo đảm đầu ra "
              "ổn định cho nông dân."),
        Block("heading", "Hướng tới nông nghiệp xanh"),
        Block("paragraph", "Tỉnh khuyến khích giảm phát thải. Đây là hướng đi bền vững."),
    ),
    published=datetime(2025, 3, 12, 8, 0, tzinfo=VN),
    author="MINH TÂM",
)  # fmt: skip
CHARS_PER_SECOND = 14.0  # espeak's Vietnamese voice at rate 1.0, roughly
VTT_TIME = re.compile(r"^\d{2,}:\d{2}:\d{2}\.\d{3}$")


def measured(segments: Sequence[Segment]) -> tuple[TimedSegment, ...]:
    """Speech times as the pipeline measures them: a segment lasts as long as its spoken text,
    then its pause and a little silence the engine leaves around speech."""
    now, timeline = 0.25, []
    for segment in segments:
        length = max(0.3, len(segment.spoken) / CHARS_PER_SECOND)
        timeline.append(
            TimedSegment(
                segment.index, segment.part_index, segment.kind, segment.written,
                round(now, 3), round(now + length, 3),
            )
        )  # fmt: skip
        now += length + segment.pause_after + 0.08
    return tuple(timeline)


@cache
def episode_timeline() -> tuple[TimedSegment, ...]:
    script = build_script(ARTICLE, announce=Announcements(publisher="Báo Đồng Tháp"))
    return measured(to_segments(script, max_chars=100))


@pytest.fixture
def timeline() -> tuple[TimedSegment, ...]:
    return episode_timeline()


@pytest.fixture
def cues(timeline: tuple[TimedSegment, ...]) -> list[Cue]:
    return vtt_cues(timeline)


def ms(seconds: float) -> int:
    return round(seconds * 1000)


def words_of(texts: Sequence[str]) -> list[str]:
    return " ".join(texts).split()


def width(line: str) -> int:
    return len(unicodedata.normalize("NFC", line))


def sentences(timeline: Sequence[TimedSegment]) -> list[list[TimedSegment]]:
    """Each written sentence with the later pieces it was cut into."""
    result: list[list[TimedSegment]] = []
    for segment in timeline:
        if segment.written:
            result.append([segment])
        elif result and result[-1][-1].part_index == segment.part_index:
            result[-1].append(segment)
    return result


def parse_vtt(text: str) -> webvtt.WebVTT:
    return webvtt.from_buffer(io.BytesIO(text.encode("utf-8")), strict=True)


def test_the_timeline_is_as_realistic_as_the_tests_claim(
    timeline: tuple[TimedSegment, ...],
) -> None:
    kinds = {segment.kind for segment in timeline}
    assert len(timeline) >= 20
    assert kinds == {
        "title", "notice", "lead", "heading", "paragraph", "caption", "credit", "closing"
    }  # fmt: skip
    pieces = [len(sentence) for sentence in sentences(timeline)]
    assert 2 in pieces and 3 in pieces  # sentences cut for the engine, one in three pieces
    assert max(len(s.written) for s in timeline) >= 150
    assert any(MARKUP in s.written for s in timeline)


# --- cues --------------------------------------------------------------------------------


def test_every_cue_has_at_most_two_lines_of_at_most_42_characters(cues: list[Cue]) -> None:
    assert cues
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2, cue
        for line in cue.lines:
            assert line and line == line.strip()
            assert width(line) <= LINE_CHARS or len(line.split()) == 1, line


def test_cues_follow_each_other_without_overlap(cues: list[Cue]) -> None:
    for cue, following in pairwise(cues):
        assert cue.start < cue.end <= following.start, (cue, following)
    assert cues[-1].start < cues[-1].end


def test_the_first_cue_of_every_segment_starts_at_its_speech_onset_to_the_millisecond(
    timeline: tuple[TimedSegment, ...], cues: list[Cue]
) -> None:
    starts = {ms(cue.start) for cue in cues}
    for segment in timeline:  # later pieces of a cut sentence too: their words can be told
        assert ms(segment.start) in starts, segment


def test_each_piece_of_a_cut_sentence_shows_the_words_it_says(
    timeline: tuple[TimedSegment, ...], cues: list[Cue]
) -> None:
    """The sentence cut after "Theo ngành nông nghiệp," shows that clause alone first, and the
    next cue (from the second piece's onset) goes on from there."""
    first = next(s for s in timeline if s.written.startswith("Theo ngành nông nghiệp,"))
    second = timeline[first.index + 1]
    assert second.written == ""
    shown = [cue for cue in cues if first.start <= cue.start < second.start]
    assert [cue.text for cue in shown] == ["Theo ngành nông nghiệp,"]
    following = next(cue for cue in cues if ms(cue.start) == ms(second.start))
    assert following.text.startswith("mô hình cánh đồng lớn")


def test_cues_show_the_written_text_of_every_sentence_in_order(
    timeline: tuple[TimedSegment, ...], cues: list[Cue]
) -> None:
    assert words_of([cue.text for cue in cues]) == words_of([line.text for line in lines(timeline)])


def test_cues_end_with_their_sentence_and_last_at_least_the_minimum_when_there_is_room(
    timeline: tuple[TimedSegment, ...], cues: list[Cue]
) -> None:
    sentence_ends = {ms(line.end) for line in lines(timeline)}
    for cue, following in zip(cues, [*cues[1:], None], strict=True):
        ends_sentence = ms(cue.end) in sentence_ends or (
            following is not None and ms(cue.end) == ms(following.start)
        )
        assert ends_sentence or ms(cue.end) - ms(cue.start) == ms(MIN_CUE_SECONDS), cue
        room = math.inf if following is None else following.start - cue.start
        assert cue.end - cue.start >= min(MIN_CUE_SECONDS, room) - 0.0005, cue


def test_a_long_sentence_is_split_into_balanced_cues_at_clause_marks() -> None:
    split = wrap_cues(LONG)
    assert len(LONG) >= 150
    assert len(split) == 2
    first, second = (" ".join(cue) for cue in split)
    assert first.endswith(","), first
    assert abs(len(first) - len(second)) < 40
    for cue in split:
        assert len(cue) == 2 and all(width(line) <= LINE_CHARS for line in cue)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xin chào.", [("Xin chào.",)]),
        ("Tỉnh khuyến khích giảm phát thải khí nhà kính trong sản xuất lúa gạo.",
         [("Tỉnh khuyến khích giảm phát thải", "khí nhà kính trong sản xuất lúa gạo.")]),
        ("Xem https://baodongthap.vn/kinh-te/lua-dong-xuan-trung-mua-duoc-gia-2025.html nhé.",
         [("Xem", "https://baodongthap.vn/kinh-te/lua-dong-xuan-trung-mua-duoc-gia-2025.html"),
          ("nhé.",)]),
    ],
)  # fmt: skip
def test_short_text_fills_one_cue_and_a_long_word_stays_whole(
    text: str, expected: list[tuple[str, ...]]
) -> None:
    assert wrap_cues(text) == expected


def test_the_last_cue_is_not_one_orphan_word() -> None:
    text = " ".join(["nông dân"] * 9) + " vui."  # 85 characters: one more word than a cue holds
    split = wrap_cues(text)
    assert len(split) == 2
    assert all(len(" ".join(cue).split()) >= 5 for cue in split), split


vietnamese_word = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợ"
    "ùủũúụừửữứựỳỷỹýỵĐÁ0123456789.,;:–-<>&/%“”",
    min_size=1,
    max_size=14,
)
long_word = st.text(alphabet="abcdefghij/-.", min_size=40, max_size=70)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.one_of(vietnamese_word, vietnamese_word, vietnamese_word, long_word),
                   min_size=1, max_size=80),
    line_chars=st.integers(min_value=12, max_value=60),
)  # fmt: skip
def test_cue_splitting_keeps_every_word_and_fits_lines_whatever_the_words(
    words: list[str], line_chars: int
) -> None:
    split = wrap_cues(" ".join(words), line_chars)
    assert [word for cue in split for line in cue for word in line.split()] == words
    for cue in split:
        assert 1 <= len(cue) <= 2
        for line in cue:
            assert len(line) <= line_chars or " " not in line, (line, line_chars)
    if len(" ".join(words)) <= line_chars:
        assert split == [(" ".join(words),)]


@st.composite
def timelines(draw: st.DrawFn) -> tuple[TimedSegment, ...]:
    """Sentences of random words, some cut into pieces, at increasing speech times."""
    now, index, result = draw(st.floats(0, 2)), 0, []
    for part in range(draw(st.integers(1, 6))):
        for _ in range(draw(st.integers(1, 3))):
            text = " ".join(draw(st.lists(vietnamese_word, min_size=1, max_size=40)))
            for piece in range(draw(st.integers(1, 3))):
                length = draw(st.floats(0.05, 9))
                result.append(
                    TimedSegment(index, part, "paragraph", "" if piece else text,
                                 round(now, 3), round(now + length, 3))
                )  # fmt: skip
                index += 1
                now += length + draw(st.sampled_from([0.0, 0.15, 0.45, 0.9]))
    return tuple(result)


@settings(max_examples=120, deadline=None)
@given(timeline=timelines())
def test_cues_of_any_timeline_are_in_order_complete_and_start_with_their_segments(
    timeline: tuple[TimedSegment, ...],
) -> None:
    cues = vtt_cues(timeline)
    assert words_of([cue.text for cue in cues]) == words_of([s.written for s in timeline])
    for cue, following in pairwise(cues):
        assert ms(cue.start) < ms(cue.end) <= ms(following.start)
    starts = {ms(cue.start) for cue in cues}
    for sentence in sentences(timeline):
        if len(sentence[0].written.split()) >= len(sentence):  # enough words to go round
            assert all(ms(piece.start) in starts for piece in sentence), sentence


def test_no_segments_give_no_cues_and_an_empty_but_valid_caption_file() -> None:
    assert vtt_cues(()) == []
    assert len(parse_vtt(to_vtt([]))) == 0
    assert list(srt.parse(to_srt([]))) == []


# --- caption files ------------------------------------------------------------------------


def test_the_vtt_file_parses_strictly_and_gives_back_every_cue(cues: list[Cue]) -> None:
    text = to_vtt(cues, title="Đồng Tháp: lúa trúng mùa --> được giá")
    parsed = parse_vtt(text)
    assert text.startswith("WEBVTT\n\n")
    assert len(parsed) == len(cues)
    for caption, cue in zip(parsed, cues, strict=True):
        assert VTT_TIME.match(caption.start) and VTT_TIME.match(caption.end)
        assert caption.start_time.in_milliseconds() == ms(cue.start)
        assert caption.end_time.in_milliseconds() == ms(cue.end)
        assert [html.unescape(line) for line in caption.lines] == list(cue.lines)
    assert "Language: vi" in parsed.header_comments[0]
    assert "lúa trúng mùa → được giá" in parsed.header_comments[0]


def test_markup_in_the_article_is_escaped_in_the_vtt_and_shown_as_written(
    cues: list[Cue],
) -> None:
    text = to_vtt(cues)
    payload = text.split("\n\n", 2)[2]
    assert "<" not in payload and "-->" not in payload.replace(" --> ", " ")
    assert "&lt;b&gt;mới&lt;/b&gt;" in text and " &amp; " in text and "--&gt;" in text
    shown = " ".join(html.unescape(c.text).replace("\n", " ") for c in parse_vtt(text))
    assert "<b>mới</b>" in shown and "phân bón & thuốc" in shown and "sâu --> lợi" in shown


def test_the_srt_file_parses_and_agrees_with_the_vtt(cues: list[Cue]) -> None:
    subtitles = list(srt.parse(to_srt(cues)))
    captions = parse_vtt(to_vtt(cues))
    assert [s.index for s in subtitles] == list(range(1, len(cues) + 1))
    for subtitle, caption in zip(subtitles, captions, strict=True):
        assert subtitle.start == timedelta(milliseconds=caption.start_time.in_milliseconds())
        assert subtitle.end == timedelta(milliseconds=caption.end_time.in_milliseconds())
        assert subtitle.content == html.unescape(caption.raw_text)
    assert any("<b>mới</b>" in s.content for s in subtitles)  # SRT has no escapes


def test_hand_made_cues_with_line_breaks_or_no_text_cannot_break_the_files() -> None:
    cues = [
        Cue(1.0, 2.0, ("Dòng một\n\n00:00:09.000 --> 00:00:10.000", "dòng\r\nhai")),
        Cue(2.0, 3.0, ("", "  ")),
        Cue(3.0, 4.0, ("Cuối.",)),
    ]
    captions = parse_vtt(to_vtt(cues))
    subtitles = list(srt.parse(to_srt(cues)))
    assert (
        [html.unescape(c.text) for c in captions]
        == [s.content for s in subtitles]
        == [
            "Dòng một 00:00:09.000 --> 00:00:10.000\ndòng hai",
            "Cuối.",
        ]
    )
    assert [c.start for c in captions] == ["00:00:01.000", "00:00:03.000"]


@pytest.mark.parametrize(
    ("seconds", "vtt", "srt_time"),
    [
        (0.0, "00:00:00.000", "00:00:00,000"),
        (61.2345, "00:01:01.234", "00:01:01,234"),
        (3725.9999, "01:02:06.000", "01:02:06,000"),
    ],
)
def test_timestamps_are_written_to_the_millisecond(seconds: float, vtt: str, srt_time: str) -> None:
    cue = Cue(seconds, seconds + 1, ("Câu.",))
    assert f"{vtt} --> " in to_vtt([cue])
    assert f"{srt_time} --> " in to_srt([cue])


# --- HTML transcript -----------------------------------------------------------------------

VOID = {"meta", "link", "br", "img", "input", "hr", "source", "track", "wbr"}


class Outline(HTMLParser):
    """Elements, attributes and text of a page, checking that every element is closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.text: dict[str, list[str]] = {}
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), tuple(self.open)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self.open:
            self.text.setdefault(tag, []).append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs, _ in self.tags if name == tag]

    def inside(self, tag: str) -> str:
        return " ".join("".join(self.text.get(tag, [])).split())


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    return parser


@pytest.fixture
def page(timeline: tuple[TimedSegment, ...]) -> str:
    return transcript_html(
        ARTICLE.title, lines(timeline), audio_url="https://p.example.org/e/a.mp3?v=1&x=2"
    )


def test_the_transcript_is_one_well_formed_html5_document_in_vietnamese(page: str) -> None:
    parsed = outline(page)
    assert parsed.doctype.lower() == "doctype html"
    assert parsed.find("html") == [{"lang": "vi"}]
    assert len(parsed.find("h1")) == 1 and parsed.inside("h1") == ARTICLE.title
    assert len(parsed.find("main")) == 1
    assert parsed.inside("title") == ARTICLE.title
    assert {"charset": "utf-8"} in parsed.find("meta")


def test_the_transcript_has_all_the_written_text_in_its_main_landmark(
    page: str, timeline: tuple[TimedSegment, ...]
) -> None:
    parsed = outline(page)
    main = parsed.inside("main")
    for line in lines(timeline):
        assert line.text in main
    assert parsed.find("audio")[0]["src"] == "https://p.example.org/e/a.mp3?v=1&x=2"


def test_headings_are_h2_and_photo_captions_are_labelled_figures(page: str) -> None:
    parsed = outline(page)
    assert [" ".join(t.split()) for t in parsed.text["h2"] if t.strip()] == [
        "Giảm chi phí nhờ cơ giới hóa", "Hướng tới nông nghiệp xanh"
    ]  # fmt: skip
    assert parsed.find("figure") == [{"class": "photo", "aria-label": "Mô tả ảnh"}]
    assert parsed.inside("figcaption").startswith("Ảnh: Nông dân huyện Tháp Mười")


def test_paragraphs_follow_the_article_parts_each_after_its_start_time(
    page: str, timeline: tuple[TimedSegment, ...]
) -> None:
    parsed = outline(page)
    times = parsed.find("time")
    parts = {line.part_index for line in lines(timeline)}
    assert len(times) == len(parts)
    assert all(re.fullmatch(r"PT\d+(\.\d{1,3})?S", t["datetime"] or "") for t in times)
    first = min(lines(timeline), key=lambda line: line.start)
    assert times[0]["datetime"] == iso_duration(first.start)
    spans = [attrs for attrs in parsed.find("span") if "data-start" in attrs]
    assert len(spans) == len(lines(timeline))
    assert [float(s["data-start"] or "") for s in spans] == [
        round(line.start, 3) for line in lines(timeline)
    ]


def test_article_text_cannot_inject_markup_into_the_transcript() -> None:
    hostile = [
        Line(0.0, 2.0, "Tin <script>alert('x')</script> & <b>đậm</b>.", 0, "paragraph"),
        Line(2.5, 4.0, "Đầu mục <img src=x onerror=alert(1)>", 1, "heading"),
    ]
    page = transcript_html('Tiêu đề <i>nghiêng</i> & "trích"', hostile)
    parsed = outline(page)
    assert parsed.find("script") == [] and parsed.find("img") == [] and parsed.find("i") == []
    assert parsed.find("b") == []
    assert "Tin <script>alert('x')</script> & <b>đậm</b>." in parsed.inside("main")
    assert parsed.inside("h1") == 'Tiêu đề <i>nghiêng</i> & "trích"'
    assert parsed.inside("h2") == "Đầu mục <img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("seconds", "shown", "machine"),
    [(0.0, "0:00", "PT0S"), (59.999, "0:59", "PT59.999S"), (83.5, "1:23", "PT83.5S"),
     (3725.0, "1:02:05", "PT3725S")],
)  # fmt: skip
def test_times_read_like_a_player_and_parse_as_html_durations(
    seconds: float, shown: str, machine: str
) -> None:
    assert clock(seconds) == shown
    assert iso_duration(seconds) == machine


# --- JSON chapters -------------------------------------------------------------------------

CHAPTER_KEYS = {"startTime", "endTime", "title", "img", "url", "toc", "location"}
TOP_KEYS = {
    "version", "chapters", "author", "title", "podcastName", "description", "fileName",
    "waypoints",
}  # fmt: skip


def chapter_problems(data: Any) -> list[str]:
    """What breaks the Podcasting 2.0 JSON chapters spec (version 1.2.0)."""
    if not isinstance(data, dict):
        return ["the document is not an object"]
    problems = [f"unknown key {key!r}" for key in data if key not in TOP_KEYS]
    if not isinstance(data.get("version"), str) or not re.fullmatch(
        r"\d+\.\d+\.\d+", data["version"]
    ):
        problems.append("version is not a version string")
    for key in ("author", "title", "podcastName", "description", "fileName"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{key} is not a string")
    items = data.get("chapters")
    if not isinstance(items, list) or not items:
        return [*problems, "chapters is not a non-empty array"]
    previous = -math.inf
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"chapter {number} is not an object")
            continue
        problems += [f"chapter {number}: unknown key {key!r}" for key in item
                     if key not in CHAPTER_KEYS]  # fmt: skip
        start = item.get("startTime")
        if isinstance(start, bool) or not isinstance(start, int | float) or start < 0:
            problems.append(f"chapter {number}: startTime is not a non-negative number")
            continue
        if start <= previous:
            problems.append(f"chapter {number}: startTime does not ascend")
        previous = start
        end = item.get("endTime", start)
        if isinstance(end, bool) or not isinstance(end, int | float) or end < start:
            problems.append(f"chapter {number}: endTime is before startTime")
        if "title" in item and (not isinstance(item["title"], str) or not item["title"].strip()):
            problems.append(f"chapter {number}: title is not a non-empty string")
        if "toc" in item and not isinstance(item["toc"], bool):
            problems.append(f"chapter {number}: toc is not a boolean")
        for key in ("url", "img"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"chapter {number}: {key} is not a string")
    if items and isinstance(items[0], dict) and items[0].get("startTime") != 0:
        problems.append("the first chapter does not start at 0")
    return problems


def test_the_spec_check_catches_what_it_claims() -> None:
    assert (
        chapter_problems({"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A"}]}) == []
    )
    bad = {
        "version": 1.2,
        "extra": True,
        "chapters": [{"startTime": 1, "title": ""}, {"startTime": 1, "endTime": 0.5}],
    }
    assert set(chapter_problems(bad)) == {
        "version is not a version string",
        "unknown key 'extra'",
        "chapter 0: title is not a non-empty string",
        "chapter 1: startTime does not ascend",
        "chapter 1: endTime is before startTime",
        "the first chapter does not start at 0",
    }


def test_chapters_of_the_episode_pass_the_spec_and_keep_vietnamese_as_is(
    timeline: tuple[TimedSegment, ...],
) -> None:
    duration = timeline[-1].end + 0.5
    text = chapters_json(chapters(timeline, duration), title=ARTICLE.title,
                         url="https://baodongthap.vn/bai.html")  # fmt: skip
    data = json.loads(text)
    assert chapter_problems(data) == []
    assert data["version"] == "1.2.0" and data["title"] == ARTICLE.title
    assert "Đồng Tháp" in text and "\\u" not in text
    titles = [item["title"] for item in data["chapters"]]
    assert titles[:2] == ["Giới thiệu", "Tóm tắt"] and titles[-1] == "Kết thúc"
    assert "Giảm chi phí nhờ cơ giới hóa" in titles
    assert data["chapters"][-1]["endTime"] == round(duration, 3)
    assert {item["url"] for item in data["chapters"]} == {"https://baodongthap.vn/bai.html"}


@pytest.mark.parametrize(
    ("given_chapters", "expected"),
    [
        ([Chapter(0.4, 5.0, "Tóm tắt"), Chapter(5.0, 9.0, "Kết thúc")],
         [{"startTime": 0, "title": "Tóm tắt", "endTime": 5},
          {"startTime": 5, "title": "Kết thúc", "endTime": 9}]),
        ([Chapter(0.0, 0.0, "Giới thiệu"), Chapter(0.0, 3.25, "Tóm tắt"),
          Chapter(3.25, 3.25, "x"), Chapter(3.25, 7.0, "  Phần\nhai  ")],
         [{"startTime": 0, "title": "Tóm tắt", "endTime": 3.25},
          {"startTime": 3.25, "title": "Phần hai", "endTime": 7}]),
        ([Chapter(0.0, 2.0, "   "), Chapter(2.0, 2.0, "Cuối")],
         [{"startTime": 0, "title": "Phần 1", "endTime": 2}, {"startTime": 2, "title": "Cuối"}]),
    ],
)  # fmt: skip
def test_chapters_start_at_zero_ascend_strictly_and_have_titles(
    given_chapters: list[Chapter], expected: list[dict[str, object]]
) -> None:
    data = json.loads(chapters_json(given_chapters))
    assert data == {"version": "1.2.0", "chapters": expected}
    assert chapter_problems(data) == []
