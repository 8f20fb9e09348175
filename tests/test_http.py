"""The one HTTP layer (narrate.http) against real sockets on 127.0.0.1: every limit it promises,
each shown failing the way the callers (page fetches, voice downloads) rely on."""

from __future__ import annotations

import contextlib
import gzip
import socket
import ssl
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from narrate.http import (
    USER_AGENT,
    Client,
    HttpFailure,
    Response,
    ascii_url,
    decode,
)
from tests.fake_google import closed_port
from tests.http_server import LocalServer, Recorded, Reply, no_proxies, serve_http

PAGE = "<html><body><p>Xin chào Đồng Tháp</p></body></html>"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    no_proxies(monkeypatch)
    with serve_http() as running:
        yield running


def get(url: str, *, timeout: float = 2.0, total: float = 5.0) -> Response:
    """One request with its deadline ``total`` seconds from now."""
    return Client().get(url, timeout=timeout, deadline=time.monotonic() + total)


def failure_of(call: Callable[[], object]) -> HttpFailure:
    with pytest.raises(HttpFailure) as caught:
        call()
    return caught.value


def read_all(url: str, max_bytes: int = 1 << 20, **limits: float) -> bytes:
    with get(url, **limits) as response:
        return response.read(max_bytes)


# -- an ordinary answer -------------------------------------------------------------------------


def test_a_page_comes_with_its_status_type_and_our_user_agent(server: LocalServer) -> None:
    url = server.route("/tin", Reply.html(PAGE, charset="utf-8"))
    with get(url) as response:
        assert (response.status, response.label) == (200, "HTTP 200 OK")
        assert response.content_type == ("text/html", "utf-8")
        assert response.read(1 << 20) == PAGE.encode()
    sent = server.requests[0].headers
    assert sent["User-Agent"] == USER_AGENT
    assert sent["Connection"] == "close"  # a half-read body never goes back to a pool


def test_a_status_without_a_phrase_gets_the_standard_one(server: LocalServer) -> None:
    url = server.route("/tin", Reply(503))
    with get(url) as response:
        assert response.label == "HTTP 503 Service Unavailable"


# -- the limits ---------------------------------------------------------------------------------


def test_a_dribbling_server_is_cut_off_at_the_whole_transfer_deadline(
    server: LocalServer,
) -> None:
    # One byte every 50 ms never trips the 0.3 s read timeout: only the deadline stops it.
    url = server.route("/tin", Reply.html("x" * 400, chunk=1, interval=0.05))
    failure = failure_of(lambda: read_all(url, timeout=0.3, total=0.4))
    assert failure.kind == "slow"
    assert failure.size is not None and 0 < failure.size < 400


def test_a_body_that_stops_arriving_stalls_after_one_read_timeout(server: LocalServer) -> None:
    url = server.route("/tin", Reply.html("x" * 40, chunk=10, interval=30))
    failure = failure_of(lambda: read_all(url, timeout=0.2, total=10))
    assert (failure.kind, failure.size) == ("stalled", 10)


def test_a_server_that_never_answers_times_out(server: LocalServer) -> None:
    url = server.route("/tin", Reply.html(PAGE, delay=30))
    assert failure_of(lambda: get(url, timeout=0.2)).kind == "timeout"


@pytest.mark.parametrize(
    ("reply", "size"),
    [
        (Reply.typed(b"x", "text/html", headers={"Content-Length": "6000000"}), 6_000_000),
        (Reply.html("x" * 3000, chunked=True, chunk=500), None),  # nothing declared: counted
    ],
    ids=["declared", "counted"],
)
def test_a_body_over_the_cap_is_refused(
    server: LocalServer, reply: Reply, size: int | None
) -> None:
    url = server.route("/tin", reply)
    failure = failure_of(lambda: read_all(url, max_bytes=2048))
    assert (failure.kind, failure.size) == ("too_big", size)


def test_a_body_of_exactly_the_cap_is_read(server: LocalServer) -> None:
    url = server.route("/tin", Reply.html("x" * 3000, chunked=True, chunk=500))
    assert read_all(url, max_bytes=3000) == b"x" * 3000


