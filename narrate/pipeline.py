"""Publishing: article file → episode MP3 → catalog row → feed, safe to interrupt and re-run.

Order of writes, so a crash at any point loses nothing and the feed never points at a
missing or partial file: new segments go to the cache, the MP3 appears atomically under a
name that includes a hash of its content, then the catalog row, then the feed (atomically);
only after that is an older file of the same episode removed. Everything that touches the
shared files runs under an exclusive lock per feed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from narrate import audio
from narrate.article import read_article
from narrate.audio import Loudness
from narrate.cache import PruneResult, SegmentCache, keys_in_use, segment_key
from narrate.catalog import Catalog, RecoverCounts
from narrate.config import EngineSettings, FeedConfig
from narrate.engines import Engine, create_engine
from narrate.errors import CatalogError, NarrateError, PublishError
from narrate.files import (
    atomic_write,
    describe_os_error,
    exclusive_lock,
    move_into,
    process_alive,
    slugify,
)
from narrate.limits import check_speech_size
from narrate.models import Article, Episode, EpisodeAudio, Segment, TimedSegment
from narrate.politeness import Politeness
from narrate.publish import timeline as timelines
from narrate.publish import transcripts
from narrate.publish.cover import Cover, feed_cover, mp3_cover
from narrate.publish.feed import BODY_KINDS, build_feed, xml_safe_episode
from narrate.publish.layout import broadcast_name, side_name, side_names
from narrate.publish.site import write_site
from narrate.script import build_script, credit_name, to_segments
from narrate.synthesis import synthesize
from narrate.web import is_web_address

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

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def records(self) -> Path:
        """The catalog's copy beside the public files (``narrate catalog recover``)."""
        return self.public / ".narrate"


# How an article's speech runs, chosen by the caller: "parallel" (its segments side by
# side: an article alone), "in_turn" (one segment at a time: a batch already runs articles
# side by side), "strictly_serial" (--jobs 1: speech, then measuring, then encoding, then the
# cache, one after another on one core, for a busy shared machine and as the serial baseline).
Pace = Literal["parallel", "in_turn", "strictly_serial"]


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
    status: Literal["published", "updated", "unchanged", "skipped"]  # skipped: retracted
    audio_path: Path
    synthesized: int = 0  # segments the engine spoke this run (the rest came from the cache)
    warnings: tuple[str, ...] = ()


