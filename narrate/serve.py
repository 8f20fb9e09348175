"""Serve a feed's public/ folder the way podcast apps and browsers expect a web host to.

``python -m http.server`` is not enough: players seek with byte ranges (``Range``) and Apple
refuses a host that ignores them, apps revalidate with ETags, and captions need their own
content type. This server answers GET and HEAD only, one byte range at a time, from files
under the folder only (no ``..``, no symlink out, no hidden files, no directory listings), and
streams each file from disk in chunks. It is for previewing and small deployments; a
production host should be a real web server with the same behaviour.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import logging
import os
import re
import socket
import stat
import sys
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote, urlsplit

from narrate.errors import PublishError

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
CONTENT_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".xml": "application/rss+xml; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}
DEFAULT_TYPE = "application/octet-stream"
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
_RANGE = re.compile(r"bytes\s*=\s*(\d*)\s*-\s*(\d*)", re.IGNORECASE)
# Past any file's size; a longer run of digits is read as this, never converted (Python refuses
# to turn 5,000 digits into an int, and the error went unanswered).
_BEYOND = 10**18


class RangeNotSatisfiable(Exception):
    """The requested range starts past the end of the file (416)."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte a ``Range`` header asks for, clamped to the file.

    None means "ignore the header and send the whole file", which RFC 9110 allows for
    anything but one well-formed range (several ranges, other units, nonsense).
    """
    match = _RANGE.fullmatch(header.strip())
    if not match or not any(match.groups()):
        return None
    first_text, last_text = match.groups()
    if not first_text:  # "-n": the last n bytes
        wanted = _offset(last_text)
        if wanted == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(size - wanted, 0), size - 1
    first = _offset(first_text)
    if last_text and _offset(last_text) < first:
        return None  # malformed: RFC 9110 says to ignore it
    if first >= size:
        raise RangeNotSatisfiable
    last = _offset(last_text) if last_text else size - 1
    return first, min(last, size - 1)


def _offset(digits: str) -> int:
    """A byte offset from a header; thousands of digits are simply past the end."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 19 else _BEYOND


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_TYPE)


