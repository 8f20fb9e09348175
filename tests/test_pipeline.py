"""The publisher as a library: cache, loudness, retraction, the listening experience."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from narrate.config import load_feed
from narrate.pipeline import Publisher
from narrate.publish.layout import side_names
from narrate.synthesis import MIN_PARALLEL_SEGMENTS
from tests.conftest import EXAMPLES, REPO, decoded_seconds, edit_feed, measured_loudness


@pytest.fixture
def publisher(feeds_dir: Path, output: Path) -> Publisher:
    return Publisher(load_feed("test", feeds_dir), output)


def fresh(publisher: Publisher) -> Publisher:
    """A new run on the same feed, as the next `narrate publish` would be."""
    return Publisher(publisher.config, publisher.paths.root.parent)


def test_an_unchanged_re_run_speaks_nothing_and_encodes_nothing(
    publisher: Publisher, example: Path
) -> None:
    first = publisher.publish(example)
    assert first.status == "published" and publisher.engine_calls == first.synthesized > 5
    again = fresh(publisher)
    result = again.publish(example)
    assert result.status == "unchanged"
    assert (again.engine_calls, again.encoder_runs) == (0, 0)


def test_editing_one_sentence_synthesizes_one_segment(
    publisher: Publisher, example: Path, tmp_path: Path
) -> None:
    article = tmp_path / "bai.txt"
    text = example.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    publisher.publish(article)
    lines = text.splitlines()
    body = max(range(len(lines)), key=lambda i: len(lines[i]))
    first, rest = lines[body].split(". ", 1)
    assert rest  # the paragraph has a sentence after the first one
    lines[body] = f"{first}. Câu này đã được biên tập viên sửa lại. {rest}"
    article.write_text("\n".join(lines), encoding="utf-8")
    edited = fresh(publisher)
    result = edited.publish(article)
    assert result.status == "updated"
    assert edited.engine_calls == 1 and edited.encoder_runs == 1


def test_episodes_are_at_podcast_loudness(publisher: Publisher) -> None:
    result = publisher.publish(EXAMPLES / "lua-dong-thap.txt")
    integrated, true_peak = measured_loudness(result.audio_path)
    assert integrated == pytest.approx(-19.0, abs=1.0)
    assert true_peak <= -1.0


@pytest.mark.parametrize("rate", [0.6, 2.0])
def test_loudness_holds_for_other_voices_and_rates(
    feeds_dir: Path, output: Path, example: Path, rate: float
) -> None:
    config = load_feed("test", feeds_dir).with_engine(voice="central", rate=rate)
    result = Publisher(config, output).publish(example)
    integrated, true_peak = measured_loudness(result.audio_path)
    assert integrated == pytest.approx(-19.0, abs=1.0)
    assert true_peak <= -1.0


def test_the_episode_opens_with_the_paper_and_date_and_closes_with_credits(
    publisher: Publisher,
) -> None:
    plan = publisher.plan(EXAMPLES / "lua-dong-thap.txt")
    kinds = [s.kind for s in plan.segments]
    assert kinds[0] == "title" and kinds[1] == "notice"
    assert plan.segments[0].spoken.startswith("Báo Thử Nghiệm, ngày mười hai tháng ba năm")
    assert "Nông dân Tháp Mười trúng mùa lúa đông xuân" in plan.segments[0].spoken
    assert "giọng máy" in plan.segments[1].spoken
    assert kinds[-2:] == ["credit", "closing"]
    assert "Minh Tâm" in plan.segments[-2].spoken


def test_a_feed_can_turn_off_the_synthetic_voice_notice_and_change_templates(
    feeds_dir: Path, output: Path
) -> None:
    edit_feed(
        feeds_dir,
        tables='[announce]\npublisher = "Báo Đồng Tháp"\nsynthetic_notice = false\n'
        'opening = "{title}. Bản tin của {publisher}, {date}."\nclosing = ""\n',
    )
    publisher = Publisher(load_feed("test", feeds_dir), output)
    plan = publisher.plan(EXAMPLES / "lua-dong-thap.txt")
    kinds = [s.kind for s in plan.segments]
    assert "notice" not in kinds and "closing" not in kinds
    assert plan.segments[0].spoken.startswith("Nông dân Tháp Mười")
    assert "Bản tin của Báo Đồng Tháp" in plan.segments[1].spoken


def test_removing_an_episode_retracts_it_but_keeps_the_record(
    publisher: Publisher, example: Path
) -> None:
    result = publisher.publish(example)
    removed = publisher.remove(result.episode.guid[:8])
    assert removed.removed is not None
    assert not result.audio_path.exists()
    assert b"<item>" not in publisher.paths.feed_xml.read_bytes()
    [record] = publisher.episodes(removed=True)
    assert record.guid == result.episode.guid and record.removed is not None


def test_a_retracted_article_comes_back_with_its_guid_only_when_restored(
    publisher: Publisher, example: Path
) -> None:
    guid = publisher.publish(example).episode.guid
    publisher.remove(guid)
    skipped = publisher.publish(example)
    assert skipped.status == "skipped" and not skipped.audio_path.exists()
    again = publisher.publish(example, restore=True)
    assert again.episode.guid == guid and again.audio_path.exists()
    assert publisher.episodes(removed=False)[0].removed is None


def test_prune_keeps_the_segments_of_published_episodes(
    publisher: Publisher, example: Path, tmp_path: Path
) -> None:
    publisher.publish(example)
    other = tmp_path / "khac.txt"
    other.write_text(
        example.read_text(encoding="utf-8").replace("\n\n", "\n\nMột đoạn hoàn toàn mới.\n\n", 2),
        encoding="utf-8",
    )
    publisher.publish(other, explicit_id="khac")
    result = publisher.prune_cache()
    assert result.segments == 0  # every cached segment belongs to a published episode
    again = fresh(publisher)
    again.publish(example)
    assert again.engine_calls == 0


def long_article(tmp_path: Path) -> Path:
    """One article made of every example's body: enough segments for parallel synthesis."""
    bodies = []
    for example in sorted(EXAMPLES.glob("*.txt")):
        lines = [line for line in example.read_text(encoding="utf-8").splitlines() if line]
        bodies += lines[3:-2]  # past title, date and lead; before byline and furniture
    path = tmp_path / "dai.txt"
    head = (
        "Bản tin tổng hợp\n\nCập nhật ngày: 01/02/2021 08:00:00\n\nĐTO - Tin tổng hợp trong tuần."
    )
    path.write_text(head + "\n\n" + "\n\n".join(bodies) + "\n\nMINH TÂM\n", encoding="utf-8")
    return path


