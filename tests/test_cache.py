import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from narrate.audio import ffmpeg_exe
from narrate.cache import SegmentCache, segment_key
from narrate.config import EngineSettings, FeedConfig, load_feed
from narrate.engines import create_engine
from narrate.pipeline import Publisher
from tests.conftest import REPO
from tests.fake_google import FakeGoogle, Reply
from tests.test_batch import use_gtts


def speech(text: str) -> bytes:
    return create_engine(EngineSettings()).synthesize(text)


def test_segments_come_back_sample_exact(tmp_path: Path) -> None:
    clips = {segment_key("e", t): speech(t) for t in ("Một câu.", "Câu thứ hai dài hơn.")}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(clips, 22050)
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        loaded = cache.load([*clips, "unknown"])
    assert set(loaded) == set(clips)
    for key, pcm in clips.items():
        assert loaded[key] == (pcm, 22050)


def test_the_cache_is_stored_compactly_as_one_pack_per_run(tmp_path: Path) -> None:
    clips = {segment_key("e", str(n)): speech(f"Câu số {n} của bài báo.") for n in range(6)}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(clips, 22050)
    [pack] = (tmp_path / "packs").iterdir()
    assert pack.suffix == ".flac"
    assert pack.stat().st_size < 0.7 * sum(len(p) for p in clips.values())


def test_keys_depend_on_engine_identity_and_exact_text() -> None:
    assert segment_key("espeak:vi", "a") != segment_key("espeak:vi-x-south", "a")
    assert segment_key("espeak:vi", "a") != segment_key("espeak:vi", "a ")
    assert segment_key("espeak:vi", "a") == segment_key("espeak:vi", "a")


def test_prune_keeps_what_is_used_and_frees_unused_packs(tmp_path: Path) -> None:
    first = {segment_key("e", "1"): speech("Một.")}
    second = {segment_key("e", "2"): speech("Hai.")}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(first, 22050)
        cache.store(second, 22050)
        result = cache.prune(keep=set(first))
        assert (result.segments, result.packs) == (1, 1) and result.bytes_freed > 0
        assert cache.keys() == set(first)
        assert set(cache.load([*first, *second])) == set(first)
    assert len(list((tmp_path / "packs").iterdir())) == 1


def test_a_lost_pack_means_synthesizing_again_not_an_error(tmp_path: Path) -> None:
    clips = {segment_key("e", "1"): speech("Một.")}
    with SegmentCache(tmp_path, ffmpeg_exe()) as cache:
        cache.store(clips, 22050)
        for pack in (tmp_path / "packs").iterdir():
            pack.unlink()
        assert cache.load(clips) == {}


# --- a live run's speech is never lost ---------------------------------------------------

HOLD_THE_FEED = """
import sys
from pathlib import Path
from narrate.config import load_feed
from narrate.files import exclusive_lock
from narrate.pipeline import Publisher
publisher = Publisher(load_feed("test", Path(sys.argv[1])), Path(sys.argv[2]))
with exclusive_lock(publisher.paths.lock):
    print("locked", flush=True)
    sys.stdin.readline()
    print(publisher.prune_cache().segments, flush=True)  # the lock is this process's already
"""


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Poll until ``condition`` holds (the test then checks the state, not the time)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def plan_keys(publisher: Publisher, article: Path) -> set[str]:
    plan = publisher.plan(article)
    return {segment_key(publisher.part_engine(s.kind).identity(), s.spoken) for s in plan.segments}


def test_cache_prune_while_a_run_waits_to_commit_keeps_what_it_just_spoke(
    feeds_dir: Path, output: Path, example: Path
) -> None:
    publisher = Publisher(load_feed("test", feeds_dir), output)
    keys = plan_keys(publisher, example)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder: list[subprocess.Popen[str]] = []

    def progress(done: int, total: int) -> None:
        if not holder:  # speaking has begun: another run takes the feed until told to prune
            holder.append(subprocess.Popen(
                [sys.executable, "-c", HOLD_THE_FEED, str(feeds_dir), str(output)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
            ))  # fmt: skip
            assert holder[0].stdout is not None
            assert holder[0].stdout.readline().strip() == "locked"

    results: list[object] = []
    run = threading.Thread(
        target=lambda: results.append(publisher.publish(example, progress=progress))
    )
    run.start()
    with SegmentCache(publisher.paths.cache, ffmpeg_exe()) as cache:
        wait_for(lambda: keys <= cache.keys())  # spoken and indexed: now it waits for the lock
        assert keys <= cache.keys()
    holder[0].communicate("prune\n", timeout=60)
    run.join(timeout=120)
    [result] = results
    with SegmentCache(publisher.paths.cache, ffmpeg_exe()) as cache:
        assert set(cache.load(result.episode.segment_keys)) == set(result.episode.segment_keys)


def _publish_in_child(config: FeedConfig, output: Path, article: Path) -> None:
    Publisher(config, output).publish(article)


def test_a_run_killed_half_way_through_its_speech_keeps_what_it_spoke(
    feeds_dir: Path, output: Path, example: Path, google: FakeGoogle
) -> None:
    use_gtts(feeds_dir, politeness=1)
    config = load_feed("test", feeds_dir)
    total = len(plan_keys(Publisher(config, output), example))
    google.script(Reply(), Reply(), Reply(), Reply(delay=600))  # three answers, then silence
    child = multiprocessing.get_context("fork").Process(
        target=_publish_in_child, args=(config, output, example)
    )
    child.start()
    loose = output / "test" / "cache" / "loose"
    wait_for(lambda: len(list(loose.glob("*.pcm"))) >= 3 if loose.is_dir() else False, 30)
    os.kill(child.pid, signal.SIGKILL)  # a cron timeout: no clean-up of any kind
    child.join()
    google.script(Reply())
    again = Publisher(config, output)
    assert again.publish(example).status == "published"
    assert again.engine_calls == total - 3
    assert list(loose.glob("*.pcm")) == []  # the killed run's clips went into a pack
    with SegmentCache(output / "test" / "cache", ffmpeg_exe()) as cache:
        assert plan_keys(again, example) <= cache.keys()


def test_a_pack_left_half_written_by_a_dead_run_is_swept_by_the_next_run(
    feeds_dir: Path, output: Path, example: Path
) -> None:
    publisher = Publisher(load_feed("test", feeds_dir), output)
    packs = publisher.paths.cache / "packs"
    packs.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    leftover = packs / f".{dead}-0123456789abcdef.flac.part"
    leftover.write_bytes(b"half a pack")
    publisher.publish(example)
    assert not leftover.exists()
