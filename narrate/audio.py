"""Pauses, a one-pass join, MP3 encoding and ID3 tags.

Audio stays raw mono 16-bit PCM until the single encode at the end: joining is one
``b"".join`` (pydub's ``a + b`` in a loop copies the whole episode every time), and every
segment is converted to the one episode sample rate before it is joined.
"""

from __future__ import annotations

import contextlib
import math
import re
import shutil
import struct
import subprocess
import tempfile
import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from narrate.errors import AudioError
from narrate.models import EpisodeAudio

SAMPLE_WIDTH = 2  # bytes: 16-bit PCM everywhere
# Every ffmpeg run here handles a few minutes of mono speech: its codec and filter threads
# cost more to hand work between than they save (measured: 10% less CPU and less wall time
# with one), and a batch already keeps every core busy with whole articles.
ONE_THREAD = ("-threads", "1", "-filter_threads", "1")


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


@dataclass(frozen=True)
class ChapterMark:
    """One ID3 chapter (CHAP), in seconds; the same times as the JSON chapters."""

    start: float
    end: float
    title: str


@dataclass(frozen=True)
class EpisodeExtras:
    """Tags known only once the audio exists: chapters, the transcript and the cover."""

    chapters: tuple[ChapterMark, ...] = ()
    transcript: str = ""  # USLT: the written text, so a car radio or player can show it
    cover: bytes | None = None
    cover_mime: str = "image/png"


def ffmpeg_exe() -> str:
    """The static ffmpeg shipped by imageio-ffmpeg (no apt)."""
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
    text = stderr.decode("utf-8", "replace").strip()
    lines = text.splitlines()
    last = lines[-1] if lines else "unknown reason"
    if "No space left on device" in text:  # often followed by "Conversion failed!"
        return f"the disk is full while writing {dest.parent}: free some space and run again"
    if "Permission denied" in text:
        return f"permission denied writing {dest.parent}: check the folder's owner and permissions"
    return f"ffmpeg could not {doing}: {last}"


def silence(seconds: float, sample_rate: int) -> bytes:
    return bytes(round(seconds * sample_rate) * SAMPLE_WIDTH)


