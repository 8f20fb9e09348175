"""Microsoft Edge's online neural voices through edge-tts: the most natural Vietnamese we have.

edge-tts speaks the websocket protocol of Edge's "Read aloud", an undocumented endpoint of
Microsoft's: its access token (``Sec-MS-GEC``) is derived from the clock, so a wrong clock is
refused with 403, and Microsoft may change the protocol without notice. Every call may fail:
it is bounded by an overall timeout, retried with backoff, and ends in one line that points to
the offline voice. The MP3 Microsoft streams is decoded to PCM by ffmpeg through pipes.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import unicodedata
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import TypeVar

import aiohttp
from edge_tts import Communicate
from edge_tts.exceptions import (
    NoAudioReceived,
    SkewAdjustmentError,
    UnexpectedResponse,
    UnknownResponse,
    WebSocketError,
)

from narrate.engines import EngineInfo, Voice, checked_voice
from narrate.engines.mp3 import decode_mp3
from narrate.engines.online import OnlineEngine, describe_online
from narrate.errors import EngineError
from narrate.retry import Failure, Service
from narrate.retry import retry_after as parse_retry_after

log = logging.getLogger(__name__)

# Microsoft's two Vietnamese neural voices. Its voice list gives only their gender (no
# region), so we claim no accent. Short names are what an editor types in a feed file.
VOICES: dict[str, str] = {
    "vi-VN-HoaiMyNeural": "female",
    "vi-VN-NamMinhNeural": "male",
}
SHORT_NAMES: dict[str, str] = {"hoaimy": "vi-VN-HoaiMyNeural", "namminh": "vi-VN-NamMinhNeural"}
DEFAULT_VOICE = "vi-VN-HoaiMyNeural"
SAMPLE_RATE = 24000  # edge-tts asks for "audio-24khz-48kbitrate-mono-mp3"
MIN_PITCH, MAX_PITCH = -50, 50  # Hz: beyond this a voice stops sounding like a person
# edge-tts opens a new connection for every 4096 bytes of escaped SSML text. 800 characters
# stay below that even if every one escapes to 5 bytes ("&amp;"): one request per call, and
# longer than any sentence a newsreader says in one breath.
MAX_CHARS = 800
CLOSE_GRACE = 0.5  # seconds a timed-out call may spend closing its websocket politely
# Microsoft reports where each sentence ends (SentenceBoundary offset + duration). Audio that
# stops well before that was cut off: the server closed the stream mid-sentence, which
# edge-tts does not treat as an error. The slack absorbs rounding and encoder delay.
TRUNCATION_SLACK = 0.3  # seconds
TICKS_PER_SECOND = 10_000_000  # Microsoft's offsets are in 100 ns ticks
SERVICE = "Microsoft's speech service"
DOWN_OR_CHANGED = "the network may be down or Microsoft may have changed its unofficial endpoint"
MICROSOFT = Service(SERVICE, "edge", DOWN_OR_CHANGED)

T = TypeVar("T")


@dataclass
class EdgeEngine(OnlineEngine):
    """Microsoft Edge's Vietnamese neural voices (HoaiMy, NamMinh): natural, need the network."""

    pitch: int = field(default=0, kw_only=True)  # Hz up or down from the voice's own
    timeout: float = field(default=30.0, kw_only=True)  # seconds per attempt, all included
    name: str = field(default="edge", init=False)
    sample_rate: int = field(default=SAMPLE_RATE, kw_only=True)  # Microsoft sends 24 kHz
    max_chars: int = field(default=MAX_CHARS, init=False)

    @classmethod
    def describe(cls, *, check_network: bool = True) -> EngineInfo:
        """The two Vietnamese voices; usable when Microsoft speaks a tiny request now."""
        short = {full: alias for alias, full in SHORT_NAMES.items()}
        voices = tuple(
            Voice(full, "vi-VN", f"{gender}, Microsoft neural voice (also: {short[full]})")
            for full, gender in VOICES.items()
        )
        return describe_online(
            "edge", voices,
            "Microsoft Edge's neural voices (unofficial endpoint): natural, needs the network",
            lambda: reachable(timeout=3.0), "Microsoft's", check_network=check_network,
        )  # fmt: skip

    def __post_init__(self) -> None:
        wanted = self.voice or DEFAULT_VOICE
        canonical = {name.lower(): name for name in VOICES} | SHORT_NAMES
        self.voice = checked_voice(
            "edge", canonical.get(wanted.lower(), wanted), {**VOICES, **SHORT_NAMES},
            DEFAULT_VOICE, self.rate,
        )  # fmt: skip
        self.voice = SHORT_NAMES.get(self.voice, self.voice)
        if isinstance(self.pitch, bool) or not isinstance(self.pitch, int):
            raise EngineError(f"pitch must be a whole number of Hz, got {self.pitch!r}")
        if not MIN_PITCH <= self.pitch <= MAX_PITCH:
            raise EngineError(
                f"pitch {self.pitch} Hz is out of range: use {MIN_PITCH} to {MAX_PITCH}"
            )
        self.check_retry_settings()

    @property
    def prosody_rate(self) -> str:
        """``rate`` as SSML's prosody wants it: 1.25 → "+25%"."""
        return f"{round((self.rate - 1.0) * 100):+d}%"

    @property
    def prosody_pitch(self) -> str:
        return f"{self.pitch:+d}Hz"

    def identity(self) -> str:
        return (
            f"edge:voice={self.voice}:rate={self.prosody_rate}:pitch={self.prosody_pitch}"
            f":sr={self.sample_rate}"
        )

    def synthesize(self, text: str) -> bytes:
        text = unicodedata.normalize("NFC", text).strip()
        if not any(ch.isalnum() for ch in text):  # nothing to say: Microsoft sends no audio
            return b""
        return self.retrying(lambda: self._attempt(text), _classify, MICROSOFT)

    def _attempt(self, text: str) -> bytes:
        """One request (gated), then decoding and the truncation check (not gated)."""
        with self.gated():
            mp3, spoken_until = _run(lambda: self._stream(text), self.timeout)
        if not mp3:
            raise NoAudioReceived("no audio")
        pcm = decode_mp3(mp3, self.sample_rate, source="Microsoft's")
        heard = len(pcm) / 2 / self.sample_rate
        if heard < spoken_until - TRUNCATION_SLACK:
            raise _Truncated(heard, spoken_until)
        return pcm

    async def _stream(self, text: str) -> tuple[bytes, float]:
        """The MP3 of ``text`` and where Microsoft says its last sentence ends (seconds)."""
        # edge-tts escapes the text for SSML itself (<, >, &) and turns control characters
        # XML forbids into spaces; quotes need no escaping in element content (tested).
        seconds = max(1, math.ceil(self.timeout))  # edge-tts wants whole seconds
        communicate = Communicate(
            text, self.voice or DEFAULT_VOICE, rate=self.prosody_rate, pitch=self.prosody_pitch,
            connect_timeout=seconds, receive_timeout=seconds,
        )  # fmt: skip
        audio = bytearray()
        spoken_until = 0.0
        async with aclosing(communicate.stream()) as chunks:
            async for chunk in chunks:
                if chunk["type"] == "audio":
                    audio += chunk.get("data", b"")
                elif chunk["type"] in ("SentenceBoundary", "WordBoundary"):
                    end = chunk.get("offset", 0.0) + chunk.get("duration", 0.0)
                    spoken_until = max(spoken_until, end / TICKS_PER_SECOND)
        return bytes(audio), spoken_until


