"""Google Translate's voice through gTTS: natural-sounding Vietnamese, but online and unofficial.

gTTS talks to an undocumented Google Translate endpoint, so every call can fail: it has no
timeout of its own (we always pass one), Google answers bursts with 429, and the service may
change without notice. Failures are retried with backoff and end in one line that points to
the offline voice. The MP3 Google returns is decoded to PCM by ffmpeg through pipes.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO

import requests
from gtts import gTTS, gTTSError

from narrate.engines import EngineInfo, Voice, checked_voice
from narrate.engines.mp3 import decode_mp3
from narrate.engines.online import OnlineEngine, describe_online
from narrate.retry import Failure, Service
from narrate.retry import retry_after as parse_retry_after

log = logging.getLogger(__name__)

LANG = "vi"
GOOGLE = Service("Google's speech service", "gtts")
# voice → Google host (tld). gTTS's table of localized accents lists none for Vietnamese:
# other hosts serve the same voice, so there is one voice. ``tld=`` still picks another host
# for networks where translate.google.com is blocked.
VOICES: dict[str, str] = {"default": "com"}
DEFAULT_VOICE = "default"
SAMPLE_RATE = 24000  # Google returns 24 kHz mono MP3
# How fast Google's slow=True voice is relative to normal. An estimate, not a measurement:
# it only sets the atempo correction for rates ≤ SLOW_BELOW.
SLOW_SPEED = 0.7
SLOW_BELOW = 0.75


@dataclass
class GttsEngine(OnlineEngine):
    """Google Translate's Vietnamese voice: clear and natural, needs the network."""

    timeout: float = field(default=10.0, kw_only=True)  # seconds per connect and per read
    tld: str | None = field(default=None, kw_only=True)  # None: the voice's own host
    name: str = field(default="gtts", init=False)
    sample_rate: int = field(default=SAMPLE_RATE, kw_only=True)  # Google sends 24 kHz
    # gTTS splits anything longer at every comma, which sounds choppy: we cut sentences first.
    max_chars: int = field(default=100, init=False)

    @classmethod
    def describe(cls, *, check_network: bool = True) -> EngineInfo:
        """Google's one Vietnamese voice; usable when Google answers a tiny request now."""
        return describe_online(
            "gtts", [Voice(DEFAULT_VOICE, "vi-VN", "Google Translate's Vietnamese voice")],
            "Google Translate (unofficial endpoint): natural, needs the network",
            lambda: reachable(timeout=3.0), "Google's", check_network=check_network,
        )  # fmt: skip

    def __post_init__(self) -> None:
        self.voice = checked_voice("gtts", self.voice, VOICES, DEFAULT_VOICE, self.rate)
        self.check_retry_settings()
        self.tld = self.tld or VOICES[self.voice]

    @property
    def slow(self) -> bool:
        """Google's only speed control; slow rates use it so atempo stretches less."""
        return self.rate <= SLOW_BELOW

    @property
    def tempo(self) -> float:
        """The factor ffmpeg's atempo applies after Google, so the overall speed is ``rate``."""
        return self.rate / SLOW_SPEED if self.slow else self.rate

    def identity(self) -> str:
        return (
            f"gtts:lang={LANG}:tld={self.tld}:slow={int(self.slow)}:tempo={self.tempo:.3f}"
            f":sr={self.sample_rate}"
        )

    def synthesize(self, text: str) -> bytes:
        text = unicodedata.normalize("NFC", text).strip()
        # gTTS asserts on text that is only punctuation and spaces: nothing to say, no request.
        if not any(ch.isalnum() for ch in text):
            return b""
        return self._decode(self._fetch_with_retries(text))

    def _fetch_with_retries(self, text: str) -> bytes:
        return self.retrying(lambda: self._fetch(text), _classify, GOOGLE)

    def _fetch(self, text: str) -> bytes:
        mp3 = BytesIO()
        with self.gated():
            # write_to_fp, never save(): a failed save() leaves a 0-byte file behind.
            speech = gTTS(text, tld=self.tld, lang=LANG, slow=self.slow, timeout=self.timeout)
            speech.write_to_fp(mp3)
        if not mp3.getbuffer().nbytes:
            raise _NoAudio
        return mp3.getvalue()

    def _decode(self, mp3: bytes) -> bytes:
        """MP3 → mono s16le at ``sample_rate``, stretched by ``tempo``, through pipes."""
        return decode_mp3(mp3, self.sample_rate, tempo=self.tempo, source="Google's")


class _NoAudio(Exception):
    """Google answered 200 but the body held no audio (the endpoint's format changed)."""


_NO_AUDIO = Failure(False, "Google's speech service answered without audio", advice="update gTTS")


def _classify(exc: Exception) -> Failure | None:
    """Sort a gTTS failure into retry (429, 5xx, timeouts, no connection) or give up."""
    if isinstance(exc, _NoAudio | ValueError):  # bad base64, not UTF-8
        return _NO_AUDIO
    if not isinstance(exc, gTTSError):
        return None
    response = exc.rsp
    if response is None:
        # gTTS raises inside its ``except RequestException``: the cause is the context.
        if isinstance(exc.__context__, requests.exceptions.Timeout):
            return Failure(True, "timed out")
        return Failure(True, "no connection")
    status = response.status_code
    label = f"HTTP {status} {response.reason or ''}".strip()
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if status == 429:
        return Failure(True, label, retry_after, "is refusing requests", "wait a few minutes")
    if status >= 500:
        return Failure(True, label, retry_after, "is failing", "try again later")
    if status == 200:
        return _NO_AUDIO
    cause = str(exc.msg or "").partition("Probable cause: ")[2].rstrip(".")
    if cause and cause != "Unknown":
        label += f", probable cause: {cause}"
    return Failure(
        False, f"Google's speech service refused the request ({label})", advice="update gTTS"
    )


def reachable(timeout: float = 3.0, *, tld: str = VOICES[DEFAULT_VOICE]) -> bool:
    """Whether Google's voice answers right now, within ``timeout`` seconds; never raises.

    One tiny real synthesis: it proves the endpoint still speaks, not just that the host is
    up, and its reply is smaller than Translate's home page. It runs in a daemon thread because
    requests' timeout bounds each socket read but not DNS, so only a join keeps the promise.
    """
    answers: list[bool] = []

    def probe() -> None:
        try:
            mp3 = BytesIO()
            gTTS("a", tld=tld, lang=LANG, lang_check=False, timeout=timeout).write_to_fp(mp3)
            answers.append(mp3.getbuffer().nbytes > 0)
        except Exception:
            answers.append(False)

    try:
        thread = threading.Thread(target=probe, name="gtts-reachable", daemon=True)
        thread.start()
        thread.join(timeout)
    except Exception:  # e.g. no thread can start: the answer is still just "no"
        return False
    return bool(answers and answers[0])
