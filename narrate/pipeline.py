"""Publishing: article file → episode MP3 → catalog row → feed, safe to interrupt and re-run.

Order of writes, so a crash at any point loses nothing and the feed never points at a
missing or partial file: new segments go to the cache, the MP3 appears atomically under a
name that includes a hash of its content, then the catalog row, then the feed (atomically);
only after that is an older file of the same episode removed. Everything that touches the
shared files runs under an exclusive lock per feed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from narrate import audio
from narrate.article import read_article
from narrate.cache import PruneResult, SegmentCache, segment_key
from narrate.catalog import Catalog
from narrate.config import FeedConfig
from narrate.engines import Engine, create_engine
from narrate.errors import PublishError
from narrate.files import atomic_path, atomic_write, describe_os_error, exclusive_lock, slugify
from narrate.models import Article, Episode, Segment
from narrate.publish.cover import plain_cover_png
from narrate.publish.feed import build_feed
from narrate.script import build_script, credit_name, to_segments
from narrate.synthesis import synthesize

log = logging.getLogger(__name__)

GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://narrate.invalid/episode")
Progress = Callable[[int, int], None]  # (segments done, segments to synthesize)


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
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"


@dataclass(frozen=True)
class Plan:
    """What publishing an article would do: computed without synthesizing anything."""

    article: Article
    segments: tuple[Segment, ...]
    key: str
    guid: str
    digest: str
    tags: audio.EpisodeTags


@dataclass(frozen=True)
class PublishResult:
    episode: Episode
    status: Literal["published", "updated", "unchanged"]
    audio_path: Path
    synthesized: int = 0  # segments the engine spoke this run (the rest came from the cache)
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


def dialect_for(config: FeedConfig) -> str:
    """Southern number words (ngàn, lẻ) when the feed says so or speaks with a Southern voice."""
    if config.lexicon.dialect:
        return config.lexicon.dialect
    return "south" if (config.engine.voice or "").startswith("south") else "north"


class Publisher:
    """Publishes articles into one feed. The engine starts once per run, and only if needed."""

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
        self.ffmpeg = audio.ffmpeg_exe()
        self._engine: Engine | None = None
        self.engine_calls = 0  # what this publisher asked the engine for: tests and benchmarks
        self.encoder_runs = 0

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(self.config.engine, sample_rate=self.fmt.sample_rate)
        return self._engine

    def plan(self, source: Path, *, explicit_id: str | None = None) -> Plan:
        """Read the article and decide everything the episode will say and be."""
        article = read_article(source)
        script = build_script(
            article,
            announce=self.config.announce,
            publisher=self.config.author,
            dialect=dialect_for(self.config),
            lexicon=self.config.lexicon,
        )
        segments = tuple(to_segments(script, self.engine.max_chars))
        key = article_key(article, explicit_id)
        tags = self._tags(article)
        payload = {
            "engine": self.engine.identity(),
            "format": [
                self.fmt.sample_rate, self.fmt.bitrate_kbps, self.fmt.lead_in, self.fmt.tail,
                self.fmt.encoder_quality, self.fmt.target_lufs, self.fmt.max_true_peak,
            ],
            "segments": [[s.spoken, s.pause_after] for s in segments],
            "tags": [tags.title, tags.artist, tags.album, str(tags.date), tags.comment,
                     tags.copyright or "", article.url or ""],
        }  # fmt: skip
        digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
        return Plan(article, segments, key, guid_for(key), digest, tags)

    def publish(
        self, source: Path, *, explicit_id: str | None = None, progress: Progress | None = None
    ) -> PublishResult:
        plan = self.plan(source, explicit_id=explicit_id)
        article = plan.article
        for warning in article.warnings:
            log.warning("%s: %s", source, warning)
        with exclusive_lock(self.paths.lock):
            self._sweep()
            with Catalog(self.paths.catalog) as catalog:
                existing = catalog.get(plan.guid)
                if (
                    existing
                    and existing.removed is None
                    and existing.text_hash == plan.digest
                    and self._intact(existing)
                ):
                    log.info("%s: unchanged, nothing to do", source)
                    self._write_feed(catalog)
                    path = self.paths.episodes / existing.file_name
                    return PublishResult(existing, "unchanged", path, 0, article.warnings)
                keys = [segment_key(self.engine.identity(), s.spoken) for s in plan.segments]
                file_name = _file_name(article, plan.digest)
                dest = self.paths.episodes / file_name
                with SegmentCache(self.paths.cache, self.ffmpeg) as cache:
                    episode_audio, loudness, new = self._audio(plan, keys, cache, progress)
                    # The cache pack is written on the other core while the MP3 encodes.
                    with ThreadPoolExecutor(max_workers=1) as background:
                        stored = background.submit(cache.store, new, self.engine.sample_rate)
                        with atomic_path(dest) as tmp:
                            self.encoder_runs += 1
                            audio.encode_mp3(
                                episode_audio, tmp, self.fmt, self.ffmpeg,
                                audio.loudness_filter(loudness, self.fmt),
                            )  # fmt: skip
                            audio.write_tags(tmp, plan.tags)
                            size = tmp.stat().st_size
                        stored.result()
                synthesized = len(new)
                now = self.clock()
                episode = Episode(
                    guid=plan.guid,
                    article_key=plan.key,
                    title=article.title,
                    article_date=article.published,
                    released=existing.released if existing else now,
                    duration=round(episode_audio.duration, 3),
                    size=size,
                    file_name=file_name,
                    text_hash=plan.digest,
                    engine=self.engine.name,
                    voice=self.engine.voice,
                    description=article.lead or article.paragraphs[0],
                    link=article.url,
                    author=credit_name(article.author) if article.author else None,
                    segment_starts=tuple(round(t, 3) for t in episode_audio.segment_starts),
                    updated=now,
                    segment_keys=tuple(keys),
                )
                catalog.upsert(episode)
                self._write_feed(catalog)
                if existing and existing.file_name != file_name:
                    _remove(self.paths.episodes / existing.file_name)
        status = "updated" if existing else "published"
        return PublishResult(episode, status, dest, synthesized, article.warnings)

    def episodes(self, *, removed: bool = True) -> list[Episode]:
        if not self.paths.catalog.exists():
            return []
        with Catalog(self.paths.catalog) as catalog:
            return catalog.episodes(removed=removed)

    def remove(self, ident: str) -> Episode:
        """Retract an episode: off the feed, its audio deleted, its record kept."""
        with exclusive_lock(self.paths.lock), Catalog(self.paths.catalog) as catalog:
            matches = [e for e in catalog.find(ident) if e.removed is None]
            if not matches:
                raise PublishError(f"no episode {ident!r} in feed {self.config.name}")
            if len(matches) > 1:
                raise PublishError(
                    f"{ident!r} matches {len(matches)} episodes; give more of the guid"
                )
            episode = replace(matches[0], removed=self.clock())
            catalog.upsert(episode)
            self._write_feed(catalog)  # the feed stops pointing at the file first
            _remove(self.paths.episodes / episode.file_name)
        return episode

    def rebuild_feed(self) -> Path:
        with exclusive_lock(self.paths.lock), Catalog(self.paths.catalog) as catalog:
            self._write_feed(catalog)
        return self.paths.feed_xml

    def prune_cache(self) -> PruneResult:
        """Drop cached segments no episode (listed or retracted) was made from."""
        with exclusive_lock(self.paths.lock), Catalog(self.paths.catalog) as catalog:
            keep = catalog.segment_keys()
            with SegmentCache(self.paths.cache, self.ffmpeg) as cache:
                return cache.prune(keep)

    def _audio(
        self, plan: Plan, keys: list[str], cache: SegmentCache, progress: Progress | None
    ) -> tuple[audio.EpisodeAudio, audio.Loudness, dict[str, bytes]]:
        """Cached and newly spoken segments, measured as they are joined.

        Returns the audio, its loudness and the new clips (for the cache).
        """
        engine = self.engine
        cached = cache.load(keys)
        missing: dict[str, str] = {}
        for key, segment in zip(keys, plan.segments, strict=True):
            if key not in cached:
                missing.setdefault(key, segment.spoken)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(missing))

        self.engine_calls += len(missing)
        spoken = synthesize(engine, self.config.engine, list(missing.values()), tick)
        new: dict[str, bytes] = {}
        join = audio.MeasuredJoin(self.fmt, self.ffmpeg)
        try:
            for key, segment in zip(keys, plan.segments, strict=True):
                if key in cached:
                    pcm, rate = cached[key]
                else:
                    if key not in new:  # missing keys are spoken in order of first use
                        new[key] = next(spoken)
                    pcm, rate = new[key], engine.sample_rate
                join.add(audio.convert_rate(pcm, rate, self.fmt.sample_rate), segment.pause_after)
            episode_audio, loudness = join.finish()
        except BaseException:
            join.abort()
            raise
        finally:
            spoken.close()
        return episode_audio, loudness, new

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
        xml = build_feed(self.config, catalog.episodes(), image_url, limit=self.config.max_episodes)
        if not self.paths.feed_xml.is_file() or self.paths.feed_xml.read_bytes() != xml:
            atomic_write(self.paths.feed_xml, xml)

    def _ensure_cover(self) -> str:
        image = self.config.image
        if image and image.startswith(("http://", "https://")):
            return image
        try:
            if image:
                source = Path(image)
                name = "cover" + source.suffix.lower().replace(".jpeg", ".jpg")
                data: bytes | None = source.read_bytes()
            else:
                name, data = "cover.png", None
            dest = self.paths.public / name
            if not dest.is_file() or (data is not None and dest.read_bytes() != data):
                atomic_write(dest, data if data is not None else plain_cover_png())
        except OSError as exc:
            raise PublishError(describe_os_error(exc, image or "cover.png")) from None
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


def _file_name(article: Article, digest: str) -> str:
    """ASCII, from sanitized text, unique per content: a changed episode gets a new URL."""
    day = f"{article.published:%Y-%m-%d}-" if article.published else ""
    return f"{day}{slugify(article.title, 50)}-{digest[:10]}.mp3"


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None
