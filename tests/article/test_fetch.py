"""Fetching news pages from a real local HTTP server: every limit, retry and refusal."""

from __future__ import annotations

import http.client
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from narrate import __version__
from narrate.article.fetch import FetchLimits, Page, fetch, read_url
from narrate.errors import ConfigError, InputError
from tests.fake_google import closed_port
from tests.http_server import LocalServer, Recorded, Reply, no_proxies, serve_http

PAGE = "<html><head><title>Tin</title></head><body><p>Xin chào Đồng Tháp</p></body></html>"
# Short limits so the slow cases take a fraction of a second.
QUICK = FetchLimits(timeout=0.3, total_timeout=0.6, retries=3, backoff=0.01)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    no_proxies(monkeypatch)
    with serve_http() as running:
        yield running


@pytest.fixture
def sleeps() -> list[float]:
    return []


def test_a_page_is_fetched_with_its_type_charset_and_our_user_agent(server: LocalServer) -> None:
    body = "<p>Tin m\u01a1\u0301i</p>".encode("windows-1258")  # the code page's spelling
    url = server.route("/tin/1.html", Reply.typed(body, "text/html; charset=Windows-1258"))
    page = fetch(url)
    assert page == Page(url, url, "text/html", "windows-1258", body)
    sent = server.requests[0].headers
    assert sent["User-Agent"].startswith(f"narrate/{__version__} (")
    assert "gzip" in sent["Accept-Encoding"]
    assert sent["Accept"].startswith("text/html, application/xhtml+xml")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://baodongthap.vn/tin.html",
        "javascript:alert(1)",
        "mailto:toasoan@baodongthap.vn",
        "tintuc",
        "",
        "http://",
        "//baodongthap.vn/tin.html",
    ],
)
def test_only_http_and_https_addresses_are_fetched(url: str) -> None:
    with pytest.raises(InputError, match=r"only http:// and https:// addresses can be fetched"):
        fetch(url)


def test_a_bare_domain_is_refused_with_a_hint_to_add_https() -> None:
    with pytest.raises(InputError, match=r"did you mean https://baodongthap\.vn/tin\.html\?"):
        fetch("baodongthap.vn/tin.html")


def test_an_address_with_a_bad_port_is_refused() -> None:
    with pytest.raises(InputError, match=r"is not a valid web address; check the host name"):
        fetch("http://127.0.0.1:http/")


def test_an_address_with_vietnamese_letters_and_spaces_is_sent_escaped(
    server: LocalServer,
) -> None:
    server.route("/tin/%C4%91%C6%B0%E1%BB%9Dng%20l%C3%BAa.html", Reply.html(PAGE))
    page = fetch(server.at("/tin/đường lúa.html"))
    assert page.body == PAGE.encode()
    assert page.url == server.at("/tin/%C4%91%C6%B0%E1%BB%9Dng%20l%C3%BAa.html")
    assert page.requested == server.at("/tin/đường lúa.html")


def test_redirects_are_followed_and_the_page_keeps_the_final_address(
    server: LocalServer,
) -> None:
    server.route("/a", Reply.redirect("/b", status=301))
    server.route("/b", Reply.redirect(server.at("/c?id=7"), status=308))
    server.route("/c?id=7", Reply.redirect("tin/1.html", status=303))
    server.route("/tin/1.html", Reply.html(PAGE))
    page = fetch(server.at("/a"))
    assert page.url == server.at("/tin/1.html")
    assert page.requested == server.at("/a")
    assert [r.path for r in server.requests] == ["/a", "/b", "/c?id=7", "/tin/1.html"]


def test_a_redirect_whose_location_is_raw_utf8_is_followed(server: LocalServer) -> None:
    server.route("/old", Reply(301, headers={"Location": "/tin/đường.html"}))
    server.route("/tin/%C4%91%C6%B0%E1%BB%9Dng.html", Reply.html(PAGE))
    assert fetch(server.at("/old")).url == server.at("/tin/%C4%91%C6%B0%E1%BB%9Dng.html")


