"""Speech engines behind one small interface, chosen by name.

Adding an engine means one new module here and one line in ``ENGINES``; a third-party
package adds one through the ``narrate.engines`` entry point group instead (README). Every
engine returns mono 16-bit little-endian PCM at its own ``sample_rate``; the audio stage
converts it to the episode's rate, so engines never need to agree.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from narrate.config import MAX_RATE, MIN_RATE, EngineSettings
from narrate.errors import EngineError

# name → "module:factory"; imported lazily so an engine's dependencies load only when used.
ENGINES: dict[str, str] = {
    "espeak": "narrate.engines.espeak:EspeakEngine",
    "gtts": "narrate.engines.gtts:GttsEngine",
    "piper": "narrate.engines.piper:PiperEngine",
    "edge": "narrate.engines.edge:EdgeEngine",
}
# Built-in engines whose library is an optional extra: (importable package, extra, offline).
# `pip install narrate` gives espeak and gtts; `narrate[piper]`, `narrate[edge]`, `narrate[all]`.
EXTRAS: dict[str, tuple[str, str, bool]] = {
    "piper": ("piper", "piper", True),
    "edge": ("edge_tts", "edge", False),
}
ENTRY_POINT_GROUP = "narrate.engines"
# Constructor arguments that are not a feed's to set: the common ones have their own fields,
# the rest are for narrate itself (the episode's rate, tests' clocks, the politeness gate).
NOT_FEED_SETTINGS = frozenset({"voice", "rate", "sample_rate", "sleep", "request_gate"})


class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str
    voice: str
    sample_rate: int
    max_chars: int  # longest text one call accepts; longer sentences are cut before
    # How calls run side by side: "processes" for CPU-bound in-process libraries with global
    # state (one engine per worker process, one per core), "threads" for network engines
    # (at most ``max_concurrency`` requests in flight, a politeness limit), "inside" for an
    # engine that already uses every core itself (one call at a time).
    parallel: str
    max_concurrency: int
    offline: bool  # False: needs the network (politeness limits apply to it)

    def synthesize(self, text: str) -> bytes:
        """Speak ``text``: mono s16le PCM at ``sample_rate``. Raises EngineError."""
        ...

    def identity(self) -> str:
        """Everything that changes the sound (engine, voice, options), for cache keys."""
        ...


@dataclass(frozen=True)
class Voice:
    """One voice as ``narrate voices`` lists it."""

    name: str  # what goes in a feed's ``voice =``
    language: str  # BCP 47, e.g. "vi-VN"
    description: str = ""
    installed: bool = True  # False: known, but must be downloaded first (how: ``EngineInfo.how``)


@dataclass(frozen=True)
class EngineInfo:
    """What an editor needs to choose an engine: its voices, and whether it works here now."""

    name: str
    offline: bool
    voices: tuple[Voice, ...]
    usable: bool
    why: str = ""  # when not usable: what is missing and how to fix it
    summary: str = ""
    plugin: str | None = None  # the distribution that added it, for a plug-in

    def sorted_voices(self) -> tuple[Voice, ...]:
        """Vietnamese first (installed before downloadable), then the rest by name."""
        return tuple(
            sorted(
                self.voices,
                key=lambda v: (not v.language.lower().startswith("vi"), not v.installed, v.name),
            )
        )


def checked_voice(
    engine: str, voice: str | None, voices: Mapping[str, object], default: str, rate: float
) -> str:
    """The voice to use, after the checks every engine makes of its settings."""
    voice = voice or default
    if voice not in voices:
        raise EngineError(f"{engine} has no voice {voice!r}: choose one of {', '.join(voices)}")
    check_rate(rate)
    return voice


def check_rate(rate: float) -> float:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise EngineError(f"rate {rate} is out of range: use {MIN_RATE} to {MAX_RATE}")
    return rate


def plugin_engines() -> dict[str, Any]:
    """Engines that installed packages add through the ``narrate.engines`` entry points."""
    from importlib.metadata import entry_points  # 60 ms to import: only when asked

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in ENGINES}


def known_engines() -> list[str]:
    return sorted({*ENGINES, *plugin_engines()})


def engine_factory(name: str) -> Callable[..., Engine]:
    """The class (or function) that builds engine ``name``: built-in first, then plug-ins."""
    target = ENGINES.get(name)
    if target is not None:
        require_extra(name)
        module_name, _, factory = target.partition(":")
        return getattr(importlib.import_module(module_name), factory)
    plugin = plugin_engines().get(name)
    if plugin is None:
        raise EngineError(f"unknown engine {name!r}: choose one of {', '.join(known_engines())}")
    try:
        return plugin.load()
    except Exception as exc:  # a broken third-party package must not crash narrate
        raise EngineError(
            f"engine {name!r} (from {plugin.value}) cannot be loaded: {exc}; "
            "reinstall the package that provides it"
        ) from None


def require_extra(name: str) -> None:
    """Fail with the pip command when a built-in engine's optional library is not installed."""
    extra = EXTRAS.get(name)
    if extra is None:
        return
    from importlib.util import find_spec

    package, extra_name, _ = extra
    if find_spec(package) is None:
        raise EngineError(
            f"engine {name} is not installed: pip install 'narrate[{extra_name}]' "
            "(or 'narrate[all]' for every engine)"
        )


