"""The bytes of evidence files on disk, and the locks that keep two uploads of one file apart.

Layout under the data folder: ``evidence/partial/<sha>.part`` while uploading, then
``evidence/<sha[:2]>/<sha>`` once the bytes hash to the name.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import threading
from collections.abc import Iterable

__all__ = ["LOCK_STRIPES", "MIB", "BlobStore"]

MIB = 1024 * 1024
LOCK_STRIPES = 64
"""Locks shared by all files, one per stripe of names: a fixed pool, however many files come."""


class BlobStore:
    """Evidence bytes under ``data_dir``: partial uploads, finished files, and their locks."""

    def __init__(self, data_dir: pathlib.Path) -> None:
        self.data_dir = data_dir
        self.locks: tuple[threading.Lock, ...] = tuple(
            threading.Lock() for _ in range(LOCK_STRIPES)
        )
        """The pool of locks; a file's name picks its stripe (see :meth:`lock`)."""
        self._dirs: set[str] = set()
        """Directories this process made (or found) under the data folder."""

    def _stripe(self, sha256: str) -> int:
        return int(sha256[:8], 16) % len(self.locks)

    def lock(self, sha256: str) -> threading.Lock:
        """The lock of a file (by its checked, lowercase hex name); a few files share each."""
        return self.locks[self._stripe(sha256)]

    def locks_for(self, sha256s: Iterable[str]) -> list[threading.Lock]:
        """The locks of several files, each once, in pool order: taken in this order (as every
        other caller takes at most one), they cannot deadlock."""
        return [self.locks[i] for i in sorted({self._stripe(sha) for sha in sha256s})]

    @staticmethod
    def partial(sha256: str) -> pathlib.Path:
        """Where an unfinished upload's bytes are, relative to the data folder."""
        return pathlib.Path("evidence") / "partial" / f"{sha256}.part"

    @staticmethod
    def final(sha256: str) -> pathlib.Path:
        """Where a finished file is, relative to the data folder."""
        return pathlib.Path("evidence") / sha256[:2] / sha256

    def place(self, sha256: str, partial: pathlib.Path) -> pathlib.Path:
        """Move finished bytes (relative to the data folder) to their final place, returned
        relative to the data folder."""
        final = self.final(sha256)
        self._ensure_dir((self.data_dir / final).parent)
        os.replace(self.data_dir / partial, self.data_dir / final)
        return final

    def digest(self, relative: pathlib.Path) -> str:
        """The sha256 of a stored file, read a MiB at a time."""
        digest = hashlib.sha256()
        with (self.data_dir / relative).open("rb") as fh:
            for block in iter(lambda: fh.read(MIB), b""):
                digest.update(block)
        return digest.hexdigest()

    def read(self, relative: pathlib.Path, offset: int, size: int) -> bytes:
        """Up to ``size`` bytes of a stored file from ``offset``."""
        with (self.data_dir / relative).open("rb") as fh:
            fh.seek(offset)
            return fh.read(size)

    def discard(self, relative: pathlib.Path) -> None:
        """Remove a file, if it is there."""
        (self.data_dir / relative).unlink(missing_ok=True)

    def _ensure_dir(self, path: pathlib.Path) -> None:
        """``mkdir -p``, once per directory and process (nothing removes them): a batch of
        photos paid two failing ``mkdir`` calls, and their exceptions, per file."""
        key = str(path)
        if key not in self._dirs:
            path.mkdir(parents=True, exist_ok=True)
            self._dirs.add(key)

    def write_at(self, relative: pathlib.Path, offset: int, data: bytes) -> None:
        """Write ``data`` at ``offset`` (the file ends after it) and sync it to disk."""
        path = self.data_dir / relative
        self._ensure_dir(path.parent)
        flags = os.O_WRONLY | os.O_CREAT
        fd = os.open(path, flags, 0o600)
        try:
            os.lseek(fd, offset, os.SEEK_SET)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.ftruncate(fd, offset + len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
