"""Files that appear whole or not at all, and the lock two runs on one feed share."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from narrate.errors import PublishError


def describe_os_error(exc: OSError, path: Path | str) -> str:
    """One line for the editor, with the fix for the failures they can fix."""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full while writing {path}: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied writing {path}: check the folder's owner and permissions"
    if exc.errno == errno.EROFS:
        return f"{path} is on a read-only file system"
    return f"cannot write {path}: {exc.strerror or exc}"


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``dest``; rename it over ``dest`` only on success.

    Readers (a web server, a podcast app) see the old file or the new one, never half of one;
    on any failure the temporary file is removed.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, dest)) from None
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600: a web server must be able to read it
        os.replace(tmp, dest)
    except OSError as exc:
        raise PublishError(describe_os_error(exc, dest)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def move_into(source: Path, dest: Path) -> None:
    """Move a finished file to ``dest`` atomically, also when ``dest`` is on another file
    system (a web root mounted elsewhere, a symlinked public folder): then it is copied to
    a hidden file beside ``dest`` and renamed, so readers still never see half a file."""
    try:
        os.replace(source, dest)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise PublishError(describe_os_error(exc, dest)) from None
    with atomic_path(dest) as tmp:
        try:
            shutil.copyfile(source, tmp)
        except OSError as exc:
            raise PublishError(describe_os_error(exc, dest)) from None
    source.unlink(missing_ok=True)


def atomic_write(dest: Path, data: bytes) -> None:
    with atomic_path(dest) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise PublishError(describe_os_error(exc, dest)) from None


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (cron and an editor publishing to one feed at once).

    A POSIX record lock (lockf), not flock: worker processes forked while it is held do not
    share it, so a run killed with SIGKILL frees the feed even if a worker outlives it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise PublishError(describe_os_error(exc, path)) from None
    with handle:
        fcntl.lockf(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle.fileno(), fcntl.LOCK_UN)


def slugify(text: str, max_length: int = 60) -> str:
    """An ASCII file-name part from untrusted text: no diacritics, no separators, bounded."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "bai"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists: leftovers of a run that died may be cleaned up."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def format_size(count: int) -> str:
    """A byte count as an editor reads it: "5 MB", "64 KB", "300 bytes"."""
    mib = 1024 * 1024
    if count >= mib:
        return f"{count / mib:.3g} MB"
    if count >= 1024:
        return f"{count / 1024:.3g} KB"
    return f"{count} bytes"
