"""The plain data that flows between stages.

``Article`` (what was written) → ``Script`` (what to say) → ``Segment`` (what one engine call
speaks) → ``EpisodeAudio`` (joined PCM with timings) → ``Episode`` (a catalog row) → feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

BlockKind = Literal["lead", "heading", "paragraph", "caption"]
PartKind = Literal[
    "title", "notice", "lead", "heading", "paragraph", "caption", "credit", "closing"
]


@dataclass(frozen=True)
class Block:
    """One body element of an article, in reading order."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Article:
    """An article as the newspaper wrote it, print furniture removed.

    ``blocks`` keeps captions where they stand so a blind listener hears the photo described
    at the point a sighted reader sees it. ``warnings`` lists the fallbacks the reader took.
    """

    title: str
    blocks: tuple[Block, ...]
    published: datetime | None = None  # aware, Asia/Ho_Chi_Minh
    source_code: str | None = None  # dateline marker such as "ĐTO"
    author: str | None = None  # the people or team the byline names, as printed
    # An outlet or agency the byline credits ("Theo TTXVN", "Nguồn: …"): said with the source
    # template, never a podcast:person.
    source_line: str | None = None
    url: str | None = None  # canonical URL when known
    image: str | None = None  # the article's lead photo (an http(s) URL), when the page names one
    source: str = ""  # where it was read from (file path), for messages
    warnings: tuple[str, ...] = ()

    @property
    def lead(self) -> str | None:
        for block in self.blocks:
            if block.kind == "lead":
                return block.text
        return None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind in ("lead", "paragraph"))

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")


@dataclass(frozen=True)
class Sentence:
    """A sentence as written (for transcripts) and as it will be said (for the engine)."""

    written: str
    spoken: str


@dataclass(frozen=True)
class ScriptPart:
    """A title, paragraph, caption or credit: the unit pauses and chapters are built on."""

    kind: PartKind
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Script:
    """Everything the episode will say, in order."""

    title: str
    parts: tuple[ScriptPart, ...]


@dataclass(frozen=True)
class Segment:
    """One engine call: at most the engine's character limit of spoken text."""

    index: int
    part_index: int
    kind: PartKind
    written: str
    spoken: str
    pause_after: float  # seconds of silence after this segment


@dataclass(frozen=True)
class TimedSegment:
    """Where one segment's speech sits in the finished episode, for transcripts and chapters.

    ``start``/``end`` are the speech itself (first and last sample above −40 dBFS), not the
    silence around it, so a caption appears as the voice starts.
    """

    index: int
    part_index: int
    kind: PartKind
    written: str  # "" on the later pieces of a sentence cut for the engine
    start: float
    end: float


@dataclass(frozen=True)
class EpisodeAudio:
    """Joined mono 16-bit PCM with the time each segment starts, for transcripts/chapters."""

    pcm: bytes
    sample_rate: int
    segment_starts: tuple[float, ...]
    # (onset, end) of each segment's speech: its first and last sample above −40 dBFS
    segment_speech: tuple[tuple[float, float], ...] = ()

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


@dataclass(frozen=True)
class Episode:
    """A catalog row: everything the feed needs about one published article."""

    guid: str
    article_key: str
    title: str
    article_date: datetime | None
    released: datetime  # first release time, kept on re-publish
    duration: float
    size: int
    file_name: str
    text_hash: str
    engine: str
    voice: str
    description: str = ""
    link: str | None = None
    author: str | None = None
    segment_starts: tuple[float, ...] = field(default=())
    updated: datetime | None = None
    segment_keys: tuple[str, ...] = ()  # cache keys of its segments, so prune keeps them
    removed: datetime | None = None  # retracted: off the feed, kept here as a record
    timeline: tuple[TimedSegment, ...] = ()  # every segment's written text and speech times
    image: str | None = None  # the article's lead photo URL, if any
