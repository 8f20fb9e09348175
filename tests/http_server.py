"""A real HTTP/1.1 server on 127.0.0.1 for tests, with replies scripted per test.

Code under test talks to it through its own HTTP client, unchanged, so what is tested is what
runs against a news site: redirects, slow and dribbling servers, 429/503 with Retry-After,
gzip, oversized bodies and connections dropped mid-body. Every request is recorded with its
times, so a test can count retries or check how many requests were in flight at once.

    with serve_http() as server:
        server.route("/a", Reply(503, headers={"Retry-After": "1"}), Reply.html("<p>ok</p>"))
        fetch(server.at("/a"))
        assert server.hits("/a") == 2

Stopping ends every stalled reply at once and closes every connection, and the handler
threads are joined, so nothing outlives the ``with`` block.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = ["LocalServer", "Recorded", "Reply", "no_proxies", "serve_http"]


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Defaults: 200, empty body, Content-Length, all at once."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)  # a Content-Length here is sent as is
    delay: float = 0.0  # seconds to stall before the status line
    chunk: int = 0  # > 0: write the body in pieces of this many bytes ...
    interval: float = 0.0  # ... with this many seconds between pieces (a dribbling server)
    drop_after: int | None = None  # close the connection after this many body bytes
    chunked: bool = False  # Transfer-Encoding: chunked instead of Content-Length

    @classmethod
    def html(cls, text: str, *, status: int = 200, charset: str = "utf-8", **kw: Any) -> Reply:
        headers = {"Content-Type": f"text/html; charset={charset}", **kw.pop("headers", {})}
        return cls(status, text.encode(charset), headers, **kw)

    @classmethod
    def typed(cls, body: bytes, content_type: str, *, status: int = 200, **kw: Any) -> Reply:
        return cls(status, body, {"Content-Type": content_type, **kw.pop("headers", {})}, **kw)

    @classmethod
    def redirect(cls, location: str, *, status: int = 302) -> Reply:
        return cls(status, headers={"Location": location})

    @classmethod
    def gzipped(cls, body: bytes, content_type: str = "text/html; charset=utf-8") -> Reply:
        headers = {"Content-Type": content_type, "Content-Encoding": "gzip"}
        return cls(200, gzip.compress(body, compresslevel=6, mtime=0), headers)

    @classmethod
    def retry_after(cls, value: str, *, status: int = 503) -> Reply:
        return cls(status, b"busy", {"Retry-After": value})


@dataclass
class Recorded:
    """A request as the server saw it; ``ended`` is None while it is still being answered."""

    method: str
    path: str
    headers: Message
    body: bytes
    started: float  # time.monotonic()
    ended: float | None = None


Handler = Callable[[Recorded], Reply]


class LocalServer:
    """The running server: register routes, read what was asked."""

    def __init__(self) -> None:
        self.url = ""  # "http://127.0.0.1:PORT", no trailing slash
        self.requests: list[Recorded] = []
        self.max_in_flight = 0
        self.errors: list[Exception] = []  # raised by route functions, answered with a 500
        self.released = threading.Event()  # set at stop: every stall ends
        self._routes: dict[str, list[Reply] | Handler] = {}
        self._lock = threading.Lock()
        self._in_flight = 0

    def at(self, path: str) -> str:
        return self.url + path

    def route(self, path: str, *replies: Reply | Handler) -> str:
        """Answer ``path`` with ``replies`` in turn (the last one repeats), or a function.

        ``path`` may include a query string to answer only that query. Returns the full URL.
        """
        if len(replies) == 1 and callable(replies[0]):
            self._routes[path] = replies[0]
        else:
            assert replies and all(isinstance(r, Reply) for r in replies), "give replies"
            self._routes[path] = [r for r in replies if isinstance(r, Reply)]
        return self.at(path)

    def hits(self, path: str) -> int:
        """Requests for exactly ``path`` (with its query string, if any)."""
        return sum(1 for r in self.requests if r.path == path)

    def _answer(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            route = self._routes.get(request.path)
            if route is None:
                route = self._routes.get(request.path.partition("?")[0])
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
        if route is None:
            return Reply.html("<h1>Not found</h1>", status=404)
        try:
            return route(request)
        except Exception as exc:  # a broken test helper should show, not hang the client
            self.errors.append(exc)
            return Reply.html(f"<pre>{exc!r}</pre>", status=500)

    def _done(self, request: Recorded) -> None:
        with self._lock:
            request.ended = time.monotonic()
            self._in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # a silent client cannot hold a thread for ever
    disable_nagle_algorithm = True  # headers and body in separate writes: no 40 ms ACK stall
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def _serve(self) -> None:
        owner = self.server.owner
        size = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(size) if size else b""
        request = Recorded(self.command, self.path, self.headers, body, time.monotonic())
        try:
            self._send(owner._answer(request), owner.released)
        finally:
            owner._done(request)

    def _send(self, reply: Reply, released: threading.Event) -> None:
        if reply.delay and released.wait(reply.delay):
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            # Raw UTF-8, as careless servers send a Vietnamese Location (http.server wants Latin-1).
            self.send_header(name, value.encode("utf-8").decode("latin-1"))
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif not any(name.lower() == "content-length" for name in reply.headers):
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        step = reply.chunk or max(len(reply.body), 1)
        pieces = [reply.body[i : i + step] for i in range(0, len(reply.body), step)]
        sent = 0
        for number, piece in enumerate(pieces):
            if reply.drop_after is not None and sent + len(piece) >= reply.drop_after:
                self._write(piece[: reply.drop_after - sent], reply.chunked)
                self.close_connection = True  # the promised rest never comes
                return
            self._write(piece, reply.chunked)
            sent += len(piece)
            if reply.interval and number < len(pieces) - 1 and released.wait(reply.interval):
                self.close_connection = True
                return
        if reply.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _write(self, data: bytes, chunked: bool) -> None:
        if chunked and data:
            data = b"%x\r\n%s\r\n" % (len(data), data)
        self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    # Handler threads are joined at close (not daemons), after stop() has unblocked them.
    daemon_threads = False
    block_on_close = True

    def __init__(self, owner: LocalServer) -> None:
        self.owner = owner
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout under test) is expected, not a failure

    def cut_connections(self) -> None:
        """Wake every handler blocked on a keep-alive read or a write to a stalled client."""
        with self.connections_lock:
            live = list(self.connections)
        for sock in live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def serve_http() -> Iterator[LocalServer]:
    """A started server on a free port; stopped, with all its threads, on exit."""
    owner = LocalServer()
    server = _Server(owner)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="http-server"
    )
    thread.start()
    owner.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield owner
    finally:
        owner.released.set()
        server.shutdown()
        thread.join()
        server.cut_connections()
        server.server_close()  # joins the handler threads


def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxy settings would send requests for 127.0.0.1 elsewhere: drop them for the test."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
