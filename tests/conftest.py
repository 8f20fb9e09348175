"""Shared fixtures: the repo's own example articles and feed file, real ffmpeg and espeak."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from narrate.audio import ffmpeg_exe
from tests.fake_google import FakeGoogle, make_tone_mp3, serve_fake_google

# CI gets the same examples on every run (a failure is reproducible, never luck);
# HYPOTHESIS_PROFILE=explore searches new ones on a developer's machine.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def feeds_dir(tmp_path: Path) -> Path:
    """A copy of the test feed folder, so a test may break its feed file freely."""
    folder = tmp_path / "feeds"
    shutil.copytree(FIXTURES / "feeds", folder)
    return folder


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "output"


@pytest.fixture
def example() -> Path:
    """The shortest example article: tests stay fast."""
    return min(EXAMPLES.glob("*.txt"), key=lambda p: p.stat().st_size)


def edit_feed(feeds_dir: Path, *, top: str = "", tables: str = "") -> None:
    """Change the test feed file: ``top`` goes before its first table, ``tables`` at its end."""
    path = feeds_dir / "test.toml"
    path.write_text(top + path.read_text(encoding="utf-8") + "\n" + tables, encoding="utf-8")


def decoded_seconds(mp3: Path) -> float:
    """Duration of the MP3 as a player decodes it, counted in samples by the real ffmpeg."""
    pcm = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar", "22050",
         "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    return len(pcm) / 2 / 22050


def measured_loudness(mp3: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS, mono as one channel) and true peak (dBTP) of the decoded file."""
    import re

    stderr = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(mp3), "-af",
         "ebur128=peak=true:dualmono=false", "-f", "null", "-"],
        capture_output=True,
        check=True,
    ).stderr.decode("utf-8", "replace")  # fmt: skip
    integrated = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", stderr)[-1])
    peak = float(re.findall(r"Peak:\s+(-?[\d.]+) dBFS", stderr)[-1])
    return integrated, peak


@pytest.fixture(scope="session")
def tone_mp3() -> bytes:
    """A real 24 kHz mono MP3, like the ones Google sends, made by the real ffmpeg."""
    return make_tone_mp3()


@pytest.fixture
def google(tone_mp3: bytes, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    """Google's speech endpoint, played by a local HTTP server for the duration of a test."""
    with serve_fake_google(tone_mp3, monkeypatch) as fake:
        yield fake
