"""What counts as a web address: one rule for inputs, links, covers and fetched pages.

Kept apart from :mod:`narrate.http` so the command line can tell a URL from a path without
importing an HTTP client.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["is_web_address"]


def is_web_address(text: str) -> bool:
    """An absolute http(s) address with a host ("javascript:", "file:" and "http:/x" are not)."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:  # such as a broken IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
