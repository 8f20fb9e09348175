"""Publishing many articles in one run: side by side where it pays, one failure never stops it.

An offline engine is CPU-bound, so articles run in worker processes, one per core, each
speaking its own article serially (two levels of parallelism would only fight for the same
cores). An online engine waits on the network, so articles run in threads of this process and
share the feed's politeness limit. Every article is published by the same code as a single
one: its work happens outside the feed's lock and is committed under it, so a batch killed at
any point leaves a valid feed, and the next run finishes the rest from the cache.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import logging.handlers
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from narrate.config import FeedConfig
from narrate.errors import ArticleError, InputError, NarrateError, PageGoneError
from narrate.limits import read_regular_file
from narrate.models import Article
from narrate.pipeline import Pace, Publisher
from narrate.synthesis import usable_cores
from narrate.web import is_web_address

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".docx")
MAX_LIST_BYTES = 1024 * 1024

Status = Literal["published", "updated", "unchanged", "skipped", "failed"]  # skipped: retracted


@dataclass(frozen=True)
class Dated:
    """An input with a date to use when the article itself has none (a followed site's item
    whose page carries no date: the item's own pubDate)."""

    source: str
    published: datetime | None


Source = str | Article | Dated


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    source: str
    status: Status
    title: str = ""
    message: str = ""  # why it failed
    synthesized: int = 0
    duration: float = 0.0
    audio_path: str = ""
    guid: str = ""
    lasting: bool = False  # a failure trying again cannot fix (page gone, not an article)


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]
    elapsed: float

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")


@dataclass
class Tally:
    """Live progress of a batch, for a progress bar: articles and segments, with an ETA."""

    articles: int
    started: float = field(default_factory=time.monotonic)
    finished: int = 0
    segments_done: int = 0
    segments_known: int = 0  # to speak, in the articles started so far
    _per_article: dict[str, tuple[int, int]] = field(default_factory=dict)

    def segments(self, source: str, done: int, total: int) -> None:
        old_done, old_total = self._per_article.get(source, (0, 0))
        self._per_article[source] = (done, total)
        self.segments_done += done - old_done
        self.segments_known += total - old_total

    def finish(self) -> None:
        self.finished += 1

    def eta(self) -> float | None:
        """Seconds left, from the pace of finished articles (None until one finishes)."""
        if not self.finished:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / self.finished * (self.articles - self.finished)


Listener = Callable[[Tally, Outcome | None], None]  # called on progress and per finished article


def expand_inputs(inputs: Sequence[str], list_files: Sequence[Path] = ()) -> list[str]:
    """Files, quoted globs, folders (their articles, recursively), URLs and list files (one
    input per line, ``#`` comments) → inputs in order, each once. Paths are not checked here:
    a missing file becomes that article's failure, not the batch's."""
    found: list[str] = []
    for list_file in list_files:
        found += _read_list(list_file)
    for item in inputs:
        if is_web_address(item):
            found.append(item)
        elif any(char in item for char in "*?[") and not Path(item).exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"no file matches {item!r}")
            found += [m for m in matches if not Path(m).is_dir()]
        elif Path(item).is_dir():
            # Dot-folders *inside* the folder given are skipped (drafts, .git); the path to
            # it may well pass through ``..`` or a dot-folder of its own.
            articles = sorted(
                str(p) for p in Path(item).rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
            )  # fmt: skip
            if not articles:
                raise InputError(
                    f"folder {item} holds no article ({', '.join(ARTICLE_SUFFIXES)} files)"
                )
            found += articles
        else:
            found.append(item)
    return list(dict.fromkeys(found))


