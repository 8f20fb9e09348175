"""The listener web site as a browser and a screen reader receive it: parsed HTML, real files."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from narrate.config import FeedConfig, load_feed
from narrate.models import Episode, PartKind, TimedSegment
from narrate.publish.site import (
    clock,
    megabytes,
    page_path,
    render_episode_page,
    spoken_duration,
    write_site,
)
from narrate.publish.timeline import chapters, lines

T0 = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
HOSTILE = '<script>alert(1)</script> & "quotes"'
PARTS: list[tuple[PartKind, list[str]]] = [
    ("title", ["Báo Thử Nghiệm, ngày 01/03/2026: Lúa trúng mùa."]),
    ("notice", ["Bài báo được đọc bằng giọng máy."]),
    ("lead", ["ĐTO - Nông dân phấn khởi.", "Giá lúa tăng."]),
    ("heading", ["Năng suất cao"]),
    ("paragraph", ["Năng suất đạt 7 tấn.", "Cao nhất nhiều năm."]),
    ("caption", ["Ảnh: Nông dân thu hoạch lúa"]),
    ("paragraph", ["Một câu dài bị cắt đôi cho máy đọc,", ""]),
    ("credit", ["Bài viết của tác giả Minh Tâm."]),
]


def timeline() -> tuple[TimedSegment, ...]:
    """Two seconds a segment; the "" segment is the second piece of a cut sentence."""
    segments, start = [], 0.5
    for part_index, (kind, texts) in enumerate(PARTS):
        for text in texts:
            segments.append(TimedSegment(len(segments), part_index, kind, text, start, start + 1.6))
            start += 2.0
    return tuple(segments)


def episode(n: int, **changes: object) -> Episode:
    base = Episode(
        guid=f"{n:08x}-1111-5222-8333-444444444444", article_key=f"k{n}", title=f"Bài số {n}",
        article_date=T0, released=T0 + timedelta(hours=n), duration=432.4, size=3_412_345,
        file_name=f"2026-03-01-bai-so-{n}-abcdef{n:04d}.mp3", text_hash="h", engine="espeak",
        voice="north", description=f"Lời dẫn bài {n}.", link=f"https://example.org/bai-{n}.html",
        author="Minh Tâm", timeline=timeline(),
    )  # fmt: skip
    return replace(base, **changes)


@pytest.fixture
def config(feeds_dir: Path) -> FeedConfig:
    return load_feed("test", feeds_dir)


@pytest.fixture
def public(tmp_path: Path) -> Path:
    return tmp_path / "public"


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def texts(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_index_lists_episodes_newest_first_with_dates_durations_and_pages(
    public: Path, config: FeedConfig
) -> None:
    write_site(public, config, [episode(1), episode(3), episode(2)])
    tree = parse(public / "index.html")
    links = tree.xpath("//main//ol[@class='episodes']/li//h3/a")
    assert [a.text_content() for a in links] == ["Bài số 3", "Bài số 2", "Bài số 1"]
    for link, n in zip(links, (3, 2, 1), strict=True):
        assert link.get("href") == page_path(episode(n))
        assert (public / link.get("href")).is_file()
    first = tree.xpath("//ol[@class='episodes']/li")[0]
    times = first.xpath(".//time")
    assert [(t.get("datetime"), t.text) for t in times] == [
        ("2026-03-01", "ngày 1 tháng 3 năm 2026"),
        ("PT7M12S", "7 phút 12 giây"),
    ]
    assert "Lời dẫn bài 3." in texts(first, ".//p")


def test_index_says_how_to_subscribe_with_the_feed_address_as_a_link(
    public: Path, config: FeedConfig
) -> None:
    write_site(public, config, [episode(1)])
    tree = parse(public / "index.html")
    section = tree.xpath("//section[@aria-labelledby='dang-ky']")[0]
    assert section.xpath(".//a/@href") == [config.feed_url]
    assert config.feed_url in texts(section, ".//a")
    assert "dán địa chỉ này vào ứng dụng podcast" in section.text_content()
    assert config.description in texts(tree, "//main/p")
    feed_links = tree.xpath("//head/link[@type='application/rss+xml']/@href")
    assert feed_links == [config.feed_url]


@pytest.mark.parametrize("page", ["index", "episode"])
def test_every_page_has_language_landmarks_skip_link_and_one_h1(
    public: Path, config: FeedConfig, page: str
) -> None:
    write_site(public, config, [episode(1)])
    path = public / ("index.html" if page == "index" else page_path(episode(1)))
    tree = parse(path)
    assert tree.get("lang") == "vi"
    assert len(tree.xpath("//h1")) == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert len(tree.xpath(f"//body/{landmark}")) == 1, landmark
    focusable = tree.xpath("//body//a[@href] | //body//button | //body//select | //body//audio")
    assert focusable[0].get("href") == "#main"
    assert tree.xpath("//main/@id") == ["main"]
    assert tree.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]


def test_episode_page_has_player_with_captions_speed_and_download(
    public: Path, config: FeedConfig
) -> None:
    ep = episode(1)
    write_site(public, config, [ep])
    tree = parse(public / page_path(ep))
    assert texts(tree, "//h1") == ["Bài số 1"]
    audio = tree.xpath("//main//audio")[0]
    assert audio.get("controls") is not None
    assert audio.get("preload") == "metadata"
    assert audio.get("src") == f"../episodes/{ep.file_name}"
    track = audio.xpath("track")[0]
    assert (track.get("kind"), track.get("srclang")) == ("captions", "vi")
    assert track.get("src") == f"../episodes/{ep.file_name.removesuffix('.mp3')}.vtt"
    assert track.get("default") is not None
    speed = tree.xpath("//select[@id='speed']")[0]
    assert [o.get("value") for o in speed.xpath("option")] == ["0.75", "1", "1.25", "1.5", "2"]
    assert texts(tree, "//label[@for='speed']") == ["Tốc độ đọc"]
    download = tree.xpath("//ul[@class='downloads']//a")
    assert [(a.get("href"), a.text_content()) for a in download] == [
        (f"../episodes/{ep.file_name}", "Tải tệp MP3 (3,4 MB)")
    ]
    times = tree.xpath("//p[@class='meta']/time")
    assert [t.text for t in times] == ["ngày 1 tháng 3 năm 2026", "7 phút 12 giây"]


def test_controls_that_need_a_script_are_hidden_until_it_runs(
    public: Path, config: FeedConfig
) -> None:
    write_site(public, config, [episode(1)])
    tree = parse(public / page_path(episode(1)))
    for element in tree.xpath("//select[@id='speed'] | //input[@id='follow']"):
        assert any(a.get("hidden") is not None for a in element.iterancestors()), element.tag


def test_transcript_has_every_sentence_with_its_times_grouped_by_part(
    public: Path, config: FeedConfig
) -> None:
    ep = episode(1)
    write_site(public, config, [ep])
    tree = parse(public / page_path(ep))
    spans = tree.xpath("//section[@class='transcript']//span[@data-start]")
    expected = lines(ep.timeline)
    assert len(spans) == len(expected) == 10
    for span, line in zip(spans, expected, strict=True):
        assert float(span.get("data-start")) == pytest.approx(line.start)
        assert float(span.get("data-end")) == pytest.approx(line.end)
    cut = spans[-2]  # the sentence cut in two: one span running to the second piece's end
    assert cut.text_content() == "Một câu dài bị cắt đôi cho máy đọc,"
    assert float(cut.get("data-end")) == pytest.approx(ep.timeline[-2].end)
    lead = tree.xpath("//p[contains(@class, 'lead')]")[0]
    assert texts(lead, "span") == ["ĐTO - Nông dân phấn khởi.", "Giá lúa tăng."]
    assert texts(tree, "//section[@class='transcript']//h3") == ["Năng suất cao"]
    photo = tree.xpath("//p[contains(@class, 'photo')]")[0]
    assert texts(photo, ".//b") == ["Ảnh:"]
    assert " ".join(photo.text_content().split()) == "Ảnh: Nông dân thu hoạch lúa"


def test_chapter_links_show_times_and_point_at_their_first_sentence(
    public: Path, config: FeedConfig
) -> None:
    ep = episode(1)
    write_site(public, config, [ep])
    tree = parse(public / page_path(ep))
    links = tree.xpath("//section[@class='chapters']//a")
    marks = chapters(ep.timeline, ep.duration)
    assert [float(a.get("data-start")) for a in links] == [c.start for c in marks]
    assert [a.xpath("time")[0].text for a in links] == [clock(c.start) for c in marks]
    for link, chapter in zip(links, marks, strict=True):
        assert chapter.title in link.text_content()
        target = tree.xpath(f"//*[@id='{link.get('href').removeprefix('#')}']")
        assert len(target) == 1
        assert float(target[0].get("data-start")) >= chapter.start


def test_episode_page_links_transcript_files_original_article_and_index(
    public: Path, config: FeedConfig
) -> None:
    ep = episode(1)
    write_site(public, config, [ep])
    tree = parse(public / page_path(ep))
    hrefs = tree.xpath("//a/@href")
    stem = ep.file_name.removesuffix(".mp3")
    for suffix in (".vtt", ".srt", ".html"):
        assert f"../episodes/{stem}{suffix}" in hrefs
    assert ep.link in hrefs
    assert "Bài gốc trên example.org" in texts(tree, "//a")
    assert "../index.html" in tree.xpath("//nav//a/@href")


def test_untrusted_article_text_is_escaped_everywhere(public: Path, config: FeedConfig) -> None:
    ep = episode(
        1, title=HOSTILE, description=HOSTILE, author=HOSTILE, link="javascript:alert(1)",
        timeline=(TimedSegment(0, 2, "paragraph", HOSTILE, 0.5, 2.0),),
    )  # fmt: skip
    write_site(public, config, [ep])
    for path in (public / "index.html", public / page_path(ep)):
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert" not in raw
        assert "javascript:" not in raw
        tree = parse(path)
        scripts = tree.xpath("//script")
        assert [s.get("src").split("?")[0] for s in scripts] == [
            ("../" if path.parent.name == "pages" else "") + "assets/player.js"
        ]
        assert all(not (s.text or "").strip() for s in scripts)
        handlers = [k for e in tree.iter() for k in e.attrib if k.lower().startswith("on")]
        assert handlers == []
        assert tree.xpath("//@style") == []
    page = parse(public / page_path(ep))
    assert texts(page, "//h1") == [HOSTILE]
    assert texts(page, "//span[@data-start]") == [HOSTILE]
    assert page.xpath("//meta[@name='description']/@content") == [HOSTILE]


def test_pages_of_removed_or_retracted_episodes_are_deleted(
    public: Path, config: FeedConfig
) -> None:
    write_site(public, config, [episode(1), episode(2), episode(3)])
    leftover = public / "pages" / ".bai.html.x1y2.part"
    leftover.write_text("half", encoding="utf-8")
    keep = public / "pages" / "notes.txt"
    keep.write_text("not a page", encoding="utf-8")
    write_site(public, config, [episode(1), episode(2, removed=T0)])
    names = sorted(p.name for p in (public / "pages").iterdir())
    assert names == sorted([Path(page_path(episode(1))).name, "notes.txt"])
    links = parse(public / "index.html").xpath("//ol[@class='episodes']//a/@href")
    assert links == [page_path(episode(1))]


def test_unchanged_files_are_not_rewritten_and_a_changed_episode_rewrites_only_its_page(
    public: Path, config: FeedConfig
) -> None:
    episodes = [episode(1), episode(2)]
    write_site(public, config, episodes)
    files = [p for p in public.rglob("*") if p.is_file()]
    assert len(files) == 5  # index, two pages, two assets
    past = 1_000_000_000
    for path in files:
        os.utime(path, ns=(past, past))
    write_site(public, config, episodes)
    assert [p.stat().st_mtime_ns for p in files] == [past] * len(files)
    write_site(public, config, [episodes[0], replace(episodes[1], title="Bài số 2 (sửa)")])
    changed = sorted(str(p.relative_to(public)) for p in public.rglob("*") if p.is_file()
                     and p.stat().st_mtime_ns != past)  # fmt: skip
    assert changed == sorted(
        ["index.html", page_path(replace(episodes[1], title="Bài số 2 (sửa)"))]
    )


def test_page_address_survives_new_audio_but_differs_between_episodes() -> None:
    first = episode(1)
    republished = replace(first, file_name="2026-03-01-bai-so-1-0123456789.mp3", size=1, duration=9)
    assert page_path(republished) == page_path(first)
    assert page_path(first) == "pages/bai-so-1-00000001.html"
    assert page_path(episode(2)) != page_path(first)
    odd = replace(first, title="../../Đà Nẵng/“x”", guid="a/b")
    assert page_path(odd).startswith("pages/da-nang-x-")
    assert "/" not in page_path(odd).removeprefix("pages/")


def test_broadcast_wav_gets_a_download_link_with_its_size(public: Path, config: FeedConfig) -> None:
    ep = episode(1)
    wav = public / "episodes" / "bai-so-1.wav"
    wav.parent.mkdir(parents=True)
    wav.write_bytes(b"\0" * 2_600_000)
    write_site(public, config, [ep], broadcast_names={ep.guid: wav.name})
    links = parse(public / page_path(ep)).xpath("//ul[@class='downloads']//a")
    assert [a.get("href") for a in links] == [
        f"../episodes/{ep.file_name}",
        "../episodes/bai-so-1.wav",
    ]
    assert links[1].text_content() == "Tải tệp WAV cho đài phát thanh (48 kHz, −23 LUFS, 2,6 MB)"


def test_an_episode_without_timeline_shows_its_lead_and_no_chapters(config: FeedConfig) -> None:
    html = render_episode_page(config, episode(1, timeline=()))
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//section[@class='chapters']") == []
    assert "Lời dẫn bài 1." in texts(tree, "//section[@class='transcript']/p")
    assert tree.xpath("//audio/@src") == [f"../episodes/{episode(1).file_name}"]


def test_dates_are_shown_in_vietnam_time(config: FeedConfig) -> None:
    late = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 03:30 on 2 March in Hà Nội
    tree = lxml.html.fromstring(render_episode_page(config, episode(1, article_date=late)))
    date = tree.xpath("//p[@class='meta']/time")[0]
    assert (date.get("datetime"), date.text) == ("2026-03-02", "ngày 2 tháng 3 năm 2026")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(432.4, "7 phút 12 giây"), (45, "45 giây"), (120, "2 phút"), (3725, "1 giờ 2 phút 5 giây"),
     (0.2, "0 giây")],
)  # fmt: skip
def test_durations_are_said_in_vietnamese_words(seconds: float, words: str) -> None:
    assert spoken_duration(seconds) == words


def test_sizes_use_the_vietnamese_decimal_comma() -> None:
    assert megabytes(3_412_345) == "3,4 MB"
    assert megabytes(12_000) == "0,1 MB"


def test_three_hundred_episodes_render_an_index_of_three_hundred(
    public: Path, config: FeedConfig
) -> None:
    episodes = [episode(n) for n in range(1, 301)]
    write_site(public, config, episodes)
    tree = parse(public / "index.html")
    links = tree.xpath("//ol[@class='episodes']/li//h3/a/@href")
    assert links == [page_path(episode(n)) for n in range(300, 0, -1)]
    assert texts(tree, "//h2[@id='cac-bai']") == ["Các bài (300)"]
    assert len(list((public / "pages").glob("*.html"))) == 300


def test_a_feed_without_episodes_gets_an_index_that_says_so(
    public: Path, config: FeedConfig
) -> None:
    write_site(public, config, [])
    tree = parse(public / "index.html")
    assert tree.xpath("//ol[@class='episodes']") == []
    assert "Chưa có bài nào." in texts(tree, "//main//p")
    assert not (public / "pages").exists()
