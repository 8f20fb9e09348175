import math
from array import array
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode

from narrate import audio
from narrate.config import EngineSettings
from narrate.engines import create_engine
from tests.conftest import decoded_seconds

FMT = audio.AudioFormat()


def tone(seconds: float, rate: int = 22050) -> bytes:
    """A loud square wave, so silence and signal are easy to tell apart."""
    period = 50
    one = (8000).to_bytes(2, "little", signed=True) * (period // 2)
    other = (-8000).to_bytes(2, "little", signed=True) * (period // 2)
    samples = round(seconds * rate)
    return ((one + other) * (samples // period + 1))[: samples * 2]


def test_join_records_where_every_clip_starts() -> None:
    clips = [tone(1.0), tone(0.5), tone(0.25)]
    episode = audio.join(clips, [0.5, 1.0, 0.0], FMT)
    assert episode.segment_starts == pytest.approx(
        [FMT.lead_in, FMT.lead_in + 1.5, FMT.lead_in + 3.0], abs=1e-4
    )
    assert episode.duration == pytest.approx(FMT.lead_in + 3.25 + FMT.tail, abs=1e-4)
    first = round(episode.segment_starts[1] * FMT.sample_rate) * 2
    assert episode.pcm[first : first + 100] == clips[1][:100]
    assert episode.pcm[first - 100 : first] == bytes(100)  # the pause before it is silent


def test_join_is_linear_not_quadratic_in_copies() -> None:
    clips = [tone(0.1)] * 2000
    episode = audio.join(clips, [0.02] * 2000, FMT)
    assert len(episode.segment_starts) == 2000
    assert episode.duration == pytest.approx(FMT.lead_in + FMT.tail + 2000 * 0.12, abs=0.001)


def test_segments_at_another_rate_are_converted_to_the_episode_rate() -> None:
    converted = audio.convert_rate(tone(1.0, 24000), 24000, 22050)
    assert len(converted) / 2 / 22050 == pytest.approx(1.0, abs=0.01)


def sine(freq: float, seconds: float, rate: int) -> bytes:
    samples = round(seconds * rate)
    return array(
        "h", (round(16000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(samples))
    ).tobytes()


def level_db(pcm: bytes, rate: int, freq: float, reference: float) -> float:
    """Peak level near ``freq`` against ``reference`` (Blackman window, middle half)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(float)
    x = x[len(x) // 4 : 3 * len(x) // 4]
    spectrum = np.abs(np.fft.rfft(x * np.blackman(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / rate)

    def peak(f: float) -> float:
        return float(spectrum[(freqs > f - 150) & (freqs < f + 150)].max())

    return 20 * math.log10(peak(freq) / peak(reference))


def test_resampling_leaves_no_audible_alias_image() -> None:
    # A 7 kHz tone at 16 kHz (a piper `low` voice) taken to 22.05 kHz: a poor resampler
    # mirrors it to 16 − 7 = 9 kHz (pydub's audioop.ratecv left it at −4.7 dB).
    converted = audio.convert_rate(sine(7000, 1.0, 16000), 16000, 22050)
    assert len(converted) == 22050 * 2
    assert level_db(converted, 22050, 9000, reference=7000) < -90


def test_resampling_keeps_the_tone_where_it_was() -> None:
    converted = audio.convert_rate(sine(1000, 1.0, 24000), 24000, 22050)
    assert level_db(converted, 22050, 1000, reference=1000) == pytest.approx(0.0)
    assert level_db(converted, 22050, 3000, reference=1000) < -90


def test_encoded_mp3_is_mono_cbr_and_as_long_as_the_pcm(tmp_path: Path) -> None:
    engine = create_engine(EngineSettings())
    clips = [engine.synthesize("Xin chào quý vị."), engine.synthesize("Đây là bản tin.")]
    episode = audio.join(clips, [0.4, 0.0], FMT)
    mp3 = tmp_path / "a.mp3"
    audio.encode_mp3(episode, mp3, FMT, audio.ffmpeg_exe())
    info = MP3(mp3).info
    assert info.channels == 1
    assert info.sample_rate == FMT.sample_rate
    assert info.bitrate_mode == BitrateMode.CBR
    assert info.bitrate == pytest.approx(FMT.bitrate_kbps * 1000, abs=100)
    assert decoded_seconds(mp3) == pytest.approx(episode.duration, abs=0.05)


def test_tags_are_id3v23_with_every_field(tmp_path: Path) -> None:
    mp3 = tmp_path / "a.mp3"
    audio.encode_mp3(audio.join([tone(0.5)], [0.0], FMT), mp3, FMT, audio.ffmpeg_exe())
    date = datetime(2020, 6, 3, 16, 49, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    audio.write_tags(
        mp3,
        audio.EpisodeTags("Tiêu đề bài", "Báo Thử", "Bản tin", date, "Lời dẫn.", "© 2026 Báo"),
    )
    tags = ID3(mp3)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Tiêu đề bài"
    assert str(tags["TPE1"]) == "Báo Thử"
    assert str(tags["TALB"]) == "Bản tin"
    assert str(tags["TDRC"]).startswith("2020-06-03")
    assert tags.getall("COMM")[0].text == ["Lời dẫn."]
    assert str(tags["TCOP"]) == "© 2026 Báo"


def test_a_failing_encode_is_an_audio_error(tmp_path: Path) -> None:
    from narrate.errors import AudioError

    episode = audio.join([tone(0.2)], [0.0], FMT)
    with pytest.raises(AudioError, match="ffmpeg"):
        audio.encode_mp3(episode, tmp_path / "missing-dir" / "a.mp3", FMT, audio.ffmpeg_exe())


def test_an_episode_the_limiter_pulls_under_the_target_is_encoded_again(tmp_path: Path) -> None:
    """Fast, dense speech that skipped the leveller: the gain drives every vowel into the
    limiter, which costs over a decibel; the second encode makes it up."""
    from tests.conftest import measured_loudness

    ffmpeg = audio.ffmpeg_exe()
    engine = create_engine(EngineSettings("espeak", "central", 2.0))
    text = "Bà con nông dân trong xã đã chủ động chuẩn bị giống lúa, phân bón và nước tưới. " * 4
    pcm = audio.convert_rate(engine.synthesize(text), engine.sample_rate, 22050)
    episode = audio.EpisodeAudio(audio.apply_gain(pcm, -6.0), 22050, (0.0,))
    level = audio.measure(episode.pcm, 22050, ffmpeg)
    once = tmp_path / "once.mp3"
    audio.encode_mp3(episode, once, FMT, ffmpeg, audio.loudness_filter(level, FMT))
    missed = measured_loudness(once)[0] - FMT.target_lufs
    assert missed < -audio.ENCODE_TOLERANCE_LU - 0.3  # one pass misses: the test can fail
    target = tmp_path / "target.mp3"
    assert audio.encode_at_target(episode, target, FMT, ffmpeg, level) == 2
    integrated, true_peak = measured_loudness(target)
    assert abs(integrated - FMT.target_lufs) < abs(missed)
    assert integrated == pytest.approx(FMT.target_lufs, abs=1.0)
    assert true_peak <= FMT.max_true_peak


def test_an_episode_the_limiter_spares_is_encoded_once(tmp_path: Path) -> None:
    ffmpeg = audio.ffmpeg_exe()
    pcm = tone(5.0)
    level = audio.measure(pcm, 22050, ffmpeg)
    episode = audio.EpisodeAudio(pcm, 22050, (0.0,))
    assert audio.encode_at_target(episode, tmp_path / "a.mp3", FMT, ffmpeg, level) == 1