def test_a_redirect_loop_is_reported_as_a_loop(server: LocalServer) -> None:
    server.route("/a", Reply.redirect("/b"))
    server.route("/b", Reply.redirect("/a"))
    with pytest.raises(InputError, match=r"/a redirects in a loop \(back to http://.*/a\)"):
        fetch(server.at("/a"))
    assert len(server.requests) == 2


def test_too_many_redirects_are_refused(server: LocalServer) -> None:
    for hop in range(5):
        server.route(f"/{hop}", Reply.redirect(f"/{hop + 1}"))
    with pytest.raises(InputError, match=r"redirects more than 3 times; open it in a browser"):
        fetch(server.at("/0"), limits=FetchLimits(max_redirects=3))
    assert len(server.requests) == 4


def test_a_redirect_that_sets_a_cookie_and_comes_back_is_no_loop(server: LocalServer) -> None:
    def gate(request: Recorded) -> Reply:
        if "pass=1" in (request.headers["Cookie"] or ""):
            return Reply.html(PAGE)
        return Reply(302, headers={"Location": "/tin", "Set-Cookie": "pass=1; Path=/"})

    server.route("/tin", gate)
    assert fetch(server.at("/tin")).body == PAGE.encode()
    assert server.hits("/tin") == 2


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/tin", "file:///etc/passwd", "javascript:x"])
def test_a_redirect_to_something_not_on_the_web_is_refused(
    server: LocalServer, target: str
) -> None:
    server.route("/a", Reply.redirect(target))
    with pytest.raises(InputError, match=r"redirects to .+, which is not a web address"):
        fetch(server.at("/a"))


def test_a_redirect_without_a_location_is_reported(server: LocalServer) -> None:
    server.route("/a", Reply(302))
    with pytest.raises(InputError, match=r"answered HTTP 302 Found without saying where to"):
        fetch(server.at("/a"))


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, r"/tin was not found \(HTTP 404 Not Found\); check the address"),
        (410, r"/tin has been removed from the site \(HTTP 410 Gone\)"),
        (403, r"refused access to .*/tin \(HTTP 403 Forbidden\); the site may block robots"),
        (401, r"refused access to .*/tin \(HTTP 401 Unauthorized\)"),
        (400, r"rejected the request for .*/tin \(HTTP 400 Bad Request\); check the address"),
        (451, r"rejected the request .*\(HTTP 451 Unavailable For Legal Reasons\)"),
        (500, r"failed to serve .*/tin \(HTTP 500 Internal Server Error\); try again later"),
        (304, r"/tin answered HTTP 304 Not Modified instead of a page"),
    ],
)
def test_a_refusal_fails_at_once_naming_the_status(
    server: LocalServer, sleeps: list[float], status: int, message: str
) -> None:
    server.route("/tin", Reply.html("<p>Lỗi</p>", status=status))
    with pytest.raises(InputError, match=message):
        fetch(server.at("/tin"), sleep=sleeps.append)
    assert server.hits("/tin") == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_a_busy_server_is_retried_with_jittered_backoff(
    server: LocalServer, sleeps: list[float], status: int
) -> None:
    server.route("/tin", Reply(status), Reply(status), Reply.html(PAGE))
    limits = FetchLimits(retries=3, backoff=0.5)
    assert fetch(server.at("/tin"), limits=limits, sleep=sleeps.append).body == PAGE.encode()
    assert server.hits("/tin") == 3
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5
    assert 0 <= sleeps[1] <= 1.0


