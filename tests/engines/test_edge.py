"""The edge engine against a local stand-in for Microsoft's websocket: edge-tts's own client code
runs (URL, DRM token, headers, SSML, frame parsing), only the host it talks to is replaced
(``edge_tts.communicate.WSS_URL``). No test touches the internet.
"""

from __future__ import annotations

import contextlib
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import formatdate

import pytest
from edge_tts.constants import SEC_MS_GEC_VERSION, TRUSTED_CLIENT_TOKEN
from edge_tts.drm import DRM, generate_sec_ms_gec_v2

import narrate.engines.edge as edge_module
from narrate.config import EngineSettings
from narrate.engines import create_engine, describe_engine
from narrate.engines.edge import EdgeEngine, reachable
from narrate.errors import EngineError
from tests.fake_edge import (
    PATH,
    SSML_NS,
    TONE_SECONDS,
    FakeEdge,
    Reply,
    make_tone_mp3,
    point_edge_at,
    serve_fake_edge,
)
from tests.fake_google import closed_port

TEXT = "Sáng nay, hội nông dân huyện tổ chức hội thảo về giống lúa mới."
HOAIMY = "Microsoft Server Speech Text to Speech Voice (vi-VN, HoaiMyNeural)"
NAMMINH = "Microsoft Server Speech Text to Speech Voice (vi-VN, NamMinhNeural)"


@pytest.fixture(scope="module")
def edge_mp3() -> bytes:
    return make_tone_mp3()


@pytest.fixture
def edge(edge_mp3: bytes, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdge]:
    """Microsoft's speech websocket, played by a local aiohttp server for one test."""
    with serve_fake_edge(edge_mp3, monkeypatch) as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    return []


def engine(sleeps: list[float], **options: object) -> EdgeEngine:
    """An engine whose backoff waits are recorded, never slept."""
    return EdgeEngine(sleep=sleeps.append, **options)  # type: ignore[arg-type]


def seconds(pcm: bytes, rate: int = 24000) -> float:
    return len(pcm) / 2 / rate


def one_line(caught: pytest.ExceptionInfo[EngineError]) -> str:
    message = str(caught.value)
    assert "\n" not in message and message.endswith("use the offline voice: --engine espeak")
    return message


def test_speaks_through_edge_tts_and_decodes_to_24khz_pcm(edge: FakeEdge, sleeps: list) -> None:
    pcm = engine(sleeps).synthesize(unicodedata.normalize("NFD", TEXT))
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)
    assert sleeps == [] and len(edge.requests) == 1
    request = edge.requests[0]
    assert request.text == TEXT  # NFC, as written
    assert request.voice == HOAIMY
    assert (request.rate, request.pitch) == ("+0%", "+0Hz")
    output = request.config["context"]["synthesis"]["audio"]["outputFormat"]  # type: ignore[index]
    assert output == "audio-24khz-48kbitrate-mono-mp3"


def test_the_real_client_builds_its_url_token_and_headers(edge: FakeEdge, sleeps: list) -> None:
    engine(sleeps).synthesize(TEXT)
    request = edge.requests[0]
    assert request.path == PATH
    assert request.query["TrustedClientToken"] == TRUSTED_CLIENT_TOKEN
    assert request.query["Sec-MS-GEC-Version"] == SEC_MS_GEC_VERSION
    assert len(request.query["ConnectionId"]) == 32
    now = time.time() + DRM.clock_skew_seconds
    assert request.query["Sec-MS-GEC"] in {generate_sec_ms_gec_v2(now - d) for d in (0, 300)}
    assert request.headers["Origin"] == "chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold"
    assert "Edg/" in request.headers["User-Agent"]
    assert request.headers["Cookie"].startswith("muid=")


@pytest.mark.parametrize(
    ("rate", "pitch", "prosody"),
    [(1.25, 5, ("+25%", "+5Hz")), (0.8, -10, ("-20%", "-10Hz")), (1.15, 0, ("+15%", "+0Hz"))],
)
def test_rate_and_pitch_reach_the_ssml(
    edge: FakeEdge, sleeps: list, rate: float, pitch: int, prosody: tuple[str, str]
) -> None:
    engine(sleeps, rate=rate, pitch=pitch).synthesize(TEXT)
    assert (edge.requests[0].rate, edge.requests[0].pitch) == prosody


