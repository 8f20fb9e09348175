"""What the network's "try again later" means, shared by everything that talks to servers."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from narrate.errors import EngineError

log = logging.getLogger(__name__)
T = TypeVar("T")


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def full_jitter(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait before try ``attempt + 1``: exponential backoff with full jitter.

    Uniform in [0, min(cap, base · 2^(attempt−1))], so parallel workers that failed together
    spread out instead of retrying in lockstep.
    """
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))


MAX_BACKOFF = 30.0  # seconds: the cap of one jittered wait
MAX_RETRY_AFTER = 60.0  # a longer Retry-After means "not today": fail now instead of waiting
OFFLINE_HINT = "use the offline voice: --engine espeak"


@dataclass(frozen=True)
class Failure:
    """One failed request, classified: may we try again, how to say it, how long to wait."""

    retryable: bool
    reason: str
    retry_after: float | None = None
    state: str = "is unreachable"  # how the service looks after the last try
    advice: str = "check the network"

    @property
    def timed_out(self) -> bool:
        return self.reason == "timed out"


@dataclass(frozen=True)
class Service:
    """An online service as the one line that ends a failed request names it."""

    name: str  # "Google's speech service"
    log_name: str  # "gtts"
    context: str = ""  # said before the advice when it gives up, e.g. that endpoints change


def with_retries(
    call: Callable[[], T],
    classify: Callable[[Exception], Failure | None],
    service: Service,
    *,
    retries: int,
    backoff: float,
    timeout: float,
    sleep: Callable[[float], None],
) -> T:
    """``call()``, tried up to ``retries`` times with full-jitter backoff (or the server's
    Retry-After) while ``classify`` calls the failure passing; then one line for the editor
    that ends in the offline way out. Exceptions ``classify`` does not know are raised."""
    failure: Failure | None = None
    cause: Exception | None = None
    for attempt in range(1, retries + 1):
        try:
            return call()
        except Exception as exc:
            failure = classify(exc)
            if failure is None:
                raise
            cause = exc
        if not failure.retryable:
            raise EngineError(f"{failure.reason}: {failure.advice}, or {OFFLINE_HINT}") from cause
        if failure.retry_after is not None and failure.retry_after > MAX_RETRY_AFTER:
            raise EngineError(
                f"{service.name} asks to wait {failure.retry_after:.0f} s ({failure.reason}); "
                f"try again later or {OFFLINE_HINT}"
            ) from cause
        if attempt == retries:
            break
        if failure.retry_after is not None:
            delay = failure.retry_after
        else:  # full jitter, so parallel workers that failed together spread out
            delay = full_jitter(attempt, backoff, MAX_BACKOFF)
        log.info("%s: %s; retry %d/%d in %.2f s", service.log_name, failure.reason, attempt,
                 retries, delay)  # fmt: skip
        sleep(delay)
    assert failure is not None
    tries = f"{retries} {'try' if retries == 1 else 'tries'}"
    tries += f" of {timeout:g} s" if failure.timed_out else ""
    context = f"{service.context}: " if service.context else ""
    raise EngineError(
        f"{service.name} {failure.state} ({failure.reason} after {tries}); "
        f"{context}{failure.advice}, or {OFFLINE_HINT}"
    ) from cause
