"""Fetch one web page over http(s) the way a careful newsroom robot would.

The requests go through :mod:`narrate.http` (urllib3 with every limit explicit: per-read and
whole-download timeouts, a size bound that also applies after decompression, redirects checked
one hop at a time) and failures that may pass are retried under :mod:`narrate.retry`'s one
policy: full-jitter exponential backoff that honours ``Retry-After``. This module decides what
to ask for, what to accept, what to retry, and how to say what went wrong.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from narrate.errors import ConfigError, InputError, PageGoneError
from narrate.files import format_size
from narrate.http import USER_AGENT, Client, HttpFailure, Redirect, Response, ascii_url, follow
from narrate.models import Article
from narrate.retry import Failure, RetryPolicy, TryAgain, retry, tried_again, tries
from narrate.retry import retry_after as parse_retry_after
from narrate.web import is_web_address

__all__ = ["HTML_TYPES", "FetchLimits", "Page", "fetch", "format_size", "read_url"]

MIB = 1024 * 1024
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
_RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and how often one fetch may try; the defaults suit a news page."""

    timeout: float = 20.0  # seconds for the connection and for each read
    total_timeout: float = 60.0  # seconds for one request, connect to last byte
    max_bytes: int = 5 * MIB  # of the body, before and after decompression
    max_redirects: int = 5
    retries: int = 3  # attempts in all, not extra attempts (as GttsEngine.retries)
    backoff: float = 1.0  # seconds: the first wait's upper bound, doubled each time
    max_retry_after: float = 120.0  # a site asking for a longer pause fails at once
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        positive = {"timeout": self.timeout, "total_timeout": self.total_timeout,
                    "max_bytes": self.max_bytes, "retries": self.retries}  # fmt: skip
        for name, value in positive.items():
            if not value > 0:
                raise ConfigError(f"fetch {name} must be more than 0, got {value}")
        others = {"max_redirects": self.max_redirects, "backoff": self.backoff,
                  "max_retry_after": self.max_retry_after}  # fmt: skip
        for name, value in others.items():
            if not value >= 0:
                raise ConfigError(f"fetch {name} must be 0 or more, got {value}")


@dataclass(frozen=True)
class Page:
    """A downloaded page: where it ended up, what the server called it, and its bytes."""

    url: str  # the final address, after redirects
    requested: str  # the address as given
    content_type: str  # "text/html"; "" when the server named none
    charset: str | None  # from the Content-Type header, lower case
    body: bytes  # decompressed


def fetch(
    url: str,
    *,
    limits: FetchLimits = FetchLimits(),
    accept: tuple[str, ...] = HTML_TYPES,
    sleep: Callable[[float], None] = time.sleep,
    what: str = "a web page",
) -> Page:
    """Download ``url``, following redirects, within ``limits``.

    ``accept`` lists the media types wanted ("text/*" works too); ``what`` names them in the
    message when the server sends something else. Raises :class:`InputError` with one line
    for every way the download can fail, after retrying the failures that may pass.
    """
    requested = url.strip()
    start = _checked_url(requested)
    policy = RetryPolicy(limits.retries, limits.backoff, max_retry_after=limits.max_retry_after)
    # A cookie jar: some sites set a cookie on a redirect and expect it back.
    with Client(user_agent=limits.user_agent, cookies=True) as client:

        def hop(current: str) -> Page | Redirect:
            """One address, retried on its own: a busy hop does not repeat the ones before."""
            attempt = functools.partial(_attempt, client, current, limits, accept, what)
            return retry(attempt, tried_again, policy, _Wording(current), sleep=sleep)

        try:
            final, page = follow(client, start, hop, max_redirects=limits.max_redirects)
        except HttpFailure as failure:
            raise InputError(_redirect_refused(requested, failure, limits)) from None
    return replace(page, url=final, requested=requested)