class _Truncated(Exception):
    """The stream ended before the audio Microsoft announced (a connection cut mid-stream)."""

    def __init__(self, heard: float, expected: float) -> None:
        super().__init__(f"audio stopped at {heard:.1f} s of {expected:.1f} s")
        self.heard = heard
        self.expected = expected


def _run(make: Callable[[], Awaitable[T]], timeout: float) -> T:
    """Run a coroutine on a private event loop in this thread, ``timeout`` seconds at most.

    Each calling thread gets its own loop, so threads speak side by side. The loop is closed
    without waiting for its executor: a DNS lookup stuck in a thread must not hold us.
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(_bounded(make(), timeout))
    finally:
        try:
            leftovers = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in leftovers:
                task.cancel()
            if leftovers:
                loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()


async def _bounded(work: Awaitable[T], timeout: float) -> T:
    """``work`` within ``timeout`` seconds overall (connecting, DNS, handshake, streaming).

    On timeout the work is cancelled and may close its websocket politely for CLOSE_GRACE;
    a server that stalls the closing handshake too is cancelled again, which aborts it.
    """
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=timeout)
    timed_out = False
    while not done:
        timed_out = True
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=CLOSE_GRACE)
    if timed_out and (task.cancelled() or task.exception() is not None):
        raise TimeoutError(f"no complete answer within {timeout:g} s")
    return task.result()


def _classify(exc: BaseException) -> Failure | None:
    """Sort an edge-tts failure into retry (429, 5xx, timeouts, no connection, no audio, cut
    short) or give up (403, the protocol changed); None: not a network failure, re-raise."""
    if isinstance(exc, aiohttp.ClientResponseError):  # the handshake's status
        return _handshake_failure(exc)
    if isinstance(exc, SkewAdjustmentError):  # a 403 without a Date to correct the clock by
        return _refused_token("HTTP 403")
    if isinstance(exc, TimeoutError):  # ours, and aiohttp's socket timeouts
        return Failure(True, "timed out")
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return Failure(True, f"cannot resolve {exc.host}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return Failure(True, "no connection")
    if isinstance(exc, aiohttp.ClientError | WebSocketError | ConnectionError):
        return Failure(True, "connection lost", state="keeps dropping the connection")
    if isinstance(exc, NoAudioReceived):
        return Failure(
            True, "no audio", state="answers without audio", advice="try again later"
        )  # fmt: skip
    if isinstance(exc, _Truncated):
        return Failure(True, str(exc), state="cuts the audio short", advice="try again later")
    if isinstance(exc, UnexpectedResponse | UnknownResponse):
        return Failure(
            False, f"{SERVICE} answered in a way edge-tts does not know ({exc}); its unofficial "
            "endpoint may have changed", advice="update edge-tts (pip install -U edge-tts)",
        )  # fmt: skip
    if isinstance(exc, OSError):
        return Failure(True, "no connection")
    return None


def _handshake_failure(exc: aiohttp.ClientResponseError) -> Failure:
    status = exc.status
    label = f"HTTP {status}"
    retry_after = parse_retry_after(exc.headers.get("Retry-After") if exc.headers else None)
    if status == 403:
        return _refused_token(label)
    if status == 429:
        return Failure(True, label, retry_after, "is refusing requests", "wait a few minutes")
    if status >= 500:
        return Failure(True, label, retry_after, "is failing", "try again later")
    return Failure(
        False, f"{SERVICE} refused the connection ({label}, {exc.message}); its unofficial "
        "endpoint may have changed", advice="update edge-tts (pip install -U edge-tts)",
    )  # fmt: skip


def _refused_token(label: str) -> Failure:
    """403: Microsoft rejects the access token, which is derived from this computer's clock."""
    return Failure(
        False,
        f"{SERVICE} rejected its access token ({label}), usually because this computer's "
        "clock is wrong",
        advice="set the date and time (or turn on NTP), or update edge-tts (pip install -U "
        "edge-tts) if the clock is right",
    )


def reachable(timeout: float = 3.0, *, voice: str = DEFAULT_VOICE) -> bool:
    """Whether Microsoft's voice answers right now, within ``timeout`` seconds; never raises.

    One tiny real synthesis: it proves the endpoint still speaks (and accepts our token), not
    just that the host is up. It runs in a daemon thread so that a join keeps the promise
    whatever the network does.
    """
    answers: list[bool] = []

    async def speak() -> bool:
        seconds = max(1, math.ceil(timeout))
        communicate = Communicate("a", voice, connect_timeout=seconds, receive_timeout=seconds)
        async with aclosing(communicate.stream()) as chunks:
            async for chunk in chunks:
                if chunk["type"] == "audio" and chunk.get("data"):
                    return True
        return False

    def probe() -> None:
        try:
            answers.append(_run(speak, timeout))
        except Exception:
            answers.append(False)

    try:
        thread = threading.Thread(target=probe, name="edge-reachable", daemon=True)
        thread.start()
        thread.join(timeout)
    except Exception:  # e.g. no thread can start: the answer is still just "no"
        return False
    return bool(answers and answers[0])
