"""The episode catalog: one SQLite file per feed, outside the public folder.

The feed is rebuilt from the catalog, never edited in place, so the catalog is the one
record of what was published. Rows are updated in place on re-publish (same guid).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from narrate.errors import CatalogError
from narrate.models import Episode, TimedSegment

SCHEMA_VERSION = 3
LOCK_WAIT_SECONDS = 30
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
    removed         TEXT,
    timeline        TEXT NOT NULL DEFAULT '[]',
    image           TEXT
);
CREATE INDEX IF NOT EXISTS episodes_released ON episodes (released);
CREATE TABLE IF NOT EXISTS followed (
    source    TEXT NOT NULL,   -- the site feed followed (URL or file)
    item_key  TEXT NOT NULL,   -- the item's link, else its guid
    guid      TEXT NOT NULL,   -- the episode it became
    seen      TEXT NOT NULL,
    PRIMARY KEY (source, item_key)
);
"""
COLUMNS = (
    "guid", "article_key", "title", "article_date", "released", "updated", "duration", "size",
    "file_name", "text_hash", "engine", "voice", "description", "link", "author",
    "segment_starts", "segment_keys", "removed", "timeline", "image",
)  # fmt: skip
# Columns added after version 1, with their definitions, so old catalogs upgrade in place.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE episodes ADD COLUMN segment_keys TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE episodes ADD COLUMN removed TEXT",
    ),
    3: (
        "ALTER TABLE episodes ADD COLUMN timeline TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE episodes ADD COLUMN image TEXT",
        "CREATE TABLE IF NOT EXISTS followed (source TEXT NOT NULL, item_key TEXT NOT NULL, "
        "guid TEXT NOT NULL, seen TEXT NOT NULL, PRIMARY KEY (source, item_key))",
    ),
}


class Catalog:
    """A feed's episodes. Use as a context manager; each write is its own transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._prepare_patiently()
            self._db.isolation_level = ""  # back to implicit transactions for the writes
        except sqlite3.DatabaseError as exc:
            raise CatalogError(
                f"catalog {path} is unreadable ({exc}); restore it from a backup"
            ) from None
        except OSError as exc:
            raise CatalogError(f"cannot open catalog {path}: {exc.strerror}") from None

    def _prepare_patiently(self) -> None:
        """SQLite answers "database is locked" at once, without waiting, when two runs switch
        a new catalog to WAL at the same moment: try again for as long as a write may wait."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                self._prepare()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _prepare(self) -> None:
        """WAL mode and the current schema. Runs that open the catalog at the same moment
        (cron and an editor) wait for each other: the upgrade takes the write lock first."""
        db = self._db
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CatalogError(
                    f"catalog {self.path} was written by a newer narrate; upgrade narrate to use it"
                )
            if version == 0:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
            else:
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[target]:
                        db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

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

    def followed(self, source: str) -> dict[str, str]:
        """Items of site feed ``source`` seen so far → the guid of the episode each became
        ("" for an item passed over on the first run)."""
        rows = self._query("SELECT item_key, guid FROM followed WHERE source = ?", (source,))
        return dict(rows.fetchall())

    def article_keys(self) -> set[str]:
        return {key for (key,) in self._query("SELECT article_key FROM episodes", ())}

    def mark_followed(self, source: str, item_key: str, guid: str, seen: datetime) -> None:
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR IGNORE INTO followed VALUES (?, ?, ?, ?)",
                    (source, item_key, guid, seen.isoformat()),
                )
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot write catalog {self.path}: {exc}") from None

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
        json.dumps([_timed_row(t) for t in episode.timeline], ensure_ascii=False), episode.image,
    )  # fmt: skip


def _timed_row(segment: TimedSegment) -> list[object]:
    return [segment.index, segment.part_index, segment.kind, segment.written,
            segment.start, segment.end]  # fmt: skip


def _episode(row: tuple) -> Episode:
    data = dict(zip(COLUMNS, row, strict=True))
    for key in ("article_date", "released", "updated", "removed"):
        data[key] = datetime.fromisoformat(data[key]) if data[key] else None
    data["segment_starts"] = tuple(json.loads(data["segment_starts"]))
    data["segment_keys"] = tuple(json.loads(data["segment_keys"]))
    data["timeline"] = tuple(TimedSegment(*values) for values in json.loads(data["timeline"]))
    return Episode(**data)
