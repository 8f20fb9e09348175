"""What every network engine shares: settings for retries, the feed's politeness gate, threads
instead of processes, and how ``narrate voices`` tells whether the service answers now."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from narrate.engines import EngineInfo, Voice
from narrate.errors import EngineError
from narrate.retry import OFFLINE_HINT, Failure, Service, with_retries

T = TypeVar("T")


@dataclass
class OnlineEngine:
    """The fields and behaviour common to engines that speak through a web service."""

    voice: str | None = None
    rate: float = 1.0
    timeout: float = field(default=10.0, kw_only=True)  # seconds (each engine says of what)
    retries: int = field(default=4, kw_only=True)  # attempts in all, not extra attempts
    backoff: float = field(default=0.5, kw_only=True)  # seconds: the first wait's upper bound
    sleep: Callable[[float], None] = field(
        default=time.sleep, kw_only=True, repr=False, compare=False
    )
    # The service's MP3 is decoded straight to the episode's rate: one resampling, not two.
    sample_rate: int = field(default=24000, kw_only=True)
    # Held around each request only (not the decoding, nor a retry's wait), so a feed's
    # politeness limit counts requests really in flight.
    request_gate: Callable[[], AbstractContextManager[object]] | None = field(
        default=None, kw_only=True, repr=False, compare=False
    )
    parallel: str = field(default="threads", init=False)
    max_concurrency: int = field(default=4, init=False)  # politeness towards a free service
    offline: bool = field(default=False, init=False)

    def check_retry_settings(self) -> None:
        if self.retries < 1:
            raise EngineError(f"retries must be at least 1, got {self.retries}")
        if not self.timeout > 0:
            raise EngineError(f"timeout must be more than 0 seconds, got {self.timeout}")

    def gated(self) -> AbstractContextManager[object]:
        """The feed's politeness slot for one request (none outside a publisher)."""
        return self.request_gate() if self.request_gate else nullcontext()

    def retrying(
        self,
        call: Callable[[], T],
        classify: Callable[[Exception], Failure | None],
        service: Service,
    ) -> T:
        return with_retries(
            call, classify, service, retries=self.retries, backoff=self.backoff,
            timeout=self.timeout, sleep=self.sleep,
        )  # fmt: skip


def describe_online(
    name: str,
    voices: Sequence[Voice],
    summary: str,
    answers: Callable[[], bool],
    who: str,
    *,
    check_network: bool,
) -> EngineInfo:
    """An online engine for ``narrate voices``: usable when ``answers()`` (a tiny real request,
    bounded in time) says the service speaks now; ``who`` names it in the advice."""
    voices = tuple(voices)
    if not check_network:
        return EngineInfo(name, False, voices, True, "not checked (--no-check)", summary)
    if answers():
        return EngineInfo(name, False, voices, True, summary=summary)
    return EngineInfo(
        name, False, voices, usable=False, summary=summary,
        why=f"{who} voice does not answer from here: check the network, or {OFFLINE_HINT}",
    )  # fmt: skip
