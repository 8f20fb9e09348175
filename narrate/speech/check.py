"""``narrate check``: what the text front end will do to an article, and what a human should see.

An editor wants to know, before publishing, every place where the episode will not say what is
printed: readings that changed (03/06/2020 → ngày ba tháng sáu …), abbreviations nobody taught
narrate (spelled letter by letter), readings it had to guess (ambiguous abbreviations, a "12.3"
with no date word around it), words that are no Vietnamese syllable (usually typos: "tryền"),
sentences still too long for the engine, and digit runs it could only read one by one.
``check_text`` is the library half; the CLI prints ``lines()`` or ``to_dict()`` as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from narrate.speech.lexicon import Lexicon
from narrate.speech.normalize import SPELLED, Span, verbalize_with_trace
from narrate.speech.sentences import split_sentences
from narrate.speech.syllables import is_syllable

# Foreign words common in Vietnamese news that are not typos even though no syllable is
# spelled like them. Names in capitals and words with f, j, w or z are skipped anyway.
LOANWORDS: Final[frozenset[str]] = frozenset(
    [
        "online",
        "offline",
        "internet",
        "video",
        "email",
        "e-mail",
        "website",
        "web",
        "game",
        "show",
        "marketing",
        "logo",
        "container",
        "smartphone",
        "laptop",
        "startup",
        "start-up",
        "livestream",
        "fanpage",
        "clip",
        "camera",
        "virus",
        "vaccine",
        "taxi",
        "radio",
        "selfie",
        "blog",
        "blogger",
        "app",
        "chip",
        "hacker",
        "test",
        "festival",
        "ok",
        "sale",
        "spa",
        "karaoke",
        "gym",
        "yoga",
        "trailer",
        "album",
        "concert",
        "teen",
        "fan",
        "idol",
        "tour",
        "hotline",
        "wifi",
        "pin",
        "robot",
        "cookie",
        "email",
        "digital",
        "drone",
        "ticket",
        "check",
        "in",
        "out",
        "top",
        "hit",
        "hot",
        "live",
        "stream",
        "streamer",
        "influencer",
        "tiktok",
        "youtube",
        "facebook",
        "zalo",
        "google",
        "apple",
        "iphone",
        "ipad",
        "android",
        "windows",
        "covid",
        "ebola",
        "gala",
        "golf",
        "tennis",
        "bar",
        "pub",
        "resort",
        "homestay",
        "villa",
        "sandwich",
        "pizza",
        "burger",
        "cafe",
        "menu",
        "ketchup",
        "bitcoin",
        "blockchain",
        "crypto",
        "metaverse",
    ]
)

_WORD: Final = re.compile(r"[^\W\d_]+")
_VIETNAMESE_ONLY: Final = frozenset("fjwz")


@dataclass(frozen=True)
class Location:
    """Where in the article: the title (paragraph None) or paragraph N; sentence N (1-based)."""

    paragraph: int | None
    sentence: int

    def __str__(self) -> str:
        part = "title" if self.paragraph is None else f"paragraph {self.paragraph}"
        return f"{part}, sentence {self.sentence}"

    def to_dict(self) -> dict[str, int | None]:
        return {"paragraph": self.paragraph, "sentence": self.sentence}


@dataclass(frozen=True)
class Change:
    """A span that will be said differently from how it is written, and the rule that decided."""

    where: Location
    written: str
    spoken: str
    rule: str

    def to_dict(self) -> dict[str, object]:
        return {
            **self.where.to_dict(),
            "written": self.written,
            "spoken": self.spoken,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Finding:
    """Something a human should look at: the text concerned and why."""

    where: Location
    text: str
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {**self.where.to_dict(), "text": self.text, "detail": self.detail}


@dataclass(frozen=True)
class CheckReport:
    """What ``narrate check`` found in one article."""

    sentences: int
    dialect: str
    max_chars: int
    changes: tuple[Change, ...]
    spelled: tuple[Finding, ...]
    ambiguous: tuple[Finding, ...]
    not_syllables: tuple[Finding, ...]
    too_long: tuple[Finding, ...]
    unclassified_numbers: tuple[Finding, ...]

    @property
    def needs_human(self) -> bool:
        """Whether anything needs an editor's eye (changed readings alone do not)."""
        return bool(
            self.spelled
            or self.ambiguous
            or self.not_syllables
            or self.too_long
            or self.unclassified_numbers
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-able report with stable keys."""
        return {
            "needs_human": self.needs_human,
            "sentences": self.sentences,
            "dialect": self.dialect,
            "max_chars": self.max_chars,
            "changes": [change.to_dict() for change in self.changes],
            "spelled": [finding.to_dict() for finding in self.spelled],
            "ambiguous": [finding.to_dict() for finding in self.ambiguous],
            "not_syllables": [finding.to_dict() for finding in self.not_syllables],
            "too_long": [finding.to_dict() for finding in self.too_long],
            "unclassified_numbers": [finding.to_dict() for finding in self.unclassified_numbers],
        }

    def lines(self) -> list[str]:
        """The report for a terminal: a verdict, then one line per change and per finding."""
        verdict = "needs a human" if self.needs_human else "nothing needs a human"
        lines = [
            f"{self.sentences} sentences checked ({self.dialect} reading, engine limit "
            f"{self.max_chars} characters): {verdict}."
        ]
        sections: tuple[tuple[str, Sequence[Finding]], ...] = (
            (
                "Spelled letter by letter (add to the feed's [lexicon] if said otherwise)",
                self.spelled,
            ),
            (
                "Guessed between readings: ambiguous abbreviations, d.m dates (confirm or "
                "decide in the feed's [lexicon])",
                self.ambiguous,
            ),
            ("Not Vietnamese syllables (typos?)", self.not_syllables),
            ("Still too long for the engine after verbalizing", self.too_long),
            ("Numbers read digit by digit (no reading fits them)", self.unclassified_numbers),
        )
        for title, findings in sections:
            if findings:
                lines.append(f"{title}: {len(findings)}")
                lines += [f"  {item.where}: {item.text!r} — {item.detail}" for item in findings]
        if self.changes:
            lines.append(f"Said differently from how it is written: {len(self.changes)}")
            lines += [
                f"  {change.where}: {change.written!r} → {change.spoken!r} ({change.rule})"
                for change in self.changes
            ]
        return lines


def _unusual_words(sentence: str, spans: Sequence[Span]) -> list[str]:
    """Words in text no rule claimed that no Vietnamese syllable is spelled like."""
    claimed = bytearray(len(sentence))
    for span in spans:
        claimed[span.start : span.end] = b"\x01" * (span.end - span.start)
    words = []
    for match in _WORD.finditer(sentence):
        word = match.group(0)
        if claimed.find(1, match.start(), match.end()) != -1 or is_syllable(word):
            continue
        lower = word.lower()
        if lower in LOANWORDS or set(lower) & _VIETNAMESE_ONLY:
            continue
        if word[:1].isupper() and word.isascii():
            continue  # a foreign name: Trump, Messi, Samsung
        words.append(word)
    return words


def check_text(
    title: str,
    paragraphs: Sequence[str],
    *,
    dialect: str = "north",
    lexicon: Lexicon | Mapping[str, str] | None = None,
    max_chars: int = 400,
) -> CheckReport:
    """Verbalize ``title`` and ``paragraphs`` as the pipeline would, and report what it did."""
    words = Lexicon.coerce(lexicon)
    changes: list[Change] = []
    findings: dict[str, list[Finding]] = {
        "spelled": [],
        "ambiguous": [],
        "not_syllables": [],
        "too_long": [],
        "unclassified_numbers": [],
    }
    count = 0
    parts = [(None, title), *((number, text) for number, text in enumerate(paragraphs, 1))]
    for paragraph, text in parts:
        for index, sentence in enumerate(split_sentences(text), start=1):
            count += 1
            where = Location(paragraph, index)
            trace = verbalize_with_trace(sentence, dialect=dialect, lexicon=words)
            for span in trace.spans:
                if span.written != span.spoken:
                    changes.append(Change(where, span.written, span.spoken, span.rule))
                if span.note == SPELLED and len(span.written) > 1:
                    findings["spelled"].append(
                        Finding(where, span.written, f"said {span.spoken!r}")
                    )
                elif span.note.startswith("ambiguous"):
                    findings["ambiguous"].append(
                        Finding(where, span.written, f"said {span.spoken!r} ({span.note})")
                    )
                elif span.kind == "digits":
                    findings["unclassified_numbers"].append(
                        Finding(where, span.written, f"said {span.spoken!r}")
                    )
            for word in _unusual_words(trace.written, trace.spans):
                findings["not_syllables"].append(
                    Finding(where, word, "no Vietnamese syllable is spelled like this")
                )
            if len(trace.spoken) > max_chars:
                findings["too_long"].append(
                    Finding(
                        where,
                        sentence[:60] + ("…" if len(sentence) > 60 else ""),
                        f"{len(trace.spoken)} characters spoken > {max_chars}",
                    )
                )
    return CheckReport(
        sentences=count,
        dialect=dialect,
        max_chars=max_chars,
        changes=tuple(changes),
        **{name: tuple(items) for name, items in findings.items()},
    )
