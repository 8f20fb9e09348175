"""Speech engines behind one small interface, chosen by name.

Adding an engine means one new module here and one line in ``ENGINES``. Every engine returns
mono 16-bit little-endian PCM at its own ``sample_rate``; the audio stage converts it to the
episode's rate, so engines never need to agree.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Protocol

from narrate.config import MAX_RATE, MIN_RATE, EngineSettings
from narrate.errors import EngineError

# name → "module:factory"; imported lazily so an engine's dependencies load only when used.
ENGINES: dict[str, str] = {
    "espeak": "narrate.engines.espeak:EspeakEngine",
    "gtts": "narrate.engines.gtts:GttsEngine",
}


class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str
    voice: str
    sample_rate: int
    max_chars: int  # longest text one call accepts; longer sentences are cut before
    # How calls run side by side: "processes" for CPU-bound in-process libraries with global
    # state (one engine per worker process, one per core), "threads" for network engines
    # (at most ``max_concurrency`` requests in flight, a politeness limit).
    parallel: str
    max_concurrency: int

    def synthesize(self, text: str) -> bytes:
        """Speak ``text``: mono s16le PCM at ``sample_rate``. Raises EngineError."""
        ...

    def identity(self) -> str:
        """Everything that changes the sound (engine, voice, options), for cache keys."""
        ...


def checked_voice(
    engine: str, voice: str | None, voices: Mapping[str, object], default: str, rate: float
) -> str:
    """The voice to use, after the checks every engine makes of its settings."""
    voice = voice or default
    if voice not in voices:
        raise EngineError(f"{engine} has no voice {voice!r}: choose one of {', '.join(voices)}")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise EngineError(f"rate {rate} is out of range: use {MIN_RATE} to {MAX_RATE}")
    return voice


def create_engine(settings: EngineSettings, *, sample_rate: int | None = None) -> Engine:
    """Build the engine named in ``settings``; unknown names fail with the list of known ones.

    ``sample_rate`` is the episode's: an engine that resamples anyway (decoding MP3) delivers
    at that rate; one with a fixed rate ignores it and the audio stage converts.
    """
    target = ENGINES.get(settings.name)
    if target is None:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"unknown engine {settings.name!r}: choose one of {known}")
    module_name, _, factory = target.partition(":")
    module = importlib.import_module(module_name)
    engine = getattr(module, factory)
    if sample_rate is not None and "sample_rate" in getattr(engine, "__dataclass_fields__", {}):
        return engine(voice=settings.voice, rate=settings.rate, sample_rate=sample_rate)
    return engine(voice=settings.voice, rate=settings.rate)