def test_a_zip_bomb_is_stopped_at_the_cap_after_decompression(server: LocalServer) -> None:
    bomb = Reply.gzipped(b"\0" * (8 << 20))  # 8 MB of zeros in about 8 KB
    assert len(bomb.body) < 64 * 1024
    url = server.route("/tin", bomb)
    assert failure_of(lambda: read_all(url, max_bytes=1 << 20)).kind == "too_big"


@pytest.mark.parametrize("chunked", [False, True])
def test_a_connection_dropped_mid_body_is_never_taken_for_the_end(
    server: LocalServer, chunked: bool
) -> None:
    url = server.route("/tin", Reply.html(PAGE, drop_after=10, chunked=chunked))
    failure = failure_of(lambda: read_all(url))
    if chunked:  # the chunk framing tells: the ten bytes came, the rest of the chunk did not
        assert (failure.kind, failure.size) == ("broken", 10)
    else:  # only Content-Length tells: a short body
        assert (failure.kind, failure.size, failure.length) == ("short", 10, len(PAGE.encode()))


# -- redirects ----------------------------------------------------------------------------------


def test_redirects_are_followed_one_checked_hop_at_a_time(server: LocalServer) -> None:
    server.route("/a", Reply.redirect("/b", status=301))
    server.route("/b", Reply.redirect(server.at("/c?id=7"), status=308))
    server.route("/c?id=7", Reply.redirect("tin/1.html", status=303))
    server.route("/tin/1.html", Reply.html(PAGE))
    with Client().open(server.at("/a"), timeout=2, deadline=time.monotonic() + 5,
                       max_redirects=3) as response:  # fmt: skip
        assert response.url == server.at("/tin/1.html")
        assert response.read(1 << 20) == PAGE.encode()
    assert [r.path for r in server.requests] == ["/a", "/b", "/c?id=7", "/tin/1.html"]


@pytest.mark.parametrize(
    "target",
    ["ftp://127.0.0.1/voice.onnx", "file:///etc/passwd", "javascript:alert(1)",
     "data:text/html,<p>x</p>"],
)  # fmt: skip
def test_a_redirect_to_anything_but_an_http_address_is_refused(
    server: LocalServer, target: str
) -> None:
    url = server.route("/a", Reply.redirect(target))
    failure = failure_of(lambda: open_url(url))
    assert (failure.kind, failure.target) == ("redirect_scheme", target)
    assert server.hits("/a") == 1


def test_too_many_redirects_are_refused(server: LocalServer) -> None:
    for hop in range(5):
        server.route(f"/{hop}", Reply.redirect(f"/{hop + 1}"))
    assert failure_of(lambda: open_url(server.at("/0"), 2)).kind == "too_many_redirects"
    assert len(server.requests) == 3


def test_a_redirect_back_to_a_visited_address_is_a_loop(server: LocalServer) -> None:
    server.route("/a", Reply.redirect("/b"))
    server.route("/b", Reply.redirect("/a"))
    failure = failure_of(lambda: open_url(server.at("/a")))
    assert (failure.kind, failure.target) == ("redirect_loop", server.at("/a"))


@pytest.mark.parametrize(("cookies", "status"), [(True, 200), (False, None)])
def test_a_cookie_set_on_a_redirect_is_sent_back_by_a_client_with_a_jar(
    server: LocalServer, cookies: bool, status: int | None
) -> None:
    def gate(request: Recorded) -> Reply:
        if "pass=1" in (request.headers["Cookie"] or ""):
            return Reply.html(PAGE)
        return Reply(302, headers={"Location": "/tin", "Set-Cookie": "pass=1; Path=/"})

    url = server.route("/tin", gate)
    client = Client(cookies=cookies)
    if status is None:  # no jar: the same address with the same (no) cookies is a loop
        assert failure_of(lambda: open_url(url, client=client)).kind == "redirect_loop"
    else:
        with open_url(url, client=client) as response:
            assert response.status == status


def test_a_location_sent_as_raw_utf8_is_followed_escaped(server: LocalServer) -> None:
    server.route("/old", Reply(301, headers={"Location": "/tin/đường.html"}))
    server.route("/tin/%C4%91%C6%B0%E1%BB%9Dng.html", Reply.html(PAGE))
    with get(server.at("/old")) as response:
        assert response.location == "/tin/đường.html"
    with open_url(server.at("/old")) as response:
        assert response.url == server.at("/tin/%C4%91%C6%B0%E1%BB%9Dng.html")


