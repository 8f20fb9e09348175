"""Pauses, a one-pass join, MP3 encoding and ID3 tags.

Audio stays raw mono 16-bit PCM until the single encode at the end: joining is one
``b"".join`` (pydub's ``a + b`` in a loop copies the whole episode every time), and every
segment is converted to the one episode sample rate before it is joined.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from narrate.errors import AudioError
from narrate.models import EpisodeAudio

SAMPLE_WIDTH = 2  # bytes: 16-bit PCM everywhere


@dataclass(frozen=True)
class AudioFormat:
    """The episode's one sample rate and the MP3 it becomes (mono CBR, speech quality)."""

    sample_rate: int = 22050
    bitrate_kbps: int = 64
    lead_in: float = 0.25  # seconds of silence before the first word
    tail: float = 0.6  # seconds after the last word, so players don't clip it
    # LAME's algorithm quality (ffmpeg -compression_level, 0 best … 9 fastest). For 64 kbps
    # mono speech 7 is indistinguishable and more than twice as fast as the default.
    encoder_quality: int = 7
    # Podcast loudness for mono: −19 LUFS measured as one channel (ffmpeg ebur128 with
    # dualmono off), the same perceived level as −16 LUFS stereo. True peak ≤ −1 dBTP.
    target_lufs: float = -19.0
    max_true_peak: float = -1.0


@dataclass(frozen=True)
class EpisodeTags:
    """What the MP3 says about itself (ID3v2.3, which every car radio reads)."""

    title: str
    artist: str
    album: str
    date: datetime | None
    comment: str
    copyright: str | None
    language: str = "vie"


def ffmpeg_exe() -> str:
    """The static ffmpeg shipped by imageio-ffmpeg (no apt). pydub is pointed at it too."""
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - a broken install
        raise AudioError("ffmpeg is missing: pip install imageio-ffmpeg") from exc
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as exc:
        raise AudioError(f"ffmpeg is not usable: {exc}") from None


@dataclass(frozen=True)
class FfmpegResult:
    returncode: int
    stdout: bytes
    stderr: bytes


def run_ffmpeg(command: list[str], stdin: bytes | None = None) -> FfmpegResult:
    """Run ffmpeg feeding ``stdin`` in one write, or reading its stdout in one read.

    ``subprocess.run(input=…)`` writes a large input 512 bytes per loop in Python; for
    megabytes of PCM that costs more than the encoding, and two such runs at once fight over
    the interpreter. Messages go to a file, so a full pipe can never stall ffmpeg.
    """
    with tempfile.TemporaryFile() as messages:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL if stdin is not None else subprocess.PIPE,
                stderr=messages,
            )
        except OSError as exc:
            raise AudioError(f"cannot run ffmpeg: {exc.strerror}") from None
        output = b""
        if stdin is not None:
            assert process.stdin is not None
            with contextlib.suppress(BrokenPipeError):  # ffmpeg failed: its messages say why
                process.stdin.write(stdin)
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        else:
            assert process.stdout is not None
            output = process.stdout.read()
        code = process.wait()
        messages.seek(0)
        return FfmpegResult(code, output, messages.read())


def ffmpeg_failure(stderr: bytes, doing: str, dest: Path) -> str:
    """ffmpeg's last word turned into the editor's one line (a full disk above all)."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else "unknown reason"
    if "No space left on device" in last:
        return f"the disk is full while writing {dest.parent}: free some space and run again"
    if "Permission denied" in last:
        return f"permission denied writing {dest.parent}: check the folder's owner and permissions"
    return f"ffmpeg could not {doing}: {last}"


def silence(seconds: float, sample_rate: int) -> bytes:
    return bytes(round(seconds * sample_rate) * SAMPLE_WIDTH)


def convert_rate(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Resample one segment to the episode rate (pydub would do it silently, and wrongly, later)."""
    if from_rate == to_rate:
        return pcm
    from pydub import AudioSegment

    clip = AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=from_rate, channels=1)
    return clip.set_frame_rate(to_rate).raw_data