def test_a_long_article_is_spoken_by_worker_processes_and_comes_out_whole(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    # A subprocess with a deadline: workers forked while ffmpeg's pipes are open would keep
    # ffmpeg waiting for input forever.
    article = long_article(tmp_path)
    publisher = Publisher(load_feed("test", feeds_dir), output)
    assert len(publisher.plan(article).segments) >= MIN_PARALLEL_SEGMENTS
    command = [
        sys.executable, "-m", "narrate", "-q", "publish", str(article), "--feed", "test",
        "--feeds-dir", str(feeds_dir), "--output", str(output),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, check=True, timeout=120, env=env)
    [episode] = publisher.episodes()
    mp3 = publisher.paths.episodes / episode.file_name
    assert abs(decoded_seconds(mp3) - episode.duration) < 0.1
    assert len(episode.segment_starts) == len(publisher.plan(article).segments)


def test_the_feed_lexicon_changes_what_is_said(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    edit_feed(
        feeds_dir,
        tables='[lexicon]\n"ĐTO" = "Đồng Tháp Online"\ndialect = "south"\n'
        "[[lexicon.rules]]\npattern = 'ĐT(\\d+)'\nsay = 'đường tỉnh \\1'\n",
    )
    article = tmp_path / "bai.txt"
    article.write_text(
        "Sửa đường ĐT848\n\nCập nhật ngày: 01/02/2021 08:00:00\n\n"
        "Theo ĐTO, tuyến ĐT848 dài 1.500 m được sửa xong.\n",
        encoding="utf-8",
    )
    plan = Publisher(load_feed("test", feeds_dir), output).plan(article)
    said = " ".join(s.spoken for s in plan.segments)
    assert "Theo Đồng Tháp Online, tuyến đường tỉnh tám trăm bốn mươi tám" in said
    assert "một ngàn năm trăm mét" in said  # the feed asked for Southern number words


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.2, 0.6, 1.0])
def test_a_run_killed_at_any_point_loses_nothing_and_the_next_run_finishes(
    feeds_dir: Path, output: Path, tmp_path: Path, after: float
) -> None:
    article = long_article(tmp_path)
    command = [
        sys.executable, "-m", "narrate", "-q", "publish", str(article), "--feed", "test",
        "--feeds-dir", str(feeds_dir), "--output", str(output),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(command, env=env)
    try:
        run.wait(timeout=after)
    except subprocess.TimeoutExpired:
        run.kill()  # SIGKILL: no clean-up of any kind
        run.wait()
    # No orphan worker goes on speaking (or holding the feed) after its run died.
    deadline = time.monotonic() + 5
    while _processes_mentioning(article) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(article) == []
    feed = output / "test" / "public" / "feed.xml"
    if feed.exists():  # whatever the feed lists is whole
        for item in ElementTree.parse(feed).getroot().iter("item"):
            name = item.find("enclosure").get("url").rsplit("/", 1)[1]
            mp3 = output / "test" / "public" / "episodes" / name
            assert mp3.stat().st_size == int(item.find("enclosure").get("length"))
    subprocess.run(command, check=True, timeout=120, env=env)
    episodes = output / "test" / "public" / "episodes"
    (mp3,) = episodes.glob("*.mp3")
    # no partial file left behind: the MP3 and the files that travel with it, nothing else
    assert sorted(p.name for p in episodes.iterdir()) == sorted([mp3.name, *side_names(mp3.name)])
    work = output / "test" / "work"
    assert not work.exists() or list(work.iterdir()) == []
    assert len(list(ElementTree.parse(feed).getroot().iter("item"))) == 1


def _processes_mentioning(path: Path) -> list[str]:
    found = subprocess.run(["pgrep", "-f", str(path)], capture_output=True, text=True)
    return found.stdout.split()


@pytest.fixture
def public_elsewhere(output: Path) -> Iterator[Path]:
    """The feed's public folder on another file system (tmpfs), reached through a symlink,
    as a web root mounted elsewhere is."""
    elsewhere = Path(tempfile.mkdtemp(prefix="narrate-public-", dir="/dev/shm"))
    (output / "test").mkdir(parents=True)
    (output / "test" / "public").symlink_to(elsewhere, target_is_directory=True)
    assert os.stat(elsewhere).st_dev != os.stat(output).st_dev
    try:
        yield elsewhere
    finally:
        shutil.rmtree(elsewhere)


def test_a_public_folder_on_another_file_system_gets_whole_episodes(
    publisher: Publisher, example: Path, tmp_path: Path, public_elsewhere: Path
) -> None:
    first = publisher.publish(example)
    assert first.status == "published"
    article = tmp_path / "bai.txt"
    article.write_text(
        example.read_text(encoding="utf-8").replace("\n\n", "\n\nMột câu mới được thêm.\n\n", 2),
        encoding="utf-8",
    )
    second = publisher.publish(article, explicit_id="bai")
    feed = ElementTree.parse(public_elsewhere / "feed.xml").getroot()
    for item in feed.iter("item"):
        name = item.find("enclosure").get("url").rsplit("/", 1)[1]
        mp3 = public_elsewhere / "episodes" / name
        assert mp3.stat().st_size == int(item.find("enclosure").get("length"))
    assert {first.audio_path.name, second.audio_path.name} <= {
        p.name for p in (public_elsewhere / "episodes").iterdir()
    }
    assert not list(public_elsewhere.rglob("*.part"))
