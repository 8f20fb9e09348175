"""Captions (WebVTT, SRT), an HTML transcript and Podcasting 2.0 JSON chapters, as text.

Everything here is a pure function of the episode's timeline, so the pipeline can write the
files atomically beside the MP3 and a re-publish gives the same bytes. Captions show what the
newspaper *wrote* (digits, abbreviations), timed by what the engine *said*: the first cue of
every segment starts at that segment's measured speech onset, and cues inside it are placed by
how long their words take to say. Article text is untrusted and is escaped for each format.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from jinja2 import Environment, StrictUndefined

from narrate.models import PartKind, TimedSegment
from narrate.publish.timeline import Chapter, Line
from narrate.speech import verbalize

LINE_CHARS = 42  # the broadcast caption line (BBC, Netflix): readable on a phone held upright
MIN_CUE_SECONDS = 0.7  # shorter than this a cue flashes by before it can be read
CHAPTERS_VERSION = "1.2.0"

SENTENCE_MARKS = ".!?…"
CLAUSE_MARKS = ";:,–—"  # where the engine cutter (narrate.speech.segment) prefers to cut
CLOSERS = "”\"’')]»"
OPENERS = "“\"‘'([«–—"

# Costs of the cue splitter, in units of "a cue half empty" (0.25): a cue ending mid-clause
# costs more than one ending at a comma, and a cue of a single word costs most of all.
BREAK_AT_SENTENCE = 0.0
BREAK_AT_CLAUSE = 0.1
BREAK_MID_CLAUSE = 0.4
ORPHAN = 1.0
LINE_BREAK_MID_CLAUSE = 0.6  # in line-length differences over the line width
# Attributing a cut sentence's words to its pieces: a boundary that is not at a clause mark
# (where the cutter prefers to cut) must match the pieces' timing this much better to win.
PIECE_CUT_MID_CLAUSE = 0.04


@dataclass(frozen=True)
class Cue:
    """One caption on screen: at most two lines of written text, from ``start`` to ``end``."""

    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


# --- splitting text into cues ---------------------------------------------------------------


def display_width(text: str) -> int:
    """Characters as they take room on screen: a tone mark kept apart (NFD) takes none."""
    return sum(1 for char in text if not unicodedata.combining(char))


def _ends_with(word: str, marks: str) -> bool:
    core = word.rstrip(CLOSERS)
    return bool(core) and core[-1] in marks


def _break_cost(before: str, after: str) -> float:
    """How bad a cut between two words is: free after a sentence, cheap at a clause mark."""
    if _ends_with(before, SENTENCE_MARKS):
        return BREAK_AT_SENTENCE
    if _ends_with(before, CLAUSE_MARKS) or after[:1] in OPENERS:
        return BREAK_AT_CLAUSE
    return BREAK_MID_CLAUSE


def _line_fits(width: int, length: int, words: int) -> bool:
    return length <= width or words == 1  # a word longer than a line stays whole


def _lines_of(words: Sequence[str], lengths: Sequence[int], width: int) -> tuple[str, ...] | None:
    """The cue's words on one line, else on two balanced lines; None when two are not enough."""
    count = len(words)
    total = sum(lengths) + count - 1
    if _line_fits(width, total, count):
        return (" ".join(words),)
    best: tuple[float, int] | None = None
    first = -1  # length of the first line so far, without its trailing space
    for cut in range(1, count):
        first += lengths[cut - 1] + 1
        second = total - first - 1
        if not _line_fits(width, first, cut):
            break
        if not _line_fits(width, second, count - cut):
            continue
        cost = abs(first - second) / width
        if _break_cost(words[cut - 1], words[cut]) > BREAK_AT_CLAUSE:
            cost += LINE_BREAK_MID_CLAUSE
        if best is None or cost < best[0]:
            best = (cost, cut)
    if best is None:
        return None
    cut = best[1]
    return (" ".join(words[:cut]), " ".join(words[cut:]))


