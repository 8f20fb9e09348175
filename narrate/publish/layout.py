"""Names of the files that travel with an episode's MP3 in ``public/episodes/``.

They share the MP3's name (which carries a hash of its content), so a transcript can never
describe other audio than the file beside it, and old ones go when the MP3 goes.
"""

from __future__ import annotations

from typing import Literal

SideKind = Literal["vtt", "srt", "html", "chapters"]

# kind → (suffix, MIME type as podcast apps expect it)
SIDE_FILES: dict[SideKind, tuple[str, str]] = {
    "vtt": (".vtt", "text/vtt"),
    "srt": (".srt", "application/x-subrip"),
    "html": (".html", "text/html"),
    "chapters": (".chapters.json", "application/json+chapters"),
}


def side_name(file_name: str, kind: SideKind) -> str:
    """``2020-06-03-lua-abc1234567.mp3`` → ``2020-06-03-lua-abc1234567.vtt`` (etc.)."""
    stem = file_name.removesuffix(".mp3")
    return stem + SIDE_FILES[kind][0]


BROADCAST_SUFFIX = ".wav"  # the radio delivery ([broadcast] wav = true): not in the feed


def broadcast_name(file_name: str) -> str:
    return file_name.removesuffix(".mp3") + BROADCAST_SUFFIX


def side_names(file_name: str, *, broadcast: bool = False) -> list[str]:
    """Every file that travels with the MP3 (with the broadcast WAV when there is one)."""
    names = [side_name(file_name, kind) for kind in SIDE_FILES]
    return [*names, broadcast_name(file_name)] if broadcast else names
