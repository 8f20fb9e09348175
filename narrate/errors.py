"""One exception family, so the CLI can turn any failure into one readable line.

Every error carries a message written for the editor who runs ``narrate``: what went
wrong and, where we know it, how to fix it.
"""

from __future__ import annotations


class NarrateError(Exception):
    """Base of every error narrate raises on purpose."""

    exit_code = 1


class InputError(NarrateError):
    """An article file that cannot be read: missing, empty, binary, undecodable."""


class PageGoneError(InputError):
    """A page its site says is not there (404, 410): asking again will not bring it back."""


class ArticleError(NarrateError):
    """Text that was read but holds no usable article (no title or no paragraph)."""


class ConfigError(NarrateError):
    """A feed file that is missing, broken or incomplete."""


class EngineError(NarrateError):
    """A speech engine that is unknown, unusable here, or failed."""


class AudioError(NarrateError):
    """Joining, encoding or tagging audio failed (ffmpeg, disk)."""


class CatalogError(NarrateError):
    """The episode catalog could not be read or written."""


class PublishError(NarrateError):
    """Writing the public files (audio, feed) failed."""


class CacheError(NarrateError):
    """The segment cache could not be read or written."""
