"""Written sentences and chapters read from an episode's timeline."""

from __future__ import annotations

from itertools import pairwise

import pytest

from narrate.models import PartKind, TimedSegment
from narrate.publish.timeline import (
    CHAPTER_NAMES,
    GROUP_SECONDS,
    Chapter,
    Line,
    chapters,
    lines,
    short_title,
)

HEADING = (
    "Hợp tác xã kiểu mới giúp nông dân Tháp Mười giảm chi phí sản xuất và tăng lợi nhuận mỗi vụ"
)


def timeline_of(
    *parts: tuple[PartKind, list[str | list[str]]], gap: float = 1.0
) -> tuple[TimedSegment, ...]:
    """Segments of 2 s each, ``gap`` apart: a list inside a part is one sentence cut in pieces
    (the first piece written, the others "")."""
    result: list[TimedSegment] = []
    now = 0.5
    for part_index, (kind, sentences) in enumerate(parts):
        for sentence in sentences:
            pieces = [sentence] if isinstance(sentence, str) else sentence
            for number, _ in enumerate(pieces):
                written = pieces[0] if number == 0 else ""
                result.append(TimedSegment(len(result), part_index, kind, written, now, now + 2.0))
                now += 2.0 + gap
    return tuple(result)


EPISODE = timeline_of(
    ("title", ["Báo Đồng Tháp, ngày 12/03/2025: Lúa trúng mùa."]),
    ("notice", ["Bài báo được đọc bằng giọng máy."]),
    ("lead", ["Nông dân phấn khởi.", ["Giá lúa tăng,", "thương lái tìm đến tận ruộng."]]),
    ("heading", [HEADING]),
    ("paragraph", ["Vụ lúa năm nay đạt năng suất cao nhất từ trước đến nay.", "Câu hai."]),
    ("caption", ["Ảnh: Nông dân thu hoạch lúa."]),
    ("paragraph", ["Ngành nông nghiệp nhân rộng mô hình."]),
    ("credit", ["Bài viết của tác giả Minh Tâm."]),
    ("closing", ["Báo Đồng Tháp cảm ơn quý vị đã lắng nghe."]),
)


def test_lines_give_each_written_sentence_once_with_the_time_of_all_its_pieces() -> None:
    result = lines(EPISODE)
    cut = next(line for line in result if line.text == "Giá lúa tăng,")
    first, second = (s for s in EPISODE if s.part_index == cut.part_index and s.start >= cut.start)
    assert second.written == ""
    assert (cut.start, cut.end) == (first.start, second.end)
    assert [line.text for line in result] == [s.written for s in EPISODE if s.written]
    assert [line.kind for line in result][:3] == ["title", "notice", "lead"]


def test_lines_drop_blank_sentences_and_never_join_a_piece_to_another_part() -> None:
    timeline = (
        TimedSegment(0, 0, "paragraph", "Câu một.", 0.0, 1.0),
        TimedSegment(1, 1, "paragraph", "", 1.5, 2.0),  # a stray piece of another part
        TimedSegment(2, 2, "paragraph", "   ", 2.5, 3.0),
        TimedSegment(3, 2, "paragraph", "", 3.5, 4.0),
        TimedSegment(4, 3, "caption", "Ảnh: cánh đồng.", 4.5, 5.0),
    )
    assert lines(timeline) == [
        Line(0.0, 1.0, "Câu một.", 0, "paragraph"),
        Line(4.5, 5.0, "Ảnh: cánh đồng.", 3, "caption"),
    ]


def test_chapters_name_the_opening_lead_headings_captions_and_ending() -> None:
    titles = [chapter.title for chapter in chapters(EPISODE, 60.0)]
    assert titles == [
        CHAPTER_NAMES["opening"],
        CHAPTER_NAMES["lead"],
        short_title(HEADING, 14),
        "Ảnh: Nông dân thu hoạch lúa",
        "Ngành nông nghiệp nhân rộng mô hình",
        CHAPTER_NAMES["ending"],
    ]
    assert short_title(HEADING, 14).endswith("…") and len(short_title(HEADING, 14).split()) == 14


def test_chapters_cover_the_episode_end_to_end_in_order() -> None:
    result = chapters(EPISODE, 42.0)
    assert result[0].start == 0.0
    for chapter, following in pairwise(result):
        assert chapter.start < following.start
        assert chapter.end == following.start
    assert result[-1].end == 42.0
    by_title = {chapter.title: chapter for chapter in result}
    credit = next(s for s in EPISODE if s.kind == "credit")
    assert by_title[CHAPTER_NAMES["ending"]].start == credit.start  # credit and closing: one


@pytest.mark.parametrize(
    ("gap", "paragraph_chapters"),
    [(GROUP_SECONDS - 2.1, 1), (GROUP_SECONDS - 2.0, 2)],  # next start = gap + 2 s after
)
def test_plain_paragraphs_share_a_chapter_until_it_has_run_45_seconds(
    gap: float, paragraph_chapters: int
) -> None:
    timeline = timeline_of(
        ("title", ["Tiêu đề."]),
        ("paragraph", ["Đoạn một mở đầu."]),
        ("paragraph", ["Đoạn hai tiếp theo."]),
        gap=gap,
    )
    titles = [chapter.title for chapter in chapters(timeline, 200.0)]
    assert titles[0] == CHAPTER_NAMES["opening"]
    assert len(titles) - 1 == paragraph_chapters


def test_a_heading_starts_a_group_that_its_paragraphs_join() -> None:
    timeline = timeline_of(("heading", ["Đầu mục"]), ("paragraph", ["Đoạn dưới đầu mục."]))
    result = chapters(timeline, 10.0)
    assert [c.title for c in result] == [CHAPTER_NAMES["opening"], "Đầu mục"]
    assert result[0] == Chapter(0.0, 0.5, CHAPTER_NAMES["opening"])


def test_an_episode_without_sentences_is_one_opening_chapter() -> None:
    assert chapters((), 12.3456) == [Chapter(0.0, 12.346, CHAPTER_NAMES["opening"])]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Lúa trúng mùa.", 8, "Lúa trúng mùa"),
        ("Một hai ba bốn năm sáu bảy tám chín mười", 8, "Một hai ba bốn năm sáu bảy tám…"),
        ("Một hai ba bốn năm sáu bảy tám, chín", 8, "Một hai ba bốn năm sáu bảy tám…"),
        ("Ông Nguyễn Văn A – Phó Chủ tịch – cho biết", 5, "Ông Nguyễn Văn A…"),
        ("Ông Nguyễn Văn A –", 8, "Ông Nguyễn Văn A"),
    ],
)
def test_a_short_title_is_the_first_words_without_trailing_punctuation(
    text: str, words: int, expected: str
) -> None:
    assert short_title(text, words) == expected
