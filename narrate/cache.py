"""The segment cache: a re-run synthesizes nothing, an edit re-synthesizes only what changed.

A segment is keyed by everything that shapes its sound: the engine's identity (engine, voice,
options) and the exact text it speaks. Audio is stored compactly as FLAC (lossless, about half
the size of raw PCM): each run that synthesizes anything writes *one* FLAC "pack" holding its
new segments end to end (one encoder run, not one per segment), and an SQLite index says where
each segment lies in which pack. Packs appear atomically; the index is written after them, so
a crash leaves at worst an unindexed pack that ``prune`` removes.

Each clip is also kept the moment it is spoken, as a raw file named by its key in ``loose/``
(until a pack holds it): a run killed half-way through an article (a cron timeout shorter than
the article) keeps what it spoke, and the next run asks the engine only for the rest. A run
lists the keys it uses in ``live/`` for as long as it runs; ``prune`` never touches them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from narrate.audio import ONE_THREAD, ffmpeg_failure, run_ffmpeg
from narrate.errors import CacheError
from narrate.files import atomic_path, atomic_write, process_alive

SAMPLE_WIDTH = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    key          TEXT PRIMARY KEY,
    pack         TEXT NOT NULL,
    sample_rate  INTEGER NOT NULL,
    offset       INTEGER NOT NULL,   -- in samples, from the start of the pack
    samples      INTEGER NOT NULL,
    created      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS segments_pack ON segments (pack);
"""


def segment_key(engine_identity: str, text: str) -> str:
    return hashlib.sha256(f"{engine_identity}\x00{text}".encode()).hexdigest()


@dataclass(frozen=True)
class PruneResult:
    segments: int
    packs: int
    bytes_freed: int


