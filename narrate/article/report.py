"""What ``narrate check`` says about an article's structure: the parts found, and the doubtful.

An editor sees at a glance whether the reader found the headline, the lead, the paragraphs,
the captions and the byline, and is warned where the structure looks wrong (a body read as
captions, a name left in the text), before a listener hears it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from narrate.article.structure import looks_like_name
from narrate.models import Article

__all__ = ["StructureReport", "structure_report"]

# More than this share of the body's characters in captions: the body was probably misread.
_MAX_CAPTION_SHARE = 0.5


@dataclass(frozen=True)
class StructureReport:
    """The parts found in one article, and what about them needs a human."""

    title: str
    published: str | None  # "dd/mm/yyyy HH:MM", Vietnam time
    lead: bool
    paragraphs: int
    headings: int
    captions: int
    author: str | None
    source: str | None
    doubts: tuple[str, ...] = ()

    @property
    def needs_human(self) -> bool:
        return bool(self.doubts)

    def lines(self) -> list[str]:
        """One line of the parts, then one line per doubt."""
        if self.author and self.source:
            credit = f"byline '{self.author}', source '{self.source}'"
        elif self.author:
            credit = f"byline '{self.author}'"
        elif self.source:
            credit = f"source '{self.source}'"
        else:
            credit = "byline none"
        parts = [
            f"title '{self.title}'",
            f"date {self.published or 'none'}",
            "lead" if self.lead else "no lead",
            _count(self.paragraphs, "paragraph"),
            _count(self.headings, "subheading"),
            _count(self.captions, "caption"),
            credit,
        ]
        return ["structure: " + " · ".join(parts), *(f"doubtful: {d}" for d in self.doubts)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published,
            "lead": self.lead,
            "paragraphs": self.paragraphs,
            "headings": self.headings,
            "captions": self.captions,
            "author": self.author,
            "source": self.source,
            "doubts": list(self.doubts),
        }


def structure_report(article: Article) -> StructureReport:
    """The structure :mod:`narrate.article.structure` found in ``article``, with its doubts."""
    kinds = [block.kind for block in article.blocks]
    return StructureReport(
        title=article.title,
        published=f"{article.published:%d/%m/%Y %H:%M}" if article.published else None,
        lead=article.lead is not None,
        paragraphs=kinds.count("paragraph"),
        headings=kinds.count("heading"),
        captions=kinds.count("caption"),
        author=article.author,
        source=article.source_line,
        doubts=tuple(_doubts(article)),
    )


def _doubts(article: Article) -> list[str]:
    doubts: list[str] = []
    body = sum(len(b.text) for b in article.blocks if b.kind != "heading")
    captions = sum(len(b.text) for b in article.blocks if b.kind == "caption")
    if body and captions > _MAX_CAPTION_SHARE * body:
        doubts.append(
            f"most of the body is captions ({captions} of {body} characters); check that the "
            "paragraphs end with a full stop"
        )
    last = article.blocks[-1] if article.blocks else None
    if (
        last is not None
        and article.author is None
        and article.source_line is None
        and last.kind in ("paragraph", "heading")
        and looks_like_name(last.text)
    ):
        doubts.append(
            f"the last line '{last.text}' looks like a name but was not taken as a byline; "
            "if it is the author, write it as a byline (such as 'Bài: …')"
        )
    return doubts


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
