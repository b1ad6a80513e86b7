"""The bytes of evidence files, behind a small interface (:class:`Blobs`), and the shared
directory that implements it (:class:`BlobStore`).

Layout under the data folder: ``evidence/partial/<sha>.part`` while uploading, then
``evidence/<sha[:2]>/<sha>`` once the bytes hash to the name; the upload locks' files are in
``evidence/locks/`` (:mod:`server.evidence.locks`). Every server process over one database must
share the data folder (one machine, or a shared filesystem with working ``flock``). An object
store would implement :class:`Blobs` later (a multipart upload for the partial bytes, a copy
for :meth:`Blobs.place`, a lock of its own or the database's for :meth:`Blobs.holding`).
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Protocol

from server.evidence.locks import LOCK_STRIPES, UploadLocks

__all__ = ["LOCK_STRIPES", "MIB", "BlobStore", "Blobs"]

MIB = 1024 * 1024


class Blobs(Protocol):
    """Where evidence bytes live, as the upload service uses them. Names are paths relative to
    the data folder, as the evidence rows record them."""

    def holding(self, sha256s: Iterable[str]) -> AbstractContextManager[None]:
        """Keep every other upload of these files out (in every server process) for the
        block."""
        ...

    def partial(self, sha256: str) -> pathlib.Path:
        """Where an unfinished upload's bytes are."""
        ...

    def write_at(self, relative: pathlib.Path, offset: int, data: bytes) -> None:
        """Write ``data`` at ``offset`` of partial bytes (they end after it), durably."""
        ...

    def place(self, sha256: str, partial: pathlib.Path) -> pathlib.Path:
        """Finish an upload: move its bytes to their final name, returned."""
        ...

    def digest(self, relative: pathlib.Path) -> str:
        """The sha256 of stored bytes."""
        ...

    def read(self, relative: pathlib.Path, offset: int, size: int) -> bytes:
        """Up to ``size`` stored bytes from ``offset``."""
        ...

    def discard(self, relative: pathlib.Path) -> None:
        """Remove stored bytes, if they are there."""
        ...


class BlobStore:
    """:class:`Blobs` in a directory on disk, ``data_dir`` (shared by the server's processes),
    with its upload locks."""

    def __init__(self, data_dir: pathlib.Path) -> None:
        self.data_dir = data_dir
        self.upload_locks = UploadLocks(data_dir / "evidence" / "locks")
        self._dirs: set[str] = set()
        """Directories this process made (or found) under the data folder."""

    @property
    def locks(self) -> tuple[threading.Lock, ...]:
        """This process's half of the upload locks' pool (see :class:`UploadLocks`)."""
        return self.upload_locks.locks

    def lock(self, sha256: str) -> threading.Lock:
        """This process's lock of a file's stripe (by its checked, lowercase hex name)."""
        return self.locks[self.upload_locks.stripe(sha256)]

    def holding(self, sha256s: Iterable[str]) -> AbstractContextManager[None]:
        """Hold the upload locks of these files, in this process and across the others."""
        return self.upload_locks.holding(sha256s)

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