def convert_rate(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Resample one segment to the episode rate with ffmpeg's soxr resampler.

    pydub's ``audioop.ratecv`` leaves an alias image of a 7 kHz tone taken from 16 kHz to
    22.05 kHz at −4.7 dB; soxr puts it near −114 dB, so 16 kHz voices keep clean highs.
    The result is trimmed or padded to the exact length the rate change implies.
    """
    if from_rate == to_rate or not pcm:
        return pcm
    command = [
        ffmpeg_exe(), "-nostdin", "-v", "error", "-threads", "1",
        "-f", "s16le", "-ar", str(from_rate), "-ac", "1", "-i", "pipe:0",
        "-af", f"aresample=resampler=soxr,aformat=sample_rates={to_rate}",
        "-f", "s16le", "-ac", "1", "pipe:1",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, input=pcm, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg: {exc.strerror}") from None
    if result.returncode != 0:
        last = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise AudioError(f"ffmpeg could not resample a segment: {last[0]}")
    size = round(len(pcm) // SAMPLE_WIDTH * to_rate / from_rate) * SAMPLE_WIDTH
    return result.stdout[:size].ljust(size, b"\0")


# Where speech starts and ends: the first and last sample above −40 dBFS (the level at which
# transcripts are checked against the decoded audio).
SPEECH_THRESHOLD = round(32768 * 10 ** (-40 / 20))
_SCAN_BLOCK = 512


def speech_bounds(clip: bytes) -> tuple[int, int]:
    """Sample indices of the first and last sample above the speech threshold.

    Scans in blocks with the C-level ``max``/``min`` and refines inside the one block that
    crosses, so a clip's silent edges cost microseconds, not a Python loop per sample.
    A silent clip gives (0, 0).
    """
    samples = array("h", clip[: len(clip) - len(clip) % SAMPLE_WIDTH])
    count = len(samples)

    def loud(start: int, stop: int) -> bool:
        block = samples[start:stop]
        return bool(block) and (max(block) > SPEECH_THRESHOLD or min(block) < -SPEECH_THRESHOLD)

    first = next((i for i in range(0, count, _SCAN_BLOCK) if loud(i, i + _SCAN_BLOCK)), None)
    if first is None:
        return 0, 0
    onset = next(i for i in range(first, count) if abs(samples[i]) > SPEECH_THRESHOLD)
    last = next(i for i in range((count - 1) // _SCAN_BLOCK * _SCAN_BLOCK, -1, -_SCAN_BLOCK)
                if loud(i, i + _SCAN_BLOCK))  # fmt: skip
    end = next(
        i for i in range(min(count, last + _SCAN_BLOCK) - 1, last - 1, -1)
        if abs(samples[i]) > SPEECH_THRESHOLD
    )  # fmt: skip
    return onset, end + 1


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
    on the other core); ffmpeg applies the leveller, measures the result with EBU R128 and
    hands the levelled audio back, so the encoder only applies the gain and limiter the
    measurement calls for. Positions are counted as clips go in, so every segment's start is
    exact (the leveller keeps the length of the audio).
    """

    def __init__(self, fmt: AudioFormat, ffmpeg: str, flac: Path | None = None) -> None:
        """``flac``: also write the joined audio as it went in (before levelling) to this
        FLAC file, in the same ffmpeg run: the segment cache keeps its new clips there."""
        self.fmt = fmt
        self.starts: list[float] = []
        self.speech: list[tuple[float, float]] = []
        self._position = 0
        self._flac = flac
        # A file, not a pipe, for ffmpeg's messages: a full pipe would stall it.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finish/abort
        command = [
            ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-y", *ONE_THREAD,
            "-f", "s16le", "-ar", str(fmt.sample_rate), "-ac", "1", "-i", "pipe:0",
            "-af", f"{LEVELER},ebur128=peak=sample:dualmono=false:framelog=quiet",
            "-f", "s16le", "-ar", str(fmt.sample_rate), "-ac", "1", "pipe:1",
        ]  # fmt: skip
        if flac is not None:
            command += ["-c:a", "flac", "-compression_level", "5", "-f", "flac", str(flac)]
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except OSError as exc:
            self._stderr.close()
            raise AudioError(f"cannot run ffmpeg: {exc.strerror}") from None
        self._levelled: list[bytes] = []
        self._sounds: list[tuple[int, bytes, Loudness]] = []  # (byte position, PCM, level)
        self._reader = threading.Thread(target=self._read, name="leveller", daemon=True)
        self._reader.start()
        self._write(silence(fmt.lead_in, fmt.sample_rate))

    def _read(self) -> None:
        """Collect the levelled audio as ffmpeg writes it (a full pipe would stall it)."""
        assert self._process.stdout is not None
        while chunk := self._process.stdout.read(1 << 16):
            self._levelled.append(chunk)

    def _write(self, data: bytes) -> None:
        assert self._process.stdin is not None
        self._position += len(data)
        with contextlib.suppress(BrokenPipeError):  # ffmpeg died: finish() reports why
            self._process.stdin.write(data)

    def add_sound(self, pcm: bytes, level: Loudness, pause_after: float) -> None:
        """Programme sound (a jingle, measured at ``level``): music is not speech, so the
        leveller and the measurement get silence in its place, and the jingle goes in after,
        at the loudness the speech measured (``finish``). The episode's gain then sets both."""
        pcm = pcm[: len(pcm) - len(pcm) % SAMPLE_WIDTH]
        self._sounds.append((self._position, pcm, level))
        self._write(bytes(len(pcm)))
        self._write(silence(pause_after, self.fmt.sample_rate))

    def add(self, clip: bytes, pause_after: float) -> int:
        """Append a clip and its pause; returns the sample at which the clip starts."""
        if len(clip) % SAMPLE_WIDTH:
            clip = clip[:-1]  # never let an odd byte shift every later sample
        first_sample = self._position // SAMPLE_WIDTH
        start = self._position / (self.fmt.sample_rate * SAMPLE_WIDTH)
        onset, end = speech_bounds(clip)
        rate = self.fmt.sample_rate
        self.starts.append(start)
        self.speech.append((start + onset / rate, start + (end or onset) / rate))
        self._write(clip)
        self._write(silence(pause_after, self.fmt.sample_rate))
        return first_sample

    def finish(self) -> tuple[EpisodeAudio, Loudness]:
        self._write(silence(self.fmt.tail, self.fmt.sample_rate))
        assert self._process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        self._reader.join()
        code = self._process.wait()
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        self._stderr.close()
        integrated, peak = _INTEGRATED.findall(text), _PEAK.findall(text)
        if code != 0 and self._flac is not None:  # a full disk shows here first (the pack)
            message = ffmpeg_failure(text.encode(), "measure the episode's loudness", self._flac)
            raise AudioError(message)
        if code != 0 or not integrated:
            raise AudioError("ffmpeg could not measure the episode's loudness")
        loudness = Loudness(float(integrated[-1]), float(peak[-1]) if peak else 0.0)
        pcm = b"".join(self._levelled)  # the one copy of the whole episode
        # The same length as what went in, to the sample, so every time stays exact.
        pcm = pcm[: self._position].ljust(self._position, b"\0")
        if self._sounds:
            pcm, loudness = self._place_sounds(pcm, loudness)
        audio = EpisodeAudio(pcm, self.fmt.sample_rate, tuple(self.starts), tuple(self.speech))
        return audio, loudness

    def _place_sounds(self, pcm: bytes, speech: Loudness) -> tuple[bytes, Loudness]:
        """Jingles into their places, each as loud as the levelled speech (never clipped)."""
        episode = bytearray(pcm)
        peak = speech.sample_peak
        for position, sound, level in self._sounds:
            if level.integrated <= -70.0 or speech.integrated <= -70.0:
                gain = 0.0
            else:
                gain = min(
                    speech.integrated - level.integrated, -MATCH_HEADROOM_DB - level.sample_peak
                )
            episode[position : position + len(sound)] = apply_gain(sound, gain)
            peak = max(peak, level.sample_peak + gain)
        return bytes(episode), Loudness(speech.integrated, peak)

    def abort(self) -> None:
        """Stop ffmpeg after a failure elsewhere; nothing was written to disk."""
        self._process.kill()
        self._process.wait()
        self._reader.join()
        self._stderr.close()


def loudness_filter(measured: Loudness, fmt: AudioFormat) -> str | None:
    """The ffmpeg filter chain that brings levelled audio to the target, given its loudness
    ``measured``: a gain, and a limiter when the gain would push peaks over the ceiling."""
    if measured.integrated <= -70.0:
        return None  # silence: nothing to normalize
    gain = fmt.target_lufs - measured.integrated + MP3_LOUDNESS_LOSS_DB
    ceiling = fmt.max_true_peak - LIMITER_MARGIN_DB
    chain = [f"volume={gain:.2f}dB"]
    if measured.sample_peak + gain > ceiling:
        chain.append(f"alimiter=limit={10 ** (ceiling / 20):.4f}:level=false:attack=5:release=50")
    return ",".join(chain)


def encode_mp3(
    audio: EpisodeAudio,
    dest: Path,
    fmt: AudioFormat,
    ffmpeg: str,
    filters: str | None = None,
    *,
    measure: bool = False,
) -> float | None:
    """Encode once to mono CBR MP3 at ``dest`` (a temporary path: the caller renames it).

    ``measure``: also measure, in the same run, the integrated loudness of what goes into the
    encoder (after ``filters``), and return it; a limiter's effect is known only afterwards.
    """
    if measure:
        chain = f"{filters}," if filters else ""
        graph = f"[0:a]{chain}asplit=2[mp3][m];[m]ebur128=dualmono=false:framelog=quiet,anullsink"
        route = ["-filter_complex", graph, "-map", "[mp3]"]
    else:
        route = ["-af", filters] if filters else []
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info" if measure else "error",
        "-y", *ONE_THREAD, "-f", "s16le", "-ar", str(audio.sample_rate), "-ac", "1",
        "-i", "pipe:0", *route,
        "-c:a", "libmp3lame", "-b:a", f"{fmt.bitrate_kbps}k",
        "-compression_level", str(fmt.encoder_quality), "-ar", str(fmt.sample_rate),
        "-ac", "1", "-write_xing", "1", "-id3v2_version", "0", "-map_metadata", "-1",
        "-f", "mp3", str(dest),
    ]  # fmt: skip
    result = run_ffmpeg(command, audio.pcm)
    if result.returncode != 0:
        raise AudioError(ffmpeg_failure(result.stderr, "encode the MP3", dest))
    if not measure:
        return None
    found = _INTEGRATED.findall(result.stderr.decode("utf-8", "replace"))
    return float(found[-1]) if found and found[-1] != "-inf" else None


