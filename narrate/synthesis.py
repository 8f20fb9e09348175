"""Speaking many segments, using both cores where it pays.

CPU-bound engines with process-global state (espeak-ng) run one engine per worker process;
network engines (gTTS) run a few requests at once in threads, no more than their politeness
limit. Results always come back in segment order.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from narrate.config import EngineSettings
from narrate.engines import Engine, create_engine
from narrate.politeness import Politeness

# Below this many segments a worker pool costs more than it saves.
MIN_PARALLEL_SEGMENTS = 12

_PR_SET_PDEATHSIG = 1
_worker_engine: Engine | None = None  # one per worker process, set by its initializer


def _start_worker(settings: EngineSettings) -> None:
    global _worker_engine
    _die_with_parent()
    _worker_engine = create_engine(settings)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the publishing process dies (even by SIGKILL), so no
    orphan keeps speaking, or holding files, after an interrupted run."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _speak(text: str) -> bytes:
    assert _worker_engine is not None
    return _worker_engine.synthesize(text)


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def synthesize(
    engine: Engine,
    settings: EngineSettings,
    texts: Sequence[str],
    on_done: Callable[[], None] | None = None,
    *,
    gate: Politeness | None = None,
    parallel: bool = True,
) -> Iterator[bytes]:
    """PCM for every text, yielded in order as soon as it is ready, at ``engine.sample_rate``.

    Yielding early lets the caller level and measure audio while later segments are still
    being spoken. The work is submitted (and worker processes forked) before this returns:
    a process forked later would inherit the caller's pipes to ffmpeg and keep them open.
    ``gate`` bounds an online engine's requests in flight (per feed); ``parallel=False``
    speaks in this process only (a batch already runs articles side by side).
    """
    tick = on_done or (lambda: None)
    workers = min(usable_cores(), len(texts) // (MIN_PARALLEL_SEGMENTS // 2) or 1)
    pool: Executor | None = None
    speak = engine.synthesize
    if gate is not None and getattr(engine, "request_gate", None) is None:

        def speak(text: str) -> bytes:  # the engine cannot gate its requests: gate the call
            with gate.slot():
                return engine.synthesize(text)

    threads = gate.limit if gate is not None else engine.max_concurrency
    if engine.parallel == "threads" and threads > 1 and len(texts) > 1:
        pool = ThreadPoolExecutor(max_workers=threads)
        results: Iterable[bytes] = pool.map(speak, texts)
    elif (
        parallel
        and engine.parallel == "processes"
        and workers > 1
        and len(texts) >= MIN_PARALLEL_SEGMENTS
    ):
        # fork: workers start in milliseconds and inherit the loaded library; each then
        # owns its copy of the engine's global state. A fork pool starts all its workers
        # at the first submit, which map() does now.
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(settings,),
        )  # fmt: skip
        results = pool.map(_speak, texts, chunksize=2)
    else:
        results = (speak(text) for text in texts)
    return _in_order(results, tick, pool)


def _in_order(
    results: Iterable[bytes], tick: Callable[[], None], pool: Executor | None
) -> Iterator[bytes]:
    try:
        for pcm in results:
            tick()
            yield pcm
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def synthesize_all(
    engine: Engine,
    settings: EngineSettings,
    texts: Sequence[str],
    on_done: Callable[[], None] | None = None,
) -> list[bytes]:
    """Every clip at once (see ``synthesize``)."""
    return list(synthesize(engine, settings, texts, on_done))