def wrap_cues(text: str, width: int = LINE_CHARS) -> list[tuple[str, ...]]:
    """Split text into cues of at most two lines of ``width`` characters, cut between words.

    A dynamic programme over the cut points prefers full cues of even size, cuts after a
    sentence or clause, and avoids a cue of one word; a word longer than ``width`` gets a
    line of its own. Joined with single spaces the cues give back the text's words.
    """
    words = text.split()
    count = len(words)
    lengths = [display_width(word) for word in words]
    starts = [0]
    for length in lengths:
        starts.append(starts[-1] + length + 1)

    def span(begin: int, end: int) -> int:  # width of words[begin:end] on one line
        return starts[end] - starts[begin] - 1

    # The longest first line from each word: a cue fits in two lines exactly when the rest
    # after that greedy line fits in one (a shorter first line only leaves a longer rest).
    first_line_end = []
    for begin in range(count):
        end = begin + 1
        while end < count and span(begin, end + 1) <= width:
            end += 1
        first_line_end.append(end)
    cut_costs = [0.0] + [_break_cost(words[i - 1], words[i]) for i in range(1, count)] + [0.0]
    capacity = 2 * width
    best = [math.inf] * (count + 1)
    best[0] = 0.0
    back = [0] * (count + 1)
    for end in range(1, count + 1):
        for begin in range(end - 1, -1, -1):
            rest = first_line_end[begin]
            if end > rest + 1 and span(rest, end) > width:
                break  # adding words in front never makes a cue fit again
            length = span(begin, end)
            cost = (max(0, capacity - length) / capacity) ** 2 + cut_costs[end]
            if end - begin == 1 and count > 1:
                cost += ORPHAN
            if best[begin] + cost < best[end]:
                best[end], back[end] = best[begin] + cost, begin
    cues: list[tuple[str, ...]] = []
    end = count
    while end > 0:
        begin = back[end]
        lines = _lines_of(words[begin:end], lengths[begin:end], width)
        assert lines is not None  # the programme only keeps cues that fit
        cues.append(lines)
        end = begin
    return cues[::-1]


# --- timing ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def spoken_length(word: str) -> int:
    """How many characters the engine says for a written word ("2025" is 33, "UBND" 17).

    Speech time follows what is said, not what is written, so a cue of figures is given the
    time its figures take to read.
    """
    return len(verbalize(word))


@dataclass(frozen=True)
class _Piece:
    start: float
    end: float

    @property
    def length(self) -> float:
        return max(0.0, self.end - self.start)


def _sentences(timeline: Sequence[TimedSegment]) -> list[tuple[str, list[_Piece]]]:
    """Written sentences with the pieces the engine spoke them in (as ``timeline.lines``)."""
    groups: list[tuple[str, list[_Piece]]] = []
    last_part: int | None = None
    for segment in timeline:
        piece = _Piece(segment.start, max(segment.start, segment.end))
        if not segment.written and groups and last_part == segment.part_index:
            groups[-1][1].append(piece)
        else:
            groups.append((segment.written, [piece]))
        last_part = segment.part_index
    return [(text, pieces) for text, pieces in groups if text.strip()]


def _piece_cuts(
    words: Sequence[str], weights: Sequence[float], pieces: Sequence[_Piece]
) -> list[int]:
    """Word positions where each later piece begins, or [] when they cannot be told.

    The pieces' share of the speech time says roughly where the cut fell; the cutter prefers
    clause marks, so a nearby one wins over a plain word boundary.
    """
    count, cuts_wanted = len(words), len(pieces) - 1
    if cuts_wanted == 0 or count <= cuts_wanted:
        return []
    total_time = sum(piece.length for piece in pieces)
    elapsed, targets = 0.0, []
    for index, piece in enumerate(pieces[:-1]):
        elapsed += piece.length
        targets.append(elapsed / total_time if total_time > 0 else (index + 1) / len(pieces))
    total_weight = sum(weights)
    shares, running = [0.0], 0.0
    for weight in weights:
        running += weight
        shares.append(running / total_weight)

    def cost(position: int, target: float) -> float:
        mid_clause = not _ends_with(words[position - 1], CLAUSE_MARKS + SENTENCE_MARKS)
        return abs(shares[position] - target) + (PIECE_CUT_MID_CLAUSE if mid_clause else 0.0)

    # best[k][p]: cheapest placing of cuts 0..k with cut k at word position p (increasing).
    positions = range(1, count)
    best: list[dict[int, tuple[float, int]]] = []
    for k, target in enumerate(targets):
        row: dict[int, tuple[float, int]] = {}
        cheapest: tuple[float, int] = (math.inf, 0)
        for position in positions:
            if k > 0:
                previous = best[k - 1].get(position - 1)
                if previous is not None and previous[0] < cheapest[0]:
                    cheapest = (previous[0], position - 1)
                if cheapest[0] == math.inf:
                    continue
            before = cheapest[0] if k > 0 else 0.0
            row[position] = (before + cost(position, target), cheapest[1])
        best.append(row)
    position = min(best[-1], key=lambda p: best[-1][p][0])
    cuts = [position]
    for k in range(cuts_wanted - 1, 0, -1):
        position = best[k][position][1]
        cuts.append(position)
    return cuts[::-1]


