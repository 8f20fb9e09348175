"""The user's data folder, and downloading the voices that offline engines need.

Voices are big (a medium piper voice is ~60 MB) and belong to the user, not to a feed: they
live in one data folder per user (XDG), so every feed and every checkout shares them.

A download is all or nothing. Files stream into ``.part`` temporaries beside their final
place, are checked against the size and MD5 that the voice catalogue publishes, and are then
renamed into place, the model last: a voice counts as installed only when its ``.onnx`` exists,
so an interrupted or damaged download never looks installed and never replaces a good voice.
Every wait is bounded (per read and in total) and so is every size.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import secrets
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import HTTPRedirectHandler, OpenerDirector, Request, build_opener

from narrate import __version__
from narrate.errors import EngineError
from narrate.files import format_size

__all__ = [
    "PIPER_VIETNAMESE_VOICES",
    "PIPER_VOICES_URL",
    "Progress",
    "check_piper_voice_name",
    "data_dir",
    "download_piper_voice",
    "voices_dir",
]

# The public home of piper's voices (Hugging Face ``rhasspy/piper-voices``): ``voices.json``
# at its root lists every voice with its files' paths, sizes and MD5 digests.
PIPER_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"
# The Vietnamese voices published there, best first, as ``narrate voices`` offers them.
PIPER_VIETNAMESE_VOICES: dict[str, str] = {
    "vi_VN-vais1000-medium": "female, Northern; medium quality (22.05 kHz, about 60 MB)",
    "vi_VN-25hours_single-low": "female; low quality (16 kHz)",
    "vi_VN-vivos-x_low": "several speakers; lowest quality (16 kHz)",
}

MIB = 1024 * 1024
CATALOG_MAX_BYTES = 16 * MIB  # voices.json is well under 1 MB
_CHUNK = 256 * 1024
_MAX_REDIRECTS = 5  # Hugging Face sends the files from a CDN: one or two hops
# language_REGION-name-quality, e.g. vi_VN-25hours_single-low. It becomes a file name: no
# slashes, no dots, nothing that could leave the voices folder.
_VOICE_NAME = re.compile(r"[a-z]{2,3}_[A-Z]{2}-[A-Za-z0-9_]+-[a-z_]+")
_PATH_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_ENGINE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")

Progress = Callable[[int, int], None]  # (bytes done, bytes in all), for a progress bar


# -- where voices live ---------------------------------------------------------------------------


def data_dir() -> Path:
    """narrate's data folder: ``$NARRATE_DATA_DIR``, else ``$XDG_DATA_HOME/narrate``, else
    ``~/.local/share/narrate`` (a relative ``XDG_DATA_HOME`` is ignored, as the spec says)."""
    explicit = os.environ.get("NARRATE_DATA_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser().absolute()
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "narrate"
    return Path.home() / ".local" / "share" / "narrate"


def voices_dir(engine: str) -> Path:
    """Where ``engine``'s downloaded voices are kept (the folder may not exist yet)."""
    if not _ENGINE_NAME.fullmatch(engine):
        raise EngineError(f"{engine!r} is not an engine name: use lower-case letters and digits")
    return data_dir() / "voices" / engine


def check_piper_voice_name(name: str) -> str:
    """``name`` if it has the shape of a piper voice name; it becomes a file name, so strictly."""
    name = name.strip()
    if not _VOICE_NAME.fullmatch(name):
        raise EngineError(
            f"{name!r} is not a piper voice name: names look like vi_VN-vais1000-medium "
            "(language_REGION-name-quality)"
        )
    return name


# -- downloading a piper voice -------------------------------------------------------------------


def download_piper_voice(
    name: str,
    *,
    dest_dir: Path,
    base_url: str = PIPER_VOICES_URL,
    progress: Progress | None = None,
    timeout: float = 30.0,
    total_timeout: float = 3600.0,
    max_bytes: int = 500 * MIB,
) -> Path:
    """Download piper voice ``name`` (``NAME.onnx`` and ``NAME.onnx.json``) into ``dest_dir``.

    ``base_url`` is where ``voices.json`` and the voice files are (piper's public repository
    by default). ``progress(done, total)`` is called as bytes arrive, ``total`` being both
    files together. ``timeout`` bounds connecting and each read, ``total_timeout`` the whole
    download, ``max_bytes`` each file. Returns the ``.onnx`` path. Raises :class:`EngineError`
    with one line on any failure, leaving no file and no ``.part`` behind (an already installed
    copy of the voice stays as it was).
    """
    name = check_piper_voice_name(name)
    base = _checked_base(base_url)
    download = _Download(name, dest_dir, timeout, total_timeout, max_bytes, progress)
    catalog = download.json(f"{base}/voices.json")
    entry = catalog.get(name)
    if not isinstance(entry, dict):
        raise EngineError(_unknown_voice(name, catalog))
    files = entry.get("files")
    if not isinstance(files, dict):
        raise download.error("voices.json lists no files for it; try again later")
    config = _catalog_file(download, files, f"{name}.onnx.json")
    model = _catalog_file(download, files, f"{name}.onnx")
    for (_, size, _), filename in ((config, f"{name}.onnx.json"), (model, f"{name}.onnx")):
        if size > max_bytes:
            raise download.error(
                f"{filename} is {format_size(size)}, "
                f"more than the limit of {format_size(max_bytes)}"
            )
    download.total = config[1] + model[1]
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise download.error(f"cannot create {dest_dir} ({_reason(exc)})") from None
    return download.install(
        [(f"{base}/{quote(path)}", size, md5) for path, size, md5 in (config, model)],
        [dest_dir / f"{name}.onnx.json", dest_dir / f"{name}.onnx"],
    )