# How far the encoder's input may miss its intended loudness before the episode is encoded
# once more with the gain corrected (only a limiter that had to work hard makes it miss).
ENCODE_TOLERANCE_LU = 0.4
LIMITER_WORKS_HARD_DB = 1.0  # peaks this far over the ceiling: measure what the limiter did


def encode_at_target(
    audio: EpisodeAudio, dest: Path, fmt: AudioFormat, ffmpeg: str, measured: Loudness
) -> int:
    """Encode ``audio`` (levelled, measured at ``measured``) at the target loudness.

    The gain is exact unless the limiter has to act hard; then the encoder's input is measured
    in the same run, and when the limiter pulled it more than ``ENCODE_TOLERANCE_LU``
    under the target, the gain is corrected and the episode encoded again. Returns how many
    encodes it took (1 or 2).
    """
    filters = loudness_filter(measured, fmt)
    gain = fmt.target_lufs - measured.integrated + MP3_LOUDNESS_LOSS_DB
    over = measured.sample_peak + gain - (fmt.max_true_peak - LIMITER_MARGIN_DB)
    # Peaks a decibel over the ceiling or less cost under 0.1 LU (the usual case: measuring
    # would add a fifth to the encode for nothing); more, and the result must be measured.
    hard = filters is not None and over > LIMITER_WORKS_HARD_DB
    actual = encode_mp3(audio, dest, fmt, ffmpeg, filters, measure=hard)
    wanted = fmt.target_lufs + MP3_LOUDNESS_LOSS_DB
    if actual is None or abs(actual - wanted) <= ENCODE_TOLERANCE_LU:
        return 1
    corrected = Loudness(measured.integrated - (wanted - actual), measured.sample_peak)
    encode_mp3(audio, dest, fmt, ffmpeg, loudness_filter(corrected, fmt))
    return 2


