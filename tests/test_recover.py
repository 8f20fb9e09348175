"""An empty or missing catalog never costs a published file, and `narrate catalog recover`
rebuilds it from what public/ holds: guids, first releases, retractions, followed items."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from narrate.config import load_feed
from narrate.errors import CatalogError
from narrate.follow import follow
from narrate.pipeline import Publisher
from tests.http_server import LocalServer, Reply
from tests.test_follow import rss, site  # noqa: F401 - the fixture
from tests.test_identity import WEATHER_A, WEATHER_B, feed_is_valid, narrate, write_article

LOSSES = {
    "emptied": lambda path: path.write_bytes(b""),
    "deleted": lambda path: path.unlink(),
}


def lose_catalog(publisher: Publisher, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{publisher.paths.catalog}{suffix}").unlink(missing_ok=True)
    LOSSES[how](publisher.paths.catalog)


def public_files(publisher: Publisher) -> set[str]:
    public = publisher.paths.public
    return {str(p.relative_to(public)) for p in public.rglob("*") if p.is_file()}


@pytest.mark.parametrize("how", list(LOSSES))
def test_a_lost_catalog_makes_publish_refuse_and_deletes_no_published_file(
    feeds_dir: Path,
    output: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    first = write_article(tmp_path, "a.txt", "Dự báo thời tiết", WEATHER_A)
    assert narrate(feeds_dir, output, "publish", first) == 0
    publisher = Publisher(load_feed("test", feeds_dir), output)
    before = {name for name in public_files(publisher) if name.startswith("episodes/")}
    lose_catalog(publisher, how)
    capsys.readouterr()
    other = write_article(tmp_path, "b.txt", "Trời rét", WEATHER_B, dated="02/01/2026 07:00")
    assert narrate(feeds_dir, output, "publish", other) == 1
    err = capsys.readouterr().err
    assert "narrate catalog recover" in err and "Traceback" not in err
    assert before <= public_files(publisher)


@pytest.mark.slow
def test_recover_rebuilds_guids_first_releases_and_retractions_from_public(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    kept = write_article(folder, "a.txt", "Dự báo thời tiết", WEATHER_A)
    write_article(folder, "b.txt", "Trời rét", WEATHER_B, dated="02/01/2026 07:00")
    assert narrate(feeds_dir, output, "publish", folder) == 0
    publisher = Publisher(load_feed("test", feeds_dir), output)
    before = {e.guid: e for e in publisher.episodes()}
    retracted = next(e for e in before.values() if e.title == "Trời rét")
    assert narrate(feeds_dir, output, "remove", retracted.guid) == 0
    lose_catalog(publisher, "emptied")
    assert narrate(feeds_dir, output, "catalog", "recover") == 0
    after = {e.guid: e for e in publisher.episodes()}
    assert set(after) == set(before)
    for guid, episode in after.items():
        assert episode.released == before[guid].released
        assert episode.article_key == before[guid].article_key
    assert after[retracted.guid].removed is not None
    # Re-publishing keeps the guid and first release; the retraction holds.
    again = publisher.publish(kept)
    assert again.status == "unchanged"
    assert narrate(feeds_dir, output, "publish", folder) == 0
    assert feed_is_valid(output) == ["Dự báo thời tiết"]
    assert not (publisher.paths.episodes / retracted.file_name).exists()


def test_after_a_recover_follow_offers_nothing_it_had_taken(
    site: LocalServer,  # noqa: F811 - the fixture
    feeds_dir: Path,
    output: Path,
) -> None:
    site.route("/rss", Reply.typed(rss(site, [1, 2, 3]), "application/rss+xml"))
    publisher = Publisher(load_feed("test", feeds_dir), output)
    first = follow(publisher, site.at("/rss"), max_items=2)
    assert first.summary.count("published") == 2
    lose_catalog(publisher, "deleted")
    assert narrate(feeds_dir, output, "catalog", "recover") == 0
    again = follow(Publisher(publisher.config, output), site.at("/rss"), max_items=2)
    assert again.chosen == ()
    assert len(feed_is_valid(output)) == 2


@pytest.mark.slow
def test_recover_rebuilds_a_feed_published_before_the_copy_was_kept_from_its_xml(
    feeds_dir: Path, output: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Dự báo thời tiết", WEATHER_A)
    write_article(folder, "b.txt", "Trời rét", WEATHER_B, dated="02/01/2026 07:00")
    assert narrate(feeds_dir, output, "publish", folder) == 0
    publisher = Publisher(load_feed("test", feeds_dir), output)
    before = {e.guid: e for e in publisher.episodes()}
    shutil.rmtree(publisher.paths.records)  # as an older narrate left public/
    lose_catalog(publisher, "deleted")
    assert narrate(feeds_dir, output, "catalog", "recover") == 0
    after = {e.guid: e for e in publisher.episodes()}
    assert {g: (e.title, e.released, e.file_name) for g, e in after.items()} == {
        g: (e.title, e.released, e.file_name) for g, e in before.items()
    }
    assert sorted(feed_is_valid(output)) == ["Dự báo thời tiết", "Trời rét"]
    # Re-publishing re-renders each one in place: same guid, same first release.
    assert narrate(feeds_dir, output, "publish", folder) == 0
    again = {e.guid: e for e in publisher.episodes()}
    assert {g: e.released for g, e in again.items()} == {g: e.released for g, e in before.items()}
    assert len(list(publisher.paths.episodes.glob("*.mp3"))) == 2


def test_follow_on_a_lost_catalog_refuses_before_fetching_any_page(
    site: LocalServer,  # noqa: F811 - the fixture
    feeds_dir: Path,
    output: Path,
) -> None:
    site.route("/rss", Reply.typed(rss(site, [1, 2]), "application/rss+xml"))
    publisher = Publisher(load_feed("test", feeds_dir), output)
    follow(publisher, site.at("/rss"), max_items=1)
    mp3s = sorted(publisher.paths.episodes.glob("*.mp3"))
    lose_catalog(publisher, "emptied")
    site.route("/rss", Reply.typed(rss(site, [1, 2, 3]), "application/rss+xml"))
    with pytest.raises(CatalogError, match="narrate catalog recover"):
        follow(Publisher(publisher.config, output), site.at("/rss"))
    assert site.hits("/bai-3.html") == 0
    assert sorted(publisher.paths.episodes.glob("*.mp3")) == mp3s
