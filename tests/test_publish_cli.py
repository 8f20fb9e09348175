"""End to end, with real parts: espeak speaks, ffmpeg encodes, SQLite stores, parsers read."""

from __future__ import annotations

import io
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3

from narrate.cli import main
from narrate.config import load_feed
from narrate.errors import NarrateError
from narrate.pipeline import Publisher, guid_for
from tests.conftest import EXAMPLES, REPO, decoded_seconds

Run = Callable[..., int]


def publish(*args: object) -> int:
    return main(["publish", *map(str, args)])


@pytest.fixture
def run(feeds_dir: Path, output: Path) -> Run:
    """Publish to the test feed; returns the exit code."""

    def _run(*articles: object, extra: tuple[str, ...] = ()) -> int:
        return publish(
            *articles, "--feed", "test", "--feeds-dir", feeds_dir, "--output", output, *extra
        )

    return _run


def public(output: Path) -> Path:
    return output / "test" / "public"


def feed_items(output: Path) -> list[ElementTree.Element]:
    root = ElementTree.parse(public(output) / "feed.xml").getroot()
    return list(root.iter("item"))


def mp3s(output: Path) -> list[Path]:
    folder = public(output) / "episodes"
    return sorted(folder.glob("*.mp3")) if folder.is_dir() else []


