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

SCHEMA_VERSION = 2
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
    segment_starts  TEXT NOT NULL DEFAULT '[]',
    segment_keys    TEXT NOT NULL DEFAULT '[]',
    removed         TEXT
);
CREATE INDEX IF NOT EXISTS episodes_released ON episodes (released);
"""
COLUMNS = (
    "guid", "article_key", "title", "article_date", "released", "updated", "duration", "size",
    "file_name", "text_hash", "engine", "voice", "description", "link", "author",
    "segment_starts", "segment_keys", "removed",
)  # fmt: skip
# Columns added after version 1, with their definitions, so old catalogs upgrade in place.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE episodes ADD COLUMN segment_keys TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE episodes ADD COLUMN removed TEXT",
    ),
}


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
                if version == 0:
                    self._db.executescript(SCHEMA)
                for target in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
                    if version:
                        for statement in MIGRATIONS[target]:
                            self._db.execute(statement)
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

    def episodes(self, limit: int | None = None, *, removed: bool = False) -> list[Episode]:
        """Newest release first, as the feed lists them; retracted ones only if asked."""
        where = "" if removed else "WHERE removed IS NULL "
        sql = f"SELECT * FROM episodes {where}ORDER BY released DESC, article_date DESC, guid DESC"
        params: tuple[object, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [_episode(row) for row in self._query(sql, params)]

    def file_names(self) -> set[str]:
        """Audio files the feed may point at (retracted episodes' files are gone)."""
        sql = "SELECT file_name FROM episodes WHERE removed IS NULL"
        return {row[0] for row in self._query(sql, ())}

    def segment_keys(self) -> set[str]:
        """Cache keys any episode, listed or retracted, was made from."""
        rows = self._query("SELECT segment_keys FROM episodes", ())
        return {key for (keys,) in rows for key in json.loads(keys)}

    def find(self, ident: str) -> list[Episode]:
        """Episodes whose guid starts with ``ident`` or whose file name is ``ident``."""
        rows = self._query(
            "SELECT * FROM episodes WHERE guid LIKE ? ESCAPE '\\' OR file_name = ?",
            (ident.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", ident),
        )
        return [_episode(row) for row in rows]

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
        json.dumps(list(episode.segment_keys)), _iso(episode.removed),
    )  # fmt: skip


def _episode(row: tuple) -> Episode:
    data = dict(zip(COLUMNS, row, strict=True))
    for key in ("article_date", "released", "updated", "removed"):
        data[key] = datetime.fromisoformat(data[key]) if data[key] else None
    data["segment_starts"] = tuple(json.loads(data["segment_starts"]))
    data["segment_keys"] = tuple(json.loads(data["segment_keys"]))
    return Episode(**data)
