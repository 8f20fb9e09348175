"""An episode's timeline read two ways: written sentences with their times, and chapters.

Both come from the segments' measured speech times (``Episode.timeline``), so transcripts,
chapters, ID3 frames and the web page all agree with the audio to the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from narrate.models import PartKind, TimedSegment

# A chapter of plain paragraphs runs at least this long before the next paragraph starts a new
# one: short enough to skip around a long article, long enough not to flood the chapter list.
GROUP_SECONDS = 45.0
TITLE_WORDS = 8  # words of a paragraph's first sentence that name its chapter
# Stripped from the end of a chapter name: a clause mark or dash left dangling by the cut.
TRAILING = " .,:;–—"

CHAPTER_NAMES: dict[str, str] = {
    "opening": "Giới thiệu",
    "lead": "Tóm tắt",
    "ending": "Kết thúc",
}


@dataclass(frozen=True)
class Line:
    """One written sentence and when it is spoken (a cut sentence spans all its pieces)."""

    start: float
    end: float
    text: str
    part_index: int
    kind: PartKind


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str


def lines(timeline: Sequence[TimedSegment]) -> list[Line]:
    """Written sentences in order; later pieces of a cut sentence extend the first one's end."""
    result: list[Line] = []
    for segment in timeline:
        if not segment.written and result and result[-1].part_index == segment.part_index:
            last = result[-1]
            result[-1] = Line(last.start, segment.end, last.text, last.part_index, last.kind)
            continue
        text = segment.written or ""
        result.append(Line(segment.start, segment.end, text, segment.part_index, segment.kind))
    return [line for line in result if line.text.strip()]


def short_title(text: str, words: int = TITLE_WORDS) -> str:
    """The first words of a sentence, as a chapter name."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts).rstrip(TRAILING)
    return " ".join(parts[:words]).rstrip(TRAILING) + "…"


def chapters(timeline: Sequence[TimedSegment], duration: float) -> list[Chapter]:
    """Chapters from the article's structure: opening, lead, headings or paragraph groups,
    captions, ending. The first starts at 0; each ends where the next starts."""
    sentences = lines(timeline)
    if not sentences:
        return [Chapter(0.0, round(duration, 3), CHAPTER_NAMES["opening"])]
    marks: list[tuple[float, str]] = []  # (start, title)
    group_start: float | None = None
    for index, line in enumerate(sentences):
        first_of_part = index == 0 or sentences[index - 1].part_index != line.part_index
        if not first_of_part:
            continue
        kind = line.kind
        if kind in ("title", "notice"):
            if not marks:
                marks.append((0.0, CHAPTER_NAMES["opening"]))
            continue
        if kind in ("credit", "closing"):
            if not marks or marks[-1][1] != CHAPTER_NAMES["ending"]:
                marks.append((line.start, CHAPTER_NAMES["ending"]))
            group_start = None
            continue
        if kind == "lead":
            marks.append((line.start, CHAPTER_NAMES["lead"]))
            group_start = None
        elif kind == "heading":
            marks.append((line.start, short_title(line.text, 14)))
            group_start = line.start
        elif kind == "caption":
            marks.append((line.start, short_title(line.text)))
            group_start = None
        elif group_start is None or line.start - group_start >= GROUP_SECONDS:
            marks.append((line.start, short_title(line.text)))
            group_start = line.start
    if marks[0][0] > 0.0:
        marks.insert(0, (0.0, CHAPTER_NAMES["opening"]))
    result: list[Chapter] = []
    for index, (start, title) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else duration
        result.append(Chapter(round(start, 3), round(max(end, start), 3), title))
    return result