def test_full_jitter_spreads_the_waits_between_zero_and_the_doubling_bound(
    server: LocalServer, sleeps: list[float]
) -> None:
    server.route("/tin", Reply(503))
    for _ in range(20):
        with pytest.raises(InputError):
            fetch(
                server.at("/tin"), limits=FetchLimits(retries=2, backoff=1.0), sleep=sleeps.append
            )
    assert len(sleeps) == 20
    assert all(0 <= wait <= 1.0 for wait in sleeps)
    assert len(set(sleeps)) > 10  # random, not a fixed schedule


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (503, r"127\.0\.0\.1:\d+ is failing \(HTTP 503 Service Unavailable after 3 tries\); "
              r"try again later"),
        (429, r"is refusing requests \(HTTP 429 Too Many Requests after 3 tries\); wait a few"),
        (502, r"is failing \(HTTP 502 Bad Gateway after 3 tries\)"),
    ],
)  # fmt: skip
def test_a_server_still_busy_after_the_last_try_is_reported(
    server: LocalServer, sleeps: list[float], status: int, message: str
) -> None:
    server.route("/tin", Reply(status))
    with pytest.raises(InputError, match=message):
        fetch(server.at("/tin"), limits=QUICK, sleep=sleeps.append)
    assert server.hits("/tin") == 3
    assert len(sleeps) == 2


def test_retry_after_in_seconds_is_the_wait(server: LocalServer, sleeps: list[float]) -> None:
    server.route("/tin", Reply.retry_after("7", status=429), Reply.html(PAGE))
    fetch(server.at("/tin"), sleep=sleeps.append)
    assert sleeps == [7.0]


def test_retry_after_as_an_http_date_is_the_wait(server: LocalServer, sleeps: list[float]) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server.route("/tin", Reply.retry_after(when), Reply.html(PAGE))
    fetch(server.at("/tin"), sleep=sleeps.append)
    assert len(sleeps) == 1
    assert 25 <= sleeps[0] <= 30


@pytest.mark.parametrize("value", ["soon", "", "-5"])
def test_an_unreadable_retry_after_falls_back_to_backoff(
    server: LocalServer, sleeps: list[float], value: str
) -> None:
    server.route("/tin", Reply.retry_after(value), Reply.html(PAGE))
    fetch(server.at("/tin"), limits=FetchLimits(backoff=0.25), sleep=sleeps.append)
    assert len(sleeps) == 1
    assert 0 <= sleeps[0] <= 0.25


def test_a_retry_after_longer_than_the_cap_fails_at_once(
    server: LocalServer, sleeps: list[float]
) -> None:
    server.route("/tin", Reply.retry_after("3600", status=429), Reply.html(PAGE))
    message = r"asks to wait 3600 s before the next request \(HTTP 429 Too Many Requests\); try"
    with pytest.raises(InputError, match=message):
        fetch(server.at("/tin"), limits=FetchLimits(max_retry_after=120), sleep=sleeps.append)
    assert sleeps == []
    assert server.hits("/tin") == 1


def test_a_refused_connection_is_retried_then_reported_as_unreachable(
    sleeps: list[float],
) -> None:
    port = closed_port()
    with pytest.raises(
        InputError,
        match=rf"cannot reach 127\.0\.0\.1:{port} \(connection refused, 3 tries\); "
        r"check the address and the network",
    ):
        fetch(f"http://127.0.0.1:{port}/tin", sleep=sleeps.append)
    assert len(sleeps) == 2


def test_a_name_that_does_not_resolve_is_reported_as_unreachable(sleeps: list[float]) -> None:
    # .invalid is reserved (RFC 6761): resolvers answer "no such name" without asking anyone.
    with pytest.raises(
        InputError,
        match=r"cannot reach narrate-test\.invalid \(the name was not found, 2 tries\); "
        r"check the address and the network",
    ):
        fetch("https://narrate-test.invalid/tin", limits=FetchLimits(retries=2),
              sleep=sleeps.append)  # fmt: skip


