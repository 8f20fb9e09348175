"""What ``narrate voices`` shows: every engine (built in and plug-ins), its voices, and
whether it can speak on this machine right now, in words an editor can act on."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from narrate.engines import EngineInfo, describe_engine, known_engines
from narrate.errors import EngineError

# Built-in engines first, in the order an editor would try them; then plug-ins by name.
ORDER = ("espeak", "piper", "gtts", "edge")


def describe_all(*, only: str | None = None, check_network: bool = True) -> list[EngineInfo]:
    """Every engine described side by side: the online probes (a few seconds at most each)
    run at the same time, so the listing takes as long as the slowest one."""
    names = known_engines()
    if only is not None:
        if only not in names:
            raise EngineError(f"unknown engine {only!r}: choose one of {', '.join(names)}")
        names = [only]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:
        return list(pool.map(lambda n: describe_engine(n, check_network=check_network), names))


def format_engines(infos: list[EngineInfo]) -> str:
    lines: list[str] = []
    for info in infos:
        where = "offline" if info.offline else "online"
        state = "ready" if info.usable else "not ready"
        origin = f", plug-in from {info.plugin}" if info.plugin else ""
        lines.append(f"{info.name} ({where}{origin}): {state}")
        if info.summary:
            lines.append(f"  {info.summary}")
        if info.why:
            lines.append(f"  {'note' if info.usable else 'why'}: {info.why}")
        voices = info.sorted_voices()
        width = max((len(v.name) for v in voices), default=0)
        for voice in voices:
            extra = "" if voice.installed else "  (not downloaded)"
            description = f"  {voice.description}" if voice.description else ""
            lines.append(f"  {voice.name:<{width}}  {voice.language:<6}{description}{extra}")
        lines.append("")
    return "\n".join(lines)
