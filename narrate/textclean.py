"""The one text cleaner at every door: pages, feeds, Word files, feed files and flags.

Text from outside may hold characters that are never read aloud and that break what comes
after: controls XML 1.0 forbids (a feed with U+FFFF or ESC is not well-formed), C1 controls
(U+0085 is a line break in disguise and cut titles short), bidi overrides that reverse what a
terminal, an ID3 tag or a page shows (U+202E), and zero-width spaces that a browser copy leaves
between syllables. Every reader calls :func:`clean_text` (paragraphs, one per line) or
:func:`clean_line` (titles, names: one line) as text enters, and :func:`clean_markup` on a
page or a feed before it is parsed, so later rules see one spelling.

A zero-width space is a word gap: Vietnamese writes one syllable per word, and a ZWSP between
two syllables ("Hội\\u200bnghị") must read as "Hội nghị", never "Hộinghị".
"""

from __future__ import annotations

import html
import re

__all__ = [
    "VIETNAMESE_LETTERS",
    "clean_line",
    "clean_markup",
    "clean_text",
    "has_vietnamese_letters",
]

# Line ends in every spelling: CR LF, CR, NEL (U+0085), LINE and PARAGRAPH SEPARATOR, and the
# vertical tab and form feed a word processor leaves for a line or page break.
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# A zero-width space between two visible characters is a gap between words.
_ZWSP_GAP = re.compile(r"(?<=[^\s\u200b])\u200b+(?=[^\s\u200b])")
# Never spoken, never shown: C0 controls but tab and line feed, DEL and the C1 block, bidi
# embeddings, overrides and isolates, zero-width characters, the BOM, lone surrogates and the
# two non-characters XML 1.0 forbids.
_UNSPEAKABLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff"
)
# Markup keeps the soft hyphen: byte 0xAD is "ư" in a page typed in the TCVN3 font encoding,
# repaired after parsing; the paragraphs are cleaned again then, and it goes.
_DROP_IN_MARKUP = re.compile(f"[{_UNSPEAKABLE}]")
_DROP = re.compile(f"[{_UNSPEAKABLE}\u00ad]")
_SPACES = re.compile(r"[^\S\n]+")
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")


def _vietnamese_letters() -> frozenset[str]:
    """The letters Vietnamese writes with its marks: đ, and vowels with a shape or a tone."""
    import unicodedata

    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {"đ", "Đ"}
    for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        for tone in tones:
            letter = unicodedata.normalize("NFC", vowel + tone)
            if not letter.isascii():
                letters |= {letter, letter.upper()}
    return frozenset(letters)


VIETNAMESE_LETTERS = _vietnamese_letters()


def clean_text(text: str) -> str:
    """Multi-line text with LF line ends, no unspeakable characters, in NFC.

    Spacing inside a line is kept (a reader collapses it when it splits paragraphs); tabs stay.
    """
    # Imported here: narrate.article's readers import this module as they load.
    from narrate.article.encoding import compose_vietnamese

    return compose_vietnamese(_clean(text, _DROP))


def _clean(text: str, drop: re.Pattern[str]) -> str:
    return drop.sub("", _ZWSP_GAP.sub(" ", _LINE_BREAKS.sub("\n", text)))


def clean_line(text: str) -> str:
    """One line for a title or a name: line breaks and tabs become spaces, runs of space one."""
    return " ".join(_SPACES.sub(" ", clean_text(text).replace("\n", " ")).split())


def clean_markup(markup: str) -> str:
    """:func:`clean_text` for HTML or XML source, numeric references included.

    ``&#xFFFF;`` or ``&#1;`` in one paragraph made lxml give up on the whole page; such a
    reference (and a ZWSP or bidi override written as one) becomes its character, which the
    cleaner then drops or turns into a gap like any other. Not composed (NFC): the readers do
    that per paragraph, after repairing legacy font encodings.
    """
    return _clean(_NUMERIC_REFERENCE.sub(_unspeakable_reference, markup), _DROP_IN_MARKUP)


def _unspeakable_reference(match: re.Match[str]) -> str:
    """The character a reference names when the cleaner must see it, else the reference."""
    char = html.unescape(match.group())
    if not char or _DROP_IN_MARKUP.fullmatch(char) or _LINE_BREAKS.fullmatch(char):
        return char
    return match.group()


def has_vietnamese_letters(text: str) -> bool:
    """Whether ``text`` holds a letter with a Vietnamese mark: every Vietnamese article does,
    a system file, a config or an English note does not."""
    return not VIETNAMESE_LETTERS.isdisjoint(text)