def join(clips: Sequence[bytes], pauses: Sequence[float], fmt: AudioFormat) -> EpisodeAudio:
    """Lay clips end to end with their pauses in one pass, recording where each clip starts."""
    if len(clips) != len(pauses):
        raise ValueError("one pause per clip")
    pieces: list[bytes] = [silence(fmt.lead_in, fmt.sample_rate)]
    position = len(pieces[0])
    starts: list[float] = []
    bytes_per_second = fmt.sample_rate * SAMPLE_WIDTH
    for clip, pause in zip(clips, pauses, strict=True):
        if len(clip) % SAMPLE_WIDTH:
            clip = clip[:-1]  # never let an odd byte shift every later sample
        starts.append(position / bytes_per_second)
        gap = silence(pause, fmt.sample_rate)
        pieces += (clip, gap)
        position += len(clip) + len(gap)
    pieces.append(silence(fmt.tail, fmt.sample_rate))
    return EpisodeAudio(b"".join(pieces), fmt.sample_rate, tuple(starts))


@dataclass(frozen=True)
class Loudness:
    """EBU R128 measurement of PCM: integrated loudness (LUFS) and sample peak (dBFS)."""

    integrated: float
    sample_peak: float


_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")
_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-inf) dBFS")


# A speech leveller before loudness normalization: engines' peaks sit far above their average
# level (espeak: peaks at 0 dBFS, −19 LUFS), so a limiter after the gain would have to work hard
# and pull the loudness under the target. A 3:1 compander above −20 dBFS evens the level (every
# espeak voice and rate lands within 1 LU of −25 LUFS) and a limiter at −8 dBFS tames what
# remains, so the final limiter seldom acts. Both are cheap (compand costs a sixth of
# acompressor). The measurement pass and the encode pass run the same leveller, so what is
# measured is exactly what gets encoded.
LEVELER = (
    "compand=attacks=0.005:decays=0.08:points=-80/-80|-20/-20|0/-13.3:soft-knee=6,"
    "alimiter=limit=0.4:level=false:attack=5:release=50"
)
# Sample-peak ceiling for the limiter, under the true-peak limit: room for the peaks between
# samples and the MP3 encoder's overshoot (measured: ≤ 0.2 dB at 64 kbps).
LIMITER_MARGIN_DB = 0.7
# A 64 kbps MP3 low-passes away high frequencies that K-weighting counts: the decoded file
# measures about 0.4 LU below the PCM it was made from (espeak voices, rates 0.6–2.0).
MP3_LOUDNESS_LOSS_DB = 0.4


class MeasuredJoin:
    """Join clips into the episode while ffmpeg measures its levelled loudness, in one pass.

    Clips are handed to ffmpeg as they arrive (while later ones are still being synthesized
    on the other core); ffmpeg applies the leveller and measures the result with EBU R128.
    The encoder applies the same leveller, then the gain and limiter the measurement calls
    for. Positions are counted as clips go in, so every segment's start is exact.
    """

    def __init__(self, fmt: AudioFormat, ffmpeg: str) -> None:
        self.fmt = fmt
        self.starts: list[float] = []
        self._pieces: list[bytes] = []
        self._position = 0
        # A file, not a pipe, for ffmpeg's messages: a full pipe would stall it.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finish/abort
        command = [
            ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
            "-f", "s16le", "-ar", str(fmt.sample_rate), "-ac", "1", "-i", "pipe:0",
            "-af", f"{LEVELER},ebur128=peak=sample:dualmono=false", "-f", "null", "-",
        ]  # fmt: skip
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr
            )
        except OSError as exc:
            self._stderr.close()
            raise AudioError(f"cannot run ffmpeg: {exc.strerror}") from None
        self._write(silence(fmt.lead_in, fmt.sample_rate))

    def _write(self, data: bytes) -> None:
        assert self._process.stdin is not None
        self._pieces.append(data)
        self._position += len(data)
        with contextlib.suppress(BrokenPipeError):  # ffmpeg died: finish() reports why
            self._process.stdin.write(data)

    def add(self, clip: bytes, pause_after: float) -> None:
        if len(clip) % SAMPLE_WIDTH:
            clip = clip[:-1]  # never let an odd byte shift every later sample
        self.starts.append(self._position / (self.fmt.sample_rate * SAMPLE_WIDTH))
        self._write(clip)
        self._write(silence(pause_after, self.fmt.sample_rate))

    def finish(self) -> tuple[EpisodeAudio, Loudness]:
        self._write(silence(self.fmt.tail, self.fmt.sample_rate))
        assert self._process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        code = self._process.wait()
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        self._stderr.close()
        integrated, peak = _INTEGRATED.findall(text), _PEAK.findall(text)
        if code != 0 or not integrated:
            raise AudioError("ffmpeg could not measure the episode's loudness")
        loudness = Loudness(float(integrated[-1]), float(peak[-1]) if peak else 0.0)
        pcm = b"".join(self._pieces)  # the one copy of the whole episode
        return EpisodeAudio(pcm, self.fmt.sample_rate, tuple(self.starts)), loudness

    def abort(self) -> None:
        """Stop ffmpeg after a failure elsewhere; nothing was written to disk."""
        self._process.kill()
        self._process.wait()
        self._stderr.close()


