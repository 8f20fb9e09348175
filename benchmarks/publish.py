"""Publishing speed: cold, unchanged and one-sentence-edit runs against the by-hand floor,
the share of a cold publish spent on transcripts, chapters and pages, and a row per engine.

    .venv/bin/python benchmarks/publish.py ARTICLE [--engine espeak] [--voice north]
    .venv/bin/python benchmarks/publish.py ARTICLE --engines-only [--piper-model X.onnx]

The engine rows: start-up (a fresh process importing the engine, building it and speaking
one short sentence), the real-time factor of speaking the article's segments one after
another, and for piper narrate's overhead over piper's own API speaking the same segments
with the same voice (each in a fresh process, model load included). Online engines talk to
the tests' local fakes (no latency), so their rows show narrate's side only. Without
--piper-model the installed vi_VN-vais1000-medium is used, else the tests' tiny tone voice.

Prints numbers and asserts nothing. Each run is the whole `narrate publish` command in its
own process (start-up included), so wall time is what an editor waits and peak RSS is that
process's own (ffmpeg children excluded). The floor is what nobody can beat by hand: a script
of its own that starts, has espeak speak exactly the same segments one after another, and
encodes one MP3 with the same sample rate, bitrate and encoder settings (no loudness work).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from narrate.config import load_feed  # noqa: E402
from narrate.pipeline import Publisher  # noqa: E402

FEED = """\
title = "Benchmark"
description = "Benchmark feed."
author = "Báo Đồng Tháp"
base_url = "https://example.org/bench/"
[owner]
name = "Bench"
email = "bench@example.org"
[engine]
name = "{engine}"
{voice}
"""


def run_command(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command, measured on that process alone."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024


FLOOR_SCRIPT = """
import sys, time, tempfile
from pathlib import Path
from narrate import audio
from narrate.engines.espeak import EspeakEngine
texts = Path(sys.argv[1]).read_text(encoding="utf-8").split("\\n")
fmt = audio.AudioFormat()
engine = EspeakEngine(voice=sys.argv[2])
pcm = b"".join(engine.synthesize(text) for text in texts)
with tempfile.TemporaryDirectory() as folder:
    audio.encode_mp3(audio.EpisodeAudio(pcm, engine.sample_rate, ()),
                     Path(folder) / "floor.mp3", fmt, audio.ffmpeg_exe())
"""


def floor(publisher: Publisher, article: Path, work: Path) -> float:
    """By hand, as a script of its own: start Python, espeak the same segments, encode once
    with the same sample rate, bitrate and encoder settings. Wall seconds, best of five."""
    texts = work / "segments.txt"
    texts.write_text("\n".join(s.spoken for s in publisher.plan(article).segments), "utf-8")
    command = [sys.executable, "-c", FLOOR_SCRIPT, str(texts), publisher.engine.voice]
    return min(run_command(command)[0] for _ in range(5))


def edit_one_sentence(source: Path, dest: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += " Đây là câu vừa được biên tập viên thêm vào."
    dest.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", type=Path)
    parser.add_argument("--engine", default="espeak")
    parser.add_argument("--voice", default=None)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--engines-only", action="store_true", help="only the engine rows")
    parser.add_argument("--piper-model", type=Path, help="a piper .onnx voice for its row")
    options = parser.parse_args()
    if options.engines_only:
        engine_rows(options.article, options.piper_model)
        return
    work = Path(tempfile.mkdtemp(prefix="narrate-bench-"))
    try:
        feeds, output = work / "feeds", work / "output"
        feeds.mkdir()
        voice = f'voice = "{options.voice}"' if options.voice else ""
        (feeds / "bench.toml").write_text(
            FEED.format(engine=options.engine, voice=voice), encoding="utf-8"
        )
        article = work / "article.txt"
        shutil.copy(options.article, article)
        command = [
            sys.executable, "-m", "narrate", "-q", "publish", str(article),
            "--feed", "bench", "--feeds-dir", str(feeds), "--output", str(output),
        ]  # fmt: skip
        publisher = Publisher(load_feed("bench", feeds), output)
        floor_s = floor(publisher, article, work)
        runs: dict[str, list[tuple[float, float]]] = {}
        for _ in range(options.repeat):
            shutil.rmtree(output, ignore_errors=True)
            shutil.copy(options.article, article)
            runs.setdefault("cold publish", []).append(run_command(command))
            runs.setdefault("unchanged re-run", []).append(run_command(command))
            edit_one_sentence(options.article, article)
            runs.setdefault("one-sentence edit", []).append(run_command(command))
        episode = publisher.episodes()[0]
        seconds = episode.duration
        print(f"article            {options.article.name}  ({article.stat().st_size} bytes)")
        print(f"engine             {publisher.engine.identity()}  cores={os.cpu_count()}")
        print(f"audio              {seconds:8.1f} s")
        print(f"floor (by hand)    {floor_s:8.2f} s   espeak all segments + one encode")
        print(f"runs               best of {options.repeat} (a shared machine is noisy)")
        for name, results in runs.items():
            wall, rss = min(w for w, _ in results), max(r for _, r in results)
            print(
                f"{name:<18} {wall:8.2f} s   {wall / floor_s:5.2f}× floor   "
                f"RTF {wall / seconds:.4f}   peak RSS {rss:6.1f} MB"
            )
        stages(options.article, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    engine_rows(options.article, options.piper_model)


def stages(source: Path, work: Path) -> None:
    """Where a cold publish spends its time, in process: what transcripts, chapters, the
    MP3's extra tags and the pages add (the issue's budget is 10%)."""
    output = work / "stages"
    publisher = Publisher(load_feed("bench", work / "feeds"), output)
    started = time.perf_counter()
    publisher.publish(REPO / "examples" / "duong-lap-vo.txt")
    print(f"first episode of a new feed (draws its cover, loads templates): "
          f"{time.perf_counter() - started:.2f} s; listener files "
          f"{publisher.stage_seconds['listener files']:.3f} s")  # fmt: skip
    publisher.stage_seconds.clear()
    started = time.perf_counter()
    publisher.publish(source)
    total = time.perf_counter() - started
    print(f"stages of a cold publish of the article in that feed ({total:.2f} s):")
    for name, seconds in sorted(publisher.stage_seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<20} {seconds:6.3f} s   {seconds / total:6.1%}")


STARTUP = """
import sys, time, json
started = time.perf_counter()
from narrate.config import EngineSettings
from narrate.engines import create_engine
settings = EngineSettings(**json.loads(sys.argv[1]))
engine = create_engine(settings, sample_rate=22050)
engine.synthesize("Xin chào bà con.")
print(time.perf_counter() - started)
"""

PIPER_RAW = """
import sys, time
started = time.perf_counter()
from piper import PiperVoice, SynthesisConfig
voice = PiperVoice.load(sys.argv[1])
config = SynthesisConfig()
for text in open(sys.argv[2], encoding="utf-8").read().split("\\n"):
    b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(text, syn_config=config))