def _time_at(pieces: Sequence[_Piece], share: float) -> float:
    """The moment a given share of the pieces' speech is said (pauses between them skipped)."""
    total = sum(piece.length for piece in pieces)
    left = share * total
    for piece in pieces[:-1]:
        if left < piece.length:
            return piece.start + left
        left -= piece.length
    return pieces[-1].start + min(left, pieces[-1].length)


@dataclass(frozen=True)
class _Draft:
    start: float
    sentence_end: float
    lines: tuple[str, ...]
    last_of_sentence: bool


def _drafts(
    text: str, pieces: Sequence[_Piece], weigh: Callable[[str], float], width: int
) -> list[_Draft]:
    """One sentence's cues: each piece's words start at the piece's onset, the rest follow
    by their share of its speech time."""
    words = text.split()
    weights = [max(0.0, float(weigh(word))) + 1.0 for word in words]
    cuts = _piece_cuts(words, weights, pieces)
    bounds = [0, *cuts, len(words)]
    spans = [pieces[i : i + 1] for i in range(len(cuts))] + [pieces[len(cuts) :]]
    drafts: list[_Draft] = []
    for (begin, end), span in zip(pairwise(bounds), spans, strict=True):
        total, position, done = sum(weights[begin:end]), begin, 0.0
        for lines in wrap_cues(" ".join(words[begin:end]), width):
            drafts.append(_Draft(_time_at(span, done / total), pieces[-1].end, lines, False))
            taken = sum(len(line.split()) for line in lines)
            done += sum(weights[position : position + taken])
            position += taken
    drafts[-1] = _Draft(drafts[-1].start, drafts[-1].sentence_end, drafts[-1].lines, True)
    return drafts


def vtt_cues(
    timeline: Sequence[TimedSegment],
    *,
    weigh: Callable[[str], float] = spoken_length,
    width: int = LINE_CHARS,
) -> list[Cue]:
    """Captions of the written text, timed to the measured speech.

    The first cue of every segment (and of every piece of a cut sentence whose words can be
    told apart) starts at its speech onset, to the millisecond. Cues within it start at their
    words' share of the speech (``weigh`` says how long a word takes; ``len`` counts written
    characters). A cue lasts until the next one inside its sentence, the last one until the
    sentence's speech ends; a short one is held to ``MIN_CUE_SECONDS`` when the next cue
    leaves room. Times are whole milliseconds.
    """
    drafts = [
        draft
        for text, pieces in _sentences(timeline)
        for draft in _drafts(text, pieces, weigh, width)
    ]
    starts: list[int] = []
    for draft in drafts:
        start = max(0, round(draft.start * 1000))
        if starts and start <= starts[-1]:
            start = starts[-1] + 1  # segments overlapping, or under 1 ms a cue: keep order
        starts.append(start)
    cues: list[Cue] = []
    for index, draft in enumerate(drafts):
        start = starts[index]
        following = starts[index + 1] if index + 1 < len(starts) else None
        if draft.last_of_sentence or following is None:
            end = max(round(draft.sentence_end * 1000), start + round(MIN_CUE_SECONDS * 1000))
        else:
            end = following
        if following is not None:
            end = min(end, following)
        end = max(end, start + 1)
        cues.append(Cue(start / 1000, end / 1000, draft.lines))
    return cues


