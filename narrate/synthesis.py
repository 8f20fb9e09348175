"""Speaking many segments, using both cores where it pays.

CPU-bound engines with process-global state (espeak-ng) run one engine per worker process;
network engines (gTTS) run a few requests at once in threads, no more than their politeness
limit. Results always come back in segment order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from narrate.config import EngineSettings
from narrate.engines import Engine, create_engine

# Below this many segments a worker pool costs more than it saves.
MIN_PARALLEL_SEGMENTS = 12

_worker_engine: Engine | None = None  # one per worker process, set by its initializer


def _start_worker(settings: EngineSettings) -> None:
    global _worker_engine
    _worker_engine = create_engine(settings)


def _speak(text: str) -> bytes:
    assert _worker_engine is not None
    return _worker_engine.synthesize(text)


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def synthesize_all(
    engine: Engine,
    settings: EngineSettings,
    texts: Sequence[str],
    on_done: Callable[[], None] | None = None,
) -> list[bytes]:
    """PCM for every text, in order, at ``engine.sample_rate``."""
    tick = on_done or (lambda: None)
    workers = min(usable_cores(), len(texts) // (MIN_PARALLEL_SEGMENTS // 2) or 1)
    if engine.parallel == "threads" and engine.max_concurrency > 1 and len(texts) > 1:
        with ThreadPoolExecutor(max_workers=engine.max_concurrency) as pool:
            return _collect(pool.map(engine.synthesize, texts), tick)
    if engine.parallel == "processes" and workers > 1 and len(texts) >= MIN_PARALLEL_SEGMENTS:
        # fork: workers start in milliseconds and inherit the loaded library; each then
        # owns its copy of the engine's global state.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker,
            initargs=(settings,),
        ) as pool:  # fmt: skip
            return _collect(pool.map(_speak, texts, chunksize=2), tick)
    return _collect((engine.synthesize(text) for text in texts), tick)


def _collect(results: object, tick: Callable[[], None]) -> list[bytes]:
    clips = []
    for pcm in results:  # type: ignore[attr-defined]
        clips.append(pcm)
        tick()
    return clips
