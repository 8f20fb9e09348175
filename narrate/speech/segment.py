"""Cutting a sentence too long for one engine call into pieces, without changing what is said.

Some engines refuse or garble long inputs (the seed article has sentences over 500 characters).
A cut at a clause mark sounds like the pause a reader takes anyway; a cut between words is the
fallback, and a cut inside a word only happens to a "word" longer than the limit.
"""

from __future__ import annotations

import unicodedata
from typing import Final

CLAUSE_MARKS: Final = ";:,–—"
# A clause mark may be followed by the quote or bracket it closes: "…đổi mới,” và …".
_CLOSERS: Final = "”\"’')]»"


def _is_clause_cut(text: str, space: int) -> bool:
    """Whether the space at ``space`` follows a clause mark (possibly inside a closing quote)."""
    before = space - 1
    while before >= 0 and (text[before].isspace() or text[before] in _CLOSERS):
        before -= 1
    return before >= 0 and text[before] in CLAUSE_MARKS


def _cut_point(text: str, limit: int) -> int:
    """Where to end the next piece of ``text`` (which starts with a non-space) so it fits."""
    last_space = 0
    for position in range(min(limit, len(text) - 1), 0, -1):
        if text[position].isspace():
            if _is_clause_cut(text, position):
                return position
            last_space = last_space or position
    if last_space:
        return last_space
    cut = limit
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1  # keep a tone mark with its letter
    return cut


def cut_long(sentence: str, limit: int) -> list[str]:
    """Cut ``sentence`` into stripped pieces of at most ``limit`` characters.

    Each piece ends at the last clause mark (; : , – —) that keeps it within the limit, else at
    the last space, else (one word longer than the limit) inside the word. Joined with single
    spaces the pieces give back the sentence's words. A blank sentence gives no pieces.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1 character, got {limit}")
    rest = sentence.strip()
    pieces: list[str] = []
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return _without_debris(pieces, limit)


def _without_debris(pieces: list[str], limit: int) -> list[str]:
    """No piece without a letter or digit: a lone mark joins the piece before it, or goes."""
    kept: list[str] = []
    for piece in pieces:
        if any(char.isalnum() for char in piece):
            kept.append(piece)
        elif kept and len(kept[-1]) + len(piece) <= limit:
            kept[-1] += piece
    return kept
