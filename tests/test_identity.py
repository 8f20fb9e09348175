"""Never lose an episode: one bad character, one shared identity, one shared file name or one
re-run must never take an episode (or the whole feed) away. Real espeak, ffmpeg and SQLite."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path

import feedparser
import podcastparser
import pytest

from narrate.cli import main
from narrate.config import load_feed
from narrate.models import Article, Block
from narrate.pipeline import Publisher
from narrate.publish.layout import side_names


def write_article(
    folder: Path, name: str, title: str, body: list[str], *, dated: str | None = None
) -> Path:
    """A short article in the provincial layout: title, optional date line, lead, paragraphs."""
    lines = [title, ""]
    if dated:
        lines += [f"Cập nhật ngày: {dated}", ""]
    lines += [f"ĐTO - {body[0]}", ""]
    for paragraph in body[1:]:
        lines += [paragraph, ""]
    lines += ["MINH TÂM", ""]
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


WEATHER_A = [
    "Hôm nay trời nắng nóng, nhiệt độ cao nhất ba mươi sáu độ.",
    "Chiều tối có mưa rào rải rác ở vài nơi trong tỉnh.",
    "Gió đông nam cấp hai đến cấp ba, biển lặng.",
]
WEATHER_B = [
    "Ngày mai không khí lạnh tràn về, trời chuyển rét.",
    "Vùng núi cao có sương muối, bà con cần che chắn cho gia súc.",
    "Nhiệt độ thấp nhất mười hai độ, có nơi dưới mười độ.",
]


def narrate(feeds_dir: Path, output: Path, *args: object) -> int:
    return main(
        [*map(str, args), "--feed", "test", "--feeds-dir", str(feeds_dir), "--output", str(output)]
    )


def feed_is_valid(output: Path) -> list[str]:
    """The feed parses cleanly for feedparser and gPodder; returns the item titles."""
    data = (output / "test" / "public" / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    podcast = podcastparser.parse("https://podcast.example.org/test/feed.xml", io.BytesIO(data))
    assert len(podcast["episodes"]) == len(parsed.entries)
    return [entry.title for entry in parsed.entries]


@pytest.fixture
def publisher(feeds_dir: Path, output: Path) -> Publisher:
    return Publisher(load_feed("test", feeds_dir), output)


# --- 1. one XML-invalid character never stops the feed -----------------------------------


@pytest.mark.parametrize("bad", ["\uffff", "\ufffe", "\x0b", "\x1f"])
def test_an_article_with_an_xml_invalid_character_never_stops_later_publishes_or_the_feed(
    publisher: Publisher, feeds_dir: Path, output: Path, tmp_path: Path, bad: str
) -> None:
    # Handed over as an Article (a plug-in, a library user): no reader cleaned it.
    poisoned = Article(
        title=f"Tin vắn{bad} buổi sáng",
        blocks=(Block("lead", f"Sáng nay trời mưa{bad} to."),
                Block("paragraph", f"Nước sông dâng cao{bad} ở nhiều nơi.")),
        author=f"MINH{bad} TÂM", source="xau.txt",
    )  # fmt: skip
    with contextlib.suppress(Exception):
        publisher.publish(poisoned)
    good = write_article(tmp_path, "tot.txt", "Dự báo thời tiết", WEATHER_A)
    assert narrate(feeds_dir, output, "publish", good) == 0
    assert narrate(feeds_dir, output, "feed") == 0
    titles = feed_is_valid(output)
    assert "Dự báo thời tiết" in titles and len(titles) == 2


@pytest.mark.parametrize("column", ["title", "description", "author", "timeline", "link"])
def test_a_catalog_row_already_holding_u_ffff_never_stops_the_feed(
    publisher: Publisher, feeds_dir: Path, output: Path, tmp_path: Path, column: str
) -> None:
    first = publisher.publish(write_article(tmp_path, "a.txt", "Dự báo thời tiết", WEATHER_A))
    with sqlite3.connect(publisher.paths.catalog) as db:
        if column == "timeline":
            rows = json.loads(db.execute("SELECT timeline FROM episodes").fetchone()[0])
            body = next(row for row in rows if row[2] == "paragraph")
            body[3] += "\uffff"
            db.execute("UPDATE episodes SET timeline = ?", (json.dumps(rows),))
        else:
            db.execute(f"UPDATE episodes SET {column} = 'Tin\uffff vắn'")
    second = write_article(tmp_path, "b.txt", "Trời rét", WEATHER_B, dated="02/01/2026 07:00")
    assert narrate(feeds_dir, output, "publish", second) == 0
    assert narrate(feeds_dir, output, "feed") == 0
    assert len(feed_is_valid(output)) == 2
    assert (publisher.paths.episodes / first.episode.file_name).is_file()


# --- 3. two articles with one identity never replace each other ---------------------------


IDENTITY_CLASHES = {
    "undated recurring column": ((None, WEATHER_A), (None, WEATHER_B)),
    "same title, same day, other time": (
        ("03/01/2026 06:00", WEATHER_A), ("03/01/2026 17:00", WEATHER_B),
    ),
}  # fmt: skip


@pytest.mark.parametrize("clash", list(IDENTITY_CLASHES), ids=list(IDENTITY_CLASHES))
def test_two_different_articles_with_one_identity_become_two_episodes(
    publisher: Publisher, tmp_path: Path, output: Path, clash: str
) -> None:
    (date_a, body_a), (date_b, body_b) = IDENTITY_CLASHES[clash]
    a = write_article(tmp_path / "a", "bai.txt", "Dự báo thời tiết", body_a, dated=date_a)
    b = write_article(tmp_path / "b", "bai.txt", "Dự báo thời tiết", body_b, dated=date_b)
    first = publisher.publish(a)
    second = publisher.publish(b)
    assert second.status == "published"
    assert second.episode.guid != first.episode.guid
    assert first.audio_path.is_file() and second.audio_path.is_file()
    assert len(feed_is_valid(output)) == 2
    # Each article, re-published or edited, goes on updating its own episode.
    assert publisher.publish(a).episode.guid == first.episode.guid
    assert publisher.publish(b).status == "unchanged"
    edited = write_article(
        tmp_path / "a", "bai.txt", "Dự báo thời tiết",
        [*body_a[:2], "Gió đông nam cấp ba, biển động nhẹ."], dated=date_a,
    )  # fmt: skip
    again = publisher.publish(edited)
    assert (again.status, again.episode.guid) == ("updated", first.episode.guid)
    assert publisher.publish(b).episode.guid == second.episode.guid
    assert len(feed_is_valid(output)) == 2


# --- 4. no file is shared by two episodes -------------------------------------------------


def test_removing_the_old_episode_of_an_article_republished_with_an_id_keeps_the_new_one(
    publisher: Publisher, tmp_path: Path, output: Path
) -> None:
    article = write_article(tmp_path, "a.txt", "Dự báo thời tiết", WEATHER_A)
    old = publisher.publish(article)
    new = publisher.publish(article, explicit_id="thoi-tiet-2026-01-03")
    assert new.episode.guid != old.episode.guid
    publisher.remove(old.episode.guid)
    assert new.audio_path.is_file()
    for name in side_names(new.episode.file_name):
        assert (publisher.paths.episodes / name).is_file(), name
    assert feed_is_valid(output) == ["Dự báo thời tiết"]


# --- 5. a retraction stays a retraction -----------------------------------------------------


@pytest.mark.slow
def test_re_running_a_folder_never_brings_a_retracted_episode_back(
    feeds_dir: Path, output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Dự báo thời tiết", WEATHER_A)
    write_article(folder, "b.txt", "Trời rét", WEATHER_B, dated="02/01/2026 07:00")
    assert narrate(feeds_dir, output, "publish", folder) == 0
    publisher = Publisher(load_feed("test", feeds_dir), output)
    retracted = next(e for e in publisher.episodes() if e.title == "Trời rét")
    assert narrate(feeds_dir, output, "remove", retracted.guid) == 0
    capsys.readouterr()
    assert narrate(feeds_dir, output, "publish", folder) == 0
    out = capsys.readouterr().out
    assert "skipped (retracted)" in out and "Trời rét" in out
    assert feed_is_valid(output) == ["Dự báo thời tiết"]
    assert not (publisher.paths.episodes / retracted.file_name).exists()
    # The editor says otherwise: the episode comes back with its guid and first release.
    assert narrate(feeds_dir, output, "publish", folder, "--restore") == 0
    back = next(e for e in publisher.episodes() if e.title == "Trời rét")
    assert (back.guid, back.released, back.removed) == (retracted.guid, retracted.released, None)
    assert sorted(feed_is_valid(output)) == ["Dự báo thời tiết", "Trời rét"]


def saved_page(folder: Path, name: str, title: str, body: list[str]) -> Path:
    """A page saved from a site whose every article names one canonical address."""
    paragraphs = "".join(f"<p>{text}</p>" for text in body[1:])
    path = folder / name
    path.write_text(
        f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://bao.example.vn/tin-tuc/">
<meta property="og:url" content="https://bao.example.vn/tin-tuc/">
<meta property="article:published_time" content="2026-01-03T06:00:00+07:00">
</head><body><article><h1>{title}</h1><p class="sapo">{body[0]}</p>{paragraphs}
<p class="author">MINH TÂM</p></article></body></html>""",
        encoding="utf-8",
    )
    return path


def test_two_pages_naming_one_canonical_address_become_two_episodes(
    publisher: Publisher, tmp_path: Path, output: Path
) -> None:
    a = saved_page(tmp_path, "a.html", "Nắng nóng kéo dài", WEATHER_A)
    b = saved_page(tmp_path, "b.html", "Rét đậm rét hại", WEATHER_B)
    first, second = publisher.publish(a), publisher.publish(b)
    assert first.episode.article_key == "url:https://bao.example.vn/tin-tuc/"
    assert second.status == "published" and second.episode.guid != first.episode.guid
    assert sorted(feed_is_valid(output)) == ["Nắng nóng kéo dài", "Rét đậm rét hại"]
    assert publisher.publish(a).status == "unchanged"
    assert publisher.publish(b).status == "unchanged"