def write_tags(path: Path, tags: EpisodeTags, extras: EpisodeExtras | None = None) -> None:
    """ID3v2.3 tags with mutagen: pydub would write the comment as TXXX, which players ignore.

    Chapters are CHAP frames under one ordered CTOC (ID3v2 Chapter Frame Addendum), with
    their times in milliseconds and a TIT2 title each.
    """
    from mutagen.id3 import (
        APIC,
        CHAP,
        COMM,
        CTOC,
        ID3,
        TALB,
        TCOP,
        TDRC,
        TIT2,
        TLAN,
        TPE1,
        USLT,
        CTOCFlags,
    )

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
    extras = extras or EpisodeExtras()
    if extras.transcript:
        id3.add(USLT(encoding=1, lang=tags.language, desc="", text=extras.transcript))
    if extras.cover:
        id3.add(APIC(encoding=0, mime=extras.cover_mime, type=3, desc="", data=extras.cover))
    if extras.chapters:
        ids = [f"chp{index}" for index in range(len(extras.chapters))]
        id3.add(
            CTOC(
                element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids, sub_frames=[TIT2(encoding=1, text=tags.title)],
            )
        )  # fmt: skip
        for element_id, chapter in zip(ids, extras.chapters, strict=True):
            id3.add(
                CHAP(
                    element_id=element_id,
                    start_time=round(chapter.start * 1000), end_time=round(chapter.end * 1000),
                    start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                    sub_frames=[TIT2(encoding=1, text=chapter.title)],
                )
            )  # fmt: skip
    try:
        id3.save(path, v2_version=3)
    except OSError as exc:
        raise AudioError(f"cannot tag {path.name}: {exc.strerror}") from None


