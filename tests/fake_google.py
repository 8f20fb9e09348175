"""A local stand-in for Google's speech endpoint: gTTS's own request and parsing code runs,
only the host it talks to is replaced (``gtts.tts._translate_url``). No test touches the internet.
"""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import gtts.tts
import gtts.utils
import pytest

from narrate.audio import ffmpeg_exe

TONE_SECONDS = 2.0


def make_tone_mp3() -> bytes:
    """A real 24 kHz mono MP3, like the ones Google sends, made by the real ffmpeg."""
    return subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={TONE_SECONDS}", "-ar", "24000", "-ac", "1",
         "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "pipe:1"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None  # None: Google's batchexecute answer holding the tone
    delay: float = 0.0  # seconds to stall before answering


@dataclass
class Request:
    text: str
    lang: str
    slow: bool | None


class FakeGoogle:
    """Answers gTTS's batchexecute POSTs from a script of replies; the last one repeats."""

    def __init__(self, mp3: bytes) -> None:
        self.mp3 = mp3
        self.replies: list[Reply] = [Reply()]
        self.requests: list[Request] = []
        self.released = threading.Event()  # ends every stall at teardown
        self.url = ""
        self.latency = 0.0  # seconds every answer takes, like a distant server
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests ever open at once (politeness checks)
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def answer(self, form: bytes) -> Reply:
        rpc = json.loads(parse_qs(form.decode())["f.req"][0])
        assert rpc[0][0][0] == "jQ1olc"
        text, lang, speed, _ = json.loads(rpc[0][0][1])
        self.requests.append(Request(text, lang, speed))
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def batchexecute_body(self) -> bytes:
        # The shape of Google's reply; gTTS finds the audio with r'jQ1olc","\[\\"(.*)\\"]'.
        audio = base64.b64encode(self.mp3).decode()
        line = f'[["wrb.fr","jQ1olc","[\\"{audio}\\"]",null,null,null,"generic"]]'
        return f")]}}'\n\n{len(line)}\n{line}\n".encode()


@contextlib.contextmanager
def serve_fake_google(tone_mp3: bytes, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    fake = FakeGoogle(tone_mp3)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            fake.enter()
            left = False
            try:
                reply = fake.answer(self.rfile.read(int(self.headers["Content-Length"])))
                delay = reply.delay + fake.latency
                if delay and fake.released.wait(delay):
                    return
                # Counted out before the answer goes back: a client that has its answer may
                # start its next request before this thread gets to run again.
                fake.leave()
                left = True
                self._answer(reply)
            finally:
                if not left:
                    fake.leave()

        def _answer(self, reply: Reply) -> None:
            body = fake.batchexecute_body() if reply.body is None else reply.body
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # a client that gave up is fine
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/"
    point_gtts_at(fake.url, monkeypatch)
    yield fake
    fake.released.set()
    server.shutdown()
    server.server_close()


def point_gtts_at(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # gtts.tts imported _translate_url by name: patch it there (and at its source).
    def local_url(tld: str = "com", path: str = "") -> str:
        return base + path

    monkeypatch.setattr(gtts.tts, "_translate_url", local_url)
    monkeypatch.setattr(gtts.utils, "_translate_url", local_url)
    # gTTS hands urllib's proxy settings to requests: a proxy would swallow local requests.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
