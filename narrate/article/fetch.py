"""Fetch one web page over http(s) the way a careful newsroom robot would.

The standard library is enough and keeps the dependency list short: ``urllib.request`` honours
the proxy settings of the machine, and with no error or redirect handler installed it hands
back every answer as it is, so redirects are followed here, one checked hop at a time. Every
limit that protects a batch run from one bad site is explicit: per-read and whole-download
timeouts, a size bound that also applies after decompression (no zip bombs), a redirect bound,
and retries with full-jitter exponential backoff that honour ``Retry-After``.
"""

from __future__ import annotations

import functools
import http.client
import logging
import random
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.message import Message
from http import HTTPStatus
from http.cookiejar import CookieJar
from typing import Literal
from urllib.error import URLError
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from urllib.request import (
    HTTPCookieProcessor,
    HTTPHandler,
    HTTPSHandler,
    OpenerDirector,
    ProxyHandler,
    Request,
)

from narrate import __version__
from narrate.errors import ConfigError, InputError, PageGoneError
from narrate.files import format_size
from narrate.models import Article
from narrate.retry import retry_after as parse_retry_after

__all__ = ["HTML_TYPES", "FetchLimits", "Page", "fetch", "format_size", "read_url"]

log = logging.getLogger(__name__)

MIB = 1024 * 1024
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
# Where a webmaster who sees our requests in a log can read who we are.
MAX_BACKOFF = 30.0  # seconds: the cap of one jittered wait
_CHUNK = 64 * 1024
_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Characters left as they are when an address with Vietnamese letters or spaces is made ASCII:
# everything that already has a meaning in a URL, and "%" so existing escapes stay escapes.
_URL_SAFE = "/%:@!$&'()*+,;=-._~[]"


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
    # Says who is asking (a site's admin can tell us apart from a browser), without a
    # made-up project address.
    user_agent: str = f"narrate/{__version__} (news-to-podcast reader)"

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
    current = _checked_url(requested, shown=requested)
    jar = CookieJar()  # some sites set a cookie on a redirect and expect it back
    opener = _opener(jar)
    seen = {(current, _cookies(jar))}
    for _ in range(limits.max_redirects + 1):
        answer = _with_retries(opener, current, limits, accept, what, sleep)
        if answer.page is not None:
            return replace(answer.page, url=current, requested=requested)
        assert answer.location is not None
        target = _redirect_target(current, answer.location, requested)
        log.debug("fetch: %s redirects to %s", current, target)
        state = (target, _cookies(jar))
        if state in seen:
            raise InputError(
                f"{requested} redirects in a loop (back to {target}); "
                "open it in a browser to check the address"
            )
        seen.add(state)
        current = target
    raise InputError(
        f"{requested} redirects more than {limits.max_redirects} times; "
        "open it in a browser and give the address it ends at"
    )


def read_url(url: str, *, limits: FetchLimits = FetchLimits()) -> Article:
    """Fetch a news page and read its article; the article's key is its canonical URL."""
    from narrate.article.html import parse_html  # the HTML reader is heavy: import on use

    page = fetch(url, limits=limits)
    article = parse_html(page.body, source=url, url=page.url, charset=page.charset)
    return replace(article, url=_absolute_http(article.url, page.url))


# -- one hop, retried ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    """One hop's outcome: a page, or the address a redirect points to."""

    page: Page | None
    location: str | None = None


_FailureKind = Literal["timeout", "slow", "connection", "broken", "status"]


