"""Following a site's RSS from cron: new items once, known ones never again, failures retried,
overlapping runs without duplicates. A local HTTP server plays the news site."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest

from narrate.cli import main
from narrate.config import load_feed
from narrate.follow import follow
from narrate.pipeline import Publisher
from tests.http_server import LocalServer, Reply, no_proxies, serve_http
from tests.test_batch import assert_feed_whole

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def page(index: int) -> str:
    """An article page as a provincial site serves it: menus and share buttons around it."""
    when = (T0 + timedelta(hours=index)).isoformat()
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Xã số {index} khánh thành cầu mới - Báo Thử</title>
<meta property="og:title" content="Xã số {index} khánh thành cầu mới">
<meta property="article:published_time" content="{when}">
</head><body>
<nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>
<article>
<h1>Xã số {index} khánh thành cầu mới</h1>
<p class="sapo">Sáng nay, xã số {index} khánh thành cây cầu bê tông dài {20 + index} mét.</p>
<p>Cây cầu thứ {index} giúp {300 + index} hộ dân đi lại thuận tiện hơn trong mùa nước nổi.
Công trình được xây dựng trong {index + 2} tháng bằng vốn ngân sách và vốn góp của người dân.</p>
<p>Ông Nguyễn Văn Bình, người dân ấp {index}, cho biết trước đây bà con phải đi đò qua sông.
Nay có cầu, học sinh đến trường an toàn hơn và nông sản ra chợ nhanh hơn.</p>
<p class="author">MINH TÂM</p>
</article>
<div class="share">Chia sẻ Facebook Zalo</div>
<section class="related"><h3>Tin liên quan</h3><ul><li><a href="/x">Tin khác</a></li></ul>
</section>
</body></html>"""


