"""A local stand-in for Microsoft Edge's "Read aloud" websocket: edge-tts's own client code runs
(URL with its token, headers, speech.config, SSML, frame parsing), only the host it talks to is
replaced (``edge_tts.communicate.WSS_URL``). No test touches the internet.

The protocol, as edge-tts 7.3 speaks it: a websocket handshake on ``WSS_URL`` plus
``&ConnectionId=…&Sec-MS-GEC=…&Sec-MS-GEC-Version=…``; the client sends two text messages,
``Path:speech.config`` (JSON: output format) and ``Path:ssml`` (the SSML); the server answers
with text ``Path:turn.start``, ``Path:response``, ``Path:audio.metadata`` (sentence boundaries),
binary frames (2-byte big-endian header length, a header ending in ``Path:audio\\r\\n``, MP3
bytes), and text ``Path:turn.end``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import edge_tts.communicate
import pytest
from aiohttp import web
from edge_tts.constants import TRUSTED_CLIENT_TOKEN
from edge_tts.drm import DRM

from narrate.audio import ffmpeg_exe

TONE_SECONDS = 2.0
PATH = "/consumer/speech/synthesize/readaloud/edge/v1"
CHUNK = 4096  # bytes of MP3 per binary frame
# Where the fake says the sentence ends (100 ns ticks), as Microsoft's SentenceBoundary does:
# speech from 0.1 s to 0.2 s before the end of the tone.
SENTENCE_OFFSET = 1_000_000
SENTENCE_DURATION = int((TONE_SECONDS - 0.3) * 10_000_000)
SSML_NS = "{http://www.w3.org/2001/10/synthesis}"


def make_tone_mp3() -> bytes:
    """A bare 24 kHz mono 48 kbps CBR MP3 stream (no ID3, no Xing), like Microsoft's."""
    return subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={TONE_SECONDS}", "-ar", "24000", "-ac", "1",
         "-c:a", "libmp3lame", "-b:a", "48k", "-write_xing", "0", "-id3v2_version", "0",
         "-f", "mp3", "pipe:1"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip


@dataclass
class Reply:
    status: int = 101  # 101: accept the websocket; anything else refuses the handshake
    headers: dict[str, str] = field(default_factory=dict)  # sent with a refusal
    audio: bool = True  # False: the turn starts and ends without audio
    cut_after: int | None = None  # close the websocket after this many audio frames
    stall: float = 0.0  # seconds to wait after the SSML before answering (a hung server)


