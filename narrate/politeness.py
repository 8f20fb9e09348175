"""A per-feed limit on requests in flight to an online engine, across threads and processes.

Free services (Google's and Microsoft's speech endpoints) answer bursts with 429s. A batch, a
cron run and an editor's run may all talk to the same service for one feed at once, so the
limit is kept in files: ``limit`` slot files in the feed folder, each held with a POSIX record
lock by whoever is using it. Record locks belong to a process, so inside one process a queue
hands each thread a slot of its own first.
"""

from __future__ import annotations

import contextlib
import fcntl
import queue
import time
from collections.abc import Iterator
from pathlib import Path

from narrate.errors import PublishError
from narrate.files import describe_os_error

POLL_SECONDS = 0.02


class Politeness:
    """``with gate.slot(): request()`` never lets more than ``limit`` requests overlap."""

    def __init__(self, folder: Path, limit: int) -> None:
        if limit < 1:
            raise ValueError("the politeness limit must be at least 1")
        self.folder = folder
        self.limit = limit
        self._free: queue.Queue[int] = queue.Queue()
        for index in range(limit):
            self._free.put(index)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(describe_os_error(exc, folder)) from None

    @contextlib.contextmanager
    def slot(self) -> Iterator[int]:
        first = self._free.get()  # this process's threads never share a slot
        try:
            index, handle = self._acquire(first)
            try:
                yield index
            finally:
                fcntl.lockf(handle.fileno(), fcntl.LOCK_UN)
                handle.close()
        finally:
            self._free.put(first)

    def _acquire(self, first: int):  # type: ignore[no-untyped-def]
        """Take slot ``first``, waiting while another process holds it. Polled, not blocking:
        the kernel's deadlock check sees processes, not threads, and would refuse a blocking
        wait that threads of two processes could in fact resolve."""
        handle = self._open(first)
        while True:
            try:
                fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return first, handle
            except OSError:
                time.sleep(POLL_SECONDS)

    def _open(self, index: int):  # type: ignore[no-untyped-def]
        path = self.folder / f"slot-{index}"
        try:
            return open(path, "a+b")
        except OSError as exc:
            raise PublishError(describe_os_error(exc, path)) from None
