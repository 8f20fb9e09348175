"""What the network's "try again later" means, shared by everything that talks to servers."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


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