# --- caption files --------------------------------------------------------------------------


def _timestamp(seconds: float, separator: str) -> str:
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def _vtt_escape(text: str) -> str:
    """Cue text as WebVTT requires: ``&`` and ``<`` escaped, ``>`` too so ``-->`` cannot occur."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cue_lines(cue: Cue) -> list[str]:
    """The cue's lines, each on one line: a line break or blank line would end the cue early."""
    return [text for text in (_one_line(line) for line in cue.lines) if text]


def _shown(cues: Sequence[Cue]) -> list[tuple[Cue, list[str]]]:
    """Cues with text to show: in both formats a blank line ends a cue, so none is written."""
    return [(cue, lines) for cue in cues if (lines := _cue_lines(cue))]


def to_vtt(cues: Sequence[Cue], *, language: str = "vi", title: str | None = None) -> str:
    """A WebVTT file: the bare ``WEBVTT`` signature, a NOTE naming language and title, cues.

    Header lines such as ``Language: vi`` after the signature are a YouTube habit the WebVTT
    syntax does not allow (browsers skip them, validators flag them), so they go in a NOTE;
    players take the language from ``<track srclang>`` or ``podcast:transcript``.
    """
    note = [f"Language: {_one_line(language)}"]
    if title and title.strip():
        note.append(f"Title: {_one_line(title)}")
    note_text = "\n".join(note).replace("-->", "→")  # a NOTE must not contain "-->"
    blocks = ["WEBVTT", "NOTE\n" + note_text]
    for number, (cue, lines) in enumerate(_shown(cues), 1):
        timing = f"{_timestamp(cue.start, '.')} --> {_timestamp(cue.end, '.')}"
        text = "\n".join(_vtt_escape(line) for line in lines)
        blocks.append(f"{number}\n{timing}\n{text}")
    return "\n\n".join(blocks) + "\n"


def to_srt(cues: Sequence[Cue]) -> str:
    """A SubRip file, numbered from 1, LF line ends.

    SRT has no escapes: text goes as written (the ``srt`` library reads ``<``, ``&`` and
    ``-->`` inside cue text back unchanged). Some players render ``<b>``-like text as tags.
    """
    blocks = []
    for number, (cue, lines) in enumerate(_shown(cues), 1):
        timing = f"{_timestamp(cue.start, ',')} --> {_timestamp(cue.end, ',')}"
        blocks.append(f"{number}\n{timing}\n" + "\n".join(lines) + "\n")
    return "\n".join(blocks)