def load_article(source: Path | str | Article) -> Article:
    """An article from a file, an http(s) URL, or as already read (a feed item's full text)."""
    if isinstance(source, Article):
        return source
    if isinstance(source, str) and is_web_address(source):
        from narrate.article.fetch import read_url

        return read_url(source)
    return read_article(Path(source))


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
        self._engines: dict[EngineSettings, Engine] = {}
        self._sounds: dict[tuple[Path, int, int], tuple[bytes, audio.Loudness]] = {}
        self._cover_cache: Cover | None = None
        self._embedded: bytes | None = None
        self._thread_lock = threading.RLock()
        self._politeness: Politeness | None = None
        self._recent: OrderedDict[str, tuple[bytes, int]] = OrderedDict()
        self._recent_bytes = 0
        self.stage_seconds: dict[str, float] = {}
        self.restore = False  # a batch publishes retracted articles again (publish --restore)
        self.engine_calls = 0  # what this publisher asked the engine for: tests and benchmarks
        self.encoder_runs = 0

    @property
    def engine(self) -> Engine:
        """The feed's main engine ([engine]): it speaks every part [parts] does not name."""
        return self.engine_with(self.config.engine)

    def engine_with(self, settings: EngineSettings) -> Engine:
        """The engine for ``settings``, started once per run and shared by a batch's threads."""
        with self._thread_lock:
            engine = self._engines.get(settings)
            if engine is None:
                engine = create_engine(settings, sample_rate=self.fmt.sample_rate)
                if not is_offline(engine) and hasattr(engine, "request_gate"):
                    engine.request_gate = self.politeness.slot
                self._engines[settings] = engine
            return engine

    def part_engine(self, kind: str) -> Engine:
        """The engine that speaks a part of this kind (a voice per part, [parts])."""
        return self.engine_with(self.config.engine_for(kind))

    @property
    def politeness(self) -> Politeness:
        """The feed's limit on an online engine's requests in flight (all runs together)."""
        with self._thread_lock:  # one gate for all of a batch's threads
            if self._politeness is None:
                limit = self.config.engine.politeness
                self._politeness = Politeness(self.paths.root / "politeness", limit)
            return self._politeness

    def plan(
        self,
        source: Path | str | Article,
        *,
        explicit_id: str | None = None,
        fallback_date: datetime | None = None,
    ) -> Plan:
        """Read the article and decide everything the episode will say and be.
        ``fallback_date`` dates an article that carries no date of its own (a followed
        item's pubDate when its page has none)."""
        article = load_article(source)
        if article.published is None and fallback_date is not None:
            article = replace(article, published=fallback_date)
        script = build_script(
            article,
            announce=self.config.announce,
            publisher=self.config.author,
            dialect=dialect_for(self.config),
            lexicon=self.config.lexicon,
        )
        segments = tuple(to_segments(script, lambda kind: self.part_engine(kind).max_chars))
        words = sum(len(segment.spoken.split()) for segment in segments)
        limits = self.config
        check_speech_size(article.source or article.title[:80], len(segments), words,
                          max_segments=limits.max_segments, max_minutes=limits.max_minutes,
                          rate=limits.engine.rate)  # fmt: skip
        key = article_key(article, explicit_id)
        tags = self._tags(article)
        payload: dict[str, object] = {
            "engine": self.engine.identity(),
            "format": [
                self.fmt.sample_rate, self.fmt.bitrate_kbps, self.fmt.lead_in, self.fmt.tail,
                self.fmt.encoder_quality, self.fmt.target_lufs, self.fmt.max_true_peak,
            ],
            "segments": [[s.spoken, s.pause_after] for s in segments],
            "tags": [tags.title, tags.artist, tags.album, str(tags.date), tags.comment,
                     tags.copyright or "", article.url or ""],
        }  # fmt: skip
        # Only what a feed uses joins the digest, so older episodes stay "unchanged".
        parts = {s.kind: self.part_engine(s.kind).identity() for s in segments}
        if set(parts.values()) != {payload["engine"]}:
            payload["parts"] = parts
        programme = self.config.programme
        for name, sound, gap in (
            ("intro", programme.intro, programme.intro_gap),
            ("outro", programme.outro, programme.outro_gap),
        ):
            if sound is not None:
                payload[name] = [_file_digest(sound), gap]
        broadcast = self.config.broadcast
        if broadcast.wav:
            payload["broadcast"] = [
                broadcast.loudness, broadcast.true_peak, broadcast.channels, broadcast.bits,
                broadcast.sample_rate, self.config.author, self.config.copyright or "",
            ]  # fmt: skip
        digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
        return Plan(article, segments, key, guid_for(key), digest, tags)

    def publish(
        self,
        source: Path | str | Article,
        *,
        explicit_id: str | None = None,
        progress: Progress | None = None,
        backdate: bool = False,
        release_time: datetime | None = None,
        restore: bool = False,
        fallback_date: datetime | None = None,
        pace: Pace = "parallel",
    ) -> PublishResult:
        """Publish one article (a file, an http(s) URL or an Article already read).

        The slow part (speech, loudness, encoding) runs without the feed's lock, into a
        private work folder, so two runs on one feed (cron and an editor, or a batch's
        workers) overlap; the lock is held only to check the catalog and to move the finished
        files into place, update the catalog and rewrite the feed. ``backdate`` releases the
        episode at the article's own date (importing an archive). A retracted episode stays
        retracted (status "skipped") unless ``restore`` says otherwise.
        """
        plan = self.plan(source, explicit_id=explicit_id, fallback_date=fallback_date)
        for warning in plan.article.warnings:
            log.warning("%s: %s", plan.article.source or source, warning)
        with self._locked(), self.catalog() as catalog:
            self._sweep(catalog)
            plan = identify(plan, catalog)
            existing = catalog.get(plan.guid)
            if existing is not None and existing.removed is not None and not restore:
                log.info(
                    "%s: retracted, skipped (publish --restore brings it back)", existing.title
                )
                path = self.paths.episodes / existing.file_name
                return PublishResult(existing, "skipped", path, 0, plan.article.warnings)
            if self._unchanged(existing, plan):
                assert existing is not None
                log.info("%s: unchanged, nothing to do", plan.article.source)
                self._write_feed(catalog)
                path = self.paths.episodes / existing.file_name
                return PublishResult(existing, "unchanged", path, 0, plan.article.warnings)
        with (
            self._render(plan, progress, pace) as rendered,
            self._locked(),
            self.catalog() as catalog,
        ):
            self.check_catalog(catalog)
            plan = identify(plan, catalog)  # another run may have taken the identity
            existing = catalog.get(plan.guid)
            if existing is not None and existing.removed is not None and not restore:
                path = self.paths.episodes / existing.file_name
                return PublishResult(existing, "skipped", path, 0, plan.article.warnings)
            if self._unchanged(existing, plan):  # another run published it meanwhile
                assert existing is not None
                path = self.paths.episodes / existing.file_name
                return PublishResult(existing, "unchanged", path, 0, plan.article.warnings)
            episode = self._commit(
                plan, rendered, existing, catalog, backdate=backdate, release_time=release_time
            )
        status: Literal["updated", "published"] = "updated" if existing else "published"
        dest = self.paths.episodes / episode.file_name
        return PublishResult(episode, status, dest, rendered.synthesized, plan.article.warnings)

    def catalog(self) -> Catalog:
        """The feed's catalog, mirrored beside the public files."""
        return Catalog(self.paths.catalog, mirror=self.paths.records)

    def _unchanged(self, existing: Episode | None, plan: Plan) -> bool:
        return bool(
            existing
            and existing.removed is None
            and existing.text_hash == plan.digest
            and self._intact(existing)
        )

    @contextlib.contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        """Seconds per stage, summed over the run: benchmarks read ``stage_seconds``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + elapsed

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The feed's lock against other processes (lockf) and this process's other threads
        (POSIX record locks are per process, so threads need their own lock too)."""
        with self._thread_lock, exclusive_lock(self.paths.lock):
            yield

    @contextlib.contextmanager
    def _render(self, plan: Plan, progress: Progress | None, pace: Pace) -> Iterator[Rendered]:
        """Speak, measure, encode and tag the episode, and write its transcripts and chapters,
        all into a private work folder (removed afterwards, or by the next run if killed)."""
        work = self.paths.work / f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            work.mkdir(parents=True)
        except OSError as exc:
            raise PublishError(describe_os_error(exc, work)) from None
        live = contextlib.ExitStack()
        try:
            keys = tuple(
                segment_key(self.part_engine(s.kind).identity(), s.spoken) for s in plan.segments
            )
            # Until the episode is committed (or this run ends), prune keeps these keys.
            live.enter_context(keys_in_use(self.paths.cache, keys))
            file_name = _file_name(plan.article, plan.digest, plan.guid)
            with SegmentCache(self.paths.cache, self.ffmpeg) as cache:
                with self._timed("speech and loudness"):
                    spoken = self._audio(plan, list(keys), cache, progress, pace)
                try:
                    # Kept at once: a failure from here on (a full disk while encoding)
                    # must not cost the next run its speech.
                    if spoken.pack is not None:
                        cache.index_pack(spoken.pack, spoken.offsets, self.fmt.sample_rate)
                        cache.drop_loose(spoken.offsets)
                    episode_audio, loudness, new = spoken.audio, spoken.loudness, spoken.new
                    with self._timed("listener files"):
                        timeline = timed_segments(plan.segments, episode_audio)
                        chapters = timelines.chapters(timeline, episode_audio.duration)
                        extras = self._extras(timeline, chapters)
                    mp3 = work / file_name
                    with self._timed("encoding"):
                        self.encoder_runs += audio.encode_at_target(
                            episode_audio, mp3, self.fmt, self.ffmpeg, loudness
                        )
                        audio.write_tags(mp3, plan.tags, extras)
                    if self.config.broadcast.wav:
                        with self._timed("broadcast WAV"):
                            self._write_broadcast(plan, episode_audio, loudness, work, file_name)
                    with self._timed("listener files"):
                        self._write_side_files(
                            work, file_name, plan.article.title, timeline, chapters
                        )
                finally:
                    if spoken.pack is not None:
                        spoken.pack.unlink(missing_ok=True)  # still there: it was not indexed
            yield Rendered(
                work=work, file_name=file_name, size=mp3.stat().st_size,
                duration=round(episode_audio.duration, 3), timeline=timeline, keys=keys,
                segment_starts=tuple(round(t, 3) for t in episode_audio.segment_starts),
                synthesized=len(new),
            )  # fmt: skip
        finally:
            live.close()
            shutil.rmtree(work, ignore_errors=True)

    def _commit(
        self,
        plan: Plan,
        rendered: Rendered,
        existing: Episode | None,
        catalog: Catalog,
        *,
        backdate: bool,
        release_time: datetime | None = None,
    ) -> Episode:
        """Under the lock: files into place (side files first, the MP3 last), then the catalog,
        then the feed; an older version's files go only after the feed stopped naming them."""
        article = plan.article
        self.paths.episodes.mkdir(parents=True, exist_ok=True)
        try:
            names = side_names(rendered.file_name, broadcast=self.config.broadcast.wav)
            for name in (*names, rendered.file_name):
                source = rendered.work / name
                os.chmod(source, 0o644)
                with open(source, "rb") as handle:
                    os.fsync(handle.fileno())
                move_into(source, self.paths.episodes / name)
        except OSError as exc:
            raise PublishError(describe_os_error(exc, self.paths.episodes)) from None
        now = self.clock()
        if existing:
            released = existing.released
        elif backdate and article.published:
            released = article.published.astimezone(UTC)
        else:
            released = release_time or now
        episode = Episode(
            guid=plan.guid,
            article_key=plan.key,
            title=article.title,
            article_date=article.published,
            released=released,
            duration=rendered.duration,
            size=rendered.size,
            file_name=rendered.file_name,
            text_hash=plan.digest,
            engine=self.engine.name,
            voice=self.engine.voice,
            description=article.lead or article.paragraphs[0],
            link=article.url,
            author=credit_name(article.author) if article.author else None,
            segment_starts=rendered.segment_starts,
            updated=now,
            segment_keys=rendered.keys,
            timeline=rendered.timeline,
            image=article.image,
        )
        catalog.upsert(episode)
        self._write_feed(catalog)
        if existing and existing.file_name != rendered.file_name:
            self._remove_files(existing.file_name, catalog)
        return episode

    def episodes(self, *, removed: bool = True) -> list[Episode]:
        if not self.paths.catalog.exists():
            return []
        with self.catalog() as catalog:
            return catalog.episodes(removed=removed)

    def remove(self, ident: str) -> Episode:
        """Retract an episode: off the feed, its audio deleted, its record kept.

        The files must be deletable first (a read-only folder would leave a retracted MP3
        online); an episode retracted whose files are still there is removed again."""
        with self._locked(), self.catalog() as catalog:
            found = catalog.find(ident)
            matches = [e for e in found if e.removed is None]
            if not matches:
                matches = [e for e in found if self._files_of(e.file_name)]
            if not matches:
                raise PublishError(f"no episode {ident!r} in feed {self.config.name}")
            if len(matches) > 1:
                raise PublishError(
                    f"{ident!r} matches {len(matches)} episodes; give more of the guid"
                )
            files = self._files_of(matches[0].file_name)
            if files and not os.access(self.paths.episodes, os.W_OK | os.X_OK):
                raise PublishError(
                    f"cannot delete {files[0].name} from {self.paths.episodes} (permission "
                    "denied): nothing was retracted; fix the folder's permissions and run again"
                )
            episode = matches[0]
            if episode.removed is None:
                episode = replace(episode, removed=self.clock())
                catalog.upsert(episode)
                self._write_feed(catalog)  # the feed stops pointing at the file first
            self._remove_files(episode.file_name, catalog)
        return episode

    def _files_of(self, file_name: str) -> list[Path]:
        """An episode's MP3 and side files that are on disk."""
        names = (file_name, *side_names(file_name, broadcast=True))
        return [self.paths.episodes / n for n in names if (self.paths.episodes / n).exists()]

    def recover_catalog(self) -> RecoverCounts:
        """Rebuild a lost catalog from the copy kept beside the public files."""
        with self._locked(), self.catalog() as catalog:
            counts = catalog.recover(self.paths.feed_xml)
            if not catalog.is_empty():
                self._write_feed(catalog)
        return counts

    def rebuild_feed(self) -> Path:
        """Rewrite the feed, the pages and any missing transcript or chapter file."""
        with self._locked(), self.catalog() as catalog:
            for episode in catalog.episodes():
                names = side_names(episode.file_name)
                if episode.timeline and not all((self.paths.episodes / n).is_file() for n in names):
                    chapters = timelines.chapters(episode.timeline, episode.duration)
                    self._write_side_files(
                        self.paths.episodes, episode.file_name, episode.title, episode.timeline,
                        chapters,
                    )  # fmt: skip
            self._write_feed(catalog)
        return self.paths.feed_xml

    def prune_cache(self) -> PruneResult:
        """Drop cached segments no episode (listed or retracted) was made from."""
        with self._locked(), self.catalog() as catalog:
            keep = catalog.segment_keys()
            with SegmentCache(self.paths.cache, self.ffmpeg) as cache:
                return cache.prune(keep)

    def _audio(
        self,
        plan: Plan,
        keys: list[str],
        cache: SegmentCache,
        progress: Progress | None,
        pace: Pace,
    ) -> Spoken:
        """Cached and newly spoken segments, measured as they are joined.

        With one voice, clips are joined as they arrive and the new ones go to the cache as
        one FLAC pack that the measuring ffmpeg writes in passing. With several voices or a
        jingle, every clip is needed first: each voice is measured and brought to one level
        before the join (``audio.matching_gains``), and the new clips are cached afterwards.
        """
        settings = [self.config.engine_for(s.kind) for s in plan.segments]
        cached = {key: self._recent[key] for key in keys if key in self._recent}
        cached.update(cache.load(key for key in keys if key not in cached))
        loose = cache.from_loose  # a killed run's clips: packed with this run's new ones
        missing: dict[str, tuple[str, EngineSettings]] = {}
        for key, segment, one in zip(keys, plan.segments, settings, strict=True):
            if key not in cached:
                missing.setdefault(key, (segment.spoken, one))
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(missing))

        self.engine_calls += len(missing)
        # Every engine's work starts now (worker pools before the measuring ffmpeg exists,
        # so no worker inherits its pipes); each stream yields its clips in order.
        streams: dict[EngineSettings, Iterator[bytes]] = {}
        for one in dict.fromkeys(s for _, s in missing.values()):
            engine = self.engine_with(one)
            texts = [text for text, s in missing.values() if s == one]
            stream = synthesize(
                engine, one, texts, tick,
                gate=None if is_offline(engine) else self.politeness,
                parallel=pace == "parallel",
            )  # fmt: skip
            if pace == "strictly_serial":  # all speech first, then the measuring
                stream = iter(list(stream))
            streams[one] = stream
        new: dict[str, tuple[bytes, int]] = {}

        def clip(key: str, one: EngineSettings) -> bytes:
            if key in cached:
                pcm, rate = cached[key]
            else:
                if key not in new:  # missing keys are spoken in order of first use
                    new[key] = (next(streams[one]), self.engine_with(one).sample_rate)
                    self._keep_clip(cache, key, *new[key])
                pcm, rate = new[key]
            return audio.convert_rate(pcm, rate, self.fmt.sample_rate)

        programme = self.config.programme
        intro = self._sound(programme.intro) if programme.intro else None
        outro = self._sound(programme.outro) if programme.outro else None
        pauses = [segment.pause_after for segment in plan.segments]
        if outro is not None and pauses:
            pauses[-1] = programme.outro_gap
        voices = [self.engine_with(one).identity() for one in settings]
        matched = len(set(voices)) > 1
        offsets: dict[str, tuple[int, int]] = {}
        pack = cache.new_pack() if (missing or loose) and not matched else None
        join: audio.MeasuredJoin | None = None
        try:
            if matched:  # every clip first: voices are measured and matched before the join
                clips = [clip(k, one) for k, one in zip(keys, settings, strict=True)]
                gains = self._matching_gains(clips, voices)
                clips = [
                    audio.apply_gain(pcm, gains[v]) for pcm, v in zip(clips, voices, strict=True)
                ]
            join = audio.MeasuredJoin(self.fmt, self.ffmpeg, flac=pack)
            if intro is not None:
                join.add_sound(*intro, programme.intro_gap)
            ranges: list[tuple[str, int, int]] = []  # (voice, first sample, samples)
            for index, (key, one) in enumerate(zip(keys, settings, strict=True)):
                pcm = clips[index] if matched else clip(key, one)
                offset = join.add(pcm, pauses[index])
                ranges.append((voices[index], offset, len(pcm) // audio.SAMPLE_WIDTH))
                if pack is not None and (key in new or key in loose) and key not in offsets:
                    offsets[key] = (offset, len(pcm) // audio.SAMPLE_WIDTH)
            if outro is not None:
                join.add_sound(*outro, 0.0)
            episode_audio, loudness = join.finish()
            if matched:
                episode_audio, loudness = self._even_out(episode_audio, loudness, ranges)
            self._remember(cached, new)
        except BaseException:
            if join is not None:
                join.abort()
            if pack is not None:
                pack.unlink(missing_ok=True)
            self._keep_what_was_spoken(cache, new)
            raise
        finally:
            for stream in streams.values():
                close = getattr(stream, "close", None)
                if close is not None:
                    close()
        if matched:
            self._keep_what_was_spoken(cache, new)
        spoken = {key: pcm for key, (pcm, _) in new.items()}
        return Spoken(episode_audio, loudness, spoken, pack, offsets)

    def _matching_gains(self, clips: list[bytes], voices: list[str]) -> dict[str, float]:
        """Each voice's gain to one common level, the voices measured side by side."""
        measured = self._measure_groups(zip(voices, clips, strict=True))
        gains = audio.matching_gains(measured)
        log.info("voice levels: %s", {k: f"{m.integrated:.1f} LUFS" for k, m in measured.items()})
        return gains

    def _measure_groups(self, pieces: Iterable[tuple[str, bytes]]) -> dict[str, audio.Loudness]:
        """Each voice's loudness, its pieces end to end, two ffmpeg runs at a time."""
        groups: dict[str, list[bytes]] = {}
        for voice, pcm in pieces:
            groups.setdefault(voice, []).append(pcm)

        def measure(pieces: list[bytes]) -> audio.Loudness:
            return audio.measure(b"".join(pieces), self.fmt.sample_rate, self.ffmpeg)

        with ThreadPoolExecutor(max_workers=2) as pool:
            return dict(zip(groups, pool.map(measure, groups.values()), strict=True))

    def _even_out(
        self,
        episode: EpisodeAudio,
        loudness: audio.Loudness,
        ranges: list[tuple[str, int, int]],
    ) -> tuple[EpisodeAudio, audio.Loudness]:
        """After the leveller: bring each voice's stretch of the episode to the episode's own
        loudness. The leveller compresses voices differently (a steady voice less than a
        peaky one), so voices matched before it can still part by a decibel or two."""
        pcm = episode.pcm
        levels = self._measure_groups(
            (voice, pcm[first * 2 : (first + count) * 2]) for voice, first, count in ranges
        )
        gains = {
            voice: (loudness.integrated - level.integrated if level.integrated > -70 else 0.0)
            for voice, level in levels.items()
        }
        evened = bytearray(pcm)
        for voice, first, count in ranges:
            start, stop = first * 2, (first + count) * 2
            evened[start:stop] = audio.apply_gain(pcm[start:stop], gains[voice])
        # The jingles' peaks are in ``loudness`` already; overstating a peak only calls the
        # final limiter in sooner.
        peak = max([loudness.sample_peak] + [levels[v].sample_peak + gains[v] for v in levels])
        shown = {voice: f"{gain:+.1f} dB" for voice, gain in gains.items()}
        log.info("voices evened after the leveller: %s", shown)
        return replace(episode, pcm=bytes(evened)), audio.Loudness(loudness.integrated, peak)

    def _sound(self, path: Path) -> tuple[bytes, audio.Loudness]:
        """An intro or outro at the episode rate and its loudness, decoded and measured once
        per run (per version of the file)."""
        try:
            stat = path.stat()
        except OSError as exc:
            raise PublishError(describe_os_error(exc, path)) from None
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self._thread_lock:
            if key not in self._sounds:
                pcm = audio.decode_sound(path, self.fmt.sample_rate, self.ffmpeg)
                level = audio.measure(pcm, self.fmt.sample_rate, self.ffmpeg)
                self._sounds[key] = (pcm, level)
            return self._sounds[key]

    def _write_broadcast(
        self,
        plan: Plan,
        episode_audio: EpisodeAudio,
        loudness: audio.Loudness,
        work: Path,
        file_name: str,
    ) -> None:
        """The radio station's WAV beside the MP3, from the same levelled audio."""
        broadcast = self.config.broadcast
        info = audio.BroadcastInfo(
            title=plan.article.title, originator=self.config.author, reference=plan.guid,
            made=self.clock(), copyright=self.config.copyright,
        )  # fmt: skip
        audio.write_broadcast_wav(
            episode_audio, loudness, work / broadcast_name(file_name), self.ffmpeg, info,
            loudness=broadcast.loudness, true_peak=broadcast.true_peak,
            channels=broadcast.channels, bits=broadcast.bits, sample_rate=broadcast.sample_rate,
        )  # fmt: skip

    def _keep_what_was_spoken(self, cache: SegmentCache, new: dict[str, tuple[bytes, int]]) -> None:
        """An article that failed half-way (the network went down, Ctrl-C) keeps the clips
        already spoken: the next run asks the engine only for the rest."""
        if not new:
            return
        by_rate: dict[int, dict[str, bytes]] = {}
        for key, (pcm, rate) in new.items():
            by_rate.setdefault(rate, {})[key] = pcm
        try:
            for rate, clips in by_rate.items():
                cache.store(clips, rate)
            cache.drop_loose(new)
        except (NarrateError, OSError) as exc:  # the original failure is the one to report
            log.info("could not keep %d spoken segments in the cache: %s", len(new), exc)

    def _keep_clip(self, cache: SegmentCache, key: str, pcm: bytes, rate: int) -> None:
        """Keep a clip the moment it is spoken: a run killed before its article is done
        (a cron timeout shorter than the article) still leaves its speech for the next."""
        try:
            cache.keep_clip(key, pcm, rate)
        except NarrateError as exc:  # speaking goes on; only a kill would lose this clip
            log.info("%s", exc)

    def _remember(
        self, cached: dict[str, tuple[bytes, int]], new: dict[str, tuple[bytes, int]]
    ) -> None:
        """Keep recent clips in memory: a batch repeats its announcements in every episode,
        and decoding a whole cache pack for three short clips costs more than speaking."""
        for key, value in (*cached.items(), *new.items()):
            if key in self._recent:
                self._recent.move_to_end(key)
                continue
            self._recent[key] = value
            self._recent_bytes += len(value[0])
        while self._recent_bytes > RECENT_CLIP_BYTES and self._recent:
            _, (pcm, _) = self._recent.popitem(last=False)
            self._recent_bytes -= len(pcm)

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
        """The MP3 is whole and every file that travels with it is there."""
        path = self.paths.episodes / episode.file_name
        if not (path.is_file() and path.stat().st_size == episode.size and episode.timeline):
            return False
        names = side_names(path.name, broadcast=self.config.broadcast.wav)
        return all((self.paths.episodes / name).is_file() for name in names)

    def _extras(
        self, timeline: tuple[TimedSegment, ...], chapters: list[timelines.Chapter]
    ) -> audio.EpisodeExtras:
        return audio.EpisodeExtras(
            chapters=tuple(audio.ChapterMark(c.start, c.end, c.title) for c in chapters),
            transcript=plain_transcript(timelines.lines(timeline)),
            cover=self._embedded_cover(),
            cover_mime="image/jpeg",
        )

    def _embedded_cover(self) -> bytes | None:
        """The cover made small for the MP3 (once per run); none for a remote image."""
        if self._embedded is None:
            self._embedded = mp3_cover(self._cover().data)
        return self._embedded or None

    def _write_side_files(
        self,
        folder: Path,
        file_name: str,
        title: str,
        timeline: tuple[TimedSegment, ...],
        chapters: list[timelines.Chapter],
    ) -> None:
        """Captions (VTT, SRT), the HTML transcript and JSON chapters beside the MP3."""
        language = self.config.language
        cues = transcripts.vtt_cues(timeline)
        audio_url = f"{self.config.base_url}episodes/{file_name}"
        files = {
            "vtt": transcripts.to_vtt(cues, language=language),
            "srt": transcripts.to_srt(cues),
            "html": transcripts.transcript_html(
                title, timelines.lines(timeline), language=language, audio_url=audio_url
            ),
            "chapters": transcripts.chapters_json(chapters, title=title),
        }
        for kind, text in files.items():
            dest = folder / side_name(file_name, kind)  # type: ignore[arg-type]
            try:
                atomic_write(dest, text.encode("utf-8"))
            except OSError as exc:
                raise PublishError(describe_os_error(exc, dest)) from None

    def _write_feed(self, catalog: Catalog) -> None:
        """The feed and the listener pages, from every listed episode; text no XML may hold
        is left out, so no single episode can stop the feed from being written."""
        self.check_catalog(catalog)
        cover = self._cover()
        episodes = [xml_safe_episode(e) for e in catalog.episodes()]
        xml = build_feed(self.config, episodes, cover.url, limit=self.config.max_episodes)
        if not self.paths.feed_xml.is_file() or self.paths.feed_xml.read_bytes() != xml:
            atomic_write(self.paths.feed_xml, xml)
        try:
            shown = episodes[: self.config.max_episodes]
            wavs = {e.guid: broadcast_name(e.file_name) for e in shown if e.removed is None}
            wavs = {g: n for g, n in wavs.items() if (self.paths.episodes / n).is_file()}
            with self._timed("listener files"):
                write_site(self.paths.public, self.config, shown, broadcast_names=wavs)
        except OSError as exc:
            raise PublishError(describe_os_error(exc, self.paths.public)) from None

    def _in_feed(self) -> set[str]:
        """File names the feed now on disk points at: never swept, whatever the catalog says
        (a catalog restored from an older backup does not know the newest episodes)."""
        try:
            data = self.paths.feed_xml.read_bytes()
        except OSError:
            return set()
        return {name.decode() for name in re.findall(rb'url="[^"]*/episodes/([^"/]+\.mp3)"', data)}

    def _cover(self) -> Cover:
        """The feed's cover: its own image, or one drawn from its title (once per title)."""
        if self._cover_cache is None:
            self._cover_cache = feed_cover(self.config, self.paths.public)
        return self._cover_cache

    def _remove_files(self, file_name: str, catalog: Catalog) -> None:
        """An episode's MP3 and the files that travel with it, unless a listed episode
        still uses them (never a file another episode's feed item points at)."""
        if file_name in catalog.file_names():
            log.info("%s is still used by another episode: kept", file_name)
            return
        for name in (file_name, *side_names(file_name, broadcast=True)):
            _remove(self.paths.episodes / name)

    def check_catalog(self, catalog: Catalog) -> None:
        """Refuse to work from an empty catalog while public/ holds episodes: a catalog
        emptied or deleted by accident must never make the run delete what it published."""
        if not catalog.is_empty():
            return
        held = [n for n in self._in_feed() if (self.paths.episodes / n).is_file()]
        records = self.paths.records / "episodes"
        if held or (records.is_dir() and any(records.glob("*.json"))):
            raise CatalogError(
                f"the catalog {self.paths.catalog} is empty or missing but {self.paths.public} "
                f"holds published episodes: run `narrate catalog recover "
                f"--feed {self.config.name}` to rebuild it from them, then run again"
            )

    def _sweep(self, catalog: Catalog) -> None:
        """Under the lock: remove leftovers of killed runs (temp files, unlisted files, the
        work folders of processes that no longer exist)."""
        if self.paths.work.is_dir():
            for folder in self.paths.work.iterdir():
                pid = folder.name.partition("-")[0]
                if not (pid.isdigit() and process_alive(int(pid))):
                    log.info("removing the unfinished work of a stopped run: %s", folder.name)
                    shutil.rmtree(folder, ignore_errors=True)
        if self.paths.cache.is_dir():
            with SegmentCache(self.paths.cache, self.ffmpeg) as cache:
                cache.sweep()
        folder = self.paths.episodes
        if not folder.is_dir():
            return
        self.check_catalog(catalog)
        listed = catalog.file_names() | self._in_feed()
        wav = self.config.broadcast.wav
        listed |= {name for file_name in listed for name in side_names(file_name, broadcast=wav)}
        for path in folder.iterdir():
            if path.name.endswith(".part") or (path.is_file() and path.name not in listed):
                log.info("removing leftover %s", path.name)
                _remove(path)


@dataclass(frozen=True)
class Spoken:
    """An episode's joined, measured audio, the clips spoken for it and where the measuring
    ffmpeg wrote them for the cache (key → first sample, sample count in ``pack``)."""

    audio: EpisodeAudio
    loudness: Loudness
    new: dict[str, bytes]
    pack: Path | None
    offsets: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Rendered:
    """A finished episode waiting in its work folder to be moved into place."""

    work: Path
    file_name: str
    size: int
    duration: float
    timeline: tuple[TimedSegment, ...]
    keys: tuple[str, ...]
    segment_starts: tuple[float, ...]
    synthesized: int


RECENT_CLIP_BYTES = 32 * 1024 * 1024  # recent clips kept in memory (about 12 min of speech)


def timed_segments(
    segments: tuple[Segment, ...], episode_audio: EpisodeAudio
) -> tuple[TimedSegment, ...]:
    """Each segment's written text with where its speech lies in the episode."""
    return tuple(
        TimedSegment(
            index=segment.index, part_index=segment.part_index, kind=segment.kind,
            written=segment.written, start=round(onset, 3), end=round(end, 3),
        )
        for segment, (onset, end) in zip(segments, episode_audio.segment_speech, strict=True)
    )  # fmt: skip


def plain_transcript(lines: list[timelines.Line]) -> str:
    """The written text, a paragraph per part: what a player shows as the MP3's lyrics."""
    paragraphs: list[list[str]] = []
    for index, line in enumerate(lines):
        if index == 0 or lines[index - 1].part_index != line.part_index:
            paragraphs.append([])
        paragraphs[-1].append(line.text)
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs)


def is_offline(engine: Engine) -> bool:
    """Whether the engine works without the network (a plug-in may not say: guess by how it
    runs). Online engines go through the feed's politeness limit."""
    return bool(getattr(engine, "offline", engine.parallel != "threads"))


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None


def _file_name(article: Article, digest: str, guid: str) -> str:
    """ASCII, from sanitized text, unique per content and per episode: a changed episode gets
    a new URL, and two episodes of one text (an article re-published with --id) never share
    a file that removing one of them would delete."""
    day = f"{article.published:%Y-%m-%d}-" if article.published else ""
    unique = hashlib.sha256(f"{guid}\x00{digest}".encode()).hexdigest()[:10]
    return f"{day}{slugify(article.title, 50)}-{unique}.mp3"


def identify(plan: Plan, catalog: Catalog) -> Plan:
    """The episode this article is: the one under its key whose content it shares (an
    edit updates its episode in place), else a new identity beside the others. Two
    different articles with one key (a recurring column, one title on one day, a shared
    canonical address) never replace each other. An editor's --id is taken at its word."""
    if plan.key.startswith("id:"):
        return plan
    family = catalog.family(plan.key)
    if not family:
        return plan
    for episode in family:
        if same_article(episode, plan.segments):
            return replace(plan, key=episode.article_key, guid=episode.guid)
    taken = {e.article_key for e in family}
    number = 2
    while f"{plan.key}#{number}" in taken:
        number += 1
    key = f"{plan.key}#{number}"
    log.warning(
        "%s: another article already has this identity (%s); published as a new episode",
        plan.article.source or plan.article.title, family[0].title,
    )  # fmt: skip
    return replace(plan, key=key, guid=guid_for(key))


def same_article(episode: Episode, segments: Iterable[Segment]) -> bool:
    """Whether an episode was made from this article (perhaps edited): at least half of its
    written sentences are still there. An episode from before timelines were kept counts as
    the same (nothing to compare)."""
    before = {t.written for t in episode.timeline if t.kind in BODY_KINDS and t.written}
    if not before:
        return True
    now = {s.written for s in segments if s.kind in BODY_KINDS and s.written}
    return 2 * len(before & now) >= len(before)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None