print(time.perf_counter() - started)
"""

PIPER_NARRATE = """
import sys, time
started = time.perf_counter()
from narrate.engines.piper import PiperEngine
engine = PiperEngine(model=sys.argv[1])
for text in open(sys.argv[2], encoding="utf-8").read().split("\\n"):
    engine.synthesize(text)
print(time.perf_counter() - started)
"""


def _python_seconds(script: str, *args: str) -> float:
    """Wall seconds a fresh Python process reports for ``script`` (best of three)."""
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], cwd=REPO, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        runs.append(float(done.stdout.strip().splitlines()[-1]))
    return min(runs)


def engine_rows(article: Path, piper_model: Path | None) -> None:
    """A row per engine: start-up, real-time factor, and piper's overhead (see the top)."""
    import json

    import pytest  # its MonkeyPatch points the online engines at the local fakes

    from narrate.config import EngineSettings
    from narrate.engines import create_engine
    from narrate.voicedata import voices_dir
    from tests.fake_edge import make_tone_mp3 as edge_mp3
    from tests.fake_edge import serve_fake_edge
    from tests.fake_google import make_tone_mp3, serve_fake_google
    from tests.piper_voice import write_voice

    work = Path(tempfile.mkdtemp(prefix="narrate-engines-"))
    try:
        installed = voices_dir("piper") / "vi_VN-vais1000-medium.onnx"
        model = piper_model or (installed if installed.is_file() else write_voice(work / "v"))
        label = "tiny test voice" if model.parent == work / "v" else model.stem
        print(f"engines (segments spoken one after another; piper voice: {label})")
        print(f"  {'engine':<8} {'start-up':>9} {'speak':>8} {'audio':>8} {'RTF':>7}")
        with pytest.MonkeyPatch.context() as patch, serve_fake_google(
            make_tone_mp3(), patch
        ), serve_fake_edge(edge_mp3(), patch):  # fmt: skip
            for name, options in (
                ("espeak", ()), ("piper", (("model", str(model)),)), ("gtts", ()), ("edge", ()),
            ):  # fmt: skip
                settings = EngineSettings(name=name, options=options)
                if name in ("espeak", "piper"):
                    fields = {"name": name, "options": [list(o) for o in options]}
                    startup = _python_seconds(STARTUP, json.dumps(fields))
                else:  # online: in this process (the fakes live here), imports already done
                    started = time.perf_counter()
                    create_engine(settings, sample_rate=22050).synthesize("Xin chào bà con.")
                    startup = time.perf_counter() - started
                engine = create_engine(settings, sample_rate=22050)
                feeds = work / f"feeds-{name}"
                feeds.mkdir()
                (feeds / "bench.toml").write_text(FEED.format(engine="espeak", voice=""), "utf-8")
                plan = Publisher(load_feed("bench", feeds), work / "out").plan(article)
                texts = [s.spoken for s in plan.segments]
                started = time.perf_counter()
                samples = sum(len(engine.synthesize(t)) // 2 for t in texts)
                speak = time.perf_counter() - started
                seconds = samples / engine.sample_rate
                print(f"  {name:<8} {startup:8.2f}s {speak:7.2f}s {seconds:7.1f}s "
                      f"{speak / seconds:7.4f}")  # fmt: skip
                if name == "piper":
                    listing = work / "piper-texts.txt"
                    listing.write_text("\n".join(texts), encoding="utf-8")
                    raw = _python_seconds(PIPER_RAW, str(model), str(listing))
                    ours = _python_seconds(PIPER_NARRATE, str(model), str(listing))
                    print(f"           piper's own API {raw:.2f} s, narrate's engine {ours:.2f} s "
                          f"for {len(texts)} segments: overhead {ours - raw:+.2f} s "
                          "(target ≤ 0.2 s)")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
