"""The preview server over real sockets: what podcast apps and browsers send, and attackers."""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import logging
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from narrate.errors import PublishError
from narrate.serve import RangeNotSatisfiable, byte_range, make_server, serve_forever, server_url

MP3 = bytes(range(256)) * 40  # 10240 bytes whose every offset is recognisable
BIG = 32 * 1024 * 1024  # larger than any socket buffer: the server is still writing at a drop


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A public/ folder as publishing leaves it, plus a secret beside it."""
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    public = tmp_path / "public"
    episodes = public / "episodes"
    episodes.mkdir(parents=True)
    (public / "index.html").write_text("<!DOCTYPE html><title>kênh</title>", encoding="utf-8")
    (public / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (public / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (episodes / "bai.mp3").write_bytes(MP3)
    for suffix, text in ((".vtt", "WEBVTT\n"), (".srt", "1\n"), (".chapters.json", "{}"),
                         (".html", "<p>bài</p>")):  # fmt: skip
        (episodes / f"bai{suffix}").write_text(text, encoding="utf-8")
    (public / "assets").mkdir()
    (public / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    (public / "assets" / "player.js").write_text("void 0;", encoding="utf-8")
    (public / "pages").mkdir()
    (public / "pages" / "index.html").write_text("trang", encoding="utf-8")
    (public / ".lock").write_text("", encoding="utf-8")
    (public / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (public / "outside").symlink_to(tmp_path, target_is_directory=True)
    with open(episodes / "big.mp3", "wb") as handle:
        handle.truncate(BIG)  # sparse: instant to make, real to read
    return public


@pytest.fixture
def server(folder: Path) -> Iterator[ThreadingHTTPServer]:
    server = make_server(folder, port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class Reply:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()


def request(server: ThreadingHTTPServer, path: str, method: str = "GET", **headers: str) -> Reply:
    """One request on a fresh connection; the path goes out byte for byte (no normalising)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders()
        return Reply(connection.getresponse())
    finally:
        connection.close()


def test_head_answers_like_get_without_a_body(server: ThreadingHTTPServer) -> None:
    reply = request(server, "/episodes/bai.mp3", "HEAD")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["Content-Length"] == str(len(MP3))
    assert reply.headers["Content-Type"] == "audio/mpeg"
    assert reply.headers["Accept-Ranges"] == "bytes"
    assert reply.headers["ETag"]
    assert reply.headers["Last-Modified"]


def test_get_sends_the_whole_file_with_its_length(server: ThreadingHTTPServer) -> None:
    reply = request(server, "/episodes/bai.mp3")
    assert reply.status == 200
    assert reply.body == MP3
    assert reply.headers["Content-Length"] == str(len(MP3))
    assert reply.headers["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-1", 0, 1),
        ("bytes=100-199", 100, 199),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-240", 10000, 10239),
        ("bytes=-99999", 0, 10239),  # a suffix longer than the file is the whole file
        ("bytes=10200-99999", 10200, 10239),  # an end past the file is clamped
        ("bytes=0-", 0, 10239),  # what Chrome and Safari send first
    ],
)
def test_a_single_byte_range_gets_206_with_exactly_those_bytes(
    server: ThreadingHTTPServer, header: str, first: int, last: int
) -> None:
    reply = request(server, "/episodes/bai.mp3", Range=header)
    assert reply.status == 206
    assert reply.body == MP3[first : last + 1]
    assert reply.headers["Content-Range"] == f"bytes {first}-{last}/{len(MP3)}"
    assert reply.headers["Content-Length"] == str(last - first + 1)
    assert reply.headers["Accept-Ranges"] == "bytes"


def test_head_with_a_range_gives_the_range_headers_and_no_body(
    server: ThreadingHTTPServer,
) -> None:
    reply = request(server, "/episodes/bai.mp3", "HEAD", Range="bytes=0-99")
    assert reply.status == 206
    assert reply.body == b""
    assert reply.headers["Content-Range"] == f"bytes 0-99/{len(MP3)}"
    assert reply.headers["Content-Length"] == "100"


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=20000-20010", "bytes=-0"])
def test_a_range_past_the_end_gets_416_naming_the_size(
    server: ThreadingHTTPServer, header: str
) -> None:
    reply = request(server, "/episodes/bai.mp3", Range=header)
    assert reply.status == 416
    assert reply.headers["Content-Range"] == f"bytes */{len(MP3)}"
    assert reply.headers["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-1", "bytes=9-2", "bytes=x-"])
def test_ranges_it_does_not_serve_get_the_whole_file(
    server: ThreadingHTTPServer, header: str
) -> None:
    reply = request(server, "/episodes/bai.mp3", Range=header)
    assert reply.status == 200
    assert reply.body == MP3
    assert "Content-Range" not in reply.headers


