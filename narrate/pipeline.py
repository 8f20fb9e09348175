"""Publishing: article file → episode MP3 → catalog row → feed, safe to interrupt and re-run.

Order of writes, so a crash at any point loses nothing and the feed never points at a
missing or partial file: the MP3 appears atomically under a name that includes a hash of
its content, then the catalog row, then the feed (atomically); only after that is an older
file of the same episode removed. Everything runs under an exclusive lock per feed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from narrate import audio
from narrate.article import read_article
from narrate.catalog import Catalog
from narrate.config import FeedConfig
from narrate.engines import Engine, create_engine
from narrate.errors import PublishError
from narrate.files import atomic_path, atomic_write, describe_os_error, exclusive_lock, slugify
from narrate.models import Article, Episode, Segment
from narrate.publish.cover import plain_cover_png
from narrate.publish.feed import build_feed
from narrate.script import build_script, credit_name, to_segments

log = logging.getLogger(__name__)

GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://narrate.invalid/episode")
Progress = Callable[[int, int], None]  # (segments done, segments in all)


@dataclass(frozen=True)
class FeedPaths:
    """Where one feed's files live: ``public/`` is served as is; the rest never is."""

    root: Path

    @classmethod
    def for_feed(cls, output: Path, name: str) -> FeedPaths:
        return cls(output / name)

    @property
    def public(self) -> Path:
        return self.root / "public"

    @property
    def episodes(self) -> Path:
        return self.public / "episodes"

    @property
    def feed_xml(self) -> Path:
        return self.public / "feed.xml"

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"


@dataclass(frozen=True)
class PublishResult:
    episode: Episode
    status: Literal["published", "updated", "unchanged"]
    audio_path: Path
    warnings: tuple[str, ...] = ()


def article_key(article: Article, explicit_id: str | None = None) -> str:
    """The stable identity of an article, from which its guid derives.

    It never depends on anything narrate produces, so the guid survives a deleted output/.
    """
    if explicit_id:
        return f"id:{explicit_id.strip()}"
    if article.url:
        return f"url:{article.url}"
    day = article.published.date().isoformat() if article.published else ""
    return f"text:{article.source_code or ''}|{' '.join(article.title.split())}|{day}"


def guid_for(key: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, key))