def create_engine(settings: EngineSettings, *, sample_rate: int | None = None) -> Engine:
    """Build the engine named in ``settings``; unknown names fail with the list of known ones.

    ``sample_rate`` is the episode's: an engine that resamples anyway (decoding MP3) delivers
    at that rate; one with a fixed rate ignores it and the audio stage converts. Engine-specific
    settings (``[engine] model = …``, ``pitch = …``) arrive as keyword arguments.
    """
    factory = engine_factory(settings.name)
    parameters = _parameters(factory)  # None: it takes any keyword
    options = dict(settings.options)
    own = parameters - NOT_FEED_SETTINGS if parameters is not None else None
    unknown = sorted(set(options) & NOT_FEED_SETTINGS)
    if own is not None:
        unknown += sorted(set(options) - own)
    if unknown:
        known = ", ".join(sorted(own or ())) or "none"
        raise EngineError(
            f"engine {settings.name} has no setting {unknown[0]!r} (its own settings: {known})"
        )
    if sample_rate is not None and (parameters is None or "sample_rate" in parameters):
        options["sample_rate"] = sample_rate
    try:
        return factory(voice=settings.voice, rate=settings.rate, **options)
    except EngineError:
        raise
    except (TypeError, ValueError) as exc:
        raise EngineError(f"engine {settings.name}: {exc}") from None


def _parameters(factory: Callable[..., object]) -> set[str] | None:
    """The keyword arguments ``factory`` takes; None when it takes any (``**kwargs``)."""
    fields = getattr(factory, "__dataclass_fields__", None)
    if fields is not None:
        return {name for name, f in fields.items() if f.init}
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters}


def describe_engine(name: str, *, check_network: bool = True) -> EngineInfo:
    """An engine's voices and whether it is usable here, without ever raising."""
    try:
        factory = engine_factory(name)
    except EngineError as exc:
        offline = EXTRAS[name][2] if name in EXTRAS else False
        return EngineInfo(name, offline=offline, voices=(), usable=False, why=str(exc))
    describe = getattr(factory, "describe", None)
    plugin = plugin_engines().get(name) if name not in ENGINES else None
    source = plugin.dist.name if plugin is not None and plugin.dist is not None else None
    if describe is None:
        return EngineInfo(
            name, offline=bool(getattr(factory, "offline", False)), voices=(), usable=True,
            summary="(this engine does not list its voices)", plugin=source,
        )  # fmt: skip
    try:
        info = describe(check_network=check_network)
    except Exception as exc:
        return EngineInfo(name, False, (), usable=False, why=f"cannot describe itself: {exc}")
    return info if source is None else _with_plugin(info, source)


def _with_plugin(info: EngineInfo, source: str) -> EngineInfo:
    from dataclasses import replace

    return replace(info, plugin=source)