def open_url(url: str, max_redirects: int = 5, *, client: Client | None = None) -> Response:
    return (client or Client()).open(
        url, timeout=2, deadline=time.monotonic() + 5, max_redirects=max_redirects
    )


# -- connections --------------------------------------------------------------------------------


@contextlib.contextmanager
def one_answer_per_connection() -> Iterator[int]:
    """A server that answers the first request on a connection (HTTP/1.1, no ``Connection:
    close``) and hangs up on any second one: what a busy server closing an idle socket does."""
    listener = socket.create_server(("127.0.0.1", 0))
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            with contextlib.suppress(OSError):
                conn.recv(65536)
                conn.sendall(answer)
                conn.recv(65536)  # a second request on this socket: no answer

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_every_request_of_a_client_gets_a_fresh_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Reusing the first connection sends the second request into a socket the server is
    # closing: "closed the connection without answering", a failure that was never the site's.
    no_proxies(monkeypatch)
    with one_answer_per_connection() as port, Client() as client:
        for _ in range(3):
            with client.get(
                f"http://127.0.0.1:{port}/tin", timeout=2, deadline=time.monotonic() + 5
            ) as response:
                assert response.status == 200
                assert response.read(100) == b"ok"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (lambda: f"http://127.0.0.1:{closed_port()}/tin", "connection refused"),
        # .invalid is reserved (RFC 6761): resolvers answer "no such name" without asking anyone.
        (lambda: "http://narrate-test.invalid/tin", "the name was not found"),
    ],
    ids=["refused", "no-such-name"],
)
def test_a_server_that_cannot_be_reached_says_why(
    monkeypatch: pytest.MonkeyPatch, url: Callable[[], str], reason: str
) -> None:
    no_proxies(monkeypatch)
    failure = failure_of(lambda: get(url()))
    assert (failure.kind, failure.reason) == ("unreachable", reason)


def test_a_certificate_that_does_not_verify_is_refused(tmp_path: Path) -> None:
    with tls_server(tmp_path) as port:
        failure = failure_of(lambda: get(f"https://127.0.0.1:{port}/tin"))
    assert failure.kind == "tls"
    assert "certificate" in failure.reason


def test_the_proxy_the_environment_names_is_used_unless_the_host_is_exempt(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The local server plays the proxy: a proxied request names the whole address.
    server.route("http://narrate-test.invalid/tin", Reply.html(PAGE))
    monkeypatch.setenv("http_proxy", server.url)
    assert read_all("http://narrate-test.invalid/tin") == PAGE.encode()
    monkeypatch.setenv("no_proxy", "narrate-test.invalid")
    assert failure_of(lambda: get("http://narrate-test.invalid/tin")).kind == "unreachable"
    assert len(server.requests) == 1


# -- decoding and addresses ---------------------------------------------------------------------


def _deflate(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(wbits=wbits)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        ("identity", PAGE.encode()),
        ("gzip", gzip.compress(PAGE.encode())),
        ("x-gzip", gzip.compress(PAGE.encode())),
        ("deflate", _deflate(PAGE.encode(), zlib.MAX_WBITS)),  # zlib, as the standard says
        ("deflate", _deflate(PAGE.encode(), -zlib.MAX_WBITS)),  # raw, as some servers send
    ],
)
def test_a_compressed_body_is_decoded(encoding: str, raw: bytes) -> None:
    assert decode(raw, encoding, 1 << 20) == PAGE.encode()


