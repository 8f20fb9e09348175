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
import io
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, urlsplit

from narrate.errors import EngineError
from narrate.files import format_size
from narrate.http import Client, HttpFailure, reason

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
        raise download.error(f"cannot create {dest_dir} ({reason(exc)})") from None
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
        self.client = Client()

    def error(self, what: str) -> EngineError:
        return EngineError(f"cannot download piper voice {self.name}: {what}")

    def json(self, url: str) -> dict[str, Any]:
        """A small JSON document (the catalogue), read into memory within the limits."""
        sink = io.BytesIO()
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
            raise self.error(f"cannot write into {self.dest_dir} ({reason(exc)})") from None
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
        digest = hashlib.md5(usedforsecurity=False)
        size = 0
        try:
            with self.client.open(
                url, timeout=self.timeout, deadline=self.deadline, max_redirects=_MAX_REDIRECTS
            ) as response:
                if not 200 <= response.status < 300:
                    raise self.error(f"{url} answered {response.label}; {_advice(response.status)}")
                length = response.content_length
                if expected is not None and length is not None and length != expected:
                    raise self.error(
                        f"the server sends {filename} as {length:,} bytes, voices.json says "
                        f"{expected:,}; try again later"
                    )
                for chunk in response.chunks(limit):
                    size += len(chunk)
                    if expected is not None and size > expected:
                        raise self.error(
                            f"{filename} is larger than the {expected:,} bytes voices.json "
                            "says; try again later"
                        )
                    digest.update(chunk)
                    self._write(sink, chunk, counted=expected is not None)
        except HttpFailure as failure:
            raise self.error(self._failed(failure, url, filename, limit)) from None
        if expected is not None and size != expected:
            raise self.error(
                f"{filename} is {size:,} bytes, voices.json says {expected:,}; try again"
            )
        return digest.hexdigest()

    def _write(self, sink: BinaryIO, chunk: bytes, *, counted: bool) -> None:
        try:
            sink.write(chunk)
        except OSError as exc:
            raise self.error(f"cannot write into {self.dest_dir} ({reason(exc)})") from None
        if counted:  # the voice's files count towards the progress bar, the catalogue not
            self.done += len(chunk)
            self._report()

    def _failed(self, failure: HttpFailure, url: str, filename: str, limit: int) -> str:
        """What a failed request means to someone downloading a voice."""
        host = urlsplit(url).hostname or url
        match failure.kind:
            case "timeout":
                return f"{host} did not answer within {self.timeout:g} s; try again later"
            case "stalled":
                return (
                    f"the server stopped sending {filename} for {self.timeout:g} s; try again later"
                )
            case "slow":
                return (
                    f"the download took longer than {self.total_timeout:g} s "
                    f"({self.done:,} of {self.total:,} bytes); try again later"
                )
            case "broken":
                return (
                    f"the connection broke while reading {filename} after {failure.size or 0:,} "
                    f"bytes ({failure.reason}); try again"
                )
            case "short":
                return (
                    f"the connection closed after {failure.size or 0:,} of "
                    f"{failure.length or 0:,} bytes of {filename}; try again"
                )
            case "too_big":
                return f"{filename} is larger than {format_size(limit)}"
            case "redirect_scheme":
                return f"{url} redirects to {failure.target!r}, which is not http(s)"
            case "redirect_loop":
                return f"{url} redirects in a loop; try again later"
            case "too_many_redirects":
                return f"{url} redirects more than {_MAX_REDIRECTS} times; try again later"
        return f"cannot reach {host} ({failure.reason or failure.kind}); check the network"

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


def _advice(status: int) -> str:
    if status in (404, 410):
        return "check the voice name (narrate voices lists them)"
    if status in (401, 403):
        return "the voice server refused access; try again later"
    return "try again later"
