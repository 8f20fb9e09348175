"""Article → Script → Segments: what the episode says, and how it is cut for an engine.

The title comes first, then the body in reading order with captions announced where they
stand (a blind listener cannot see the photo), then the author credit. Pauses carry the
structure a sighted reader gets from the layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from narrate.config import Announcements
from narrate.models import Article, PartKind, Script, ScriptPart, Segment, Sentence
from narrate.speech import cut_long, split_sentences, verbalize
from narrate.speech.lexicon import Lexicon
from narrate.speech.syllables import is_syllable

CAPTION_PREFIX = "Ảnh: "


@dataclass(frozen=True)
class Pauses:
    """Seconds of silence, chosen to sound like a radio newsreader."""

    sentence: float = 0.45
    clause: float = 0.15  # inside a sentence cut for an engine's limit
    paragraph: float = 0.9
    after_title: float = 1.2
    before_credit: float = 1.0


def credit_name(author: str) -> str:
    """A byline printed in capitals ("DŨNG CHINH") said as a name ("Dũng Chinh").

    Only syllables change: "CTV HẢI ĐĂNG" is "CTV Hải Đăng" and "TTXVN" stays an acronym.
    """

    def said(piece: str) -> str:
        return piece.capitalize() if piece.isupper() and is_syllable(piece.casefold()) else piece

    return " ".join(".".join(map(said, word.split("."))) for word in author.split())


def build_script(
    article: Article,
    *,
    announce: Announcements | None = None,
    publisher: str = "",
    dialect: str = "north",
    lexicon: Lexicon | Mapping[str, str] | None = None,
) -> Script:
    """Everything the episode will say, written and spoken side by side.

    Opening ("Báo …, ngày …: title"), the synthetic-voice notice, the body in reading order
    with captions announced, the author credit, the source credit and a closing line.
    """
    announce = announce or Announcements()
    words = Lexicon.coerce(lexicon)  # compiled once for every sentence
    values = {
        "publisher": announce.publisher or publisher,
        "title": article.title.rstrip(" .:;"),
        "author": credit_name(article.author) if article.author else "",
        "source": credit_name(article.source_line) if article.source_line else "",
        "date": f"ngày {article.published:%d/%m/%Y}" if article.published else "",
    }

    def part(kind: PartKind, text: str) -> ScriptPart:
        sentences = tuple(
            Sentence(written=s, spoken=verbalize(s, dialect=dialect, lexicon=words))
            for s in split_sentences(text)
        )
        return ScriptPart(kind=kind, sentences=sentences)

    if values["publisher"]:
        opening = announce.opening if article.published else announce.opening_undated
        parts = [part("title", opening.format_map(values))]
    else:
        parts = [part("title", article.title)]
    if announce.synthetic_notice:
        parts.append(part("notice", announce.notice.format_map(values)))
    for block in article.blocks:
        text = CAPTION_PREFIX + block.text if block.kind == "caption" else block.text
        parts.append(part(block.kind, text))
    if article.author and announce.credit:
        parts.append(part("credit", announce.credit.format_map(values)))
    if article.source_line and announce.source:
        # "Theo TTXVN": where the article came from, said as a source and never as an author
        parts.append(part("credit", announce.source.format_map(values)))
    if values["publisher"] and announce.closing:
        parts.append(part("closing", announce.closing.format_map(values)))
    return Script(title=article.title, parts=tuple(p for p in parts if p.sentences))


def to_segments(
    script: Script, max_chars: int | Callable[[str], int], pauses: Pauses | None = None
) -> list[Segment]:
    """Cut the script into engine calls no longer than ``max_chars``, each with its pause.

    ``max_chars`` may depend on the part's kind, when parts are spoken by different engines.

    A sentence cut into pieces keeps its written text on the first piece only, so a
    transcript shows it once.
    """
    pauses = pauses or Pauses()
    segments: list[Segment] = []
    for part_index, script_part in enumerate(script.parts):
        limit = max_chars(script_part.kind) if callable(max_chars) else max_chars
        for sentence_index, sentence in enumerate(script_part.sentences):
            pieces = cut_long(sentence.spoken, limit) or [sentence.spoken]
            for piece_index, piece in enumerate(pieces):
                last_piece = piece_index == len(pieces) - 1
                last_sentence = sentence_index == len(script_part.sentences) - 1
                segments.append(
                    Segment(
                        index=len(segments),
                        part_index=part_index,
                        kind=script_part.kind,
                        written=sentence.written if piece_index == 0 else "",
                        spoken=piece,
                        pause_after=(
                            pauses.clause
                            if not last_piece
                            else pauses.sentence
                            if not last_sentence
                            else _pause_after_part(script, part_index, pauses)
                        ),
                    )
                )
    return segments


def _pause_after_part(script: Script, part_index: int, pauses: Pauses) -> float:
    if part_index == len(script.parts) - 1:
        return 0.0
    if script.parts[part_index].kind in ("title", "notice"):
        return pauses.after_title
    if script.parts[part_index + 1].kind == "credit":
        return pauses.before_credit
    return pauses.paragraph