def test_an_article_becomes_an_episode_in_a_feed_podcast_apps_accept(
    run: Run, output: Path, example: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert run(example) == 0
    xml = (public(output) / "feed.xml").read_bytes()
    with warnings.catch_warnings(), caplog.at_level(logging.DEBUG):
        warnings.simplefilter("error")
        parsed = feedparser.parse(xml)
        gpodder = podcastparser.parse("https://podcast.example.org/test/feed.xml", io.BytesIO(xml))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(gpodder["episodes"]) == 1
    [mp3] = mp3s(output)
    enclosure = gpodder["episodes"][0]["enclosures"][0]
    assert enclosure["file_size"] == mp3.stat().st_size
    assert enclosure["url"].endswith("/episodes/" + mp3.name)
    assert mp3.name.isascii()
    decoded = decoded_seconds(mp3)
    with sqlite3.connect(output / "test" / "catalog.sqlite") as db:
        duration, size, engine, voice = db.execute(
            "SELECT duration, size, engine, voice FROM episodes"
        ).fetchone()
    assert abs(duration - decoded) < 0.1
    assert size == mp3.stat().st_size
    assert (engine, voice) == ("espeak", "north")
    assert abs(gpodder["episodes"][0]["total_time"] - decoded) <= 1
    assert decoded > 10  # a whole short article, not a clip


def test_the_mp3_is_tagged_for_radio_and_car_players(run: Run, output: Path, example: Path) -> None:
    run(example)
    [mp3] = mp3s(output)
    tags = ID3(mp3)
    title = example.read_text(encoding="utf-8").splitlines()[0].strip()
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == title
    assert str(tags["TALB"]) == "Bản tin thử & <kiểm tra>"
    assert str(tags["TPE1"]) == "Báo Thử Nghiệm"
    assert str(tags["TCOP"]).startswith("©")
    assert tags.getall("COMM")[0].text[0]


def test_republishing_changes_nothing(
    run: Run, output: Path, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(example)
    [mp3] = mp3s(output)
    stamp = mp3.stat().st_mtime_ns
    feed_before = (public(output) / "feed.xml").read_bytes()
    capsys.readouterr()
    assert run(example) == 0
    assert "unchanged" in capsys.readouterr().out
    assert mp3s(output) == [mp3] and mp3.stat().st_mtime_ns == stamp
    assert (public(output) / "feed.xml").read_bytes() == feed_before


def test_the_guid_survives_a_deleted_output_folder(run: Run, output: Path, example: Path) -> None:
    run(example)
    guid = feed_items(output)[0].findtext("guid")
    shutil.rmtree(output)
    run(example)
    assert [i.findtext("guid") for i in feed_items(output)] == [guid]


def test_an_edited_article_updates_its_episode_in_place(
    run: Run, output: Path, example: Path, tmp_path: Path
) -> None:
    article = tmp_path / "bai.txt"
    text = example.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    run(article)
    [before] = feed_items(output)
    [old_mp3] = mp3s(output)
    lines = text.splitlines()
    body = next(i for i, line in enumerate(lines) if len(line) > 120)
    lines[body] += " Đây là một câu mới được thêm vào."
    article.write_text("\n".join(lines), encoding="utf-8")
    assert run(article) == 0
    [after] = feed_items(output)
    assert after.findtext("guid") == before.findtext("guid")
    assert after.findtext("pubDate") == before.findtext("pubDate")
    [new_mp3] = mp3s(output)
    assert new_mp3 != old_mp3  # a changed episode gets a new URL; the old file is gone
    length = int(after.find("enclosure").get("length"))
    assert length == new_mp3.stat().st_size


def test_an_explicit_id_gives_the_guid(run: Run, output: Path, example: Path) -> None:
    run(example, extra=("--id", "bai-2020-123"))
    assert feed_items(output)[0].findtext("guid") == guid_for("id:bai-2020-123")


@pytest.mark.slow
def test_every_example_publishes_into_one_feed_newest_first(run: Run, output: Path) -> None:
    examples = sorted(EXAMPLES.glob("*.txt"))
    assert len(examples) >= 3
    assert run(*examples) == 0
    items = feed_items(output)
    assert len(items) == len(examples) == len(mp3s(output))
    assert len({i.findtext("guid") for i in items}) == len(examples)


BAD_INPUTS = {
    "missing": None,
    "empty": b"",
    "blank": b"   \n\n  \r\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "latin1": "Tin tức mới\n\nCà phê và bánh mì ở chợ.\n".encode("cp1258", "replace")
    + b"\xe0\xe8\xec",
    "no-paragraph": "Chỉ có tiêu đề\n".encode(),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_is_one_readable_line_and_writes_nothing(
    run: Run, output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / f"{kind}.txt"
    if BAD_INPUTS[kind] is not None:
        path.write_bytes(BAD_INPUTS[kind])
    assert run(path) == 1
    err = capsys.readouterr().err
    assert err.startswith("narrate: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and path.name in err
    assert mp3s(output) == []
    assert not (public(output) / "feed.xml").exists()


def test_a_directory_is_not_an_article(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_one_bad_article_does_not_stop_the_others(
    run: Run, output: Path, example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(empty, example) == 1
    assert len(feed_items(output)) == 1
    assert "empty.txt" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--engine", "festival"), "unknown engine 'festival'"),
        (("--voice", "hanoi"), "no voice 'hanoi'"),
    ],
)
def test_unknown_engine_or_voice_is_one_line(
    run: Run,
    output: Path,
    example: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    assert run(example, extra=args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert mp3s(output) == []


def test_a_broken_feed_file_names_the_field(
    feeds_dir: Path, output: Path, example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = feeds_dir / "test.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("author =", "# author ="), "utf-8")
    code = publish(example, "--feed", "test", "--feeds-dir", feeds_dir, "--output", output)
    assert code == 1
    err = capsys.readouterr().err
    assert '"author"' in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("x.txt",),  # no --feed
        ("x.txt", "--feed", "test", "--rate", "5"),
        ("a.txt", "b.txt", "--feed", "test", "--id", "x"),
        ("x.txt", "--feed", "test", "--no-such-flag"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert publish(*args) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_failed_encode_leaves_nothing_half_written(
    feeds_dir: Path, output: Path, example: Path
) -> None:
    publisher = Publisher(load_feed("test", feeds_dir), output)
    publisher.ffmpeg = "/bin/false"  # every ffmpeg run fails: cache pack, loudness, encode
    with pytest.raises(NarrateError):
        publisher.publish(example)
    assert mp3s(output) == []
    assert not (public(output) / "feed.xml").exists()
    assert list((output / "test" / "cache" / "packs").iterdir()) == []


def test_leftovers_of_a_killed_run_are_swept(run: Run, output: Path, example: Path) -> None:
    folder = public(output) / "episodes"
    folder.mkdir(parents=True)
    (folder / ".x.mp3.abc.part").write_bytes(b"half")
    (folder / "orphan.mp3").write_bytes(b"never listed")
    run(example)
    assert [p.name for p in mp3s(output)] == [feed_items(output)[0].find("enclosure").get("url")
                                              .rsplit("/", 1)[1]]  # fmt: skip


def test_two_runs_on_one_feed_at_once_lose_no_episode(feeds_dir: Path, output: Path) -> None:
    first, second = sorted(EXAMPLES.glob("*.txt"))[:2]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "narrate", "-q", "publish", "--feed", "test",
               "--feeds-dir", str(feeds_dir), "--output", str(output)]  # fmt: skip
    runs = [subprocess.Popen([*command, str(a)], env=env) for a in (first, second)]
    assert [p.wait(timeout=120) for p in runs] == [0, 0]
    assert len(feed_items(output)) == 2 and len(mp3s(output)) == 2


def test_python_dash_m_narrate_reports_its_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "--version"], capture_output=True, text=True,
        cwd=REPO, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.startswith("narrate, version ")


def test_the_episode_author_is_credited_in_normal_case(run: Run, output: Path) -> None:
    article = EXAMPLES / "lua-dong-thap.txt"
    run(article)
    item = feed_items(output)[0]
    assert item.findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}author") == "Minh Tâm"


def test_progress_is_reported_for_every_segment(
    feeds_dir: Path, output: Path, example: Path
) -> None:
    calls: list[tuple[int, int]] = []
    publisher = Publisher(load_feed("test", feeds_dir), output)
    publisher.publish(example, progress=lambda done, total: calls.append((done, total)))
    total = calls[0][1]
    assert total > 5
    assert calls == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_quiet_prints_each_failure_once_and_the_log_file_gets_every_warning(
    feeds_dir: Path, output: Path, tmp_path: Path, jobs: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(3):  # undated: each one warns
        (folder / f"bai-{index}.txt").write_text(
            f"Tin vắn số {index}\n\nĐTO - Sáng nay xã số {index} họp dân bàn việc làm đường.\n",
            encoding="utf-8",
        )
    log_file = tmp_path / "narrate.log"
    command = [
        sys.executable, "-m", "narrate", "-q", "--log-file", str(log_file), "publish",
        str(folder), str(tmp_path / "missing.txt"), "--jobs", jobs, "--feed", "test",
        "--feeds-dir", str(feeds_dir), "--output", str(output),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("narrate: error: ") and "missing.txt" in lines[0]
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("no publication date") == 3
    assert logged.count("missing.txt") >= 1 and "ERROR" in logged
