"""Real newsroom copy (issue 13): every shape of VI-NEWS-LAYOUTS §3 and each failing class,
read as an announcer would. The rows live in ``newsroom_cases.py`` (one table per class)."""

from __future__ import annotations

import pytest

from narrate.speech import verbalize
from tests.speech.newsroom_cases import CASES

CLASSES = tuple(CASES)
ROWS = [(name, written, spoken) for name in CLASSES for written, spoken in CASES[name]]


@pytest.mark.parametrize(("kind", "written", "spoken"), ROWS)
def test_newsroom_shapes_are_read_as_an_announcer_reads_them(
    kind: str, written: str, spoken: str
) -> None:
    assert verbalize(written) == spoken, kind


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_class_has_at_least_thirty_rows_of_its_own(name: str) -> None:
    assert len(CASES[name]) >= 30