def rss(server: LocalServer, indices: list[int]) -> bytes:
    items = "".join(
        f"""<item><title>Xã số {i} khánh thành cầu mới</title>
<link>
  {server.at(f"/bai-{i}.html")}
</link>
<guid isPermaLink="false">bai-{i}</guid>
<pubDate>{format_datetime(T0 + timedelta(hours=i))}</pubDate>
<description>{escape("Sáng nay, xã số " + str(i) + " khánh thành cây cầu.")}</description>
</item>"""
        for i in indices
    )
    return (
        "<rss version='2.0'><channel><title>Báo Thử</title>"
        f"<link>{server.at('/')}</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    no_proxies(monkeypatch)
    with serve_http() as server:
        for index in range(12):
            server.route(f"/bai-{index}.html", Reply.html(page(index)))
        yield server


def publisher_for(feeds_dir: Path, output: Path) -> Publisher:
    return Publisher(load_feed("test", feeds_dir), output)


@pytest.mark.slow
def test_the_first_run_takes_the_newest_few_and_the_next_runs_only_new_items(
    site: LocalServer, feeds_dir: Path, output: Path
) -> None:
    site.route("/rss", Reply.typed(rss(site, list(range(8))), "application/rss+xml"))
    publisher = publisher_for(feeds_dir, output)
    first = follow(publisher, site.at("/rss"), max_items=3)
    assert first.in_feed == 8
    assert [item.key for item in first.chosen] == [site.at(f"/bai-{i}.html") for i in (5, 6, 7)]
    assert first.summary.count("published") == 3
    titles = assert_feed_whole(output)
    assert titles == [f"Xã số {i} khánh thành cầu mới" for i in (7, 6, 5)]
    again = follow(publisher, site.at("/rss"), max_items=3)
    assert again.chosen == () and site.hits("/bai-7.html") == 1
    site.route("/rss", Reply.typed(rss(site, list(range(9))), "application/rss+xml"))
    third = follow(publisher, site.at("/rss"), max_items=3)
    assert [item.key for item in third.chosen] == [site.at("/bai-8.html")]
    assert len(assert_feed_whole(output)) == 4
    # Many new items between two runs: all of them, whatever --max says (none is lost).
    site.route("/rss", Reply.typed(rss(site, list(range(12))), "application/rss+xml"))
    fourth = follow(publisher, site.at("/rss"), max_items=1)
    assert len(fourth.chosen) == 3
    # A back-fill takes the items the first run passed over.
    fill = follow(publisher, site.at("/rss"), everything=True)
    assert [item.key for item in fill.chosen] == [site.at(f"/bai-{i}.html") for i in range(5)]
    assert len(assert_feed_whole(output)) == 12


@pytest.mark.slow
def test_a_back_fill_takes_every_item_since_a_date(
    site: LocalServer, feeds_dir: Path, output: Path
) -> None:
    site.route("/rss", Reply.typed(rss(site, list(range(6))), "text/xml"))
    publisher = publisher_for(feeds_dir, output)
    result = follow(
        publisher, site.at("/rss"), everything=True, since=T0 + timedelta(hours=2), backdate=True
    )
    assert [item.key for item in result.chosen] == [site.at(f"/bai-{i}.html") for i in (2, 3, 4, 5)]
    released = sorted(e.released for e in publisher.episodes())
    assert released[0] == T0 + timedelta(hours=2)  # backdated to the article's own time


@pytest.mark.slow
def test_an_item_whose_page_fails_is_reported_and_retried_next_run(
    site: LocalServer, feeds_dir: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.route("/rss", Reply.typed(rss(site, [1, 2, 3]), "application/rss+xml"))
    site.route("/bai-2.html", Reply.html("busy", status=500))
    args = ["follow", site.at("/rss"), "--feed", "test", "--feeds-dir", str(feeds_dir),
            "--output", str(output)]  # fmt: skip
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "500" in captured.err and "bai-2.html" in captured.err
    assert "Traceback" not in captured.err
    assert "2 published" in captured.out
    site.route("/bai-2.html", Reply.html(page(2)))
    assert main(args) == 0
    assert "1 new" in capsys.readouterr().out
    assert len(assert_feed_whole(output)) == 3


@pytest.mark.slow
def test_two_overlapping_follow_runs_never_duplicate_an_episode(
    site: LocalServer, feeds_dir: Path, output: Path
) -> None:
    site.route("/rss", Reply.typed(rss(site, list(range(4))), "application/rss+xml"))
    results, errors = [], []

    def run() -> None:
        try:
            results.append(follow(publisher_for(feeds_dir, output), site.at("/rss"), max_items=4))
        except Exception as exc:  # shown by the assertion below, not lost in a thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(not r.summary.failed for r in results)
    assert len(assert_feed_whole(output)) == 4
    assert len(publisher_for(feeds_dir, output).episodes()) == 4


def test_items_not_in_vietnamese_are_passed_over_once(
    site: LocalServer, feeds_dir: Path, output: Path
) -> None:
    feed = rss(site, [1, 2]).replace(
        b"</channel>",
        b"<item><title>Lotus farmers enjoy a bumper crop this year</title>"
        b"<link>" + site.at("/en/lotus.html").encode() + b"</link></item>"
        b"<item><title>Dong Thap mango exports grow</title><dc:language "
        b"xmlns:dc='http://purl.org/dc/elements/1.1/'>en</dc:language>"
        b"<link>" + site.at("/en/mango.html").encode() + b"</link></item></channel>",
    )
    site.route("/rss", Reply.typed(feed, "application/rss+xml"))
    publisher = publisher_for(feeds_dir, output)
    result = follow(publisher, site.at("/rss"), everything=True)
    assert sorted(item.title for item in result.foreign) == [
        "Dong Thap mango exports grow", "Lotus farmers enjoy a bumper crop this year",
    ]  # fmt: skip
    assert result.summary.count("published") == 2
    assert site.hits("/en/lotus.html") == 0 and site.hits("/en/mango.html") == 0
    again = follow(publisher, site.at("/rss"), everything=True)
    assert again.foreign == () and again.chosen == ()


def test_publishing_a_url_keys_the_episode_by_its_address(
    site: LocalServer, feeds_dir: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["publish", site.at("/bai-3.html"), "--feed", "test", "--feeds-dir", str(feeds_dir),
            "--output", str(output)]  # fmt: skip
    assert main(args) == 0
    (episode,) = publisher_for(feeds_dir, output).episodes()
    assert episode.article_key == f"url:{site.at('/bai-3.html')}"
    assert episode.link == site.at("/bai-3.html")
    assert episode.title == "Xã số 3 khánh thành cầu mới"
    assert main(args) == 0  # the same address again: the same episode, nothing redone
    assert "unchanged" in capsys.readouterr().out
    assert len(publisher_for(feeds_dir, output).episodes()) == 1


def test_an_unreachable_url_is_one_line(
    feeds_dir: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fake_google import closed_port

    url = f"http://127.0.0.1:{closed_port()}/bai.html"
    args = ["publish", url, "--feed", "test", "--feeds-dir", str(feeds_dir),
            "--output", str(output)]  # fmt: skip
    assert main(args) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("narrate: error: cannot reach 127.0.0.1")
    assert not (output / "test" / "public" / "episodes").exists()


def test_an_item_with_neither_text_nor_link_is_passed_over_not_failed(
    site: LocalServer, feeds_dir: Path, output: Path
) -> None:
    feed = rss(site, [1]).replace(
        b"</channel>",
        "<item><title>Lịch cúp điện tuần này</title><guid isPermaLink='false'>cup-dien</guid>"
        "<description>Xem chi tiết tại trụ sở điện lực.</description></item></channel>".encode(),
    )
    site.route("/rss", Reply.typed(feed, "application/rss+xml"))
    result = follow(publisher_for(feeds_dir, output), site.at("/rss"), everything=True)
    assert [item.title for item in result.empty] == ["Lịch cúp điện tuần này"]
    assert result.summary.count("published") == 1 and not result.summary.failed
    again = follow(publisher_for(feeds_dir, output), site.at("/rss"), everything=True)
    assert again.empty == () and again.chosen == ()


def test_an_item_whose_page_is_gone_is_reported_once_and_not_tried_again(
    site: LocalServer, feeds_dir: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.route("/rss", Reply.typed(rss(site, [1, 2]), "application/rss+xml"))
    site.route("/bai-2.html", Reply.html("gone", status=404))
    args = ["follow", site.at("/rss"), "--feed", "test", "--feeds-dir", str(feeds_dir),
            "--output", str(output)]  # fmt: skip
    assert main(args) == 1  # the editor hears of it once
    captured = capsys.readouterr()
    assert "was not found (HTTP 404" in captured.err
    assert "not tried again" in captured.out
    assert main(args) == 0  # cron stays quiet from then on
    assert site.hits("/bai-2.html") == 1


def test_backdate_uses_the_items_own_date_when_its_page_has_none(
    site: LocalServer, feeds_dir: Path, output: Path
) -> None:
    undated = page(4).replace('<meta property="article:published_time"', '<meta name="x"')
    site.route("/bai-4.html", Reply.html(undated))
    site.route("/rss", Reply.typed(rss(site, [4]), "application/rss+xml"))
    publisher = publisher_for(feeds_dir, output)
    result = follow(publisher, site.at("/rss"), backdate=True)
    assert result.summary.count("published") == 1
    [episode] = publisher.episodes()
    assert episode.released == T0 + timedelta(hours=4)
    assert episode.article_date == T0 + timedelta(hours=4)