def test_a_matching_etag_or_date_gets_304_without_a_body(server: ThreadingHTTPServer) -> None:
    first = request(server, "/feed.xml")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    by_tag = request(server, "/feed.xml", If_None_Match=etag)
    assert (by_tag.status, by_tag.body, by_tag.headers["ETag"]) == (304, b"", etag)
    assert request(server, "/feed.xml", If_None_Match=f'"other", W/{etag}').status == 304
    assert request(server, "/feed.xml", If_Modified_Since=modified).status == 304
    later = email.utils.formatdate(time.time() + 3600, usegmt=True)
    assert request(server, "/feed.xml", If_Modified_Since=later).status == 304


def test_a_changed_file_is_sent_again(server: ThreadingHTTPServer, folder: Path) -> None:
    first = request(server, "/feed.xml")
    (folder / "feed.xml").write_text("<rss>mới</rss>", encoding="utf-8")
    os.utime(folder / "feed.xml", (time.time() + 5, time.time() + 5))
    again = request(
        server,
        "/feed.xml",
        If_None_Match=first.headers["ETag"],
        If_Modified_Since=first.headers["Last-Modified"],
    )
    assert again.status == 200
    assert again.body == "<rss>mới</rss>".encode()
    earlier = email.utils.formatdate(time.time() - 86400, usegmt=True)
    assert request(server, "/feed.xml", If_Modified_Since=earlier).status == 200


def test_if_range_with_an_old_etag_sends_the_whole_new_file(server: ThreadingHTTPServer) -> None:
    etag = request(server, "/episodes/bai.mp3", "HEAD").headers["ETag"]
    same = request(server, "/episodes/bai.mp3", Range="bytes=0-9", If_Range=etag)
    assert (same.status, same.body) == (206, MP3[:10])
    old = request(server, "/episodes/bai.mp3", Range="bytes=0-9", If_Range='"old"')
    assert (old.status, old.body) == (200, MP3)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/episodes/bai.mp3", "audio/mpeg"),
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/episodes/bai.vtt", "text/vtt; charset=utf-8"),
        ("/episodes/bai.srt", "application/x-subrip"),
        ("/episodes/bai.chapters.json", "application/json"),
        ("/episodes/bai.html", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/cover.png", "image/png"),
        ("/assets/site.css", "text/css; charset=utf-8"),
        ("/assets/player.js", "text/javascript; charset=utf-8"),
    ],
)
def test_each_kind_of_file_has_its_content_type(
    server: ThreadingHTTPServer, path: str, content_type: str
) -> None:
    reply = request(server, path)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == content_type
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_a_folder_serves_its_index_and_never_a_listing(server: ThreadingHTTPServer) -> None:
    root = request(server, "/")
    assert (root.status, root.body.decode()) == (200, "<!DOCTYPE html><title>kênh</title>")
    assert request(server, "/pages/").body == b"trang"
    moved = request(server, "/pages?x=1")
    assert (moved.status, moved.headers["Location"]) == (301, "/pages/")
    elsewhere = request(server, "//pages")  # "//pages/" would send the browser to host "pages"
    assert (elsewhere.status, elsewhere.headers["Location"]) == (301, "/pages/")
    listing = request(server, "/episodes/")
    assert listing.status == 404
    assert b"bai.mp3" not in listing.body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/episodes/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/episodes/..%2f..%2fsecret.txt",
        "/episodes/%2e%2e%5c%2e%2e%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "http://evil.example/../secret.txt",
        "/leak.txt",  # a symlink to a file outside the folder
        "/outside/secret.txt",  # through a symlinked folder
        "/.lock",
        "/episodes/bai.mp3%00.html",
        "/no-such-file.mp3",
    ],
)
def test_nothing_outside_the_folder_or_hidden_is_served(
    server: ThreadingHTTPServer, path: str
) -> None:
    reply = request(server, path)
    assert reply.status == 404
    assert b"not for the web" not in reply.body
    assert b"root:" not in reply.body


def test_a_fifo_in_the_folder_is_not_opened(server: ThreadingHTTPServer, folder: Path) -> None:
    os.mkfifo(folder / "pipe.mp3")
    assert request(server, "/pipe.mp3").status == 404


def test_other_methods_are_refused(server: ThreadingHTTPServer) -> None:
    reply = request(server, "/feed.xml", "POST")
    assert reply.status == 405
    assert reply.headers["Allow"] == "GET, HEAD"


def test_one_connection_carries_several_requests(server: ThreadingHTTPServer) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        for first in (0, 5000, 10000):
            connection.request("GET", "/episodes/bai.mp3", headers={"Range": f"bytes={first}-"})
            response = connection.getresponse()
            assert (response.status, response.read()) == (206, MP3[first:])
    finally:
        connection.close()


