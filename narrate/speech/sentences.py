"""Cutting written paragraphs into sentences, the unit a reader breathes on and a transcript shows.

A "." in Vietnamese news is as often an abbreviation (TP., GS.), an initial or a thousands
separator (1.890) as a full stop, so a split needs a space after it (which also keeps dates,
e-mail and web addresses whole) and must not follow a title or place abbreviation, nor a
capital letter after a name ("Nguyễn V. Bình"); a closing quote or bracket belongs to the
sentence it closes. "v.v." and other abbreviations do end a sentence when a capital follows.
"""

from __future__ import annotations

import re
from typing import Final

from narrate.speech.abbreviations import BEFORE_NAMES

# Abbreviations after which "." is not a full stop: titles and places that come before a name
# (TP. Cao Lãnh, GS. Lê, Q. 1). Compared with the last dotted part of the word before the dot,
# so "GS.TS." is covered by "TS". "v.v." is not here: it ends its sentence more often than not.
NO_BREAK_AFTER: Final[frozenset[str]] = frozenset(
    {key.rstrip(".").rsplit(".", 1)[-1] for key in BEFORE_NAMES}
    | {"TP", "Tp", "TX", "TT", "GS", "PGS", "TS", "ThS", "Ths", "BS", "KS", "LS", "Th"}
    | {"St", "Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Tr", "tr", "Nxb", "NXB"}
)

# A run of sentence-ending marks, then any closing quotes or brackets glued to it.
_END_MARKS: Final = re.compile(r"[.!?…]+[”\"’')\]»]*")
_OPENERS: Final = "“\"‘'([«"
# The first character after the spaces that follow a mark (matched in place: no copy of the line).
_NEXT_CHARACTER: Final = re.compile(r"\s*(\S)")
_WORD_WINDOW: Final = 200


def _is_abbreviation_dot(line: str, dot: int) -> bool:
    """Whether the "." at ``dot`` ends an abbreviation or an initial rather than a sentence."""
    start = dot
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    word = line[start:dot].lstrip(_OPENERS)
    if word in NO_BREAK_AFTER:
        return True
    last = word.rsplit(".", 1)[-1]
    if last in NO_BREAK_AFTER:
        return True
    if len(last) == 1 and last.isupper():
        # An initial ("Nguyễn V. Bình") follows a name; "loại A. Sau đó" ends a sentence.
        # (a window before the word, not the whole line: a body pasted as one line is long)
        previous = line[max(0, start - _WORD_WINDOW) : start].rstrip().rsplit(maxsplit=1)
        return not previous or previous[-1][:1].isupper()
    return False


def _is_sentence_end(line: str, mark: re.Match[str]) -> bool:
    end = mark.end()
    if end < len(line) and not line[end].isspace():
        return False  # 1.890, 03.06.2020, TP.HCM, "v.v" inside a word
    following = _NEXT_CHARACTER.match(line, end)
    if following is not None and following.group(1).islower():
        return False  # "… ông nói: “Tốt quá!” và cười" goes on
    if line[mark.start() : end].rstrip("”\"’')]»") == ".":
        return not _is_abbreviation_dot(line, mark.start())
    return True


def _split_line(line: str) -> list[str]:
    sentences = []
    start = 0
    for mark in _END_MARKS.finditer(line):
        if _is_sentence_end(line, mark):
            sentences.append(line[start : mark.end()])
            start = mark.end()
    sentences.append(line[start:])
    return sentences


def split_sentences(text: str) -> list[str]:
    """Split at . ! ? … and line breaks, not after abbreviations, initials or inside numbers.

    Sentences come back stripped; blank ones are dropped, and punctuation left alone (".",
    ").", "(?!)") joins the sentence before it, so no sentence is without a word to say. A
    number alone ("1." of a list) joins the sentence after it.
    """
    sentences: list[str] = []
    carried = ""
    for line in text.splitlines():
        for sentence in _split_line(line):
            sentence = sentence.strip()
            if not sentence:
                continue
            if carried:
                sentence, carried = f"{carried} {sentence}", ""
            if any(char.isalpha() for char in sentence):
                sentences.append(sentence)
            elif any(char.isdigit() for char in sentence) or not sentences:
                carried = sentence
            else:
                sentences[-1] = _glue(sentences[-1], sentence)
    if carried and sentences:
        sentences[-1] = _glue(sentences[-1], carried)
    elif carried and any(char.isdigit() for char in carried):
        sentences.append(carried)
    return sentences


def _glue(sentence: str, debris: str) -> str:
    """Punctuation debris after the sentence it belongs to: "… (?!)", "… ông A)."."""
    if debris[:1] in ".,;:!?…)]}”’»":
        return sentence + debris
    return f"{sentence} {debris}"