MAX_SOUND_SECONDS = 180.0  # an intro or outro longer than this is not a jingle


def decode_sound(path: Path, sample_rate: int, ffmpeg: str) -> bytes:
    """A feed's intro or outro (any file ffmpeg reads) as mono PCM at the episode rate."""
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", *ONE_THREAD,
        "-t", str(MAX_SOUND_SECONDS + 1), "-i", str(path), "-map", "0:a:0", "-vn",
        "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1",
    ]  # fmt: skip
    result = run_ffmpeg(command)
    if result.returncode != 0 or not result.stdout:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        why = lines[-1] if lines else "it has no audio"
        raise AudioError(f"{path} cannot be read as audio ({why}): give an MP3, WAV or FLAC file")
    if len(result.stdout) > MAX_SOUND_SECONDS * sample_rate * SAMPLE_WIDTH:
        raise AudioError(
            f"{path} is longer than {MAX_SOUND_SECONDS:.0f} s: an intro or outro is a jingle, "
            "not a programme"
        )
    return result.stdout


def measure(pcm: bytes, sample_rate: int, ffmpeg: str) -> Loudness:
    """Integrated loudness and sample peak of mono PCM as it is (no leveller)."""
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *ONE_THREAD,
        "-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0",
        "-af", "ebur128=peak=sample:dualmono=false:framelog=quiet", "-f", "null", "-",
    ]  # fmt: skip
    result = run_ffmpeg(command, pcm)
    text = result.stderr.decode("utf-8", "replace")
    integrated, peak = _INTEGRATED.findall(text), _PEAK.findall(text)
    if result.returncode != 0 or not integrated:
        raise AudioError("ffmpeg could not measure the loudness of a voice")
    return Loudness(float(integrated[-1]), float(peak[-1]) if peak else 0.0)


# Headroom kept when a quiet voice is raised to meet the others: its peaks stay this far
# under full scale, before the leveller and the final limiter.
MATCH_HEADROOM_DB = 1.0


def matching_gains(measured: dict[str, Loudness]) -> dict[str, float]:
    """Gains (dB) that bring every voice (and jingle) of one episode to the same loudness.

    Engines differ by 10 dB and more (piper peak-normalizes, espeak sits near −19 LUFS,
    online voices arrive quieter), and the leveller after this is level dependent: voices
    must meet before it. They meet at the loudest level every voice reaches without clipping,
    so no voice is raised into distortion; the episode's gain then sets the final level.
    """
    audible = {k: m for k, m in measured.items() if m.integrated > -70.0}
    if not audible:
        return dict.fromkeys(measured, 0.0)
    common = min(m.integrated - m.sample_peak - MATCH_HEADROOM_DB for m in audible.values())
    return {k: (common - m.integrated if k in audible else 0.0) for k, m in measured.items()}


def apply_gain(pcm: bytes, gain_db: float) -> bytes:
    """``pcm`` made louder or quieter by ``gain_db``, clipped to 16 bits."""
    if abs(gain_db) < 0.01 or not pcm:
        return pcm
    import numpy as np

    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % SAMPLE_WIDTH], dtype="<i2")
    scaled = np.rint(samples * (10 ** (gain_db / 20)))
    return np.clip(scaled, -32768, 32767).astype("<i2").tobytes()