# --- HTML transcript ------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour on), as a listener reads a player's position."""
    whole = max(0, math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """A valid HTML duration string for ``<time datetime>``: ``PT83.5S``."""
    ms = max(0, round(seconds * 1000))
    whole, fraction = divmod(ms, 1000)
    return f"PT{whole}.{fraction:03d}".rstrip("0").rstrip(".") + "S"


@dataclass(frozen=True)
class _Block:
    kind: PartKind
    start: float
    lines: tuple[Line, ...]


def _blocks(lines: Sequence[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    for line in lines:
        if blocks and blocks[-1].lines[-1].part_index == line.part_index:
            last = blocks[-1]
            blocks[-1] = _Block(last.kind, last.start, (*last.lines, line))
        else:
            blocks.append(_Block(line.kind, line.start, (line,)))
    return blocks


_HTML = """\
<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
{% if page_url %}<link rel="canonical" href="{{ page_url }}">
{% endif %}<style>
body { font: 1.125rem/1.6 system-ui, sans-serif; max-width: 40rem; margin: 0 auto;
       padding: 1rem; color: #111; background: #fff; }
time.at { display: block; margin-top: 1.25rem; color: #444; font-size: 0.9rem; }
time.at + p, time.at + h2, time.at + figure { margin-top: 0.25rem; }
figure.photo { margin: 0.25rem 0 0; padding-left: 0.75rem; border-left: 4px solid #666;
               font-style: italic; }
p.opening, p.notice, p.credit, p.closing { color: #333; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
{% if audio_url %}<audio controls preload="none" src="{{ audio_url }}" aria-label="{{ listen }}">\
<a href="{{ audio_url }}">{{ listen }}</a></audio>
{% endif %}
{% for block in blocks -%}
<time class="at" datetime="{{ block.start | iso_duration }}">{{ block.start | clock }}</time>
{% set sentences -%}
{% for line in block.lines %}<span data-start="{{ '%.3f' | format(line.start) }}" \
data-end="{{ '%.3f' | format(line.end) }}">{{ line.text }}</span>{% if not loop.last %} {% endif %}\
{% endfor %}{% endset -%}
{% if block.kind == "heading" -%}
<h2>{{ sentences }}</h2>
{% elif block.kind == "caption" -%}
<figure class="photo" aria-label="{{ photo }}"><figcaption>{{ sentences }}\
</figcaption></figure>
{% else -%}
<p class="{{ block.kind | css_class }}">{{ sentences }}</p>
{% endif %}
{% endfor -%}
</main>
</body>
</html>
"""

_CSS_CLASS: dict[str, str] = {"title": "opening"}


def _environment() -> Environment:
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["clock"] = clock
    env.filters["iso_duration"] = iso_duration
    env.filters["css_class"] = lambda kind: _CSS_CLASS.get(kind, kind)
    return env


_TEMPLATE = _environment().from_string(_HTML)


def transcript_html(
    title: str,
    lines: Sequence[Line],
    *,
    language: str = "vi",
    audio_url: str | None = None,
    page_url: str | None = None,
) -> str:
    """A standalone HTML5 transcript (Podcasting 2.0 ``text/html``: a ``<time>`` then the
    paragraph it starts), built for screen readers: one ``<h1>``, a ``<main>`` landmark,
    article headings as ``<h2>``, photo captions as labelled figures.

    Each paragraph shows when it starts; every sentence carries its start and end in
    ``data-start``/``data-end`` so a page script can follow the audio without a screen reader
    reading a time before every sentence. All article text is escaped (autoescape).
    """
    return _TEMPLATE.render(
        title=_one_line(title),
        language=language,
        audio_url=audio_url,
        page_url=page_url,
        blocks=_blocks([line for line in lines if line.text.strip()]),
        listen="Nghe bài",
        photo="Mô tả ảnh",
    )


# --- JSON chapters --------------------------------------------------------------------------


def _number(seconds: float) -> int | float:
    value = round(max(0.0, seconds), 3)
    return int(value) if value == int(value) else value


def chapters_json(
    chapters: Sequence[Chapter],
    *,
    title: str | None = None,
    podcast_name: str | None = None,
    url: str | None = None,
) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0), UTF-8 text with Vietnamese kept as is.

    The first chapter starts at 0 and starts strictly increase (of two chapters starting at
    one moment the later, which holds the content, is kept); each has a non-empty title, its
    ``endTime``, and ``url`` (the article) when given.
    """
    kept: list[Chapter] = []
    for chapter in sorted(chapters, key=lambda c: c.start):
        start = 0.0 if not kept else _number(chapter.start)
        if kept and start <= kept[-1].start:
            start = kept.pop().start  # the earlier of two at one moment has nothing in it
        kept.append(Chapter(start, chapter.end, chapter.title))
    items: list[dict[str, object]] = []
    for number, chapter in enumerate(kept, 1):
        entry: dict[str, object] = {
            "startTime": _number(chapter.start),
            "title": _one_line(chapter.title) or f"Phần {number}",
        }
        if chapter.end > chapter.start:
            entry["endTime"] = _number(chapter.end)
        if url:
            entry["url"] = url
        items.append(entry)
    data: dict[str, object] = {"version": CHAPTERS_VERSION}
    if title and title.strip():
        data["title"] = _one_line(title)
    if podcast_name and podcast_name.strip():
        data["podcastName"] = _one_line(podcast_name)
    data["chapters"] = items
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
