"""Publishing many articles at once: every input kind, failures that don't stop the batch,
politeness towards online engines, kills at random points and runs that overlap."""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import podcastparser
import pytest

from narrate.batch import expand_inputs, publish_batch
from narrate.cli import main
from narrate.config import load_feed
from narrate.errors import InputError
from narrate.pipeline import Publisher
from narrate.politeness import Politeness
from narrate.publish.layout import side_names
from tests.conftest import REPO
from tests.corpus import article_text, write_articles
from tests.fake_google import FakeGoogle, Reply


def feed_items(output: Path) -> list[ElementTree.Element]:
    feed = output / "test" / "public" / "feed.xml"
    return list(ElementTree.parse(feed).getroot().iter("item"))


def use_gtts(feeds_dir: Path, politeness: int) -> None:
    """Switch the test feed to Google's voice (the fake one) with this politeness limit."""
    path = feeds_dir / "test.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'name = "espeak"\nvoice = "north"', f'name = "gtts"\npoliteness = {politeness}'
    )
    path.write_text(text, encoding="utf-8")


def assert_feed_whole(output: Path) -> list[str]:
    """The feed parses, every enclosure is there at its stated length, nothing else lies about.
    Returns the item titles."""
    feed = output / "test" / "public" / "feed.xml"
    episodes = output / "test" / "public" / "episodes"
    parsed = podcastparser.parse("https://podcast.example.org/test/feed.xml",
                                 io.BytesIO(feed.read_bytes()))  # fmt: skip
    titles = []
    for item in feed_items(output):
        enclosure = item.find("enclosure")
        mp3 = episodes / enclosure.get("url").rsplit("/", 1)[1]
        assert mp3.stat().st_size == int(enclosure.get("length"))
        for name in side_names(mp3.name):
            assert (episodes / name).is_file()
        titles.append(item.findtext("title"))
    assert len(parsed["episodes"]) == len(titles)
    assert len(set(titles)) == len(titles), "an episode is listed twice"
    return titles


@pytest.mark.slow
def test_fifty_short_articles_publish_in_one_batch_on_both_cores(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    paths = write_articles(tmp_path / "articles", 50, paragraphs=1)
    publisher = Publisher(load_feed("test", feeds_dir), output)
    seen: list[int] = []
    summary = publish_batch(
        publisher, [str(p) for p in paths], jobs=2,
        listener=lambda tally, outcome: seen.append(tally.finished),
    )  # fmt: skip
    assert summary.count("published") == 50 and not summary.failed
    assert [o.source for o in summary.outcomes] == [str(p) for p in paths]  # input order
    assert max(seen) == 50
    titles = assert_feed_whole(output)
    assert len(titles) == 50
    again = publish_batch(publisher, [str(p) for p in paths], jobs=2)
    assert again.count("unchanged") == 50


def test_one_bad_article_never_stops_the_batch_and_the_exit_code_says_so(
    feeds_dir: Path, output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 3)
    (folder / "bai-001.txt").write_bytes(b"")  # empty
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 4)
    code = main(["publish", str(folder), "--feed", "test", "--feeds-dir", str(feeds_dir),
                 "--output", str(output)])  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    assert "summary: 2 published, 0 updated, 0 unchanged, 2 failed" in captured.out
    assert "bai-001.txt is empty" in captured.err
    assert "zz-binary.txt" in captured.err and "binary" in captured.err
    assert "Traceback" not in captured.err
    assert len(assert_feed_whole(output)) == 2