def test_a_zip_bomb_never_takes_more_memory_than_the_cap() -> None:
    packer = zlib.compressobj(wbits=31)  # gzip
    megabyte = b"\0" * (1 << 20)
    bomb = b"".join(packer.compress(megabyte) for _ in range(64)) + packer.flush()
    assert len(bomb) < 128 * 1024  # 64 MB of zeros on the wire in a few dozen KB
    tracemalloc.start()
    try:
        with pytest.raises(HttpFailure, match="too_big"):
            decode(bomb, "gzip", 1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20  # about the 1 MB cap, never the 64 MB the bomb holds


@pytest.mark.parametrize(
    ("encoding", "raw", "kind"),
    [
        ("gzip", b"not gzip at all", "damaged"),
        ("gzip", gzip.compress(PAGE.encode())[:-12], "damaged"),  # cut short: no end marker
        ("deflate", b"\xff\xff\xff", "damaged"),
        ("gzip", gzip.compress(b"x" * 5000), "too_big"),
    ],
)
def test_a_body_that_cannot_be_decoded_within_the_cap_is_refused(
    encoding: str, raw: bytes, kind: str
) -> None:
    assert failure_of(lambda: decode(raw, encoding, 4096)).kind == kind


def test_an_encoding_we_did_not_ask_for_is_refused_before_reading(server: LocalServer) -> None:
    body = b"\x1b\x00"
    url = server.route("/tin", Reply(200, body, {"Content-Encoding": "br"}))
    failure = failure_of(lambda: read_all(url))
    assert (failure.kind, failure.reason) == ("unsupported_encoding", "br")
    with get(url) as response:
        assert b"".join(response.chunks(100)) == body  # the bytes as sent, for who wants them


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://báo.vn/tin", "http://xn--bo-mia.vn/tin"),
        ("HTTPS://a.vn/đường lúa.html?q=cà phê", "https://a.vn/%C4%91%C6%B0%E1%BB%9Dng%20l%C3%BAa"
                                                 ".html?q=c%C3%A0%20ph%C3%AA"),
        ("http://a.vn", "http://a.vn/"),
        ("http://a.vn/tin%20moi?x=1#top", "http://a.vn/tin%20moi?x=1"),  # escapes stay
    ],
)  # fmt: skip
def test_an_address_is_made_ascii_for_the_request_line(url: str, expected: str) -> None:
    assert ascii_url(url) == expected


@pytest.mark.parametrize("url", ["http://127.0.0.1:http/", "http:///tin", "http://:80/tin"])
def test_an_address_without_a_usable_host_or_port_is_refused(url: str) -> None:
    with pytest.raises(ValueError):
        ascii_url(url)


# -- a server whose certificate no one trusts ---------------------------------------------------

# A self-signed certificate for 127.0.0.1 (valid until 2126) and its key, made for this test
# alone with `openssl req -x509 -newkey ec`: no system trusts it, so a verifying client refuses.
CERTIFICATE = """-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUdjK+DhFg64bBIvudtPDdy4z6PjgwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMjE3MDk0NloYDzIxMjYxMTA4
MTcwOTQ2WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ33bqm1RxQu6xIofDHqXYqe8vjMkDhXAaQYppCsIobuXEAZYEVdhQE
EXHp0xd1ig+e6ejw/KyPWA2G6t2VU095o2QwYjAdBgNVHQ4EFgQU0ATteEotzfOP
cMRrmYd0t2iSuhIwHwYDVR0jBBgwFoAU0ATteEotzfOPcMRrmYd0t2iSuhIwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQCzr62GTmQvBMd3N1IigBZ4JAw+FHryTr9neKdVm0/7dAIgU9mL8WDD4gAmF1U4
AMKPLWvurV9n0gAdS4JWWf36ImE=
-----END CERTIFICATE-----
"""
PRIVATE_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgwGTWeIyhSuaN4QWp
kQR2RNzl9w22QsWF1aiToEgLPqGhRANCAAQ33bqm1RxQu6xIofDHqXYqe8vjMkDh
XAaQYppCsIobuXEAZYEVdhQEEXHp0xd1ig+e6ejw/KyPWA2G6t2VU095
-----END PRIVATE KEY-----
"""


@contextlib.contextmanager
def tls_server(folder: Path) -> Iterator[int]:
    """A port on 127.0.0.1 that accepts one connection and offers the untrusted certificate."""
    (folder / "cert.pem").write_text(CERTIFICATE)
    (folder / "key.pem").write_text(PRIVATE_KEY)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")

    def serve_one() -> None:
        connection, _ = listener.accept()
        with connection, contextlib.suppress(ssl.SSLError, OSError):
            # The client hangs up on our certificate: that is the point.
            context.wrap_socket(connection, server_side=True).close()

    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)
        thread = threading.Thread(target=serve_one)
        thread.start()
        try:
            yield int(listener.getsockname()[1])
        finally:
            thread.join(5)