def test_a_server_that_never_answers_times_out_on_every_try(
    server: LocalServer, sleeps: list[float]
) -> None:
    server.route("/tin", Reply.html(PAGE, delay=5))
    started = time.monotonic()
    with pytest.raises(
        InputError,
        match=r"127\.0\.0\.1:\d+ did not answer in time \(timed out after 0\.3 s, 3 tries\); "
        r"try again later or check the network",
    ):
        fetch(server.at("/tin"), limits=QUICK, sleep=sleeps.append)
    assert time.monotonic() - started < 4  # not three 5 s stalls
    assert server.hits("/tin") == 3


def test_a_slow_first_answer_is_retried_and_the_second_is_used(
    server: LocalServer, sleeps: list[float]
) -> None:
    server.route("/tin", Reply.html(PAGE, delay=5), Reply.html(PAGE))
    assert fetch(server.at("/tin"), limits=QUICK, sleep=sleeps.append).body == PAGE.encode()
    assert len(sleeps) == 1


def test_a_server_dribbling_bytes_is_cut_off_at_the_total_timeout(
    server: LocalServer, sleeps: list[float]
) -> None:
    # One byte every 50 ms never trips the 0.3 s read timeout: only the wall clock stops it.
    server.route("/tin", Reply.html("x" * 400, chunk=1, interval=0.05))
    limits = FetchLimits(timeout=0.3, total_timeout=0.4, retries=2, backoff=0)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"the download of .*/tin was too slow \(over 0\.4 s "
                                         r"for \d+ bytes, not finished, 2 tries\)"):  # fmt: skip
        fetch(server.at("/tin"), limits=limits, sleep=sleeps.append)
    assert time.monotonic() - started < 5  # not the 20 s the dribble would take


def test_a_slow_but_steady_download_within_the_total_timeout_succeeds(
    server: LocalServer,
) -> None:
    server.route("/tin", Reply.html(PAGE, chunk=20, interval=0.01))
    assert fetch(server.at("/tin"), limits=QUICK).body == PAGE.encode()


def test_a_connection_dropped_mid_body_is_retried(server: LocalServer, sleeps: list[float]) -> None:
    server.route("/tin", Reply.html(PAGE, drop_after=10), Reply.html(PAGE))
    assert fetch(server.at("/tin"), sleep=sleeps.append).body == PAGE.encode()
    assert server.hits("/tin") == 2


@pytest.mark.parametrize("chunked", [False, True])
def test_a_connection_that_always_drops_mid_body_is_reported(
    server: LocalServer, sleeps: list[float], chunked: bool
) -> None:
    server.route("/tin", Reply.html(PAGE, drop_after=10, chunked=chunked))
    with pytest.raises(InputError, match=r"the download of .*/tin kept breaking off \(.+, "
                                         r"3 tries\); try again later"):  # fmt: skip
        fetch(server.at("/tin"), sleep=sleeps.append)
    if not chunked:
        with pytest.raises(InputError, match=r"closed after 10 of \d+ bytes"):
            fetch(server.at("/tin"), sleep=sleeps.append)


def test_a_chunked_body_is_read_whole(server: LocalServer) -> None:
    server.route("/tin", Reply.html(PAGE, chunked=True, chunk=7))
    assert fetch(server.at("/tin")).body == PAGE.encode()


def test_a_declared_size_over_the_limit_is_refused_before_reading(server: LocalServer) -> None:
    server.route("/tin", Reply.typed(b"x", "text/html", headers={"Content-Length": "6000000"}))
    message = r"the page at .*/tin is larger than 5 MB \(6,000,000 bytes\); it is not a news"
    with pytest.raises(InputError, match=message):
        fetch(server.at("/tin"))


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_limit_is_stopped_at_the_limit(server: LocalServer, chunked: bool) -> None:
    # Chunked: no size is declared, so only counting the bytes as they come can stop it.
    server.route("/tin", Reply.html("x" * 3000, chunked=chunked, chunk=500))
    with pytest.raises(InputError, match=r"is larger than 2 KB"):
        fetch(server.at("/tin"), limits=FetchLimits(max_bytes=2048))
    assert fetch(server.at("/tin"), limits=FetchLimits(max_bytes=3000)).body == b"x" * 3000