def test_inputs_are_files_globs_folders_urls_and_list_files(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    paths = write_articles(folder, 3)
    (folder / "notes.md").write_text("not an article")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text("<html></html>")
    listing = tmp_path / "list.txt"
    listing.write_text(
        f"# today's articles\n{folder.name}/{paths[0].name}\n\nhttps://example.org/bai.html\n",
        encoding="utf-8",
    )
    found = expand_inputs(
        [str(folder / "bai-00*.txt"), str(folder), "https://example.org/bai.html",
         str(paths[2])],
        [listing],
    )  # fmt: skip
    assert found == [
        str(paths[0]), "https://example.org/bai.html", str(paths[1]), str(paths[2]),
        str(folder / "sub" / "page.html"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("inputs", "message"),
    [(["/nonexistent/*.txt"], "no file matches"), (["EMPTY_DIR"], "holds no article")],
)
def test_an_input_that_names_nothing_is_a_clear_error(
    tmp_path: Path, inputs: list[str], message: str
) -> None:
    (tmp_path / "empty").mkdir()
    inputs = [str(tmp_path / "empty") if i == "EMPTY_DIR" else i for i in inputs]
    with pytest.raises(InputError, match=message):
        expand_inputs(inputs)


def test_backdate_releases_each_episode_at_its_article_date(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    paths = write_articles(tmp_path / "articles", 2)
    publisher = Publisher(load_feed("test", feeds_dir), output)
    summary = publish_batch(publisher, [str(p) for p in paths], backdate=True, jobs=1)
    assert summary.count("published") == 2
    released = sorted(e.released for e in publisher.episodes())
    # article_text(0): 01/01/2021 08:00 and article_text(1): 02/02/2021 08:01, Vietnam time
    assert released == [
        datetime(2021, 1, 1, 1, 0, tzinfo=UTC),
        datetime(2021, 2, 2, 1, 1, tzinfo=UTC),
    ]
    titles = [item.findtext("title") for item in feed_items(output)]
    assert titles[0].endswith("số 2")  # the newest article first


@pytest.mark.slow
def test_an_online_batch_never_exceeds_the_feeds_politeness_limit(
    feeds_dir: Path, output: Path, tmp_path: Path, google: FakeGoogle
) -> None:
    use_gtts(feeds_dir, politeness=3)
    google.latency = 0.2  # long enough for every slot to fill, even on a busy machine
    paths = write_articles(tmp_path / "articles", 6)
    publisher = Publisher(load_feed("test", feeds_dir), output)
    summary = publish_batch(publisher, [str(p) for p in paths])
    assert summary.count("published") == 6, summary.failed
    assert google.max_in_flight == 3  # the limit was used, and never exceeded
    assert len(assert_feed_whole(output)) == 6


def _hold_slots(folder: str, limit: int, log: multiprocessing.Queue) -> None:
    gate = Politeness(Path(folder), limit)

    def work() -> None:
        with gate.slot():
            log.put(("in", os.getpid(), time.monotonic()))
            time.sleep(0.05)
            log.put(("out", os.getpid(), time.monotonic()))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_the_politeness_limit_holds_across_processes(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    log = context.Queue()
    processes = [
        context.Process(target=_hold_slots, args=(str(tmp_path), 2, log)) for _ in range(3)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=30)
    events = sorted((log.get(timeout=5) for _ in range(24)), key=lambda e: e[2])
    open_now, most = 0, 0
    for kind, _, _ in events:
        open_now += 1 if kind == "in" else -1
        most = max(most, open_now)
    assert most == 2


def _cli(feeds_dir: Path, output: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "narrate", "-q", "publish", *args, "--feed", "test",
        "--feeds-dir", str(feeds_dir), "--output", str(output),
    ]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_batch_killed_at_a_random_point_leaves_a_valid_feed_and_a_rerun_finishes(
    feeds_dir: Path, output: Path, tmp_path: Path, seed: int
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 10)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(_cli(feeds_dir, output, str(folder)), env=env)
    try:
        run.wait(timeout=random.Random(seed).uniform(0.5, 4.0))
    except subprocess.TimeoutExpired:
        run.kill()  # SIGKILL: no clean-up of any kind
        run.wait()
    if (output / "test" / "public" / "feed.xml").exists():
        assert_feed_whole(output)
    subprocess.run(_cli(feeds_dir, output, str(folder)), env=env, check=True, timeout=300)
    titles = assert_feed_whole(output)
    assert len(titles) == 10
    episodes = output / "test" / "public" / "episodes"
    assert not [p for p in episodes.iterdir() if p.name.endswith(".part")]
    assert len(list(episodes.glob("*.mp3"))) == 10
    work = output / "test" / "work"
    assert not work.exists() or list(work.iterdir()) == []


@pytest.mark.slow
def test_overlapping_runs_on_one_feed_lose_and_duplicate_nothing(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    paths = write_articles(folder, 8)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    first = subprocess.Popen(_cli(feeds_dir, output, *map(str, paths[:6]), "--jobs", "1"), env=env)
    second = subprocess.Popen(_cli(feeds_dir, output, *map(str, paths[2:]), "--jobs", "1"), env=env)
    assert first.wait(timeout=300) == 0
    assert second.wait(timeout=300) == 0
    titles = assert_feed_whole(output)
    assert len(titles) == 8


def test_corpus_articles_are_distinct() -> None:
    texts = [article_text(i) for i in range(60)]
    assert len(set(texts)) == 60


def test_a_network_failure_mid_article_keeps_what_was_spoken(
    feeds_dir: Path, output: Path, tmp_path: Path, google: FakeGoogle
) -> None:
    use_gtts(feeds_dir, politeness=1)
    (article,) = write_articles(tmp_path / "articles", 1)
    down = Reply(503, headers={"Retry-After": "0"})
    google.script(Reply(), Reply(), Reply(), down)  # three answers, then the network is gone
    publisher = Publisher(load_feed("test", feeds_dir), output)
    needed = len({s.spoken for s in publisher.plan(article).segments})
    summary = publish_batch(publisher, [str(article)])
    assert summary.count("failed") == 1 and "Google" in summary.failed[0].message
    assert not (output / "test" / "public" / "feed.xml").exists() or feed_items(output) == []
    asked_before = len(google.requests)
    google.script(Reply())  # back
    again = publish_batch(Publisher(load_feed("test", feeds_dir), output), [str(article)])
    assert again.count("published") == 1
    assert len(google.requests) - asked_before == needed - 3  # only what was not yet spoken


@pytest.mark.slow
def test_ctrl_c_stops_a_batch_with_one_line_and_the_next_run_finishes(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, 30)  # several seconds of work: the interrupt lands mid-batch
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.Popen(
        _cli(feeds_dir, output, str(folder)), env=env, start_new_session=True,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.5)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends to the whole group
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert stderr.strip().splitlines() == [
        "narrate: error: interrupted; run the same command again to resume"
    ]
    if (output / "test" / "public" / "feed.xml").exists():
        assert len(assert_feed_whole(output)) < 30  # it stopped, it did not finish first
    subprocess.run(_cli(feeds_dir, output, str(folder)), env=env, check=True, timeout=300)
    assert len(assert_feed_whole(output)) == 30


@pytest.mark.parametrize(
    ("where", "given"),
    [("in/archive", "../in/archive/"), (".data/archive", "../.data/archive"),
     (".data/archive", "{tmp}/.data/archive"), ("work/.inbox", ".inbox")],
)  # fmt: skip
def test_a_folder_reached_through_dot_dot_or_a_dot_folder_still_holds_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, given: str
) -> None:
    folder = tmp_path / where
    articles = write_articles(folder, 2)
    hidden = folder / ".drafts" / "nhap.txt"  # a dot-folder inside the one given stays out
    hidden.parent.mkdir()
    hidden.write_text(article_text(9), encoding="utf-8")
    (tmp_path / "work").mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path / "work")
    found = expand_inputs([given.format(tmp=tmp_path)])
    assert [Path(f).resolve() for f in found] == [a.resolve() for a in articles]