@pytest.mark.parametrize(
    ("voice", "sent"),
    [
        (None, HOAIMY),
        ("hoaimy", HOAIMY),
        ("HoaiMy", HOAIMY),
        ("vi-VN-HoaiMyNeural", HOAIMY),
        ("namminh", NAMMINH),
        ("NAMMINH", NAMMINH),
        ("vi-vn-namminhneural", NAMMINH),
    ],
)
def test_voice_names_long_short_and_any_case(
    edge: FakeEdge, sleeps: list, voice: str | None, sent: str
) -> None:
    built = engine(sleeps, voice=voice)
    assert built.voice in ("vi-VN-HoaiMyNeural", "vi-VN-NamMinhNeural")
    built.synthesize(TEXT)
    assert edge.requests[0].voice == sent


def test_an_unknown_voice_lists_the_voices() -> None:
    with pytest.raises(EngineError, match=r"edge has no voice 'north': choose one of vi-VN-Hoai"):
        create_engine(EngineSettings(name="edge", voice="north"))


def test_untrusted_text_is_spoken_as_text_never_as_ssml(edge: FakeEdge, sleeps: list) -> None:
    hostile = (
        "Giá <b>vàng</b> & \"bạc\" 'đồng' tăng 5% </prosody></voice>"
        "<voice name='en-US-GuyNeural'>hi</voice> &amp; <!-- x --> ]]> \x0b cuối"
    )
    engine(sleeps).synthesize(hostile)
    request = edge.requests[0]
    speak = ET.fromstring(request.ssml)  # still well-formed XML
    assert len(speak.findall(f"{SSML_NS}voice")) == 1
    assert request.voice == HOAIMY
    # Every character reaches the voice as text (edge-tts turns the vertical tab, which XML
    # forbids, into a space).
    assert request.text == hostile.replace("\x0b", " ")


@pytest.mark.parametrize("text", ["", "   \n", " … ", "?!"])
def test_nothing_to_say_sends_no_request(edge: FakeEdge, sleeps: list, text: str) -> None:
    assert engine(sleeps).synthesize(text) == b""
    assert edge.requests == []


def test_a_503_is_retried_after_a_jittered_backoff(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(503), Reply())
    pcm = engine(sleeps, backoff=0.5).synthesize(TEXT)
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)
    assert len(edge.requests) == 2
    assert len(sleeps) == 1 and 0.0 <= sleeps[0] <= 0.5


def test_retry_after_of_a_429_is_honoured(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(429, {"Retry-After": "7"}), Reply())
    engine(sleeps).synthesize(TEXT)
    assert sleeps == [7.0] and len(edge.requests) == 2


def test_a_retry_after_of_an_hour_fails_at_once(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(429, {"Retry-After": "3600"}))
    with pytest.raises(EngineError) as caught:
        engine(sleeps).synthesize(TEXT)
    assert "asks to wait 3600 s (HTTP 429)" in one_line(caught)
    assert len(edge.requests) == 1 and sleeps == []


def test_a_failing_service_gives_up_after_its_tries_in_one_line(
    edge: FakeEdge, sleeps: list
) -> None:
    edge.script(Reply(503))
    with pytest.raises(EngineError) as caught:
        engine(sleeps, retries=3, backoff=0.5).synthesize(TEXT)
    message = one_line(caught)
    assert "is failing (HTTP 503 after 3 tries)" in message
    assert "Microsoft may have changed its unofficial endpoint" in message
    assert "network may be down" in message
    assert len(edge.requests) == 3
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0


def test_a_403_gets_clock_advice_and_is_not_retried(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(403))
    with pytest.raises(EngineError) as caught:
        engine(sleeps).synthesize(TEXT)
    message = one_line(caught)
    assert "rejected its access token (HTTP 403)" in message and "clock" in message
    assert sleeps == []
    # edge-tts itself tries once more after correcting its clock by the server's Date.
    assert len(edge.requests) == 2


def test_a_403_from_a_wrong_clock_is_corrected_by_edge_tts(edge: FakeEdge, sleeps: list) -> None:
    """The server's Date says our clock is an hour slow: edge-tts's DRM code adjusts, and the
    second handshake carries a token for the server's time."""
    hour_ahead = time.time() + 3600
    edge.script(Reply(403, {"Date": formatdate(hour_ahead, usegmt=True)}), Reply())
    pcm = engine(sleeps).synthesize(TEXT)
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)
    assert sleeps == [] and len(edge.requests) == 2
    first, second = (r.query["Sec-MS-GEC"] for r in edge.requests)
    assert first != second
    assert second in {generate_sec_ms_gec_v2(hour_ahead + d) for d in (-300, 0, 300)}