def speech_hash(
    engine: Engine, fmt: audio.AudioFormat, segments: list[Segment], metadata: dict[str, str]
) -> str:
    """A digest of everything that shapes the MP3: unchanged digest, nothing to redo."""
    payload = {
        "engine": engine.identity(),
        "format": [fmt.sample_rate, fmt.bitrate_kbps, fmt.lead_in, fmt.tail],
        "segments": [[s.spoken, s.pause_after] for s in segments],
        "metadata": metadata,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def dialect_for(config: FeedConfig) -> str:
    """Southern number words (ngàn, lẻ) when the feed says so or speaks with a Southern voice."""
    explicit = config.lexicon.get("dialect") if isinstance(config.lexicon, dict) else None
    if explicit in ("north", "south"):
        return explicit
    return "south" if (config.engine.voice or "").startswith("south") else "north"


def lexicon_entries(config: FeedConfig) -> dict[str, str]:
    return {k: v for k, v in config.lexicon.items() if isinstance(v, str) and k != "dialect"}


class Publisher:
    """Publishes articles into one feed; holds the engine so it starts once per run."""

    def __init__(
        self,
        config: FeedConfig,
        output: Path,
        *,
        fmt: audio.AudioFormat | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config
        self.paths = FeedPaths.for_feed(output, config.name)
        self.fmt = fmt or audio.AudioFormat()
        self.clock = clock or (lambda: datetime.now(UTC).replace(microsecond=0))
        self.engine = create_engine(config.engine)
        self.ffmpeg = audio.ffmpeg_exe()

    def publish(
        self, source: Path, *, explicit_id: str | None = None, progress: Progress | None = None
    ) -> PublishResult:
        article = read_article(source)
        for warning in article.warnings:
            log.warning("%s: %s", source, warning)
        script = build_script(
            article, dialect=dialect_for(self.config), lexicon=lexicon_entries(self.config)
        )
        segments = to_segments(script, self.engine.max_chars)
        key = article_key(article, explicit_id)
        guid = guid_for(key)
        tags = self._tags(article)
        digest = speech_hash(self.engine, self.fmt, segments, _tag_fields(tags, article))
        with exclusive_lock(self.paths.lock):
            self._sweep()
            with Catalog(self.paths.catalog) as catalog:
                existing = catalog.get(guid)
                if existing and existing.text_hash == digest and self._intact(existing):
                    log.info("%s: unchanged, nothing to do", source)
                    self._write_feed(catalog)
                    return PublishResult(
                        existing, "unchanged", self.paths.episodes / existing.file_name,
                        article.warnings,
                    )  # fmt: skip
                episode_audio = self._synthesize(segments, progress)
                file_name = _file_name(article, digest)
                dest = self.paths.episodes / file_name
                with atomic_path(dest) as tmp:
                    audio.encode_mp3(episode_audio, tmp, self.fmt, self.ffmpeg)
                    audio.write_tags(tmp, tags)
                    size = tmp.stat().st_size
                now = self.clock()
                episode = Episode(
                    guid=guid,
                    article_key=key,
                    title=article.title,
                    article_date=article.published,
                    released=existing.released if existing else now,
                    duration=round(episode_audio.duration, 3),
                    size=size,
                    file_name=file_name,
                    text_hash=digest,
                    engine=self.engine.name,
                    voice=self.engine.voice,
                    description=article.lead or article.paragraphs[0],
                    link=article.url,
                    author=credit_name(article.author) if article.author else None,
                    segment_starts=tuple(round(t, 3) for t in episode_audio.segment_starts),
                    updated=now,
                )
                catalog.upsert(episode)
                self._write_feed(catalog)
                if existing and existing.file_name != file_name:
                    _remove(self.paths.episodes / existing.file_name)
        status = "updated" if existing else "published"
        return PublishResult(episode, status, dest, article.warnings)

    def rebuild_feed(self) -> Path:
        with exclusive_lock(self.paths.lock), Catalog(self.paths.catalog) as catalog:
            self._write_feed(catalog)
        return self.paths.feed_xml

    def _synthesize(self, segments: list[Segment], progress: Progress | None) -> audio.EpisodeAudio:
        clips: list[bytes] = []
        for done, segment in enumerate(segments, start=1):
            pcm = self.engine.synthesize(segment.spoken)
            clips.append(audio.convert_rate(pcm, self.engine.sample_rate, self.fmt.sample_rate))
            if progress:
                progress(done, len(segments))
        return audio.join(clips, [s.pause_after for s in segments], self.fmt)

    def _tags(self, article: Article) -> audio.EpisodeTags:
        return audio.EpisodeTags(
            title=article.title,
            artist=self.config.author,
            album=self.config.title,
            date=article.published,
            comment=article.lead or article.paragraphs[0],
            copyright=self.config.copyright,
        )

    def _intact(self, episode: Episode) -> bool:
        path = self.paths.episodes / episode.file_name
        return path.is_file() and path.stat().st_size == episode.size

    def _write_feed(self, catalog: Catalog) -> None:
        image_url = self._ensure_cover()
        xml = build_feed(self.config, catalog.episodes(), image_url)
        atomic_write(self.paths.feed_xml, xml)

    def _ensure_cover(self) -> str:
        image = self.config.image
        if image and image.startswith(("http://", "https://")):
            return image
        if image:
            source = Path(image)
            name = "cover" + source.suffix.lower().replace(".jpeg", ".jpg")
            data = source.read_bytes()
        else:
            name, data = "cover.png", None
        dest = self.paths.public / name
        if not dest.is_file() or (data is not None and dest.read_bytes() != data):
            atomic_write(dest, data if data is not None else plain_cover_png())
        return self.config.base_url + name

    def _sweep(self) -> None:
        """Under the lock: remove leftovers of a killed run (temp files, unlisted MP3s)."""
        folder = self.paths.episodes
        if not folder.is_dir():
            return
        with Catalog(self.paths.catalog) as catalog:
            listed = catalog.file_names()
        for path in folder.iterdir():
            if path.name.endswith(".part") or (path.suffix == ".mp3" and path.name not in listed):
                log.info("removing leftover %s", path.name)
                _remove(path)


def _tag_fields(tags: audio.EpisodeTags, article: Article) -> dict[str, str]:
    return {
        "title": tags.title,
        "artist": tags.artist,
        "album": tags.album,
        "date": tags.date.isoformat() if tags.date else "",
        "comment": tags.comment,
        "copyright": tags.copyright or "",
        "url": article.url or "",
    }


def _file_name(article: Article, digest: str) -> str:
    """ASCII, from sanitized text, unique per content: a changed episode gets a new URL."""
    day = f"{article.published:%Y-%m-%d}-" if article.published else ""
    return f"{day}{slugify(article.title, 50)}-{digest[:10]}.mp3"


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None