@dataclass
class Request:
    """One websocket handshake and the text messages the client sent on it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    messages: list[str] = field(default_factory=list)

    def _body(self, path: str) -> str:
        for message in self.messages:
            head, _, body = message.partition("\r\n\r\n")
            if f"Path:{path}" in head.split("\r\n"):
                return body
        raise AssertionError(f"no {path} message in {self.messages!r}")

    @property
    def config(self) -> dict[str, object]:
        return json.loads(self._body("speech.config"))

    @property
    def ssml(self) -> str:
        return self._body("ssml")

    def _prosody(self) -> ET.Element:
        element = ET.fromstring(self.ssml).find(f"{SSML_NS}voice/{SSML_NS}prosody")
        assert element is not None, self.ssml
        return element

    @property
    def text(self) -> str:
        """What the service will speak: the SSML parsed as XML, entities resolved."""
        return "".join(self._prosody().itertext())

    @property
    def voice(self) -> str:
        voice = ET.fromstring(self.ssml).find(f"{SSML_NS}voice")
        assert voice is not None
        return voice.get("name", "")

    @property
    def rate(self) -> str:
        return self._prosody().get("rate", "")

    @property
    def pitch(self) -> str:
        return self._prosody().get("pitch", "")


class FakeEdge:
    """Answers edge-tts's websocket from a script of replies; the last one repeats."""

    def __init__(self, mp3: bytes) -> None:
        self.mp3 = mp3
        self.replies: list[Reply] = [Reply()]
        self.requests: list[Request] = []
        self.latency = 0.0  # seconds before every answer, like a distant server
        self.in_flight = 0
        self.max_in_flight = 0  # the most conversations ever open at once (politeness checks)
        self.url = ""
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._released = asyncio.Event()  # ends every stall at teardown
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def _next(self) -> Reply:
        with self._lock:
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    async def _stalled(self, seconds: float) -> bool:
        """Wait ``seconds``; True when the server is shutting down meanwhile."""
        if seconds <= 0:
            return False
        try:
            await asyncio.wait_for(self._released.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self._enter()
        left = False

        def leave() -> None:
            nonlocal left
            if not left:
                left = True
                self._leave()

        try:
            reply = self._next()
            record = Request(request.path, dict(request.query), dict(request.headers))
            self.requests.append(record)
            if reply.status != 101:
                leave()
                return web.Response(status=reply.status, headers=reply.headers, text="refused")
            ws = web.WebSocketResponse()  # accepts the client's permessage-deflate
            await ws.prepare(request)
            record.messages.append(await ws.receive_str())  # speech.config
            record.messages.append(await ws.receive_str())  # the SSML
            if await self._stalled(reply.stall) or await self._stalled(self.latency):
                return ws
            await self._answer(ws, record, reply, leave)
            return ws
        finally:
            leave()

    async def _answer(
        self, ws: web.WebSocketResponse, record: Request, reply: Reply, leave: Callable[[], None]
    ) -> None:
        head = record.messages[-1].partition("\r\n\r\n")[0]
        request_id = next(
            line.partition(":")[2] for line in head.split("\r\n") if line.startswith("X-RequestId:")
        )
        stream_id = uuid.uuid4().hex

        def text(path: str, body: object) -> str:
            return (
                f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\n"
                f"Path:{path}\r\n\r\n{json.dumps(body)}"
            )

        def audio(data: bytes) -> bytes:
            content_type = "Content-Type:audio/mpeg\r\n" if data else ""  # the last frame: none
            header = (
                f"X-RequestId:{request_id}\r\n{content_type}X-StreamId:{stream_id}\r\n"
                "Path:audio\r\n"
            )
            encoded = header.encode()
            return len(encoded).to_bytes(2, "big") + encoded + data

        await ws.send_str(text("turn.start", {"context": {"serviceTag": stream_id}}))
        await ws.send_str(
            text("response", {"context": {"serviceTag": stream_id},
                              "audio": {"type": "inline", "streamId": stream_id}})
        )  # fmt: skip
        if reply.audio:
            spoken = record.text
            boundary = {
                "Type": "SentenceBoundary",
                "Data": {
                    "Offset": SENTENCE_OFFSET,
                    "Duration": SENTENCE_DURATION,
                    "text": {
                        "Text": spoken,
                        "Length": len(spoken),
                        "BoundaryType": "SentenceBoundary",
                    },
                },
            }
            await ws.send_str(text("audio.metadata", {"Metadata": [boundary]}))
            chunks = [self.mp3[i : i + CHUNK] for i in range(0, len(self.mp3), CHUNK)]
            for index, chunk in enumerate(chunks):
                if reply.cut_after is not None and index == reply.cut_after:
                    leave()
                    await ws.close()  # mid-stream, without turn.end
                    return
                await ws.send_bytes(audio(chunk))
            await ws.send_bytes(audio(b""))
        # Counted out before turn.end goes: a client that has its answer may start its next
        # request before this coroutine runs again.
        leave()
        await ws.send_str(text("turn.end", {}))
        await ws.close()

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get(PATH, self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"ws://127.0.0.1:{port}{PATH}?TrustedClientToken={TRUSTED_CLIENT_TOKEN}"

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._released.set)
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@contextlib.contextmanager
def serve_fake_edge(mp3: bytes, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdge]:
    fake = FakeEdge(mp3)
    fake.start()
    try:
        point_edge_at(fake.url, monkeypatch)
        yield fake
    finally:
        fake.stop()


def point_edge_at(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Send edge-tts to ``url`` (it appends its own &ConnectionId, token and version)."""
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", url)
    # A 403 makes edge-tts correct its clock from the server's Date, process-wide: undo it.
    monkeypatch.setattr(DRM, "clock_skew_seconds", DRM.clock_skew_seconds)
    # edge-tts trusts the environment's proxy settings: a proxy would swallow local requests.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY", "ws_proxy", "wss_proxy", "WS_PROXY", "WSS_PROXY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
