"""Batch publishing speed: many articles at once against a strictly serial run.

    .venv/bin/python benchmarks/batch.py [--articles 50] [--online-articles 50] [--skip-online]

Offline: the articles through espeak with ``--jobs 1`` (one article after another, one
process) and with the default (one article per core). Online: the same through gTTS against a
local fake Google that takes 300 ms per request, one request at a time (politeness 1,
``--jobs 1``) and at a politeness limit of 8; the fake server counts the most requests it saw
in flight at once. Prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pytest  # noqa: E402 - its MonkeyPatch points gTTS at the local fake server

from narrate.batch import publish_batch  # noqa: E402
from narrate.config import EngineSettings, parse_feed  # noqa: E402
from narrate.pipeline import Publisher  # noqa: E402
from tests.corpus import write_articles  # noqa: E402
from tests.fake_google import make_tone_mp3, serve_fake_google  # noqa: E402

FEED = {
    "title": "Benchmark", "description": "Batch benchmark feed.", "author": "Báo Đồng Tháp",
    "base_url": "https://example.org/bench/",
    "owner": {"name": "Bench", "email": "bench@example.org"},
    "engine": {"name": "espeak", "voice": "north"},
}  # fmt: skip


def run(
    root: Path, articles: list[Path], *, engine: EngineSettings, jobs: int | None
) -> tuple[float, int]:
    """Seconds for one batch into a fresh output folder, and how many were published."""
    output = root / f"out-{time.monotonic_ns()}"
    config = replace(parse_feed(FEED, name="bench"), engine=engine)
    publisher = Publisher(config, output)
    started = time.perf_counter()
    summary = publish_batch(publisher, [str(p) for p in articles], jobs=jobs)
    elapsed = time.perf_counter() - started
    shutil.rmtree(output, ignore_errors=True)
    if summary.failed:
        raise SystemExit(f"failed: {summary.failed[0].source}: {summary.failed[0].message}")
    return elapsed, summary.count("published")


def per_minute(count: int, seconds: float) -> float:
    return count / seconds * 60


def offline(root: Path, count: int, repeat: int) -> None:
    articles = write_articles(root / "offline", count)
    espeak = EngineSettings(name="espeak", voice="north")
    serial = min(run(root, articles, engine=espeak, jobs=1)[0] for _ in range(repeat))
    batch = min(run(root, articles, engine=espeak, jobs=None)[0] for _ in range(repeat))
    print(f"offline, {count} articles (espeak, best of {repeat}):")
    print(f"  serial --jobs 1   {serial:6.1f} s   {per_minute(count, serial):6.1f} articles/min")
    print(f"  batch (2 cores)   {batch:6.1f} s   {per_minute(count, batch):6.1f} articles/min")
    print(f"  speed-up          {serial / batch:6.2f}x   (target >= 1.7x)")


def online(root: Path, count: int) -> None:
    articles = write_articles(root / "online", count)
    with pytest.MonkeyPatch.context() as patch, serve_fake_google(make_tone_mp3(), patch) as fake:
        fake.latency = 0.3
        one = EngineSettings(name="gtts", politeness=1)
        serial, _ = run(root, articles, engine=one, jobs=1)
        serial_peak = fake.max_in_flight
        fake.max_in_flight = 0
        eight = EngineSettings(name="gtts", politeness=8)
        batch, _ = run(root, articles, engine=eight, jobs=None)
        requests = len(fake.requests) // 2
        print(f"online, {count} articles (gTTS, fake server at 300 ms per request, "
              f"{requests} requests per run):")  # fmt: skip
        print(f"  one at a time     {serial:6.1f} s   most in flight {serial_peak}")
        print(f"  politeness 8      {batch:6.1f} s   most in flight {fake.max_in_flight}")
        print(f"  speed-up          {serial / batch:6.2f}x   (target >= 6x, never above 8)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--online-articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1, help="offline runs; the best counts")
    parser.add_argument("--skip-online", action="store_true")
    parser.add_argument("--skip-offline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="narrate-batch-") as folder:
        root = Path(folder)
        if not args.skip_offline:
            offline(root, args.articles, args.repeat)
        if not args.skip_online:
            online(root, args.online_articles)


if __name__ == "__main__":
    main()