def read_url(url: str, *, limits: FetchLimits = FetchLimits()) -> Article:
    """Fetch a news page and read its article; the article's key is its canonical URL."""
    from narrate.article.html import parse_html  # the HTML reader is heavy: import on use

    page = fetch(url, limits=limits)
    article = parse_html(page.body, source=url, url=page.url, charset=page.charset)
    return replace(article, url=_absolute_http(article.url, page.url))


# -- one hop, retried ---------------------------------------------------------------------------


def _attempt(
    client: Client, url: str, limits: FetchLimits, accept: tuple[str, ...], what: str
) -> Page | Redirect:
    """One request for ``url``: the page, where it redirects, or why not (TryAgain if the
    next attempt may do better)."""
    deadline = time.monotonic() + limits.total_timeout
    headers = {
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
        "Accept-Language": "vi, en;q=0.5",
    }
    try:
        with client.get(url, timeout=limits.timeout, deadline=deadline, headers=headers) as answer:
            return _answer(answer, limits, accept, what)
    except HttpFailure as failure:
        raise _sorted(failure, url, limits) from failure


def _answer(
    response: Response, limits: FetchLimits, accept: tuple[str, ...], what: str
) -> Page | Redirect:
    """What one answer means: a page, a redirect, a retry, or a refusal."""
    url, status, label = response.url, response.status, response.label
    if response.is_redirect:
        location = response.location
        if not location:
            raise InputError(
                f"{url} answered {label} without saying where to; "
                "open it in a browser to check the address"
            )
        return Redirect(location)
    if status in _RETRY_STATUSES:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        kind = "refusing" if status == 429 else "failing"
        raise TryAgain(Failure(True, label, retry_after, kind=kind))
    if status in (404, 410):
        raise PageGoneError(_refused(url, status, label))
    if status >= 300 or status < 200:
        raise InputError(_refused(url, status, label))
    content_type, charset = response.content_type
    if content_type and not _accepted(content_type, accept):
        raise InputError(f"{url} is a {content_type}, not {what}; give the address of {what}")
    return Page(url, url, content_type, charset, response.read(limits.max_bytes))


def _sorted(failure: HttpFailure, url: str, limits: FetchLimits) -> Exception:
    """A failed request as a retry (TryAgain) or as the one line that ends the fetch."""
    match failure.kind:
        case "timeout" | "stalled":
            return _again("timeout", f"timed out after {limits.timeout:g} s")
        case "unreachable":
            return _again("connection", failure.reason)
        case "slow":
            done = f"{failure.size or 0:,} bytes"
            return _again("slow", f"over {limits.total_timeout:g} s for {done}, not finished")
        case "broken":
            return _again("broken", failure.reason)
        case "short":
            cut = f"{failure.size or 0:,} of {failure.length or 0:,} bytes"
            return _again("broken", f"the connection closed after {cut}")
        case "tls":
            return InputError(
                f"the secure connection to {_host(url)} failed ({failure.reason}); "
                "check the address, or the computer's date and certificates"
            )
        case "too_big":
            return InputError(_too_big(url, limits.max_bytes, failure.size))
        case "unsupported_encoding":
            return InputError(
                f"{url} came in the unsupported compression '{failure.reason}'; "
                "save the page from a browser and give the file instead"
            )
        case "damaged":
            return InputError(
                f"{url} came {failure.reason}-compressed but the data is damaged; try again later"
            )
    reason = failure.reason or failure.kind
    return InputError(f"{url} cannot be fetched ({reason}); check the address")


def _again(kind: str, reason: str) -> TryAgain:
    return TryAgain(Failure(True, reason, kind=kind))


