"""Bounds on what narrate reads and speaks, so hostile or mistaken input fails in one line.

A feed file or a list named ``/dev/zero`` must not be read forever, a FIFO must not hang the
run, and a 4.5 MB single line must not become 140,000 segments and hours of speech nobody asked
for. Each bound is generous for real news (a 3-hour episode fits the defaults) and each
message says how to go past it when the input really is that big.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from narrate.errors import InputError, NarrateError

__all__ = [
    "MAX_FEED_FILE_BYTES",
    "MAX_PARAGRAPHS",
    "MAX_SEGMENTS",
    "MAX_SPOKEN_MINUTES",
    "check_paragraphs",
    "check_speech_size",
    "read_regular_file",
]

MAX_FEED_FILE_BYTES = 1024 * 1024  # a commented feed file is a few kilobytes
# A 3-hour episode of short sentences (~8 words each, at up to 220 words a minute) is about
# 5,000 segments; both bounds leave room past a 3-hour episode and stop a runaway at once.
MAX_SEGMENTS = 10_000
# A 3-hour article has a few thousand paragraphs; past this a text file is a list or a dump,
# refused before the layout rules (which compare lines with their neighbours) read it.
MAX_PARAGRAPHS = 20_000
MAX_SPOKEN_MINUTES = 240
# The estimate reads fast (a quick newsreader, ~200 words a minute at rate 1.0), so a real
# 3-hour article is never refused by an estimate that ran long.
WORDS_PER_MINUTE = 200


def read_regular_file(
    path: Path, *, limit: int, what: str, error: type[NarrateError] = InputError
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Opened without blocking and checked on the open file, so a FIFO, a device such as
    ``/dev/zero`` or a directory is refused before a byte is read, whatever was swapped in
    after a check by name. Raises ``error`` with one line naming ``what`` and ``path``.
    """
    shown = str(path) if str(path).isprintable() else repr(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error(f"{what} {shown} does not exist; check the path") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "not a valid path"
        raise error(f"cannot read {what} {shown}: {reason}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise error(f"{what} {shown} is a folder; give the path of a file")
        raise error(f"{what} {shown} is not a regular file (a device or a pipe); give a file")
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(limit + 1)  # one byte more: the file may be growing
        except OSError as exc:
            raise error(f"cannot read {what} {shown}: {exc.strerror}") from None
    if len(data) > limit:
        raise error(
            f"{what} {shown} is larger than {limit // 1024:,} KB; check that it is the right file"
        )
    return data


def check_paragraphs(name: str, text: str, limit: int = MAX_PARAGRAPHS) -> None:
    """Refuse text of more paragraphs (non-empty lines) than any article has, before parsing."""
    count = sum(1 for line in text.split("\n") if line.strip())
    if count > limit:
        raise InputError(
            f"{name} has {count:,} paragraphs, more than any article ({limit:,}); check that it "
            "is one article, or split it"
        )


def check_speech_size(
    name: str,
    segments: int,
    words: int,
    *,
    max_segments: int = MAX_SEGMENTS,
    max_minutes: float = MAX_SPOKEN_MINUTES,
    rate: float = 1.0,
) -> None:
    """Refuse an article that would be spoken for longer than anyone meant, before speaking.

    The spoken time is estimated from the words at the newsreader's pace, sped up by ``rate``.
    Raises :class:`InputError` naming the flags that raise the bounds.
    """
    if segments > max_segments:
        raise InputError(
            f"{name} would be {segments:,} segments, over the limit of {max_segments:,}; "
            "check that it is one article, or raise the limit with --max-segments"
        )
    minutes = words / (WORDS_PER_MINUTE * max(rate, 0.1))
    if minutes > max_minutes:
        raise InputError(
            f"{name} would be spoken for about {minutes:,.0f} minutes, over the limit of "
            f"{max_minutes:,.0f}; check that it is one article, or raise the limit with "
            "--max-minutes"
        )
