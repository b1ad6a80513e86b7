"""The SQLite storage: WAL, foreign keys, one writer connection behind a lock, one read
connection per thread. ``:memory:`` gives a private in-memory database (readers then share the
writer's connection, under the same lock).
"""

from __future__ import annotations

import pathlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from server.storage.base import Reader, Writer
from server.storage.migrations import MIGRATIONS, Migration, apply_migrations
from server.storage.session import SqliteSession

__all__ = ["SqliteStorage"]

_BUSY_TIMEOUT_MS = 10_000
_WRITER_CACHE_KIB = 16 * 1024
"""Page cache of the one writer connection. SQLite's default (2 MiB) is far smaller than the
index pages a push batch touches (records, report facts, audit log): pages were evicted and read
back within one transaction. Readers keep the default."""
_WAL_AUTOCHECKPOINT_PAGES = 8000
"""WAL pages (4 KiB) before an automatic checkpoint (default 1000). A push batch writes a few
hundred pages; checkpointing every few batches copied the same hot index pages again and again."""


class SqliteStorage:
    """A :class:`~server.storage.base.Storage` over one SQLite file (or ``:memory:``)."""

    def __init__(
        self,
        path: pathlib.Path | str,
        *,
        migrations: tuple[Migration, ...] = MIGRATIONS,
    ) -> None:
        self._memory = str(path) == ":memory:"
        self._path = str(path)
        if not self._memory:
            pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        self._depth = 0
        self._writer = self._connect()
        self._writer.execute(f"PRAGMA cache_size=-{_WRITER_CACHE_KIB}")
        if not self._memory:
            mode = self._writer.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # pragma: no cover - only on odd filesystems
                raise sqlite3.OperationalError(f"cannot switch {path} to WAL (got {mode})")
            self._writer.execute(f"PRAGMA wal_autocheckpoint={_WAL_AUTOCHECKPOINT_PAGES}")
        with self._lock:
            self.applied_now = apply_migrations(self._writer, migrations)
        if "0005_report_facts" in self.applied_now:
            # an older database: derive the facts of the records it already holds
            with self.write():
                SqliteSession(self._writer).rebuild_facts()
        if "0006_evidence_refs" in self.applied_now:
            # records synced before the table existed: derive which of them name evidence
            with self.write():
                SqliteSession(self._writer).rebuild_evidence_refs()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._path,
            isolation_level=None,
            check_same_thread=False,
            timeout=_BUSY_TIMEOUT_MS / 1e3,
        )
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def _reader_connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("storage is closed")

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A consistent snapshot of committed data."""
        self._check_open()
        if self._memory:
            with self._lock:
                yield SqliteSession(self._writer)
            return
        conn = self._reader_connection()
        if conn.in_transaction:  # a read inside a read on this thread shares its snapshot
            yield SqliteSession(conn)
            return
        conn.execute("BEGIN")
        try:
            yield SqliteSession(conn)
        finally:
            conn.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """The single writer: commit on success, roll back on any exception.

        A nested ``write()`` on the same thread becomes a savepoint of the outer transaction.
        """
        self._check_open()
        with self._lock:
            conn = self._writer
            nested = self._depth > 0
            savepoint = f"sp{self._depth}"
            conn.execute(f"SAVEPOINT {savepoint}" if nested else "BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield SqliteSession(conn)
            except BaseException:
                if nested:
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                else:
                    conn.execute("ROLLBACK")
                raise
            else:
                conn.execute(f"RELEASE {savepoint}" if nested else "COMMIT")
            finally:
                self._depth -= 1

    def close(self) -> None:
        """Close every connection; further use raises."""
        if self._closed:
            return
        self._closed = True
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._lock:
            self._writer.close()