@pytest.mark.parametrize(
    ("content_type", "shown"),
    [
        ("application/pdf", "application/pdf"),
        ("image/jpeg", "image/jpeg"),
        ("application/json; charset=utf-8", "application/json"),
    ],
)
def test_something_that_is_not_a_web_page_is_refused_by_its_type(
    server: LocalServer, content_type: str, shown: str
) -> None:
    server.route("/tin", Reply.typed(b"%PDF-1.7", content_type))
    with pytest.raises(InputError, match=rf"/tin is a {shown}, not a web page; give the address"):
        fetch(server.at("/tin"))


@pytest.mark.parametrize(
    ("content_type", "accept", "kept"),
    [
        ("application/xhtml+xml", ("text/html", "application/xhtml+xml"), "application/xhtml+xml"),
        ("TEXT/HTML; Charset=UTF-8", ("text/html",), "text/html"),
        ("text/plain", ("text/*",), "text/plain"),
        (None, ("text/html",), ""),
    ],
)
def test_an_accepted_type_is_fetched(
    server: LocalServer, content_type: str | None, accept: tuple[str, ...], kept: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    server.route("/tin", Reply(200, b"<p>x</p>", headers))
    assert fetch(server.at("/tin"), accept=accept).content_type == kept


def test_a_gzip_body_is_decompressed(server: LocalServer) -> None:
    server.route("/tin", Reply.gzipped(PAGE.encode()))
    page = fetch(server.at("/tin"))
    assert page.body == PAGE.encode()
    assert page.charset == "utf-8"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_a_deflate_body_is_decompressed_in_either_form(server: LocalServer, wbits: int) -> None:
    packer = zlib.compressobj(wbits=wbits)
    body = packer.compress(PAGE.encode()) + packer.flush()
    server.route(
        "/tin", Reply(200, body, {"Content-Type": "text/html", "Content-Encoding": "deflate"})
    )
    assert fetch(server.at("/tin")).body == PAGE.encode()


def test_a_zip_bomb_is_stopped_at_the_limit_after_decompression(server: LocalServer) -> None:
    bomb = Reply.gzipped(b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros in about 8 KB
    assert len(bomb.body) < 64 * 1024
    server.route("/tin", bomb)
    with pytest.raises(InputError, match=r"is larger than 1 MB"):
        fetch(server.at("/tin"), limits=FetchLimits(max_bytes=1024 * 1024))


@pytest.mark.parametrize(
    ("encoding", "body", "message"),
    [
        ("gzip", b"not gzip at all", r"came gzip-compressed but the data is damaged"),
        (
            "gzip",
            Reply.gzipped(PAGE.encode()).body[:-12],
            r"gzip-compressed but the data is damaged",
        ),
        ("br", b"\x1b\x00", r"came in the unsupported compression 'br'"),
    ],
)
def test_a_body_that_cannot_be_decompressed_is_refused(
    server: LocalServer, encoding: str, body: bytes, message: str
) -> None:
    server.route(
        "/tin", Reply(200, body, {"Content-Type": "text/html", "Content-Encoding": encoding})
    )
    with pytest.raises(InputError, match=message):
        fetch(server.at("/tin"))


@pytest.mark.parametrize(
    ("field", "value"),
    [("timeout", 0), ("total_timeout", -1), ("max_bytes", 0), ("retries", 0),
     ("max_redirects", -1), ("backoff", -0.5), ("max_retry_after", -1)],
)  # fmt: skip
def test_impossible_limits_are_refused(field: str, value: float) -> None:
    with pytest.raises(ConfigError, match=rf"fetch {field} must be"):
        FetchLimits(**{field: value})


ARTICLE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Nông dân Tháp Mười trúng mùa sen | Báo Đồng Tháp</title>
{canonical}
</head><body>
<article>
<h1>Nông dân Tháp Mười trúng mùa sen</h1>
<p>ĐTO - Vụ sen năm nay, nông dân huyện Tháp Mười thu hoạch gần 2.000 tấn hạt sen tươi, tăng
15% so với năm trước nhờ áp dụng quy trình canh tác mới.</p>
<p>Giá hạt sen tươi dao động từ 45.000 đến 50.000 đồng/kg, người trồng lãi khoảng 60 triệu
đồng mỗi hécta sau khi trừ chi phí.</p>
<p>Huyện dự kiến mở rộng vùng sen lên 3.500 ha vào năm 2026, gắn với du lịch sinh thái.</p>
<p>MINH TÂM</p>
</article>
</body></html>
"""


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        (
            '<link rel="canonical" href="/kinh-te/trung-mua-sen.html">',
            "/kinh-te/trung-mua-sen.html",
        ),
        ('<link rel="canonical" href="https://baodongthap.vn/sen.html">', None),
        ("", "/tin/sen.html"),
    ],
)
def test_read_url_gives_an_article_keyed_by_an_absolute_canonical_url(
    server: LocalServer, canonical: str, expected: str | None
) -> None:
    server.route("/s/1", Reply.redirect("/tin/sen.html"))
    server.route("/tin/sen.html", Reply.html(ARTICLE.format(canonical=canonical)))
    article = read_url(server.at("/s/1"))
    assert article.url == (server.at(expected) if expected else "https://baodongthap.vn/sen.html")
    assert "Tháp Mười" in article.title
    assert any("2.000 tấn" in text for text in article.paragraphs)


# -- the test server itself: later tests rely on what it measures -------------------------------


def test_the_test_server_counts_the_requests_in_flight_at_once(server: LocalServer) -> None:
    server.route("/slow", Reply.html(PAGE, delay=0.3))
    threads = [threading.Thread(target=fetch, args=(server.at("/slow"),)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.max_in_flight == 4  # all four at once, not one after another
    assert server.hits("/slow") == 4
    # The server notes a request's end just after the client has its answer: let it catch up.
    deadline = time.monotonic() + 5
    while any(r.ended is None for r in server.requests) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert all(r.ended is not None and r.ended - r.started >= 0.3 for r in server.requests)


def test_the_test_server_records_method_body_and_headers(server: LocalServer) -> None:
    server.route("/api", lambda request: Reply.typed(request.body[::-1], "text/plain"))
    connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=2)
    connection.request("POST", "/api?x=1", body=b"abc", headers={"X-Test": "1"})
    assert connection.getresponse().read() == b"cba"
    connection.close()
    (request,) = server.requests
    assert (request.method, request.path, request.body) == ("POST", "/api?x=1", b"abc")
    assert request.headers["x-test"] == "1"


def test_the_test_server_stops_at_once_despite_stalls_and_idle_connections() -> None:
    failures: list[Exception] = []

    def stalled(url: str) -> None:
        try:
            fetch(url, limits=FetchLimits(retries=1, timeout=10))
        except InputError as exc:
            failures.append(exc)

    with serve_http() as running:
        running.route("/stall", Reply.html(PAGE, delay=30))
        running.route("/ok", Reply.html(PAGE))
        idle = http.client.HTTPConnection(running.url.removeprefix("http://"), timeout=5)
        idle.request("GET", "/ok")  # HTTP/1.1 keep-alive: the server waits for a next request
        idle.getresponse().read()
        waiting = threading.Thread(target=stalled, args=(running.at("/stall"),))
        waiting.start()
        while not running.requests or running.requests[-1].path != "/stall":
            time.sleep(0.01)
        stopping = time.monotonic()
    assert time.monotonic() - stopping < 5  # not the 30 s stall
    waiting.join(2)
    idle.close()
    assert not waiting.is_alive()
    assert len(failures) == 1
