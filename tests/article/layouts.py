"""Score the layout corpus (tests/fixtures/layouts): which articles come out with exactly the
right parts. ``python -m tests.article.layouts`` prints the table per layout."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from narrate.article import read_article
from narrate.article.structure import MAX_PARAGRAPH_CHARS
from narrate.errors import NarrateError
from narrate.models import Article
from narrate.speech import split_sentences

CORPUS = Path(__file__).parent.parent / "fixtures" / "layouts"
EXPECTED: dict[str, dict[str, object]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def wrong_parts(article: Article, expected: dict[str, object]) -> list[str]:
    """Every part of ``article`` that differs from what the corpus expects, as "part: got"."""
    kinds = [block.kind for block in article.blocks]
    paragraphs = [b.text for b in article.blocks if b.kind == "paragraph"]
    found = {
        "title": article.title,
        "author": article.author,
        "source": article.source_line,
        "captions": kinds.count("caption"),
        "headings": kinds.count("heading"),
        "first": split_sentences(article.lead or "")[:1] and split_sentences(article.lead)[0],
        "last": split_sentences(paragraphs[-1])[-1] if paragraphs else None,
    }
    wrong = [f"{key}: {value!r}" for key, value in found.items() if value != expected[key]]
    texts = [article.title, *(block.text for block in article.blocks)]
    for furniture in expected["absent"]:  # type: ignore[attr-defined]
        if any(furniture in text for text in texts):
            wrong.append(f"furniture kept: {furniture!r}")
    if any(len(text) > MAX_PARAGRAPH_CHARS for text in paragraphs):
        wrong.append("a paragraph longer than the limit")
    return wrong


def read(name: str) -> Article:
    return read_article(CORPUS / name)


def score() -> dict[str, tuple[int, int]]:
    """(articles with exactly the right parts, articles) per layout."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for name, expected in EXPECTED.items():
        layout = str(expected["layout"])
        total[layout] += 1
        try:
            ok = not wrong_parts(read(name), expected)
        except NarrateError:
            ok = False
        right[layout] += ok
    return {layout: (right[layout], total[layout]) for layout in sorted(total)}


def main() -> None:
    print(f"{'layout':<10} {'right':>5} / {'of':<3}")
    for layout, (good, count) in score().items():
        print(f"{layout:<10} {good:>5} / {count:<3}")
    for name, expected in EXPECTED.items():
        try:
            wrong = wrong_parts(read(name), expected)
        except NarrateError as exc:
            wrong = [str(exc)]
        if wrong:
            print(f"  {name}: {'; '.join(wrong)}")


if __name__ == "__main__":
    main()