def loudness_filter(measured: Loudness, fmt: AudioFormat) -> str:
    """The ffmpeg filter chain that brings audio to the target, given the loudness
    ``measured`` after the leveller: the leveller again, a gain, and a limiter when the gain
    would push peaks over the ceiling."""
    if measured.integrated <= -70.0:
        return LEVELER  # silence: nothing to normalize
    gain = fmt.target_lufs - measured.integrated + MP3_LOUDNESS_LOSS_DB
    ceiling = fmt.max_true_peak - LIMITER_MARGIN_DB
    chain = [LEVELER, f"volume={gain:.2f}dB"]
    if measured.sample_peak + gain > ceiling:
        chain.append(f"alimiter=limit={10 ** (ceiling / 20):.4f}:level=false:attack=5:release=50")
    return ",".join(chain)


def encode_mp3(
    audio: EpisodeAudio, dest: Path, fmt: AudioFormat, ffmpeg: str, filters: str | None = None
) -> None:
    """Encode once to mono CBR MP3 at ``dest`` (a temporary path: the caller renames it)."""
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "s16le", "-ar", str(audio.sample_rate), "-ac", "1", "-i", "pipe:0",
        *(["-af", filters] if filters else []),
        "-c:a", "libmp3lame", "-b:a", f"{fmt.bitrate_kbps}k",
        "-compression_level", str(fmt.encoder_quality), "-ar", str(fmt.sample_rate),
        "-ac", "1", "-write_xing", "1", "-id3v2_version", "0", "-map_metadata", "-1",
        "-f", "mp3", str(dest),
    ]  # fmt: skip
    result = run_ffmpeg(command, audio.pcm)
    if result.returncode != 0:
        raise AudioError(ffmpeg_failure(result.stderr, "encode the MP3", dest))


def write_tags(path: Path, tags: EpisodeTags) -> None:
    """ID3v2.3 tags with mutagen: pydub would write the comment as TXXX, which players ignore."""
    from mutagen.id3 import COMM, ID3, TALB, TCOP, TDRC, TIT2, TLAN, TPE1

    id3 = ID3()
    id3.add(TIT2(encoding=1, text=tags.title))
    id3.add(TPE1(encoding=1, text=tags.artist))
    id3.add(TALB(encoding=1, text=tags.album))
    if tags.date is not None:
        id3.add(TDRC(encoding=1, text=tags.date.strftime("%Y-%m-%dT%H:%M")))
    id3.add(COMM(encoding=1, lang=tags.language, desc="", text=tags.comment))
    if tags.copyright:
        id3.add(TCOP(encoding=1, text=tags.copyright))
    id3.add(TLAN(encoding=1, text=tags.language))
    try:
        id3.save(path, v2_version=3)
    except OSError as exc:
        raise AudioError(f"cannot tag {path.name}: {exc.strerror}") from None


def mp3_duration(path: Path) -> float:
    """Duration as a player shows it (mutagen reads the Xing header of our CBR files)."""
    from mutagen.mp3 import MP3

    return float(MP3(path).info.length)