def _checked_base(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EngineError(f"{base_url!r} is not an http(s) address to download voices from")
    return base_url.rstrip("/")


def _catalog_file(
    download: _Download, files: dict[str, Any], filename: str
) -> tuple[str, int, str]:
    """The path, size and MD5 that voices.json gives for ``filename``, checked."""
    found = [path for path in files if isinstance(path, str) and path.split("/")[-1] == filename]
    if len(found) != 1:
        raise download.error(f"voices.json lists no single {filename}; try again later")
    path = found[0]
    meta = files[path]
    parts = path.split("/")
    if not all(_PATH_PART.fullmatch(part) and part != ".." for part in parts):
        raise download.error(f"voices.json gives a strange path for it ({path!r})")
    size = meta.get("size_bytes") if isinstance(meta, dict) else None
    md5 = meta.get("md5_digest") if isinstance(meta, dict) else None
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise download.error(f"voices.json gives no size for {filename}, so it cannot be checked")
    if not isinstance(md5, str) or not re.fullmatch(r"[0-9a-fA-F]{32}", md5):
        raise download.error(f"voices.json gives no MD5 for {filename}, so it cannot be checked")
    return path, size, md5.lower()


def _unknown_voice(name: str, catalog: dict[str, Any]) -> str:
    for key, entry in catalog.items():  # piper renames voices and keeps the old names as aliases
        if isinstance(entry, dict) and name in (entry.get("aliases") or ()):
            return f"piper's voice {name} is now called {key}: download {key}"
    vietnamese = sorted(key for key in catalog if isinstance(key, str) and key.startswith("vi_"))
    listed = ", ".join(vietnamese) if vietnamese else ", ".join(PIPER_VIETNAMESE_VOICES)
    return f"piper has no voice {name!r}: the Vietnamese voices are {listed}"


class _NoOtherSchemes(HTTPRedirectHandler):
    """Follow a few redirects, only to http(s) (Hugging Face answers from a CDN)."""

    max_redirections = _MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise URLError(f"a redirect to {newurl!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Download:
    """One voice's download: the shared deadline, the byte count, and its one-line errors."""

    def __init__(
        self, name: str, dest_dir: Path, timeout: float, total_timeout: float, max_bytes: int,
        progress: Progress | None,
    ) -> None:  # fmt: skip
        for label, value in (("timeout", timeout), ("total_timeout", total_timeout),
                             ("max_bytes", max_bytes)):  # fmt: skip
            if not value > 0:
                raise EngineError(f"voice download {label} must be more than 0, got {value}")
        self.name = name
        self.dest_dir = dest_dir
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.deadline = time.monotonic() + total_timeout
        self.max_bytes = max_bytes
        self.progress = progress
        self.done = 0
        self.total = 0
        self.opener: OpenerDirector = build_opener(_NoOtherSchemes())

    def error(self, what: str) -> EngineError:
        return EngineError(f"cannot download piper voice {self.name}: {what}")

    def json(self, url: str) -> dict[str, Any]:
        """A small JSON document (the catalogue), read into memory within the limits."""
        sink = _Memory()
        self._fetch(url, sink, limit=min(CATALOG_MAX_BYTES, self.max_bytes), expected=None)
        try:
            data = json.loads(sink.getvalue().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self.error(f"{url} is not valid JSON; try again later") from None
        if not isinstance(data, dict):
            raise self.error(f"{url} is not a voice catalogue; try again later")
        return data

    def install(self, sources: list[tuple[str, int, str]], targets: list[Path]) -> Path:
        """Download every source to a ``.part``, check it, then rename all into place in order."""
        parts: list[Path] = []
        placed: list[Path] = []
        existed = [target.exists() for target in targets]
        try:
            self._report()
            for (url, size, md5), target in zip(sources, targets, strict=True):
                parts.append(self._to_part(url, size, md5, target))
            for part, target in zip(parts, targets, strict=True):
                os.replace(part, target)
                placed.append(target)
        except OSError as exc:
            self._discard(parts, placed, existed)
            raise self.error(f"cannot write into {self.dest_dir} ({_reason(exc)})") from None
        except BaseException:
            self._discard(parts, placed, existed)
            raise
        return targets[-1]

    def _discard(self, parts: list[Path], placed: list[Path], existed: list[bool]) -> None:
        for part in parts:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
        # A config renamed into place before the model failed: without its model it is litter.
        for target, was_there in zip(placed, existed, strict=False):
            if not was_there:
                with contextlib.suppress(OSError):
                    target.unlink(missing_ok=True)

    def _to_part(self, url: str, size: int, md5: str, target: Path) -> Path:
        # Not mkstemp: its files are private (0600), and a voice is read by whoever runs narrate.
        part = self.dest_dir / f".{target.name}.{secrets.token_hex(6)}.part"
        handle = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(handle, "wb") as sink:
                digest = self._fetch(url, sink, limit=self.max_bytes, expected=size)
                sink.flush()
                os.fsync(sink.fileno())
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        if digest != md5:
            part.unlink(missing_ok=True)
            raise self.error(
                f"{target.name} arrived damaged (its MD5 differs from voices.json); try again"
            )
        return part

    def _fetch(self, url: str, sink: BinaryIO, *, limit: int, expected: int | None) -> str:
        """Stream ``url`` into ``sink``; returns the body's MD5. Every failure is one line."""
        filename = url.rsplit("/", 1)[-1]
        request = Request(url, headers={"User-Agent": f"narrate/{__version__}"})
        try:
            timeout = max(0.001, min(self.timeout, self._remaining()))
            response = self.opener.open(request, timeout=timeout)
        except HTTPError as exc:
            exc.close()
            raise self.error(
                f"{url} answered HTTP {exc.code} {exc.reason}; {_advice(exc.code)}"
            ) from None
        except (URLError, OSError, http.client.HTTPException, ValueError) as exc:
            raise self.error(_connection_problem(url, exc, self.timeout)) from None
        digest = hashlib.md5(usedforsecurity=False)
        size = 0
        with response:
            length = response.headers.get("Content-Length", "").strip()
            if expected is not None and length.isdigit() and int(length) != expected:
                raise self.error(
                    f"the server sends {filename} as {int(length):,} bytes, voices.json says "
                    f"{expected:,}; try again later"
                )
            if length.isdigit() and int(length) > limit:
                raise self.error(f"{filename} is larger than {format_size(limit)}")
            while True:
                if self._remaining() <= 0:
                    raise self.error(
                        f"the download took longer than {self.total_timeout:g} s "
                        f"({self.done:,} of {self.total:,} bytes); try again later"
                    )
                _set_read_timeout(response, min(self.timeout, self._remaining()))
                try:
                    chunk = response.read1(_CHUNK)
                except TimeoutError:
                    if self._remaining() <= 0:
                        continue  # the deadline cut the read short: reported above
                    raise self.error(
                        f"the server stopped sending {filename} for {self.timeout:g} s; "
                        "try again later"
                    ) from None
                except (OSError, http.client.HTTPException) as exc:
                    raise self.error(
                        f"the connection broke while reading {filename} after {size:,} bytes "
                        f"({_reason(exc)}); try again"
                    ) from None
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise self.error(f"{filename} is larger than {format_size(limit)}")
                if expected is not None and size > expected:
                    raise self.error(
                        f"{filename} is larger than the {expected:,} bytes voices.json says; "
                        "try again later"
                    )
                digest.update(chunk)
                try:
                    sink.write(chunk)
                except OSError as exc:
                    raise self.error(
                        f"cannot write into {self.dest_dir} ({_reason(exc)})"
                    ) from None
                if expected is not None:
                    self.done += len(chunk)
                    self._report()
        if length.isdigit() and size < int(length):
            # http.client ends a short body quietly: a dropped connection looks like an end.
            raise self.error(
                f"the connection closed after {size:,} of {int(length):,} bytes of {filename}; "
                "try again"
            )
        if expected is not None and size != expected:
            raise self.error(
                f"{filename} is {size:,} bytes, voices.json says {expected:,}; try again"
            )
        return digest.hexdigest()

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


class _Memory:
    """A bytes sink with the one method ``_fetch`` writes through."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(data)
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


def _set_read_timeout(response: http.client.HTTPResponse, seconds: float) -> None:
    """Shorten the socket's timeout so no read outlasts the download's deadline."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))


def _connection_problem(url: str, exc: Exception, timeout: float) -> str:
    reason = exc.reason if isinstance(exc, URLError) else exc
    host = urlsplit(url).hostname or url
    if isinstance(reason, TimeoutError):
        return f"{host} did not answer within {timeout:g} s; try again later"
    return f"cannot reach {host} ({_reason(reason)}); check the network"


def _advice(status: int) -> str:
    if status in (404, 410):
        return "check the voice name (narrate voices lists them)"
    if status in (401, 403):
        return "the voice server refused access; try again later"
    return "try again later"


def _reason(exc: object) -> str:
    text = " ".join(str(getattr(exc, "strerror", None) or exc).split())
    return text or type(exc).__name__