def _read_list(path: Path) -> list[str]:
    """The inputs a list file names, one a line; a path is taken relative to the list's folder
    and may not leave it (``../../etc/passwd`` in a list must never become an episode)."""
    data = read_regular_file(path, limit=MAX_LIST_BYTES, what="the list file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"the list file {path} is not UTF-8 text") from None
    base = path.parent
    folder = base.resolve()
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_web_address(line):
            items.append(line)
            continue
        entry = Path(line) if Path(line).is_absolute() else base / line
        if not entry.resolve().is_relative_to(folder):
            shown = line if line.isprintable() else repr(line)
            raise InputError(
                f"the list file {path}, line {number}: {shown[:200]} is outside the list's "
                f"folder {folder}; put the articles beside the list, or name them on the "
                "command line"
            )
        items.append(str(entry))
    return items


def default_jobs(publisher: Publisher) -> int:
    """One article per core offline. Online, twice the politeness limit: while some articles
    are measured and encoded, others keep every permitted request in flight."""
    if publisher.engine.parallel == "threads":
        return 2 * publisher.config.engine.politeness
    if publisher.engine.parallel == "inside":  # piper: onnxruntime already uses every core
        return 1
    return usable_cores()


def publish_batch(
    publisher: Publisher,
    sources: Sequence[Source],
    *,
    jobs: int | None = None,
    backdate: bool = False,
    listener: Listener | None = None,
    explicit_id: str | None = None,
    restore: bool = False,
) -> Summary:
    """Publish every source; return what happened to each, in input order.

    ``explicit_id`` (one source only) gives the article a stable key of the editor's choice;
    ``restore`` publishes retracted articles again (otherwise they are skipped).
    """
    if explicit_id and len(sources) > 1:
        raise ValueError("an explicit id names exactly one article")
    started = time.monotonic()
    tally = Tally(len(sources))
    notify = listener or (lambda tally, outcome: None)
    if not sources:
        return Summary((), 0.0)
    jobs = max(1, jobs or default_jobs(publisher))
    stamp = publisher.clock()  # one release time for the batch: the feed keeps article order
    publisher.restore = restore
    if len(sources) == 1 or jobs == 1:
        # One article uses both cores inside itself; --jobs 1 is strictly serial.
        pace: Pace = "strictly_serial" if jobs == 1 else "parallel"
        outcomes = []
        for source in sources:
            outcome = _publish_one(
                publisher, source, backdate, tally, notify, explicit_id, stamp, pace
            )
            outcomes.append(outcome)
        return Summary(tuple(outcomes), time.monotonic() - started)
    if publisher.engine.parallel == "threads":
        runner = _threaded(publisher, sources, jobs, backdate, tally, notify, stamp)
    else:
        runner = _in_processes(publisher, sources, jobs, backdate, tally, notify, stamp)
    outcomes = list(runner)
    return Summary(tuple(outcomes), time.monotonic() - started)


def _label(source: Source) -> str:
    if isinstance(source, Dated):
        return source.source
    return source.source or source.url or source.title if isinstance(source, Article) else source


def _publish_one(
    publisher: Publisher,
    source: Source,
    backdate: bool,
    tally: Tally | None,
    notify: Listener,
    explicit_id: str | None = None,
    release_time: datetime | None = None,
    pace: Pace = "in_turn",
) -> Outcome:
    label = _label(source)

    def progress(done: int, total: int) -> None:
        if tally is not None:
            tally.segments(label, done, total)
            notify(tally, None)

    outcome = run_one(publisher, source, backdate, progress, explicit_id, release_time, pace)
    if tally is not None:
        tally.finish()
        notify(tally, outcome)
    return outcome


def run_one(
    publisher: Publisher,
    source: Source,
    backdate: bool,
    progress: Callable[[int, int], None] | None = None,
    explicit_id: str | None = None,
    release_time: datetime | None = None,
    pace: Pace = "in_turn",
) -> Outcome:
    """One article, its failure caught and described: a bad article never stops a batch."""
    label = _label(source)
    try:
        fallback = source.published if isinstance(source, Dated) else None
        target = source if isinstance(source, Article) else _as_source(label)
        result = publisher.publish(
            target, progress=progress, backdate=backdate, explicit_id=explicit_id,
            release_time=release_time, restore=publisher.restore, fallback_date=fallback,
            pace=pace,
        )  # fmt: skip
    except NarrateError as exc:
        lasting = isinstance(exc, PageGoneError | ArticleError)
        return Outcome(label, "failed", message=str(exc), lasting=lasting)
    except Exception as exc:  # a bug must not cost the rest of the batch its episodes
        log.debug("unexpected failure on %s", label, exc_info=True)
        return Outcome(label, "failed", message=f"internal error: {type(exc).__name__}: {exc}")
    episode = result.episode
    return Outcome(
        label, result.status, episode.title, "", result.synthesized, episode.duration,
        str(result.audio_path), episode.guid,
    )  # fmt: skip


def _as_source(source: str) -> str | Path:
    return source if is_web_address(source) else Path(source)


def _threaded(
    publisher: Publisher,
    sources: Sequence[Source],
    jobs: int,
    backdate: bool,
    tally: Tally,
    notify: Listener,
    stamp: datetime,
) -> Iterator[Outcome]:
    lock = threading.Lock()

    def locked_notify(tally: Tally, outcome: Outcome | None) -> None:
        with lock:
            notify(tally, outcome)

    with ThreadPoolExecutor(max_workers=min(jobs, len(sources))) as pool:
        futures = [
            pool.submit(_publish_one, publisher, s, backdate, tally, locked_notify, None, stamp)
            for s in sources
        ]
        try:
            yield from _results(futures, sources)
        except BaseException:  # Ctrl-C: the articles being spoken finish, no new one starts
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# Set in each worker process by its initializer.
_worker_publisher: Publisher | None = None
_worker_events: multiprocessing.queues.Queue | None = None


def _start_worker(config: FeedConfig, output: Path, events, restore: bool, level: int) -> None:  # type: ignore[no-untyped-def]
    from narrate.synthesis import _die_with_parent

    global _worker_publisher, _worker_events
    _die_with_parent()
    # Ctrl-C reaches the whole process group: the parent answers it (one line, exit 130) and
    # its workers stop at once and silently. Stopping anywhere is safe: an article is
    # committed atomically under the lock, and the next run sweeps what was half made.
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C held since spawn
    # A spawned worker has no logging set up: its warnings would go straight to stderr
    # (printed under -q, missing from --log-file). They travel to the parent's handlers.
    logger = logging.getLogger("narrate")
    logger.handlers[:] = [logging.handlers.QueueHandler(events)]
    logger.setLevel(level)
    logger.propagate = False
    _worker_publisher = Publisher(config, output)
    _worker_publisher.restore = restore
    _worker_events = events


def _worker_publish(source: Source, backdate: bool, stamp: datetime) -> Outcome:
    assert _worker_publisher is not None and _worker_events is not None
    events = _worker_events
    label = _label(source)

    def progress(done: int, total: int) -> None:
        events.put((label, done, total))

    return run_one(_worker_publisher, source, backdate, progress, None, stamp)


def _in_processes(
    publisher: Publisher,
    sources: Sequence[Source],
    jobs: int,
    backdate: bool,
    tally: Tally,
    notify: Listener,
    stamp: datetime,
) -> Iterator[Outcome]:
    # spawn, not fork: a fork copies whatever locks this process's other threads hold at
    # that instant (SQLite's among them), and a worker born holding one waits forever.
    context = multiprocessing.get_context("spawn")
    events = context.Queue()
    stop = threading.Event()

    def relay() -> None:  # segment progress from the workers, onto the parent's tally
        while True:  # after the stop, until the queue is drained: no warning is lost
            try:
                event = events.get(timeout=0.1)
            except queue.Empty:
                if stop.is_set():
                    return
                continue
            except (EOFError, OSError):
                return
            if isinstance(event, logging.LogRecord):  # a worker's warning, for our handlers
                logging.getLogger(event.name).handle(event)
                continue
            label, done, total = event
            tally.segments(label, done, total)
            notify(tally, None)

    relay_thread = threading.Thread(target=relay, name="batch-progress", daemon=True)
    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(sources)), mp_context=context,
            initializer=_start_worker, initargs=(publisher.config, publisher.paths.root.parent,
                                                 events, publisher.restore,
                                                 logging.getLogger("narrate").getEffectiveLevel()),
        ) as pool:  # fmt: skip
            with _interrupt_held():  # workers start with Ctrl-C held, not as a traceback
                futures = [pool.submit(_worker_publish, s, backdate, stamp) for s in sources]
            relay_thread.start()
            try:
                for outcome in _results(futures, sources):
                    tally.finish()
                    notify(tally, outcome)
                    yield outcome
            except BaseException:  # Ctrl-C, or a signal to this process alone: stop now
                workers = list((getattr(pool, "_processes", None) or {}).values())
                pool.shutdown(wait=False, cancel_futures=True)
                for worker in workers:
                    worker.kill()  # otherwise leaving the pool waits for their articles
                raise
    finally:
        stop.set()
        if relay_thread.is_alive():
            relay_thread.join()
        events.close()
        with contextlib.suppress(Exception):
            events.join_thread()


@contextlib.contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold SIGINT while worker processes are spawned. A worker inherits the held signal, so
    a Ctrl-C that comes while it is still importing (before its handler is set) waits for
    that handler instead of printing a KeyboardInterrupt traceback; here it arrives after."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _results(futures: Sequence[Future[Outcome]], sources: Sequence[Source]) -> Iterable[Outcome]:
    """Outcomes in input order; a worker that died takes only its own articles with it."""
    for future, source in zip(futures, sources, strict=True):
        try:
            yield future.result()
        except BrokenProcessPool:
            yield Outcome(_label(source), "failed", message="its worker process was killed")
