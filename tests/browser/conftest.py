"""A published site served by narrate's own server, opened in Debian's headless chromium.

One browser, one server and one site per module keep the page tests to a few seconds. A
missing chromium or axe-core fails the tests loudly: `make test` installs both through
tests/browser/setup.sh, and a skipped accessibility check would hide a regression.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from narrate.audio import ffmpeg_exe
from narrate.config import FeedConfig, parse_feed
from narrate.models import Episode, PartKind, TimedSegment
from narrate.publish.site import page_path, write_site
from narrate.serve import make_server, server_url

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test (`-m "not browser"` leaves them out)."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


CHROMIUM = Path("/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SETUP_HINT = "run `bash tests/browser/setup.sh` (`make test` does it once)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
AUDIO_SECONDS = 20.0
LONG_WORD = "Siêu" + "dài" * 40  # no break opportunity: must still wrap at 320 px
LONG_URL = "https://example.org/tin-tuc/" + "duong-dan-rat-dai-" * 12 + "bai.html"

# (kind, written, start, end): every sentence well inside the 20 s MP3.
SENTENCES: list[tuple[PartKind, str, float, float]] = [
    ("title", "Báo Thử Nghiệm, ngày 01/03/2026: Lúa trúng mùa.", 0.3, 2.3),
    ("notice", "Bài báo được đọc bằng giọng máy.", 2.8, 4.3),
    ("lead", "ĐTO - Nông dân Tháp Mười phấn khởi vì lúa trúng mùa.", 5.0, 6.8),
    ("lead", "Giá lúa tươi tăng hai trăm đồng mỗi ký.", 7.2, 8.9),
    ("heading", "Năng suất cao nhất nhiều năm", 9.5, 10.5),
    ("paragraph", f"Năng suất đạt bảy tấn một héc ta. {LONG_WORD}", 11.0, 13.0),
    ("caption", "Ảnh: Nông dân xã Mỹ Hòa thu hoạch lúa", 13.5, 15.0),
    ("paragraph", "Vụ sau, nông dân sẽ giảm phân bón.", 15.5, 17.0),
    ("credit", "Bài viết của tác giả Minh Tâm.", 17.5, 18.5),
    ("closing", "Báo Thử Nghiệm cảm ơn quý vị đã lắng nghe.", 18.8, 19.6),
]
T0 = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)


def make_mp3(path: Path, seconds: float = AUDIO_SECONDS) -> None:
    """A quiet sine, encoded by the real ffmpeg with libmp3lame like every episode."""
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={seconds}", "-af", "volume=0.05",
         "-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", str(path)],
        check=True,
    )  # fmt: skip


def make_episode(file_name: str, size: int) -> Episode:
    part_index, timeline, previous = -1, [], None
    for index, (kind, written, start, end) in enumerate(SENTENCES):
        if not (kind == previous == "lead"):
            part_index += 1
        previous = kind
        timeline.append(TimedSegment(index, part_index, kind, written, start, end))
    return Episode(
        guid="5f0c2a1e-7d4b-5a8e-9c3d-2b1a0f9e8d7c", article_key="url:x",
        title=f"Lúa trúng mùa, giá cao {LONG_WORD}", article_date=T0, released=T0,
        duration=AUDIO_SECONDS, size=size, file_name=file_name, text_hash="h", engine="espeak",
        voice="north", description="Nông dân Tháp Mười phấn khởi vì lúa trúng mùa.",
        link=LONG_URL, author="Minh Tâm", timeline=tuple(timeline),
    )  # fmt: skip


def feed_config() -> FeedConfig:
    return parse_feed(
        {
            "title": "Bản tin thử & <kiểm tra>",
            "description": "Kênh dùng trong bộ kiểm thử của narrate.",
            "author": "Báo Thử Nghiệm",
            "base_url": "https://podcast.example.org/" + "kenh-rat-dai-" * 6,
            "link": "https://example.org/",
            "copyright": "© 2026 Báo Thử Nghiệm",
            "owner": {"name": "Ban biên tập", "email": "bientap@example.org"},
        },
        name="test",
    )


@dataclass
class Site:
    url: str  # where public/ is served, ending in "/"
    episode: Episode
    page_url: str
    mp3_seconds: float
    requests: list[logging.LogRecord] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    public = tmp_path_factory.mktemp("site") / "public"
    (public / "episodes").mkdir(parents=True)
    mp3 = public / "episodes" / "2026-03-01-lua-trung-mua-0123456789.mp3"
    make_mp3(mp3)
    episode = make_episode(mp3.name, mp3.stat().st_size)
    cues = "".join(
        f"{n}\n00:00:{start:06.3f} --> 00:00:{end:06.3f}\n{text}\n\n"
        for n, (_, text, start, end) in enumerate(SENTENCES, start=1)
    )
    mp3.with_suffix(".vtt").write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    others = [
        Episode(
            guid=f"0000000{n}-0000-5000-8000-000000000000",
            article_key=f"k{n}",
            title=f"Bài cũ số {n}",
            article_date=T0 - timedelta(days=n),
            released=T0 - timedelta(days=n),
            duration=61.0 * n,
            size=500_000,
            file_name=f"bai-cu-{n}.mp3",
            text_hash="h",
            engine="espeak",
            voice="north",
            description=f"Lời dẫn bài cũ {n}.",
        )
        for n in (1, 2)
    ]
    write_site(public, feed_config(), [episode, *others])

    records: list[logging.LogRecord] = []
    logger = logging.getLogger("narrate.serve")
    handler, level = _Collect(records), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    server = make_server(public, port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = server_url(server)
    try:
        yield Site(url, episode, url + page_path(episode), AUDIO_SECONDS, records)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's chromium is missing ({CHROMIUM}): {SETUP_HINT}", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): {SETUP_HINT}", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context: no storage (speed, follow-along) carried over from another test."""
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()