class _Server(ThreadingHTTPServer):
    """Threads per connection that never block shutdown; errors go to logging, not stderr."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, DISCONNECTS):
            log.debug("client %s went away: %s", client_address, exc)
        else:
            log.error("error while answering %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a player's many range requests share one socket
    # A request line that cannot be parsed (garbage, "HTTP/9.9") is answered with a status line:
    # under the default HTTP/0.9 the error went out as a bare page no client could read.
    default_request_version = "HTTP/1.0"
    server_version = "narrate"
    timeout = 60  # an idle keep-alive connection frees its thread after a minute
    root: Path  # the resolved folder, set on the subclass make_server creates

    def version_string(self) -> str:
        return self.server_version

    # --- methods ------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _not_allowed(self) -> None:
        self._reply(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    # --- the file -----------------------------------------------------------------------

    def _serve(self, *, send_body: bool) -> None:
        target = self._target()
        if target is None:
            self._reply(HTTPStatus.NOT_FOUND)
            return
        path, clean, wants_directory = target
        if path.is_dir():
            if not wants_directory:  # relative links in index.html need the slash
                # Rebuilt from the checked parts: "//host" in a request never becomes a
                # redirect to another site.
                self._reply(HTTPStatus.MOVED_PERMANENTLY, {"Location": clean + "/"})
                return
            path = path / "index.html"
        if not path.is_file():  # a FIFO would block open(); a folder without index.html
            self._reply(HTTPStatus.NOT_FOUND)
            return
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
        except OSError:
            self._reply(HTTPStatus.NOT_FOUND)
            return
        try:
            self._send_file(handle, path, send_body=send_body)
        finally:
            handle.close()

    def _send_file(self, handle: BinaryIO, path: Path, *, send_body: bool) -> None:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device linked in: never read it
            self._reply(HTTPStatus.NOT_FOUND)
            return
        size = info.st_size
        etag = f'"{size:x}-{info.st_mtime_ns:x}"'
        modified = email.utils.formatdate(info.st_mtime, usegmt=True)
        headers = {
            "ETag": etag,
            "Last-Modified": modified,
            "Cache-Control": "no-cache",  # always revalidate; the ETag makes that cheap
            "Accept-Ranges": "bytes",
            "X-Content-Type-Options": "nosniff",
        }
        if self._not_modified(etag, int(info.st_mtime)):
            self._reply(HTTPStatus.NOT_MODIFIED, headers)
            return
        first, last, status = 0, size - 1, HTTPStatus.OK
        requested = self.headers.get("Range")
        if requested and self._range_applies(etag, modified):
            try:
                wanted = byte_range(requested, size)
            except RangeNotSatisfiable:
                headers["Content-Range"] = f"bytes */{size}"
                self._reply(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers)
                return
            if wanted is not None:
                first, last = wanted
                status = HTTPStatus.PARTIAL_CONTENT
                headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        length = max(last - first + 1, 0)
        headers["Content-Type"] = content_type(path)
        headers["Content-Length"] = str(length)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and length:
            self._stream(handle, first, length)

    def _stream(self, handle: BinaryIO, offset: int, length: int) -> None:
        """Copy ``length`` bytes from ``offset`` in chunks: a long MP3 never sits in memory."""
        handle.seek(offset)
        remaining = length
        try:
            while remaining:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:  # the file shrank under us: end the response short, honestly
                    self.close_connection = True
                    return
                self.wfile.write(chunk)
                remaining -= len(chunk)
        except DISCONNECTS as exc:  # a player seeking elsewhere drops the old request
            sent = length - remaining
            log.debug("client stopped reading %s after %d bytes: %s", self.path, sent, exc)
            self.close_connection = True

    # --- conditions ---------------------------------------------------------------------

    def _not_modified(self, etag: str, mtime: int) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:  # when present, it alone decides (RFC 9110 13.2.2)
            tags = [tag.strip() for tag in if_none_match.split(",")]
            return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)
        since = _http_date(self.headers.get("If-Modified-Since"))
        return since is not None and mtime <= since.timestamp()

    def _range_applies(self, etag: str, modified: str) -> bool:
        """``If-Range``: serve the range only if the client's copy is this very file."""
        condition = self.headers.get("If-Range")
        if condition is None:
            return True
        condition = condition.strip()
        if condition.startswith(('"', "W/")):
            return condition == etag  # a weak tag never matches here
        return condition == modified

    # --- the path -----------------------------------------------------------------------

    def _url_path(self) -> str:
        raw = self.path.split("#", 1)[0].split("?", 1)[0]
        if "://" in raw:  # absolute-form request target: keep only its path
            raw = urlsplit(raw).path or "/"
        return raw

    def _target(self) -> tuple[Path, str, bool] | None:
        """The file under the folder a request names, its clean URL path, and whether the
        request ended in "/"; None for anything outside the folder or hidden."""
        decoded = unquote(self._url_path(), errors="replace")
        if "\x00" in decoded or "\\" in decoded or "\ufffd" in decoded:
            return None
        parts = [part for part in decoded.split("/") if part]
        if any(part.startswith(".") for part in parts):  # "..", ".", hidden and temp files
            return None
        candidate = self.root.joinpath(*parts)
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if resolved != self.root and not resolved.is_relative_to(self.root):
            return None  # a symlink pointing out of the folder
        clean = "/" + "/".join(quote(part) for part in parts)
        return resolved, clean.rstrip("/"), decoded.endswith("/")

    # --- replies and logging ------------------------------------------------------------

    def _reply(self, status: HTTPStatus, headers: dict[str, str] | None = None) -> None:
        """A reply without a file: a one-line text body, except where HTTP forbids one."""
        body = b"" if status == HTTPStatus.NOT_MODIFIED else f"{status} {status.phrase}\n".encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            with contextlib.suppress(*DISCONNECTS):
                self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per reply; a request refused while parsing has no path or headers yet."""
        status = int(code) if isinstance(code, int | HTTPStatus) else 0
        path = getattr(self, "path", "")
        headers = getattr(self, "headers", None)
        log.info(
            '%s "%s %s" %s',
            self.address_string(),
            self.command,
            _printable(path[:200]),
            status or code,
            extra={
                "http_method": self.command,
                "http_path": path,
                "http_status": status,
                "http_range": headers.get("Range") if headers else None,
            },
        )

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), _printable(format % args))


_CONTROLS = {n: f"\\x{n:02x}" for n in (*range(0x20), 0x7F)}


def _printable(text: str) -> str:
    """A request line as logged: control characters escaped, so no one paints a terminal."""
    return text.translate(_CONTROLS)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None


class _Server6(_Server):
    address_family = socket.AF_INET6


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``folder`` bound to host:port (port 0: any free port); not yet serving."""
    try:
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        raise PublishError(f"cannot serve {folder}: the folder does not exist") from None
    if not root.is_dir():
        raise PublishError(f"cannot serve {folder}: it is not a folder")
    handler = type("FolderHandler", (_Handler,), {"root": root})
    server_class: type[_Server] = _Server6 if ":" in host else _Server  # "::1" is IPv6
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PublishError(
                f"port {port} on {host} is already in use: choose another with --port"
            ) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise PublishError(
                f"not allowed to listen on port {port}: use a port above 1023"
            ) from None
        raise PublishError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def server_url(server: ThreadingHTTPServer) -> str:
    """Where a browser reaches the server (with the port actually bound)."""
    host, port = server.server_address[:2]
    if isinstance(host, bytes):
        host = host.decode()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve_forever(server: ThreadingHTTPServer) -> None:
    """Serve until interrupted (Ctrl+C) or ``server.shutdown()``; the socket is closed after."""
    log.info("serving at %s", server_url(server))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopped")
    finally:
        server.server_close()
