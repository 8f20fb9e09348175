"""Chaos on one feed: real `narrate publish` runs killed with SIGKILL at seeded random moments,
a `remove` and a `cache prune` running beside a publish, a catalog emptied by accident, a
catalog row holding U+FFFF and an article typed with one. Afterwards no published episode
has lost a file, no retracted one came back, no episode was replaced by a different
article, and the feed validates for feedparser and gPodder."""

from __future__ import annotations

import io
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import podcastparser
import pytest

from narrate.publish.layout import side_names
from tests.conftest import REPO
from tests.corpus import article_text, write_articles

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


class Feed:
    """The feed under test, seen from outside: its commands and what its files say."""

    def __init__(self, feeds_dir: Path, output: Path) -> None:
        self.args = ["--feed", "test", "--feeds-dir", str(feeds_dir), "--output", str(output)]
        self.public = output / "test" / "public"
        self.catalog = output / "test" / "catalog.sqlite"
        self.titles: dict[str, str] = {}  # guid → the title it first had
        self.retracted: set[str] = set()
        self.seen: set[str] = set()  # every guid a feed ever listed

    def start(self, *command: str) -> subprocess.Popen[str]:
        argv = [sys.executable, "-m", "narrate", "-q", command[0], *command[1:], *self.args]
        return subprocess.Popen(
            argv, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        process = self.start(*command)
        out, err = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def publish_killed(self, folder: Path, after: float) -> None:
        """A publish run given ``after`` seconds, then SIGKILL (if it has not finished)."""
        run = self.start("publish", str(folder))
        try:
            run.wait(timeout=after)
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
        run.communicate()

    def items(self) -> dict[str, tuple[str, str, int]]:
        """guid → (title, file name, enclosure length) of what the feed lists now."""
        path = self.public / "feed.xml"
        if not path.exists():
            return {}
        found = {}
        for item in ElementTree.parse(path).getroot().iter("item"):
            enclosure = item.find("enclosure")
            assert enclosure is not None
            name = enclosure.get("url", "").rsplit("/", 1)[1]
            found[item.findtext("guid", "")] = (
                item.findtext("title", ""),
                name,
                int(enclosure.get("length", "0")),
            )
        return found

    def check(self) -> dict[str, tuple[str, str, int]]:
        """Every invariant, at any moment between runs."""
        items = self.items()
        episodes = self.public / "episodes"
        for guid, (title, name, length) in items.items():
            assert (episodes / name).stat().st_size == length, title
            for side in side_names(name):
                assert (episodes / side).is_file(), side
            assert self.titles.setdefault(guid, title) == title, "replaced by another article"
        assert not self.retracted & set(items), "a retracted episode came back"
        assert self.seen - self.retracted <= set(items), "a published episode left the feed"
        self.seen |= set(items)
        if items:
            data = (self.public / "feed.xml").read_bytes()
            parsed = feedparser.parse(data)
            assert not parsed.bozo, parsed.get("bozo_exception")
            podcast = podcastparser.parse("https://podcast.example.org/t", io.BytesIO(data))
            assert len(podcast["episodes"]) == len(parsed.entries) == len(items)
        return items


@pytest.mark.slow
def test_kills_a_concurrent_remove_and_prune_an_emptied_catalog_and_u_ffff_lose_nothing(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    rng = random.Random(14)
    folder = tmp_path / "in"
    write_articles(folder, 4, paragraphs=1)
    feed = Feed(feeds_dir, output)

    # 1. Runs killed at random moments; each leaves a whole, valid feed.
    for _ in range(3):
        feed.publish_killed(folder, after=rng.uniform(0.3, 2.5))
        feed.check()
    assert feed.run("publish", str(folder)).returncode == 0
    assert len(feed.check()) == 4

    # 2. An article typed with U+FFFF, and a catalog row holding one from before.
    (folder / "bai-xau.txt").write_text(
        article_text(7, 1).replace("khánh", "kh\uffffánh"), encoding="utf-8"
    )
    with sqlite3.connect(feed.catalog) as db:
        db.execute("UPDATE episodes SET title = title || '\uffff' WHERE rowid = 1")
    # 3. A publish with a remove and a cache prune beside it, then a kill mid-run.
    victim = sorted(feed.items())[0]
    run = feed.start("publish", str(folder))
    remove = feed.start("remove", victim, "--yes")
    prune = feed.start("cache", "prune")
    assert remove.wait(timeout=120) == 0, remove.communicate()
    assert prune.wait(timeout=120) == 0, prune.communicate()
    feed.retracted.add(victim)
    run.communicate(timeout=120)
    feed.check()
    (folder / "bai-moi.txt").write_text(article_text(8, 1), encoding="utf-8")
    feed.publish_killed(folder, after=rng.uniform(0.3, 1.5))
    feed.check()

    # 4. The catalog emptied by accident: the next run refuses and deletes nothing.
    before = sorted(p.name for p in (feed.public / "episodes").iterdir())
    for suffix in ("-wal", "-shm"):
        Path(f"{feed.catalog}{suffix}").unlink(missing_ok=True)
    feed.catalog.write_bytes(b"")
    refused = feed.run("publish", str(folder))
    assert refused.returncode == 1 and "narrate catalog recover" in refused.stderr
    assert sorted(p.name for p in (feed.public / "episodes").iterdir()) == before
    feed.check()
    assert feed.run("catalog", "recover").returncode == 0

    # 5. A last clean run: every article once, the retracted one skipped, the feed valid.
    final = feed.run("publish", str(folder))
    assert final.returncode == 0, final.stderr
    items = feed.check()
    assert len(items) == 5 and victim not in items
    titles = sorted(title for title, _, _ in items.values())
    assert len(set(titles)) == 5
    episodes = feed.public / "episodes"
    assert sorted(p.name for p in episodes.glob("*.mp3")) == sorted(n for _, n, _ in items.values())