class SegmentCache:
    """One feed's cache folder: ``index.sqlite`` and ``packs/*.flac``."""

    def __init__(self, root: Path, ffmpeg: str) -> None:
        self.root = root
        self.packs = root / "packs"
        self.loose = root / "loose"
        self.from_loose: set[str] = set()  # keys the last ``load`` found only as loose clips
        self.ffmpeg = ffmpeg
        try:
            self.packs.mkdir(parents=True, exist_ok=True)
            self.loose.mkdir(exist_ok=True)
            # check_same_thread off: ``store`` may run on a background thread while the
            # caller encodes; the caller never uses the cache at the same time.
            self._db = sqlite3.connect(root / "index.sqlite", timeout=30, check_same_thread=False)
            with self._db:
                self._db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(
                f"segment cache {root} is unusable ({exc}); delete the folder to start afresh"
            ) from None

    def __enter__(self) -> SegmentCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def load(self, keys: Iterable[str]) -> dict[str, tuple[bytes, int]]:
        """PCM and sample rate of every cached key among ``keys`` (decoding each pack once)."""
        wanted = sorted(set(keys))
        rows: list[tuple[str, str, int, int, int]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._db.execute(
                "SELECT key, pack, sample_rate, offset, samples FROM segments "
                f"WHERE key IN ({marks})",
                chunk,
            ).fetchall()
        found: dict[str, tuple[bytes, int]] = {}
        by_pack: dict[str, list[tuple[str, int, int, int]]] = {}
        for key, pack, rate, offset, samples in rows:
            by_pack.setdefault(pack, []).append((key, rate, offset, samples))
        for pack, entries in by_pack.items():
            pcm = self._decode(self.packs / pack)
            if pcm is None:
                continue  # a pack lost from disk: its segments are synthesized again
            for key, rate, offset, samples in entries:
                piece = pcm[offset * SAMPLE_WIDTH : (offset + samples) * SAMPLE_WIDTH]
                if len(piece) == samples * SAMPLE_WIDTH:
                    found[key] = (piece, rate)
        missing = set(wanted) - set(found)
        loose = self._load_loose(missing) if missing else {}
        self.from_loose = set(loose)
        return found | loose

    def keep_clip(self, key: str, pcm: bytes, sample_rate: int) -> None:
        """Keep one clip the moment it is spoken (see the module's docstring)."""
        dest = self.loose / f"{key}.{sample_rate}.pcm"
        tmp = self.loose / f".{os.getpid()}-{uuid.uuid4().hex}.part"
        try:
            tmp.write_bytes(pcm)
            os.replace(tmp, dest)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise CacheError(f"cannot keep a spoken clip in {self.loose}: {exc.strerror}") from None

    def drop_loose(self, keys: Iterable[str]) -> None:
        """Forget the loose copies of clips a pack now holds."""
        keys = set(keys)
        for path in self._loose_files():
            if path.name.partition(".")[0] in keys:
                path.unlink(missing_ok=True)

    def _loose_files(self) -> list[Path]:
        try:
            return [p for p in self.loose.iterdir() if p.name.endswith(".pcm")]
        except FileNotFoundError:
            return []

    def _load_loose(self, keys: set[str]) -> dict[str, tuple[bytes, int]]:
        found: dict[str, tuple[bytes, int]] = {}
        for path in self._loose_files():
            key, _, rest = path.name.partition(".")
            rate = rest.removesuffix(".pcm")
            if key in keys and rate.isdigit():
                with contextlib.suppress(OSError):  # pruned meanwhile: spoken again
                    found[key] = (path.read_bytes(), int(rate))
        return found

    def store(self, clips: Mapping[str, bytes], sample_rate: int) -> None:
        """Write new segments (all at ``sample_rate``) as one pack, then index them."""
        if not clips:
            return
        keys = list(clips)
        name = f"{uuid.uuid4().hex}.flac"
        with atomic_path(self.packs / name) as tmp:
            self._encode(b"".join(clips[k] for k in keys), sample_rate, tmp)
        placed, offset = {}, 0
        for key in keys:
            samples = len(clips[key]) // SAMPLE_WIDTH
            placed[key] = (offset, samples)
            offset += samples
        self._index(name, placed, sample_rate)

    def new_pack(self) -> Path:
        """A fresh, hidden pack path for an encoder to write (see ``index_pack``)."""
        return self.packs / f".{os.getpid()}-{uuid.uuid4().hex}.flac.part"

    def index_pack(
        self, written: Path, clips: Mapping[str, tuple[int, int]], sample_rate: int
    ) -> None:
        """Make a pack someone else encoded (a whole episode, say) part of the cache: it
        appears under its final name, then ``clips`` (key → first sample, sample count) are
        indexed in it. A pack never indexed (a killed run) is removed by ``prune``."""
        if not clips:
            written.unlink(missing_ok=True)
            return
        name = written.name.removeprefix(".").removesuffix(".part").partition("-")[2]
        try:
            written.replace(self.packs / name)
        except OSError as exc:
            raise CacheError(f"cannot write the segment cache pack: {exc.strerror}") from None
        self._index(name, clips, sample_rate)

    def _index(self, pack: str, clips: Mapping[str, tuple[int, int]], sample_rate: int) -> None:
        """Record where each clip lies in ``pack`` (first sample, sample count)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(key, pack, sample_rate, offset, samples, now)
                for key, (offset, samples) in clips.items()]  # fmt: skip
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO segments VALUES (?, ?, ?, ?, ?, ?)", rows
                )
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the segment cache index: {exc}") from None

    def prune(self, keep: set[str]) -> PruneResult:
        """Forget every segment not in ``keep`` nor used by a live run; delete packs and
        loose clips nothing refers to any more."""
        keep = keep | live_keys(self.root)
        stale = [k for (k,) in self._db.execute("SELECT key FROM segments") if k not in keep]
        with self._db:
            self._db.executemany("DELETE FROM segments WHERE key = ?", [(k,) for k in stale])
        used = {p for (p,) in self._db.execute("SELECT DISTINCT pack FROM segments")}
        packs, freed = 0, 0
        for path in self.packs.iterdir():
            if path.name.endswith(".part") and _writer_alive(path.name):
                continue  # another run is writing it right now
            if path.name not in used:
                freed += path.stat().st_size
                path.unlink()
                packs += 1
        for path in self._loose_files():
            if path.name.partition(".")[0] not in keep:
                with contextlib.suppress(FileNotFoundError):
                    freed += path.stat().st_size
                    path.unlink()
        self.sweep()
        return PruneResult(len(stale), packs, freed)

    def sweep(self) -> None:
        """Remove what killed runs left half-written (``.part`` files of dead processes)."""
        for folder in (self.packs, self.loose):
            for path in folder.glob(".*.part"):
                if not _writer_alive(path.name):
                    path.unlink(missing_ok=True)

    def keys(self) -> set[str]:
        return {k for (k,) in self._db.execute("SELECT key FROM segments")}

    def _encode(self, pcm: bytes, sample_rate: int, dest: Path) -> None:
        command = [
            self.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *ONE_THREAD,
            "-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0",
            "-c:a", "flac", "-compression_level", "5", "-f", "flac", str(dest),
        ]  # fmt: skip
        result = run_ffmpeg(command, pcm)
        if result.returncode != 0:
            raise CacheError(ffmpeg_failure(result.stderr, "write a segment cache pack", dest))

    def _decode(self, path: Path) -> bytes | None:
        if not path.is_file():
            return None
        command = [
            self.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", *ONE_THREAD,
            "-i", str(path), "-f", "s16le", "-ac", "1", "pipe:1",
        ]  # fmt: skip
        result = run_ffmpeg(command)
        return result.stdout if result.returncode == 0 else None


LIVE = "live"  # the keys each running publish uses, one file per run


@contextlib.contextmanager
def keys_in_use(root: Path, keys: Iterable[str]) -> Iterator[None]:
    """Say that this run uses ``keys`` until the block ends: ``prune`` keeps them, even the
    ones no catalog row names yet (spoken, indexed, not yet committed)."""
    path = root / LIVE / f".{os.getpid()}-{uuid.uuid4().hex[:12]}.json"
    atomic_write(path, json.dumps(sorted(set(keys))).encode())
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def live_keys(root: Path) -> set[str]:
    """Keys used by runs still alive (files of dead runs are removed)."""
    keys: set[str] = set()
    folder = root / LIVE
    for path in folder.glob(".*.json") if folder.is_dir() else ():
        if not _writer_alive(path.name):
            path.unlink(missing_ok=True)
            continue
        with contextlib.suppress(OSError, ValueError):
            keys.update(json.loads(path.read_text("utf-8")))
    return keys


def _writer_alive(name: str) -> bool:
    """Whether the process named in a pack being written (".PID-…") still runs."""
    pid = name.removeprefix(".").partition("-")[0]
    return pid.isdigit() and process_alive(int(pid))