def test_a_changed_endpoint_is_not_retried(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(404))
    with pytest.raises(EngineError) as caught:
        engine(sleeps).synthesize(TEXT)
    message = one_line(caught)
    assert "refused the connection (HTTP 404" in message and "update edge-tts" in message
    assert len(edge.requests) == 1 and sleeps == []


def test_a_stream_cut_mid_sentence_is_retried_not_kept(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(cut_after=1), Reply())
    pcm = engine(sleeps).synthesize(TEXT)
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)  # the whole tone
    assert len(edge.requests) == 2 and len(sleeps) == 1


def test_a_stream_always_cut_short_gives_up(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(cut_after=1))
    with pytest.raises(EngineError) as caught:
        engine(sleeps, retries=2).synthesize(TEXT)
    assert "cuts the audio short (audio stopped at 0." in one_line(caught)
    assert "after 2 tries" in str(caught.value)


def test_an_answer_without_audio_is_retried(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(audio=False), Reply())
    pcm = engine(sleeps).synthesize(TEXT)
    assert seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15)
    assert len(edge.requests) == 2 and len(sleeps) == 1


def test_a_stalled_server_times_out_within_bounds(edge: FakeEdge, sleeps: list) -> None:
    edge.script(Reply(stall=10.0))
    started = time.monotonic()
    with pytest.raises(EngineError) as caught:
        engine(sleeps, timeout=0.3, retries=2).synthesize(TEXT)
    assert time.monotonic() - started < 5.0  # not the 10 s stall, nor aiohttp's 10 s close
    assert "is unreachable (timed out after 2 tries of 0.3 s)" in one_line(caught)
    assert len(edge.requests) == 2


def test_an_unresolvable_host_is_one_unreachable_line(
    monkeypatch: pytest.MonkeyPatch, sleeps: list
) -> None:
    point_edge_at("ws://nonexistent.invalid/", monkeypatch)
    with pytest.raises(EngineError) as caught:
        engine(sleeps, retries=2).synthesize(TEXT)
    message = one_line(caught)
    assert "is unreachable (cannot resolve nonexistent.invalid after 2 tries)" in message
    assert "check the network" in message and len(sleeps) == 1


def test_a_closed_port_is_no_connection(monkeypatch: pytest.MonkeyPatch, sleeps: list) -> None:
    point_edge_at(f"ws://127.0.0.1:{closed_port()}{PATH}?x=1", monkeypatch)
    with pytest.raises(EngineError) as caught:
        engine(sleeps, retries=2).synthesize(TEXT)
    assert "is unreachable (no connection after 2 tries)" in one_line(caught)


@contextlib.contextmanager
def counted(gate: threading.BoundedSemaphore, held: list[int]) -> Iterator[None]:
    with gate:
        held[0] += 1
        try:
            yield
        finally:
            held[0] -= 1