class _Retryable(Exception):
    """One failed attempt that may pass on the next: how it failed and how long to wait."""

    def __init__(
        self,
        kind: _FailureKind,
        reason: str,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.retry_after = retry_after
        self.status = status


def _with_retries(
    opener: OpenerDirector,
    url: str,
    limits: FetchLimits,
    accept: tuple[str, ...],
    what: str,
    sleep: Callable[[float], None],
) -> _Answer:
    failure: _Retryable | None = None
    for attempt in range(1, limits.retries + 1):
        try:
            return _attempt(opener, url, limits, accept, what)
        except _Retryable as exc:
            failure = exc
        wait = failure.retry_after
        if wait is not None and wait > limits.max_retry_after:
            # The site says "not today": waiting the cap and asking again would only annoy it.
            raise InputError(
                f"{_host(url)} asks to wait {wait:.0f} s before the next request "
                f"({failure.reason}); try again later"
            )
        if attempt == limits.retries:
            break
        if wait is None:  # full jitter, so parallel fetchers spread out
            wait = random.uniform(0, min(MAX_BACKOFF, limits.backoff * 2 ** (attempt - 1)))
        log.info("fetch %s: %s; retry %d/%d in %.2f s", url, failure.reason, attempt,
                 limits.retries, wait)  # fmt: skip
        sleep(wait)
    assert failure is not None
    raise InputError(_gave_up(url, failure, limits))


def _gave_up(url: str, failure: _Retryable, limits: FetchLimits) -> str:
    host = _host(url)
    tries = "1 try" if limits.retries == 1 else f"{limits.retries} tries"
    if failure.kind == "connection":
        return f"cannot reach {host} ({failure.reason}, {tries}); check the address and the network"
    if failure.kind == "timeout":
        return (
            f"{host} did not answer in time ({failure.reason}, {tries}); "
            "try again later or check the network"
        )
    if failure.kind == "slow":
        return f"the download of {url} was too slow ({failure.reason}, {tries}); try again later"
    if failure.kind == "broken":
        return (
            f"the download of {url} kept breaking off ({failure.reason}, {tries}); try again later"
        )
    if failure.status == 429:
        return (
            f"{host} is refusing requests ({failure.reason} after {tries}); "
            "wait a few minutes and try again"
        )
    return f"{host} is failing ({failure.reason} after {tries}); try again later"


def _attempt(
    opener: OpenerDirector, url: str, limits: FetchLimits, accept: tuple[str, ...], what: str
) -> _Answer:
    deadline = time.monotonic() + limits.total_timeout
    request = Request(url, headers={
        "User-Agent": limits.user_agent,
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
        "Accept-Language": "vi, en;q=0.5",
    })  # fmt: skip
    try:
        response = opener.open(request, timeout=min(limits.timeout, limits.total_timeout))
    except Exception as exc:
        failure = _connection_failure(exc, url, limits)
        if failure is None:
            raise
        raise failure from exc
    with response:
        status = response.status
        label = _status_label(status, response.reason)
        headers = response.headers
        if status in _REDIRECT_STATUSES:
            location = headers.get("Location")
            if not location:
                raise InputError(
                    f"{url} answered {label} without saying where to; "
                    "open it in a browser to check the address"
                )
            return _Answer(None, location=_header_text(location))
        if status in _RETRY_STATUSES:
            retry_after = parse_retry_after(headers.get("Retry-After"))
            raise _Retryable("status", label, retry_after, status)
        if status in (404, 410):
            raise PageGoneError(_refused(url, status, label))
        if status >= 300 or status < 200:
            raise InputError(_refused(url, status, label))
        content_type, charset = _content_type(headers)
        if content_type and not _accepted(content_type, accept):
            raise InputError(f"{url} is a {content_type}, not {what}; give the address of {what}")
        encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise InputError(
                f"{url} came in the unsupported compression '{encoding}'; "
                "save the page from a browser and give the file instead"
            )
        try:
            raw = _read_body(response, url, limits, deadline)
        except TimeoutError as exc:
            raise _Retryable("timeout", f"timed out after {limits.timeout:g} s") from exc
        except (http.client.HTTPException, OSError) as exc:
            raise _Retryable("broken", _reason(exc)) from exc
    body = _decompress(raw, encoding, url, limits.max_bytes)
    return _Answer(Page(url, url, content_type, charset, body))


def _read_body(
    response: http.client.HTTPResponse, url: str, limits: FetchLimits, deadline: float
) -> bytes:
    """The body in chunks, stopped at ``max_bytes`` and at the download's deadline."""
    length = _content_length(response.headers)
    if length is not None and length > limits.max_bytes:
        raise InputError(_too_big(url, limits.max_bytes, length))
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Retryable(
                "slow", f"over {limits.total_timeout:g} s for {size:,} bytes, not finished"
            )
        _set_read_timeout(response, min(limits.timeout, remaining))
        try:
            # read1: whatever has arrived, so a dribbling server cannot stretch one read.
            chunk = response.read1(_CHUNK)
        except TimeoutError:
            if time.monotonic() < deadline:
                raise
            continue  # the deadline cut the read short: the check above reports it
        if not chunk:
            break
        size += len(chunk)
        if size > limits.max_bytes:
            raise InputError(_too_big(url, limits.max_bytes))
        chunks.append(chunk)
    if length is not None and size < length:
        # http.client ends a short body quietly: a dropped connection looks like an end.
        raise _Retryable("broken", f"the connection closed after {size:,} of {length:,} bytes")
    return b"".join(chunks)


def _set_read_timeout(response: http.client.HTTPResponse, seconds: float) -> None:
    """Shorten the socket's timeout so no read outlasts the download's deadline."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))


def _decompress(raw: bytes, encoding: str, url: str, max_bytes: int) -> bytes:
    """Undo gzip or deflate, never producing more than ``max_bytes`` (a zip bomb stops here)."""
    if encoding == "identity":
        return raw
    # "deflate" is a zlib stream by the standard, raw deflate from some servers.
    attempts = (31,) if encoding in ("gzip", "x-gzip") else (zlib.MAX_WBITS, -zlib.MAX_WBITS)
    for wbits in attempts:
        inflater = zlib.decompressobj(wbits)
        try:
            body = inflater.decompress(raw, max_bytes + 1)
        except zlib.error:
            continue
        if len(body) > max_bytes:
            raise InputError(_too_big(url, max_bytes))
        if inflater.eof or not raw:
            return body
    raise InputError(f"{url} came {encoding}-compressed but the data is damaged; try again later")


# -- what the answer says -----------------------------------------------------------------------


def _content_type(headers: Message) -> tuple[str, str | None]:
    if not headers.get("Content-Type"):
        return "", None  # unnamed: the parser decides what it is
    return headers.get_content_type(), headers.get_content_charset()


def _accepted(content_type: str, accept: tuple[str, ...]) -> bool:
    for wanted in accept:
        wanted = wanted.lower()
        if wanted == content_type or (
            wanted.endswith("/*") and content_type.startswith(wanted[:-1])
        ):
            return True
    return False


def _content_length(headers: Message) -> int | None:
    value = (headers.get("Content-Length") or "").strip()
    return int(value) if value.isdigit() else None


def _status_label(status: int, reason: str | None) -> str:
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"HTTP {status} {reason}".strip()


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


def _connection_failure(exc: Exception, url: str, limits: FetchLimits) -> Exception | None:
    """Sort a failure to connect or to read the headers: retry, or fail at once."""
    reason = exc.reason if isinstance(exc, URLError) else exc
    if isinstance(reason, TimeoutError):
        return _Retryable("timeout", f"timed out after {limits.timeout:g} s")
    if isinstance(reason, ssl.SSLCertVerificationError):
        detail = reason.verify_message or "certificate not valid"
        return InputError(
            f"the secure connection to {_host(url)} failed ({detail}); "
            "check the address, or the computer's date and certificates"
        )
    if isinstance(reason, socket.gaierror):
        return _Retryable("connection", "the name was not found")
    if isinstance(reason, ConnectionRefusedError):
        return _Retryable("connection", "connection refused")
    if isinstance(reason, http.client.RemoteDisconnected):
        return _Retryable("connection", "the server closed the connection without answering")
    if isinstance(reason, OSError | http.client.HTTPException):
        return _Retryable("connection", _reason(reason))
    if isinstance(reason, str):  # URLError("no host given") and the like
        return InputError(f"{url} cannot be fetched ({reason}); check the address")
    return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    text = str(exc).strip()
    return text or type(exc).__name__


# -- addresses ----------------------------------------------------------------------------------


def _checked_url(url: str, *, shown: str) -> str:
    """``url`` as an ASCII http(s) address, or an :class:`InputError` saying what to give."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        hint = ""
        if not scheme and "." in url.split("/", 1)[0] and " " not in url:
            hint = f" (did you mean https://{url}?)"
        raise InputError(
            f"{_printable(shown)} is not a web address{hint}; "
            "only http:// and https:// addresses can be fetched"
        )
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
        netloc = parts.netloc if parts.netloc.isascii() else _idna(parts.netloc)
        if not parts.hostname:
            raise ValueError("no host")
    except (ValueError, UnicodeError):
        raise InputError(
            f"{_printable(shown)} is not a valid web address; check the host name and port"
        ) from None
    path = quote(parts.path, safe=_URL_SAFE) or "/"
    query = quote(parts.query, safe=_URL_SAFE + "?")
    return urlunsplit((scheme, netloc, path, query, ""))


def _idna(netloc: str) -> str:
    """A Vietnamese domain name (say "báo.vn") in the ASCII form DNS knows."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    return f"{userinfo}{at}{host.encode('idna').decode('ascii')}{colon}{port}"


def _redirect_target(current: str, location: str, requested: str) -> str:
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise InputError(
            f"{requested} redirects to {_printable(target)}, which is not a web address; "
            "open it in a browser to check the address"
        )
    return _checked_url(target, shown=target)


def _header_text(value: str) -> str:
    """A header http.client decoded as Latin-1 that was really UTF-8 (a Vietnamese path)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _cookies(jar: CookieJar) -> frozenset[tuple[str, str, str, str | None]]:
    return frozenset((c.domain, c.path, c.name, c.value) for c in jar)


def _host(url: str) -> str:
    return urlsplit(url).netloc.rpartition("@")[2] or url


def _printable(text: str) -> str:
    return text if text.isprintable() else repr(text)


def _absolute_http(url: str | None, page_url: str) -> str:
    """The canonical URL made absolute; the page's own address when it is missing or odd."""
    if url:
        joined = urljoin(page_url, url.strip())
        parts = urlsplit(joined)
        if parts.scheme in ("http", "https") and parts.netloc:
            return joined
    return page_url


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying context for every fetch: loading the system's certificates takes 50 ms."""
    return ssl.create_default_context()


def _opener(jar: CookieJar) -> OpenerDirector:
    """urllib without its error and redirect handlers: every answer comes back as it is."""
    opener = OpenerDirector()
    for handler in (
        ProxyHandler(),
        HTTPHandler(),
        HTTPSHandler(context=_tls_context()),
        HTTPCookieProcessor(jar),
    ):
        opener.add_handler(handler)
    return opener
