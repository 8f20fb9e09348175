"""The gtts engine against a local stand-in for Google: gTTS's own request and parsing code runs,
only the host it talks to is replaced (``gtts.tts._translate_url``). No test touches the internet.
"""

from __future__ import annotations

import time
import unicodedata

import pytest

from narrate.config import EngineSettings
from narrate.engines import create_engine
from narrate.engines.gtts import SLOW_SPEED, GttsEngine, reachable
from narrate.errors import EngineError
from tests.fake_google import (
    TONE_SECONDS,
    FakeGoogle,
    Reply,
    Request,
    closed_port,
    point_gtts_at,
)

TEXT = "Sáng nay, hội nông dân huyện tổ chức hội thảo về giống lúa mới."


@pytest.fixture
def sleeps() -> list[float]:
    return []


def engine(sleeps: list[float], **options: object) -> GttsEngine:
    """An engine whose backoff waits are recorded, never slept."""
    return GttsEngine(sleep=sleeps.append, **options)  # type: ignore[arg-type]


def seconds(pcm: bytes) -> float:
    return len(pcm) / 2 / 24000


def test_speaks_through_gtts_and_decodes_to_24khz_pcm(google: FakeGoogle, sleeps: list) -> None:
    decomposed = unicodedata.normalize("NFD", TEXT)
    pcm = engine(sleeps).synthesize(decomposed)
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)
    assert google.requests == [Request(unicodedata.normalize("NFC", TEXT), "vi", None)]
    assert sleeps == []


@pytest.mark.parametrize("text", ["", "   \n", " … "])
def test_nothing_to_say_sends_no_request(google: FakeGoogle, sleeps: list, text: str) -> None:
    assert engine(sleeps).synthesize(text) == b""
    assert google.requests == []


def test_a_429_is_retried_after_a_jittered_backoff(google: FakeGoogle, sleeps: list) -> None:
    google.script(Reply(429), Reply())
    pcm = engine(sleeps, backoff=0.5).synthesize(TEXT)
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)
    assert len(google.requests) == 2
    assert len(sleeps) == 1 and 0.0 <= sleeps[0] <= 0.5


