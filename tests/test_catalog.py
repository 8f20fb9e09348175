from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from narrate.catalog import Catalog
from narrate.errors import CatalogError
from narrate.models import Episode

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def episode(guid: str, released: datetime = T0, **changes: object) -> Episode:
    base = Episode(
        guid=guid, article_key=f"text:{guid}", title=f"Bài {guid}", article_date=T0,
        released=released, duration=12.345, size=1000, file_name=f"{guid}.mp3",
        text_hash="h1", engine="espeak", voice="north", segment_starts=(0.25, 3.5),
    )  # fmt: skip
    return replace(base, **changes)


def test_an_episode_round_trips_through_a_real_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with Catalog(path) as catalog:
        catalog.upsert(episode("a"))
    with Catalog(path) as catalog:
        assert catalog.get("a") == episode("a")
        assert catalog.get("b") is None
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_re_publishing_updates_in_place(tmp_path: Path) -> None:
    with Catalog(tmp_path / "c.sqlite") as catalog:
        catalog.upsert(episode("a"))
        catalog.upsert(episode("a", title="Sửa", text_hash="h2", duration=20.5))
        assert len(catalog.episodes()) == 1
        stored = catalog.get("a")
        assert stored is not None and stored.title == "Sửa" and stored.duration == 20.5


def test_episodes_are_listed_newest_first(tmp_path: Path) -> None:
    with Catalog(tmp_path / "c.sqlite") as catalog:
        for i, guid in enumerate("abc"):
            catalog.upsert(episode(guid, released=T0 + timedelta(hours=i)))
        assert [e.guid for e in catalog.episodes()] == ["c", "b", "a"]
        assert [e.guid for e in catalog.episodes(limit=2)] == ["c", "b"]
        assert catalog.file_names() == {"a.mp3", "b.mp3", "c.mp3"}


def test_a_corrupt_catalog_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogError, match="unreadable"):
        Catalog(path)
