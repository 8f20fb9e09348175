"""One HTTP client for everything narrate downloads: news pages, feeds and voices.

Built on urllib3 with its own retries, redirects and decoding switched off, so that every limit
that protects a run from one bad server is ours and explicit: a timeout for connecting and for
each read, a deadline for the whole transfer that a dribbling server cannot stretch, a byte cap
on the declared and on the received size and again after decompression (no zip bombs), and a
bounded number of redirects, each checked by hand (http and https only, loops caught). A body
that ends before its Content-Length is an error, not an end. TLS is verified, the machine's
proxy settings are honoured, and every request says who is asking.

Failures are :class:`HttpFailure` with a ``kind``: each caller words them for its own editor
(a page that will not load is not a voice that will not download) and decides what to retry.
"""

from __future__ import annotations

import functools
import http.client
import logging
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.cookiejar import CookieJar
from types import TracebackType
from typing import Literal, TypeVar
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from urllib.request import Request, getproxies, proxy_bypass

import urllib3
from urllib3 import HTTPHeaderDict
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)

from narrate import __version__

__all__ = [
    "DECODABLE",
    "USER_AGENT",
    "Client",
    "FailureKind",
    "HttpFailure",
    "Redirect",
    "Response",
    "ascii_url",
    "decode",
    "follow",
    "reason",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

# Says who is asking (a site's admin can tell us apart from a browser), without a made-up
# project address.
USER_AGENT = f"narrate/{__version__} (news-to-podcast reader)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DECODABLE = ("identity", "gzip", "x-gzip", "deflate")  # what we ask for and can undo
_CHUNK = 64 * 1024
# Characters left as they are when an address with Vietnamese letters or spaces is made ASCII:
# everything that already has a meaning in a URL, and "%" so existing escapes stay escapes.
_URL_SAFE = "/%:@!$&'()*+,;=-._~[]"

FailureKind = Literal[
    "timeout",  # no connection or no answer within the timeout
    "unreachable",  # no connection: unknown name, refused, closed without answering
    "tls",  # the server's certificate did not verify
    "address",  # an address no request can be made to
    "stalled",  # the body stopped arriving for a whole read timeout
    "slow",  # the body was still arriving at the transfer's deadline
    "broken",  # the connection broke in the middle of the body
    "short",  # the connection closed before the body's Content-Length
    "too_big",  # over the byte cap: declared, counted, or after decompression
    "unsupported_encoding",  # a Content-Encoding we did not ask for and cannot undo
    "damaged",  # compressed data that does not decompress
    "redirect_scheme",  # a redirect to something that is not an http(s) address
    "redirect_loop",  # a redirect back to an address already visited (cookies alike)
    "too_many_redirects",
]


class HttpFailure(Exception):
    """A request that failed, with what the caller needs to word it: never shown as it is."""

    def __init__(
        self,
        kind: FailureKind,
        reason: str = "",
        *,
        size: int | None = None,  # body bytes received so far (or declared, for too_big)
        length: int | None = None,  # the Content-Length promised
        target: str | None = None,  # where a refused redirect pointed
    ) -> None:
        super().__init__(f"{kind}: {reason}" if reason else kind)
        self.kind: FailureKind = kind
        self.reason = reason
        self.size = size
        self.length = length
        self.target = target


@dataclass(frozen=True)
class Redirect:
    """A hop's answer that points elsewhere; ``location`` as the server wrote it."""

    location: str


class Response:
    """An answer whose body is still on the wire, to be read within the request's limits.

    Closing it closes the connection: a body left half-read must never be mistaken for the
    start of the next answer.
    """

    def __init__(
        self, url: str, raw: urllib3.BaseHTTPResponse, *, timeout: float, deadline: float
    ) -> None:
        self.url = url
        self.status = raw.status
        self.headers = raw.headers
        self._raw = raw
        self._timeout = timeout
        self._deadline = deadline

    def __enter__(self) -> Response:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._raw.close()

    @property
    def label(self) -> str:
        """The status as an editor reads it, "HTTP 404 Not Found" (the standard phrase when
        the server gave none)."""
        phrase = self._raw.reason
        if not phrase:
            try:
                phrase = HTTPStatus(self.status).phrase
            except ValueError:
                phrase = ""
        return f"HTTP {self.status} {phrase}".strip()

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECT_STATUSES

    @property
    def location(self) -> str | None:
        """The Location header, a raw UTF-8 one (a Vietnamese path) decoded as such."""
        value = self.headers.get("Location")
        if not value:
            return None
        try:  # http.client decodes every header as Latin-1
            return value.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return value

    @property
    def content_length(self) -> int | None:
        value = (self.headers.get("Content-Length") or "").strip()
        return int(value) if value.isdigit() else None

    @property
    def content_type(self) -> tuple[str, str | None]:
        """The media type and charset, lower case; ``("", None)`` when the server named none."""
        value = self.headers.get("Content-Type")
        if not value:
            return "", None
        parsed = Message()
        parsed["Content-Type"] = value
        return parsed.get_content_type(), parsed.get_content_charset()

    @property
    def content_encoding(self) -> str:
        return (self.headers.get("Content-Encoding") or "identity").strip().lower()

    def chunks(self, max_bytes: int) -> Iterator[bytes]:
        """The body as it arrives, as sent (not decompressed), stopped at ``max_bytes`` and at
        the deadline; a body cut short of its Content-Length fails at the end."""
        length = self.content_length
        if length is not None and length > max_bytes:
            raise HttpFailure("too_big", size=length)
        size = 0
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise HttpFailure("slow", size=size)
            self._read_timeout(min(self._timeout, remaining))
            try:
                # read1: whatever has arrived, so a dribbling server cannot stretch one read.
                chunk = self._raw.read1(_CHUNK)
            except ReadTimeoutError:
                if time.monotonic() < self._deadline:
                    raise HttpFailure("stalled", size=size) from None
                continue  # the deadline cut the read short: the check above reports it
            except (HTTPError, http.client.HTTPException, OSError) as exc:
                raise HttpFailure("broken", reason(exc), size=size) from exc
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise HttpFailure("too_big")
            yield chunk
        if length is not None and size < length:
            # Reading on after a dropped connection looks like an end: only the count tells.
            raise HttpFailure("short", size=size, length=length)

    def read(self, max_bytes: int) -> bytes:
        """The whole body, decompressed, at most ``max_bytes`` before and after."""
        encoding = self.content_encoding
        if encoding not in DECODABLE:
            raise HttpFailure("unsupported_encoding", encoding)
        return decode(b"".join(self.chunks(max_bytes)), encoding, max_bytes)

    def _read_timeout(self, seconds: float) -> None:
        """Shorten the socket's timeout so no read outlasts the transfer's deadline."""
        sock = getattr(self._raw.connection, "sock", None)
        if isinstance(sock, socket.socket):
            sock.settimeout(max(seconds, 0.001))


class Client:
    """The requests of one job (a page and its redirects, a voice and its files): verified
    TLS, the machine's proxies, our User-Agent, and a cookie jar when a site needs one."""

    def __init__(self, *, user_agent: str = USER_AGENT, cookies: bool = False) -> None:
        self.user_agent = user_agent
        self.jar = CookieJar() if cookies else None
        self._pools: list[urllib3.PoolManager] = []

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for pool in self._pools:
            pool.clear()

    def get(
        self, url: str, *, timeout: float, deadline: float, headers: Mapping[str, str] | None = None
    ) -> Response:
        """One GET of ``url`` (an ASCII address), redirects not followed. ``timeout`` bounds
        connecting and each read, ``deadline`` (``time.monotonic()``) the whole transfer."""
        sent = {"User-Agent": self.user_agent, "Connection": "close", **(headers or {})}
        asked = Request(url)
        if self.jar is not None:
            self.jar.add_cookie_header(asked)
            cookie = asked.get_header("Cookie")
            if cookie:
                sent["Cookie"] = cookie
        wait = max(0.001, min(timeout, deadline - time.monotonic()))
        try:
            raw = self._pool(url).request(
                "GET", url, headers=sent, timeout=urllib3.Timeout(connect=wait, read=wait),
                retries=False, redirect=False, preload_content=False, decode_content=False,
                enforce_content_length=False,  # a short body is counted in Response.chunks
            )  # fmt: skip
        except (HTTPError, http.client.HTTPException, OSError, ValueError) as exc:
            raise _connection_failure(exc) from exc
        if self.jar is not None:
            self.jar.extract_cookies(_Answered(raw.headers), asked)  # type: ignore[arg-type]
        return Response(url, raw, timeout=timeout, deadline=deadline)

    def open(
        self, url: str, *, timeout: float, deadline: float, max_redirects: int,
        headers: Mapping[str, str] | None = None,
    ) -> Response:  # fmt: skip
        """GET ``url`` and follow its redirects: the final answer, whatever its status (a
        redirect without a Location is final too)."""

        def hop(current: str) -> Response | Redirect:
            response = self.get(current, timeout=timeout, deadline=deadline, headers=headers)
            location = response.location if response.is_redirect else None
            if location is None:
                return response
            response.close()
            return Redirect(location)

        return follow(self, url, hop, max_redirects=max_redirects)[1]

    def cookie_state(self) -> frozenset[tuple[str, str, str, str | None]]:
        """The cookies held: a redirect back to a visited address with new cookies is no loop."""
        if self.jar is None:
            return frozenset()
        return frozenset((c.domain, c.path, c.name, c.value) for c in self.jar)

    def _pool(self, url: str) -> urllib3.PoolManager:
        """A fresh direct pool, or one through the proxy the environment names for ``url``.

        Never a pooled connection: we ask for ``Connection: close``, but a server that does not
        say so in its answer closes the socket an instant later, and a request sent on it in
        that instant fails as "closed without answering" (retries are ours, so urllib3 would
        not resend it).
        """
        parts = urlsplit(url)
        proxy = getproxies().get(parts.scheme, "")
        if proxy and proxy_bypass(parts.hostname or ""):
            proxy = ""
        if proxy and "://" not in proxy:
            proxy = f"http://{proxy}"
        pool: urllib3.PoolManager
        if proxy:
            pool = urllib3.ProxyManager(proxy, ssl_context=_tls_context())
        else:
            pool = urllib3.PoolManager(ssl_context=_tls_context())
        self._pools.append(pool)
        return pool


def follow(
    client: Client, url: str, hop: Callable[[str], T | Redirect], *, max_redirects: int
) -> tuple[str, T]:
    """Call ``hop`` on ``url`` and on every address it redirects to, checked one by one:
    ``(final address, what hop gave there)``. ``hop`` may retry a hop as it sees fit."""
    current = url
    seen = {(current, client.cookie_state())}
    for _ in range(max_redirects + 1):
        answer = hop(current)
        if not isinstance(answer, Redirect):
            return current, answer
        target = urljoin(current, answer.location.strip())
        parts = urlsplit(target)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise HttpFailure("redirect_scheme", target=target)
        try:
            target = ascii_url(target)
        except ValueError:
            raise HttpFailure("address", "not a valid web address", target=target) from None
        log.debug("%s redirects to %s", current, target)
        state = (target, client.cookie_state())
        if state in seen:
            raise HttpFailure("redirect_loop", target=target)
        seen.add(state)
        current = target
    raise HttpFailure("too_many_redirects")


def ascii_url(url: str) -> str:
    """``url`` (with a scheme and a host) in the ASCII form a request line needs: a Vietnamese
    domain as IDNA, letters and spaces in the path percent-escaped. ValueError if it has no
    usable host or port."""
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
        netloc = parts.netloc if parts.netloc.isascii() else _idna(parts.netloc)
    except UnicodeError as exc:
        raise ValueError(f"bad host name: {exc}") from None
    if not parts.hostname:
        raise ValueError("no host")
    path = quote(parts.path, safe=_URL_SAFE) or "/"
    query = quote(parts.query, safe=_URL_SAFE + "?")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def decode(raw: bytes, encoding: str, max_bytes: int) -> bytes:
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
            raise HttpFailure("too_big")
        if inflater.eof or not raw:
            return body
    raise HttpFailure("damaged", encoding)


def reason(exc: BaseException) -> str:
    """A short lower-case reason for a failure, dug out from under urllib3's wrappers."""
    exc = _root(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# -- inside ------------------------------------------------------------------------------------


def _connection_failure(exc: BaseException) -> HttpFailure:
    """Sort a failure to connect or to read the headers by what the caller can do about it."""
    root = _root(exc)
    if isinstance(exc, NameResolutionError) or isinstance(root, socket.gaierror):
        return HttpFailure("unreachable", "the name was not found")
    if isinstance(root, ConnectionRefusedError):
        return HttpFailure("unreachable", "connection refused")
    if isinstance(exc, NewConnectionError):  # a ConnectTimeoutError too: sort it first
        if isinstance(root, TimeoutError):
            return HttpFailure("timeout", "timed out")
        return HttpFailure("unreachable", reason(root))
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError) or isinstance(root, TimeoutError):
        return HttpFailure("timeout", "timed out")
    if isinstance(root, ssl.SSLCertVerificationError):
        return HttpFailure("tls", root.verify_message or "certificate not valid")
    if isinstance(root, http.client.RemoteDisconnected):
        return HttpFailure("unreachable", "the server closed the connection without answering")
    if isinstance(exc, LocationValueError) or isinstance(root, ValueError):
        return HttpFailure("address", reason(root))
    return HttpFailure("unreachable", reason(root))


def _root(exc: BaseException) -> BaseException:
    """The error under urllib3's wrappers: ProtocolError and SSLError carry it as an argument,
    the connection errors as their cause."""
    for _ in range(8):  # wrappers are shallow; never loop on a strange chain
        inner = next((a for a in exc.args if isinstance(a, BaseException)), None)
        if inner is None and isinstance(exc, HTTPError):
            inner = exc.__cause__
        if inner is None:
            break
        exc = inner
    return exc


class _Answered:
    """The face of a urllib3 answer that :class:`CookieJar` reads Set-Cookie from."""

    def __init__(self, headers: HTTPHeaderDict) -> None:
        self._headers = headers

    def info(self) -> Message:
        message = Message()
        for name, value in self._headers.iteritems():  # one pair per Set-Cookie
            message[name] = value
        return message


def _idna(netloc: str) -> str:
    """A Vietnamese domain name (say "báo.vn") in the ASCII form DNS knows."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    return f"{userinfo}{at}{host.encode('idna').decode('ascii')}{colon}{port}"


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying context for every request: loading the system's certificates takes 50 ms."""
    return ssl.create_default_context()