@dataclass(frozen=True)
class _Wording:
    """A page that would not come, said for the editor (see :class:`narrate.retry.Wording`)."""

    url: str

    @property
    def log_name(self) -> str:
        return f"fetch {self.url}"

    def refused(self, failure: Failure) -> InputError:
        return InputError(f"{self.url} cannot be fetched ({failure.reason}); check the address")

    def asks_to_wait(self, failure: Failure) -> InputError:
        # The site says "not today": waiting the cap and asking again would only annoy it.
        return InputError(
            f"{_host(self.url)} asks to wait {failure.retry_after:.0f} s before the next "
            f"request ({failure.reason}); try again later"
        )

    def gave_up(self, failure: Failure, retries: int) -> InputError:
        url, host, reason, said = self.url, _host(self.url), failure.reason, tries(retries)
        lines = {
            "connection": f"cannot reach {host} ({reason}, {said}); "
                          "check the address and the network",
            "timeout": f"{host} did not answer in time ({reason}, {said}); "
                       "try again later or check the network",
            "slow": f"the download of {url} was too slow ({reason}, {said}); try again later",
            "broken": f"the download of {url} kept breaking off ({reason}, {said}); "
                      "try again later",
            "refusing": f"{host} is refusing requests ({reason} after {said}); "
                        "wait a few minutes and try again",
        }  # fmt: skip
        default = f"{host} is failing ({reason} after {said}); try again later"
        return InputError(lines.get(failure.kind, default))


# -- what the answer says -----------------------------------------------------------------------


def _accepted(content_type: str, accept: tuple[str, ...]) -> bool:
    for wanted in accept:
        wanted = wanted.lower()
        if wanted == content_type or (
            wanted.endswith("/*") and content_type.startswith(wanted[:-1])
        ):
            return True
    return False


def _refused(url: str, status: int, label: str) -> str:
    if status == 404:
        return f"{url} was not found ({label}); check the address"
    if status == 410:
        return f"{url} has been removed from the site ({label}); check the address"
    if status in (401, 403):
        return (
            f"{_host(url)} refused access to {url} ({label}); the site may block robots: "
            "save the page from a browser and give the file instead"
        )
    if 400 <= status < 500:
        return f"{_host(url)} rejected the request for {url} ({label}); check the address"
    if status >= 500:
        return f"{_host(url)} failed to serve {url} ({label}); try again later"
    return f"{url} answered {label} instead of a page; open it in a browser to check it"


def _too_big(url: str, max_bytes: int, size: int | None = None) -> str:
    told = f" ({size:,} bytes)" if size is not None else ""
    return (
        f"the page at {url} is larger than {format_size(max_bytes)}{told}; "
        "it is not a news article: check the address"
    )


# -- addresses ----------------------------------------------------------------------------------


def _checked_url(url: str) -> str:
    """``url`` as an ASCII http(s) address, or an :class:`InputError` saying what to give."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        hint = ""
        if not scheme and "." in url.split("/", 1)[0] and " " not in url:
            hint = f" (did you mean https://{url}?)"
        raise InputError(
            f"{_printable(url)} is not a web address{hint}; "
            "only http:// and https:// addresses can be fetched"
        )
    try:
        return ascii_url(url)
    except ValueError:
        raise InputError(
            f"{_printable(url)} is not a valid web address; check the host name and port"
        ) from None


def _redirect_refused(requested: str, failure: HttpFailure, limits: FetchLimits) -> str:
    target = _printable(failure.target or "")
    if failure.kind == "redirect_loop":
        return (
            f"{requested} redirects in a loop (back to {target}); "
            "open it in a browser to check the address"
        )
    if failure.kind == "too_many_redirects":
        return (
            f"{requested} redirects more than {limits.max_redirects} times; "
            "open it in a browser and give the address it ends at"
        )
    if failure.kind == "redirect_scheme":
        return (
            f"{requested} redirects to {target}, which is not a web address; "
            "open it in a browser to check the address"
        )
    return f"{target} is not a valid web address; check the host name and port"


def _host(url: str) -> str:
    return urlsplit(url).netloc.rpartition("@")[2] or url


def _printable(text: str) -> str:
    return text if text.isprintable() else repr(text)


def _absolute_http(url: str | None, page_url: str) -> str:
    """The canonical URL made absolute; the page's own address when it is missing or odd."""
    if url:
        joined = urljoin(page_url, url.strip())
        if is_web_address(joined):
            return joined
    return page_url
