"""The episode catalog: one SQLite file per feed, outside the public folder.

The feed is rebuilt from the catalog, never edited in place, so the catalog is the one
record of what was published. Rows are updated in place on re-publish (same guid).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from narrate.errors import CatalogError
from narrate.models import Episode

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS episodes (
    guid            TEXT PRIMARY KEY,
    article_key     TEXT NOT NULL,
    title           TEXT NOT NULL,
    article_date    TEXT,
    released        TEXT NOT NULL,
    updated         TEXT,
    duration        REAL NOT NULL,
    size            INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    text_hash       TEXT NOT NULL,
    engine          TEXT NOT NULL,
    voice           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    link            TEXT,
    author          TEXT,
    segment_starts  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS episodes_released ON episodes (released);
"""
COLUMNS = (
    "guid", "article_key", "title", "article_date", "released", "updated", "duration", "size",
    "file_name", "text_hash", "engine", "voice", "description", "link", "author",
    "segment_starts",
)  # fmt: skip


class Catalog:
    """A feed's episodes. Use as a context manager; each write is its own transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CatalogError(
                    f"catalog {path} was written by a newer narrate; upgrade narrate to use it"
                )
            with self._db:
                self._db.executescript(SCHEMA)
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise CatalogError(
                f"catalog {path} is unreadable ({exc}); restore it from a backup"
            ) from None
        except OSError as exc:
            raise CatalogError(f"cannot open catalog {path}: {exc.strerror}") from None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(self, guid: str) -> Episode | None:
        row = self._query("SELECT * FROM episodes WHERE guid = ?", (guid,)).fetchone()
        return _episode(row) if row else None

    def episodes(self, limit: int | None = None) -> list[Episode]:
        """Newest release first, as the feed lists them."""
        sql = "SELECT * FROM episodes ORDER BY released DESC, article_date DESC, guid DESC"
        params: tuple[object, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [_episode(row) for row in self._query(sql, params)]

    def file_names(self) -> set[str]:
        return {row[0] for row in self._query("SELECT file_name FROM episodes", ())}

    def upsert(self, episode: Episode) -> None:
        values = _row(episode)
        placeholders = ", ".join("?" for _ in COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "guid")
        sql = (
            f"INSERT INTO episodes ({', '.join(COLUMNS)}) VALUES ({placeholders}) "
            f"ON CONFLICT (guid) DO UPDATE SET {updates}"
        )
        try:
            with self._db:
                self._db.execute(sql, values)
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot write catalog {self.path}: {exc}") from None

    def _query(self, sql: str, params: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot read catalog {self.path}: {exc}") from None


@contextmanager
def open_catalog(path: Path) -> Iterator[Catalog]:
    catalog = Catalog(path)
    try:
        yield catalog
    finally:
        catalog.close()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _row(episode: Episode) -> tuple[object, ...]:
    return (
        episode.guid, episode.article_key, episode.title, _iso(episode.article_date),
        _iso(episode.released), _iso(episode.updated), float(episode.duration), episode.size,
        episode.file_name, episode.text_hash, episode.engine, episode.voice, episode.description,
        episode.link, episode.author, json.dumps(list(episode.segment_starts)),
    )  # fmt: skip


def _episode(row: tuple) -> Episode:
    data = dict(zip(COLUMNS, row, strict=True))
    for key in ("article_date", "released", "updated"):
        data[key] = datetime.fromisoformat(data[key]) if data[key] else None
    data["segment_starts"] = tuple(json.loads(data["segment_starts"]))
    return Episode(**data)
