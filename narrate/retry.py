"""What the network's "try again later" means, shared by everything that talks to servers."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol, TypeVar

from narrate.errors import EngineError, NarrateError

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
class RetryPolicy:
    """How often to try and how long to wait in between: one rule for everything that talks
    to servers, each caller giving its own numbers."""

    retries: int  # attempts in all, not extra attempts
    backoff: float  # seconds: the first wait's upper bound, doubled each time
    max_backoff: float = MAX_BACKOFF
    max_retry_after: float = MAX_RETRY_AFTER

    def wait(self, attempt: int, failure: Failure) -> float:
        """Seconds before try ``attempt + 1``: the server's Retry-After, else full jitter."""
        if failure.retry_after is not None:
            return failure.retry_after
        return full_jitter(attempt, self.backoff, self.max_backoff)


@dataclass(frozen=True)
class Failure:
    """One failed request, classified: may we try again, how to say it, how long to wait."""

    retryable: bool
    reason: str
    retry_after: float | None = None
    state: str = "is unreachable"  # how the service looks after the last try
    advice: str = "check the network"
    kind: str = ""  # how it failed, for a caller that words each kind its own way

    @property
    def timed_out(self) -> bool:
        return self.reason == "timed out"


class TryAgain(Exception):
    """Raised by a call to say it failed in a way the next attempt may not."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.reason)
        self.failure = failure


def tried_again(exc: Exception) -> Failure | None:
    """The classifier for calls that raise :class:`TryAgain` themselves."""
    return exc.failure if isinstance(exc, TryAgain) else None


class Wording(Protocol):
    """How one caller tells its editor that a request failed for good."""

    @property
    def log_name(self) -> str: ...

    def refused(self, failure: Failure) -> NarrateError:
        """A failure that asking again will not change."""
        ...

    def asks_to_wait(self, failure: Failure) -> NarrateError:
        """A Retry-After longer than the policy accepts."""
        ...

    def gave_up(self, failure: Failure, retries: int) -> NarrateError:
        """Still failing after the last try."""
        ...


def retry(
    call: Callable[[], T],
    classify: Callable[[Exception], Failure | None],
    policy: RetryPolicy,
    wording: Wording,
    *,
    sleep: Callable[[float], None],
) -> T:
    """``call()``, tried up to ``policy.retries`` times with full-jitter backoff (or the
    server's Retry-After) while ``classify`` calls the failure passing; then the error that
    ``wording`` gives. Exceptions ``classify`` does not know are raised as they are."""
    failure: Failure | None = None
    cause: Exception | None = None
    for attempt in range(1, policy.retries + 1):
        try:
            return call()
        except Exception as exc:
            failure = classify(exc)
            if failure is None:
                raise
            cause = exc
        if not failure.retryable:
            raise wording.refused(failure) from cause
        if failure.retry_after is not None and failure.retry_after > policy.max_retry_after:
            raise wording.asks_to_wait(failure) from cause
        if attempt == policy.retries:
            break
        delay = policy.wait(attempt, failure)
        log.info("%s: %s; retry %d/%d in %.2f s", wording.log_name, failure.reason, attempt,
                 policy.retries, delay)  # fmt: skip
        sleep(delay)
    assert failure is not None
    raise wording.gave_up(failure, policy.retries) from cause


def tries(count: int) -> str:
    return "1 try" if count == 1 else f"{count} tries"


@dataclass(frozen=True)
class Service:
    """An online service as the one line that ends a failed request names it."""

    name: str  # "Google's speech service"
    log_name: str  # "gtts"
    context: str = ""  # said before the advice when it gives up, e.g. that endpoints change


@dataclass(frozen=True)
class _ServiceWording:
    """An online engine's failures, each ending in the offline way out."""

    service: Service
    timeout: float

    @property
    def log_name(self) -> str:
        return self.service.log_name

    def refused(self, failure: Failure) -> NarrateError:
        return EngineError(f"{failure.reason}: {failure.advice}, or {OFFLINE_HINT}")

    def asks_to_wait(self, failure: Failure) -> NarrateError:
        return EngineError(
            f"{self.service.name} asks to wait {failure.retry_after:.0f} s ({failure.reason}); "
            f"try again later or {OFFLINE_HINT}"
        )

    def gave_up(self, failure: Failure, retries: int) -> NarrateError:
        said = tries(retries) + (f" of {self.timeout:g} s" if failure.timed_out else "")
        context = f"{self.service.context}: " if self.service.context else ""
        return EngineError(
            f"{self.service.name} {failure.state} ({failure.reason} after {said}); "
            f"{context}{failure.advice}, or {OFFLINE_HINT}"
        )


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
    """:func:`retry` for an online engine: one line for the editor that ends in the offline
    way out."""
    policy = RetryPolicy(retries, backoff)
    return retry(call, classify, policy, _ServiceWording(service, timeout), sleep=sleep)