@dataclass(frozen=True)
class BroadcastMeasure:
    """What the broadcast file measures (EBU R128), also written into its bext chunk."""

    integrated: float  # LUFS
    loudness_range: float  # LU
    true_peak: float  # dBTP


_LRA = re.compile(r"LRA:\s+(-?[\d.]+) LU")
# A true-peak ceiling is kept with this margin under the limit: the limiter works on samples.
BROADCAST_PEAK_MARGIN_DB = 0.5


@dataclass(frozen=True)
class BroadcastInfo:
    """What a station's playout system shows of the file (bext and RIFF INFO)."""

    title: str
    originator: str  # the station or newspaper
    reference: str  # a unique id: the episode guid
    made: datetime
    copyright: str | None = None


def write_broadcast_wav(
    episode: EpisodeAudio,
    measured: Loudness,
    dest: Path,
    ffmpeg: str,
    info: BroadcastInfo,
    *,
    loudness: float = -23.0,
    true_peak: float = -1.0,
    channels: int = 2,
    bits: int = 24,
    sample_rate: int = 48000,
) -> BroadcastMeasure:
    """The radio delivery: a Broadcast Wave file (PCM, bext v2 with its loudness), EBU R128.

    ``episode`` is the levelled speech the MP3 is made from and ``measured`` its loudness,
    so one gain brings it to ``loudness``; a limiter holds the true peak under ``true_peak``.
    Two channels are dual mono, measured as two channels (3 dB louder than one), as a
    stereo desk meters them. ffmpeg converts and measures in one run; the file itself is
    written here, as plain PCM (format 1, which every playout reads; ffmpeg would write the
    extensible format for 24 bits) with the measured loudness in its bext chunk.
    """
    gain = loudness - measured.integrated - (10 * math.log10(2) if channels == 2 else 0.0)
    ceiling = true_peak - BROADCAST_PEAK_MARGIN_DB
    chain = [f"volume={gain:.2f}dB"]
    if measured.sample_peak + gain > ceiling - 0.5:
        chain.append(f"alimiter=limit={10 ** (ceiling / 20):.4f}:level=false:attack=5:release=50")
    chain.append(f"aresample={sample_rate}")
    chain.append("pan=stereo|c0=c0|c1=c0" if channels == 2 else "pan=mono|c0=c0")
    graph = f"[0:a]{','.join(chain)},asplit=2[wav][m];[m]ebur128=peak=true:framelog=quiet,anullsink"
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *ONE_THREAD,
        "-f", "s16le", "-ar", str(episode.sample_rate), "-ac", "1", "-i", "pipe:0",
        "-filter_complex", graph, "-map", "[wav]", "-f", f"s{bits}le", "pipe:1",
    ]  # fmt: skip
    fmt_chunk = _wav_fmt(channels, sample_rate, bits)
    bext = _bext(info, BroadcastMeasure(0.0, 0.0, 0.0), channels, sample_rate, bits)
    riff_info = _riff_info(info)
    try:
        with open(dest, "wb") as out:
            out.write(b"RIFF\0\0\0\0WAVE" + fmt_chunk + bext + riff_info + b"data\0\0\0\0")
            data_start = out.tell()
            stderr = _pipe_through_ffmpeg(command, episode.pcm, out)
            data_size = out.tell() - data_start
            if data_size & 1:
                out.write(b"\0")
            text = stderr.decode("utf-8", "replace")
            integrated, peaks = _INTEGRATED.findall(text), _PEAK.findall(text)
            if not integrated or not peaks or data_size == 0:
                raise AudioError(ffmpeg_failure(stderr, "write the broadcast WAV", dest))
            lra = _LRA.findall(text)
            result = BroadcastMeasure(
                float(integrated[-1]), float(lra[-1]) if lra else 0.0, float(peaks[-1])
            )
            riff_size = out.tell() - 8
            if riff_size > 0xFFFFFFFF:
                raise AudioError("the broadcast WAV would exceed 4 GB: the episode is too long")
            out.seek(4)
            out.write(struct.pack("<I", riff_size))
            out.seek(12 + len(fmt_chunk))
            out.write(_bext(info, result, channels, sample_rate, bits))
            out.seek(data_start - 4)
            out.write(struct.pack("<I", data_size))
    except OSError as exc:
        raise AudioError(
            ffmpeg_failure(str(exc).encode(), "write the broadcast WAV", dest)
        ) from None
    return result