def test_the_gate_bounds_requests_in_flight_across_threads(edge: FakeEdge) -> None:
    edge.latency = 0.3
    gate = threading.BoundedSemaphore(2)
    held = [0]
    speaker = EdgeEngine(request_gate=lambda: counted(gate, held))
    results: dict[int, bytes] = {}

    def speak(index: int) -> None:
        results[index] = speaker.synthesize(f"Câu số {index}.")

    threads = [threading.Thread(target=speak, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == list(range(6))
    assert all(seconds(pcm) == pytest.approx(TONE_SECONDS, abs=0.15) for pcm in results.values())
    assert sorted(r.text for r in edge.requests) == sorted(f"Câu số {i}." for i in range(6))
    assert edge.max_in_flight == 2  # never more than the gate allows, and not one at a time


def test_the_gate_is_not_held_while_decoding_or_waiting_to_retry(
    edge: FakeEdge, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.BoundedSemaphore(1)
    held = [0]
    entered: list[int] = []
    while_decoding: list[int] = []
    while_waiting: list[int] = []
    real_decode = edge_module.decode_mp3

    @contextlib.contextmanager
    def watched() -> Iterator[None]:
        with counted(gate, held):
            entered.append(held[0])
            yield

    def decode(*args: object, **kwargs: object) -> bytes:
        while_decoding.append(held[0])
        return real_decode(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(edge_module, "decode_mp3", decode)
    edge.script(Reply(503), Reply())
    speaker = EdgeEngine(request_gate=watched, sleep=lambda s: while_waiting.append(held[0]))
    speaker.synthesize(TEXT)
    assert entered == [1, 1]  # one hold per attempt
    assert while_waiting == [0] and while_decoding == [0]


def test_identity_changes_with_everything_that_changes_the_sound() -> None:
    identities = {
        EdgeEngine().identity(),
        EdgeEngine(voice="namminh").identity(),
        EdgeEngine(rate=1.3).identity(),
        EdgeEngine(pitch=5).identity(),
        EdgeEngine(sample_rate=22050).identity(),
    }
    assert len(identities) == 5
    assert EdgeEngine().identity() == EdgeEngine(voice="HOAIMY").identity()
    assert "voice=vi-VN-NamMinhNeural" in EdgeEngine(voice="namminh").identity()


def test_create_engine_builds_edge_with_its_own_pitch(edge: FakeEdge) -> None:
    built = create_engine(EngineSettings(name="edge", rate=1.1, options=(("pitch", 5),)))
    assert isinstance(built, EdgeEngine)
    assert (built.name, built.voice, built.sample_rate, built.pitch) == (
        "edge", "vi-VN-HoaiMyNeural", 24000, 5
    )  # fmt: skip
    assert (built.parallel, built.max_concurrency, built.offline) == ("threads", 4, False)
    assert built.max_chars * 5 <= 4096  # one SSML request even if every character escapes
    built.synthesize(TEXT)
    assert (edge.requests[0].rate, edge.requests[0].pitch) == ("+10%", "+5Hz")


def test_an_unknown_setting_fails_in_one_line() -> None:
    with pytest.raises(EngineError) as caught:
        create_engine(EngineSettings(name="edge", options=(("speed", 2),)))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("engine edge has no setting 'speed'") and "pitch" in message


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((("pitch", 80),), r"pitch 80 Hz is out of range: use -50 to 50"),
        ((("pitch", 2.5),), r"pitch must be a whole number of Hz, got 2.5"),
        ((("pitch", "high"),), r"pitch must be a whole number of Hz, got 'high'"),
    ],
)
def test_a_bad_pitch_fails_in_one_line(options: tuple, expected: str) -> None:
    with pytest.raises(EngineError, match=expected):
        create_engine(EngineSettings(name="edge", options=options))


def test_a_rate_out_of_range_fails() -> None:
    with pytest.raises(EngineError, match=r"rate 5\.0 is out of range"):
        EdgeEngine(rate=5.0)


def test_microsoft_audio_is_decoded_straight_to_the_episode_rate(edge: FakeEdge) -> None:
    built = create_engine(EngineSettings(name="edge"), sample_rate=22050)
    assert built.sample_rate == 22050 and ":sr=22050" in built.identity()
    assert seconds(built.synthesize(TEXT), 22050) == pytest.approx(TONE_SECONDS, abs=0.15)


def test_describe_without_the_network_check_assumes_usable() -> None:
    info = EdgeEngine.describe(check_network=False)
    assert info.usable and "not checked" in info.why and not info.offline
    voices = {v.name: v.description for v in info.voices}
    assert set(voices) == {"vi-VN-HoaiMyNeural", "vi-VN-NamMinhNeural"}
    assert voices["vi-VN-HoaiMyNeural"].startswith("female")
    assert voices["vi-VN-NamMinhNeural"].startswith("male")
    assert all(v.language == "vi-VN" for v in info.voices)


def test_describe_an_unreachable_service_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    point_edge_at(f"ws://127.0.0.1:{closed_port()}{PATH}?x=1", monkeypatch)
    started = time.monotonic()
    info = describe_engine("edge")
    assert time.monotonic() - started < 5.0
    assert not info.usable and len(info.voices) == 2
    assert "check the network" in info.why and "--engine espeak" in info.why


def test_describe_a_service_that_speaks_is_usable(edge: FakeEdge) -> None:
    assert describe_engine("edge").usable
    assert len(edge.requests) == 1  # one tiny real synthesis


def test_reachable_keeps_its_timeout_when_the_service_stalls(edge: FakeEdge) -> None:
    edge.script(Reply(stall=10.0))
    started = time.monotonic()
    assert reachable(timeout=0.3) is False
    assert time.monotonic() - started < 4.0  # not the 10 s stall