def test_a_client_hanging_up_mid_file_is_logged_quietly_and_serving_goes_on(
    server: ThreadingHTTPServer,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG, logger="narrate.serve")
    host, port = server.server_address[:2]
    client = socket.create_connection((str(host), port), timeout=10)
    client.sendall(b"GET /episodes/big.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
    received = b""
    while len(received) < 100_000:
        received += client.recv(65536)
    assert received.startswith(b"HTTP/1.1 200")
    assert f"Content-Length: {BIG}".encode() in received
    # Reset rather than close politely, as a phone losing its signal or a seeking player does.
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()
    deadline = time.monotonic() + 10
    while not any("stopped reading" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, "the server never noticed the hang-up"
        time.sleep(0.05)
    assert request(server, "/feed.xml").status == 200
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "Traceback" not in capfd.readouterr().err


def test_requests_are_logged_with_status_and_range(
    server: ThreadingHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="narrate.serve")
    request(server, "/episodes/bai.mp3", Range="bytes=0-")
    records = [r for r in caplog.records if getattr(r, "http_path", None) == "/episodes/bai.mp3"]
    assert [(r.http_status, r.http_range) for r in records] == [(206, "bytes=0-")]  # type: ignore[attr-defined]


def test_port_zero_picks_a_free_port_and_the_url_names_it(folder: Path) -> None:
    server = make_server(folder, port=0)
    try:
        port = server.server_address[1]
        assert port > 0
        assert server_url(server) == f"http://127.0.0.1:{port}/"
    finally:
        server.server_close()


def test_a_port_in_use_is_one_readable_error(folder: Path) -> None:
    first = make_server(folder, port=0)
    try:
        with pytest.raises(PublishError, match=r"already in use: choose another with --port"):
            make_server(folder, port=first.server_address[1])
    finally:
        first.server_close()


def test_a_missing_folder_is_one_readable_error(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match=r"does not exist"):
        make_server(tmp_path / "nowhere", port=0)


def test_byte_range_parses_what_the_rfc_allows() -> None:
    assert byte_range("bytes=0-0", 1) == (0, 0)
    assert byte_range(" bytes = 5 - ", 10) == (5, 9)
    assert byte_range("bytes=-3", 10) == (7, 9)
    assert byte_range("bytes=-", 10) is None
    assert byte_range("bytes=0-1, 3-4", 10) is None


def test_serve_forever_returns_on_shutdown_and_frees_the_port(folder: Path) -> None:
    server = make_server(folder, port=0)
    port = server.server_address[1]
    thread = threading.Thread(target=serve_forever, args=(server,), daemon=True)
    thread.start()
    assert request(server, "/feed.xml").status == 200
    server.shutdown()
    thread.join(timeout=5)
    assert not thread.is_alive()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_control_characters_in_a_request_are_escaped_in_the_log(
    server: ThreadingHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="narrate.serve")
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=10) as raw:  # http.client refuses
        raw.sendall(b"GET /a\x1b[2Jb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 404")
    messages = [r.getMessage() for r in caplog.records]
    assert any("/a\\x1b[2Jb" in m for m in messages)
    assert all("\x1b" not in m for m in messages)


def raw_exchange(server: ThreadingHTTPServer, data: bytes) -> bytes:
    """Send ``data`` as is on a fresh connection and read the reply until the server closes."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=10) as sock:
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
    return received


HOSTILE_REQUESTS = [
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n", 431),
    (
        b"GET / HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-%d: 1\r\n" % n for n in range(200))
        + b"\r\n",
        431,
    ),
    (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 400),
    (b"GET\r\n\r\n", 400),
    (b"GET / FTP/1.0\r\n\r\n", 400),
    (
        b"GET /episodes/bai.mp3 HTTP/1.1\r\nHost: x\r\nRange: bytes="
        + b"9" * 5000
        + b"-\r\nConnection: close\r\n\r\n",
        416,
    ),
    (
        b"GET /episodes/bai.mp3 HTTP/1.1\r\nHost: x\r\nRange: bytes=0-"
        + b"9" * 5000
        + b"\r\nConnection: close\r\n\r\n",
        206,
    ),
    (
        b"GET /episodes/bai.mp3 HTTP/1.1\r\nHost: x\r\nRange: bytes=-"
        + b"9" * 5000
        + b"\r\nConnection: close\r\n\r\n",
        206,
    ),
]


@pytest.mark.parametrize(("data", "status"), HOSTILE_REQUESTS)
def test_a_hostile_request_gets_a_clean_status_and_no_traceback_in_the_log(
    server: ThreadingHTTPServer, caplog: pytest.LogCaptureFixture, data: bytes, status: int
) -> None:
    caplog.set_level(logging.DEBUG, logger="narrate.serve")

    reply = raw_exchange(server, data)

    assert reply.split(b"\r\n", 1)[0].split(b" ")[1] == str(status).encode(), reply[:200]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    assert request(server, "/feed.xml").status == 200  # and serving goes on


def test_a_range_of_thousands_of_digits_is_parsed_without_error() -> None:
    huge = "9" * 5000
    assert byte_range(f"bytes=0-{huge}", 100) == (0, 99)
    assert byte_range(f"bytes=-{huge}", 100) == (0, 99)
    with pytest.raises(RangeNotSatisfiable):
        byte_range(f"bytes={huge}-", 100)