def _pipe_through_ffmpeg(command: list[str], data: bytes, out: BinaryIO) -> bytes:
    """Feed ``data`` to ffmpeg from a thread while its output streams into ``out``."""
    with tempfile.TemporaryFile() as messages:
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=messages
            )
        except OSError as exc:
            raise AudioError(f"cannot run ffmpeg: {exc.strerror}") from None
        assert process.stdin is not None and process.stdout is not None

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.write(data)  # type: ignore[union-attr]
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()  # type: ignore[union-attr]

        writer = threading.Thread(target=feed, name="broadcast-feed", daemon=True)
        writer.start()
        try:
            shutil.copyfileobj(process.stdout, out, 1 << 20)
        except BaseException:
            process.kill()  # the feeding thread is blocked on a pipe nobody reads any more
            raise
        finally:
            writer.join()
            code = process.wait()
        messages.seek(0)
        text = messages.read()
        return text if code == 0 else text + b"\nConversion failed"


def _wav_fmt(channels: int, sample_rate: int, bits: int) -> bytes:
    block = channels * bits // 8
    body = struct.pack("<HHIIHH", 1, channels, sample_rate, sample_rate * block, block, bits)
    return b"fmt " + struct.pack("<I", len(body)) + body


def _ascii(text: str, size: int) -> bytes:
    """bext fields are ASCII: Vietnamese letters lose their marks (đ → d), controls go."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if 32 <= ord(ch) < 127)
    return plain.encode("ascii")[:size].ljust(size, b"\0")


def _bext(
    info: BroadcastInfo, measure: BroadcastMeasure, channels: int, sample_rate: int, bits: int
) -> bytes:
    """A bext chunk, version 2 (EBU Tech 3285), with the loudness the file measures."""

    def hundredths(value: float) -> int:
        return max(-32768, min(32767, round(value * 100)))

    levels = (measure.integrated, measure.loudness_range, measure.true_peak)
    # Max momentary and short-term loudness are not measured: 0x7FFF marks them unset.
    loudness = struct.pack("<5h", *(hundredths(v) for v in levels), 0x7FFF, 0x7FFF)
    mode = "stereo" if channels == 2 else "mono"
    history = f"A=PCM,F={sample_rate},W={bits},M={mode},T=narrate\r\n".encode("ascii")
    body = b"".join(
        (
            _ascii(info.title, 256),
            _ascii(info.originator, 32),
            _ascii(info.reference, 32),
            info.made.strftime("%Y-%m-%d").encode("ascii"),
            info.made.strftime("%H:%M:%S").encode("ascii"),
            struct.pack("<QH", 0, 2),  # time reference, version
            bytes(64),  # no UMID
            loudness,
            bytes(180),
            history,
        )
    )
    if len(body) & 1:
        body += b"\0"
    return b"bext" + struct.pack("<I", len(body)) + body


def _riff_info(info: BroadcastInfo) -> bytes:
    """RIFF INFO with the title and originator in UTF-8, which most editors display."""
    entries = [(b"INAM", info.title), (b"IART", info.originator)]
    if info.copyright:
        entries.append((b"ICOP", info.copyright))
    body = b"INFO"
    for ident, text in entries:
        value = "".join(ch for ch in text if ch >= " ").encode("utf-8")[:1000] + b"\0"
        body += ident + struct.pack("<I", len(value)) + value + (b"\0" if len(value) & 1 else b"")
    return b"LIST" + struct.pack("<I", len(body)) + body
