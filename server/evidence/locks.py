"""The locks that keep two uploads of one evidence file apart, in one process and across the
server processes that share the evidence directory.

A fixed pool of stripes (a file's name picks its stripe): each is a ``threading.Lock`` for the
threads of this process and, under it, an exclusive ``flock`` on the stripe's lock file
(``evidence/locks/<nn>.lock``) for the other processes. The lock lives beside the bytes it
guards, so it holds whatever the database is, for every process that writes there; it takes no
database connection while the bytes are written (a pooled connection held through a slow upload
could starve the requests). Where ``flock`` does not exist (Windows) a server is one process and
the thread locks suffice.
"""

from __future__ import annotations

import os
import pathlib
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one server process
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_STRIPES", "UploadLocks"]

LOCK_STRIPES = 64
"""Locks shared by all files, one per stripe of names: a fixed pool, however many files come."""


class UploadLocks:
    """The pool of upload locks of one evidence directory (see the module)."""

    def __init__(self, directory: pathlib.Path, stripes: int = LOCK_STRIPES) -> None:
        self.directory = directory
        """Where the stripes' lock files are (made on first use)."""
        self.locks: tuple[threading.Lock, ...] = tuple(threading.Lock() for _ in range(stripes))
        """This process's half of each stripe; a file's name picks its stripe."""
        self._fds: dict[int, int] = {}
        """Open lock files by stripe (used only by the holder of the stripe's thread lock)."""

    def stripe(self, sha256: str) -> int:
        """The stripe of a file (by its checked, lowercase hex name); a few files share each."""
        return int(sha256[:8], 16) % len(self.locks)

    @contextmanager
    def holding(self, sha256s: Iterable[str]) -> Iterator[None]:
        """Hold the locks of these files for the block: their stripes once each, in pool order
        (every caller takes them in that order: no deadlock, in a process or across them)."""
        taken: list[int] = []
        try:
            for stripe in sorted({self.stripe(sha) for sha in sha256s}):
                self.locks[stripe].acquire()
                taken.append(stripe)
                self._lock_file(stripe)
            yield
        finally:
            for stripe in reversed(taken):
                try:
                    self._unlock_file(stripe)
                finally:
                    self.locks[stripe].release()

    def _lock_file(self, stripe: int) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            return
        fd = self._fds.get(stripe)
        if fd is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.directory / f"{stripe:02x}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            self._fds[stripe] = fd
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock_file(self, stripe: int) -> None:
        fd = self._fds.get(stripe)
        if fcntl is not None and fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close the lock files (a later :meth:`holding` opens them again)."""
        for stripe in list(self._fds):
            with self.locks[stripe]:
                os.close(self._fds.pop(stripe))