@pytest.mark.parametrize("header", ["7", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_retry_after_is_honoured(google: FakeGoogle, sleeps: list, header: str) -> None:
    google.script(Reply(429, {"Retry-After": header}), Reply())
    engine(sleeps).synthesize(TEXT)
    assert sleeps == [7.0 if header == "7" else 0.0]  # a date in the past: go now


def test_a_retry_after_of_an_hour_fails_at_once(google: FakeGoogle, sleeps: list) -> None:
    google.script(Reply(429, {"Retry-After": "3600"}))
    with pytest.raises(EngineError, match=r"asks to wait 3600 s.*--engine espeak"):
        engine(sleeps).synthesize(TEXT)
    assert len(google.requests) == 1 and sleeps == []


def test_a_failing_server_gives_up_after_retries_in_one_line(
    google: FakeGoogle, sleeps: list
) -> None:
    google.script(Reply(500))
    with pytest.raises(EngineError) as caught:
        engine(sleeps, retries=3, backoff=0.5).synthesize(TEXT)
    message = str(caught.value)
    assert "\n" not in message
    assert "HTTP 500" in message and "3 tries" in message and "--engine espeak" in message
    assert len(google.requests) == 3
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0


def test_a_403_is_not_retried(google: FakeGoogle, sleeps: list) -> None:
    google.script(Reply(403))
    with pytest.raises(EngineError, match=r"refused the request \(HTTP 403.*--engine espeak"):
        engine(sleeps).synthesize(TEXT)
    assert len(google.requests) == 1 and sleeps == []


def test_a_reply_without_audio_is_not_retried(google: FakeGoogle, sleeps: list) -> None:
    google.script(Reply(body=b")]}'\n\n[]\n"))
    with pytest.raises(EngineError, match="without audio"):
        engine(sleeps).synthesize(TEXT)
    assert len(google.requests) == 1


def test_a_stalled_server_times_out_quickly(google: FakeGoogle, sleeps: list) -> None:
    google.script(Reply(delay=5.0))
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"unreachable \(timed out after 2 tries of 0.3 s\)"):
        engine(sleeps, timeout=0.3, retries=2).synthesize(TEXT)
    assert time.monotonic() - started < 4.0  # the 5 s stall was cut short
    assert len(google.requests) == 2


def test_a_closed_port_is_no_connection(monkeypatch: pytest.MonkeyPatch, sleeps: list) -> None:
    point_gtts_at(f"http://127.0.0.1:{closed_port()}/", monkeypatch)
    with pytest.raises(EngineError, match=r"unreachable \(no connection after 2 tries\)"):
        engine(sleeps, retries=2).synthesize(TEXT)


def test_rate_speeds_up_with_atempo(google: FakeGoogle, sleeps: list) -> None:
    normal = seconds(engine(sleeps).synthesize(TEXT))
    fast = seconds(engine(sleeps, rate=1.5).synthesize(TEXT))
    assert fast == pytest.approx(normal / 1.5, rel=0.05)
    assert [r.slow for r in google.requests] == [None, None]


def test_slow_rates_ask_google_for_its_slow_voice(google: FakeGoogle, sleeps: list) -> None:
    slow = engine(sleeps, rate=0.6)
    assert slow.slow and slow.tempo == pytest.approx(0.6 / SLOW_SPEED)
    stretched = seconds(slow.synthesize(TEXT))
    assert google.requests[0].slow is True
    # The fake sends the same tone for both speeds: only the atempo part shows here.
    assert stretched == pytest.approx(TONE_SECONDS / slow.tempo, rel=0.05)


def test_identity_changes_with_everything_that_changes_the_sound() -> None:
    identities = {
        GttsEngine().identity(),
        GttsEngine(rate=1.3).identity(),
        GttsEngine(rate=0.6).identity(),
        GttsEngine(tld="com.vn").identity(),
    }
    assert len(identities) == 4
    assert GttsEngine().identity() == GttsEngine(voice="default").identity()


def test_an_unknown_voice_lists_the_voices() -> None:
    with pytest.raises(EngineError, match=r"gtts has no voice 'north': choose one of default"):
        create_engine(EngineSettings(name="gtts", voice="north"))


def test_create_engine_builds_gtts() -> None:
    built = create_engine(EngineSettings(name="gtts"))
    assert isinstance(built, GttsEngine)
    assert (built.name, built.voice, built.sample_rate, built.max_chars) == (
        "gtts", "default", 24000, 100
    )  # fmt: skip
    assert (built.parallel, built.max_concurrency) == ("threads", 4)


def test_reachable_when_the_service_speaks(google: FakeGoogle) -> None:
    assert reachable(timeout=2.0) is True


def test_unreachable_when_nothing_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    point_gtts_at(f"http://127.0.0.1:{closed_port()}/", monkeypatch)
    started = time.monotonic()
    assert reachable(timeout=1.0) is False
    assert time.monotonic() - started < 4.0


def test_reachable_keeps_its_timeout_when_the_service_stalls(google: FakeGoogle) -> None:
    google.script(Reply(delay=5.0))
    started = time.monotonic()
    assert reachable(timeout=0.3) is False
    assert time.monotonic() - started < 4.0  # not the 5 s stall


def test_google_audio_is_decoded_straight_to_the_episode_rate(google: FakeGoogle) -> None:
    engine = create_engine(EngineSettings(name="gtts"), sample_rate=22050)
    assert engine.sample_rate == 22050 and ":sr=22050" in engine.identity()
    pcm = engine.synthesize(TEXT)
    assert len(pcm) / 2 / 22050 == pytest.approx(TONE_SECONDS, abs=0.15)
