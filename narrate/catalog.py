"""The episode catalog: one SQLite file per feed, outside the public folder.

The feed is rebuilt from the catalog, never edited in place, so the catalog is the one
record of what was published. Rows are updated in place on re-publish (same guid).
"""

from __future__ import annotations

import email.utils
import html
import json
import logging
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from narrate.errors import CatalogError, NarrateError
from narrate.files import atomic_write
from narrate.models import Episode, TimedSegment

log = logging.getLogger(__name__)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

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
    """A feed's episodes. Use as a context manager; each write is its own transaction.

    With a ``mirror`` folder (``public/.narrate/``), every episode written and every followed
    item is also kept there as JSON beside the public files, so a lost catalog can be rebuilt
    from what ``public/`` holds (``recover``): guids, first releases, retractions, digests.
    """

    def __init__(self, path: Path, mirror: Path | None = None) -> None:
        self.path = path
        self.mirror = mirror
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._prepare_patiently()
            self._db.isolation_level = "DEFERRED"  # back to implicit transactions for the writes
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
        return _readable(self._query(sql, params))

    def family(self, key: str) -> list[Episode]:
        """Episodes keyed ``key`` or ``key#N`` (other articles that came with one identity),
        oldest identity first, retracted ones included."""
        pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "#%"
        rows = self._query(
            "SELECT * FROM episodes WHERE article_key = ? OR article_key LIKE ? ESCAPE '\\' "
            "ORDER BY length(article_key), article_key",
            (key, pattern),
        )
        return _readable(rows)

    def is_empty(self) -> bool:
        """No episode at all: a new catalog, or one emptied or deleted by accident."""
        return self._query("SELECT 1 FROM episodes LIMIT 1", ()).fetchone() is None

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
        return _readable(rows)

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
        self._mirror_followed()

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
        if self.mirror is not None:
            record = dict(zip(COLUMNS, values, strict=True))
            self._keep(self.mirror / "episodes" / f"{episode.guid}.json", record)

    def _mirror_followed(self) -> None:
        """Every followed item, so a recovered catalog offers nothing it had taken."""
        if self.mirror is None:
            return
        rows = self._query("SELECT source, item_key, guid, seen FROM followed", ()).fetchall()
        self._keep(self.mirror / "followed.json", [list(row) for row in rows])

    def _keep(self, dest: Path, data: object) -> None:
        """Write a mirror file; the catalog row is what counts, so a failure only warns."""
        try:
            atomic_write(dest, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except NarrateError as exc:
            log.warning("the catalog's copy beside the public files is not up to date: %s", exc)

    def recover(self, feed: Path | None = None) -> RecoverCounts:
        """Add back every episode and followed item the mirror holds and this catalog lacks;
        then what ``feed`` (the feed XML) still lists with its MP3 on disk, for episodes
        published before the mirror was kept."""
        if self.mirror is None:
            raise CatalogError("no public folder to recover the catalog from")
        known = {e.guid for e in self.episodes(removed=True)}
        episodes = retracted = followed = 0
        for path in sorted((self.mirror / "episodes").glob("*.json")):
            try:
                episode = _episode(tuple(json.loads(path.read_text("utf-8"))[c] for c in COLUMNS))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("%s is unreadable, skipped: %s", path.name, exc)
                continue
            if episode.guid not in known:
                self.upsert(episode)
                known.add(episode.guid)
                episodes += 1
                retracted += episode.removed is not None
        if feed is not None and feed.is_file():
            for episode in episodes_from_feed(feed.read_bytes(), feed.parent / "episodes"):
                if episode.guid not in known:
                    self.upsert(episode)
                    episodes += 1
        try:
            rows = json.loads((self.mirror / "followed.json").read_text("utf-8"))
        except FileNotFoundError:
            rows = []
        except (OSError, ValueError) as exc:
            log.warning("the followed items are unreadable, skipped: %s", exc)
            rows = []
        for source, item_key, guid, seen in rows:
            if item_key not in self.followed(source):
                self.mark_followed(source, item_key, guid, datetime.fromisoformat(seen))
                followed += 1
        return RecoverCounts(episodes, retracted, followed)

    def _query(self, sql: str, params: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise CatalogError(f"cannot read catalog {self.path}: {exc}") from None


@dataclass(frozen=True)
class RecoverCounts:
    episodes: int  # added back (retracted ones included)
    retracted: int
    followed: int  # followed items added back


ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
_ARTICLE_DAY = re.compile(r"Bài đăng ngày (\d{2})/(\d{2})/(\d{4})")


def episodes_from_feed(xml: bytes, folder: Path) -> list[Episode]:
    """What a feed XML tells of its episodes whose MP3 is in ``folder``: guid, title, first
    release, size, duration, link. No digest: the next publish of each article re-renders it
    and updates it in place (same guid, same release). An article keyed by its address gets
    that key back, so ``follow`` knows it."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        log.warning("the feed cannot be read to recover episodes: %s", exc)
        return []
    found = []
    for item in root.iter("item"):
        enclosure = item.find("enclosure")
        guid = (item.findtext("guid") or "").strip()
        name = (enclosure.get("url") or "").rsplit("/", 1)[-1] if enclosure is not None else ""
        if not guid or not name or not (folder / name).is_file():
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "\n", item.findtext("description") or ""))
        day = _ARTICLE_DAY.search(text)
        link = (item.findtext("link") or "").strip() or None
        try:
            found.append(Episode(
                guid=guid, article_key=f"url:{link}" if link else f"recovered:{guid}",
                title=(item.findtext("title") or "").strip(),
                article_date=datetime(int(day[3]), int(day[2]), int(day[1]), tzinfo=VIETNAM)
                if day else None,
                released=email.utils.parsedate_to_datetime(item.findtext("pubDate") or ""),
                duration=float(item.findtext(f"{ITUNES}duration") or 0),
                size=(folder / name).stat().st_size, file_name=name, text_hash="", engine="",
                voice="", description=next((t.strip() for t in text.split("\n") if t.strip()), ""),
                link=link,
            ))  # fmt: skip
        except (ValueError, TypeError) as exc:
            log.warning("feed item %s cannot be recovered: %s", guid, exc)
    return found


def _readable(rows: Iterable[tuple]) -> list[Episode]:
    """Episodes from rows; a row that cannot be read is reported and left out, so one bad
    row never stops a listing (or the feed built from it)."""
    episodes = []
    for row in rows:
        try:
            episodes.append(_episode(row))
        except (ValueError, TypeError) as exc:
            log.warning("catalog row %s is unreadable, left out: %s", row[0], exc)
    return episodes


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
