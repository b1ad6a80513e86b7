"""The SQLite storage: WAL, foreign keys, one writer connection behind a lock, one read
connection per thread. ``:memory:`` gives a private in-memory database (readers then share the
writer's connection, under the same lock).
"""

from __future__ import annotations

import pathlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from server.storage.base import Reader, Writer
from server.storage.migrations import MIGRATIONS, Migration, apply_migrations
from server.storage.projection import PROJECT_CHUNK, project_in_chunks
from server.storage.sql_queries import SqlQueries

__all__ = ["GROUP_MAX_BODIES", "GROUP_MAX_SECONDS", "PROJECT_CHUNK", "SqliteStorage"]

GROUP_MAX_BODIES = 64
"""Most write bodies sharing one commit (group commit)."""
GROUP_MAX_SECONDS = 0.1
"""A group is committed once it has been open this long, waiters or not: the bound on how long
a writer waits for others' bodies before its own answer can go out."""

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
        self._state = threading.Condition(threading.Lock())
        """Guards the group-commit counters below (never held while SQL runs)."""
        self._waiting = 0
        self._group_open = False
        self._group_gen = 0
        self._group_bodies = 0
        self._group_started = 0.0
        self._committed_gen = 0
        self._failures: dict[int, BaseException] = {}
        self._chores: dict[str, threading.Lock] = {}
        self._chores_lock = threading.Lock()
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
                SqlQueries(self._writer).rebuild_facts()
        if "0006_evidence_refs" in self.applied_now:
            # records synced before the table existed: derive which of them name evidence
            with self.write():
                SqlQueries(self._writer).rebuild_evidence_refs()

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
                yield SqlQueries(self._writer)
            return
        conn = self._reader_connection()
        if conn.in_transaction:  # a read inside a read on this thread shares its snapshot
            yield SqlQueries(conn)
            return
        conn.execute("BEGIN")
        try:
            yield SqlQueries(conn)
        finally:
            conn.execute("COMMIT")

    @contextmanager
    def write(self, *, concurrent: bool = False) -> Iterator[Writer]:
        """The single writer: the body's changes are committed when ``write()`` returns, rolled
        back on any exception (``concurrent`` changes nothing: one writer at a time anyway).

        Group commit: bodies run one at a time, each inside a savepoint of a shared transaction;
        while other writers are waiting, the transaction stays open for them, and the last body
        of the group (or one past :data:`GROUP_MAX_BODIES` / :data:`GROUP_MAX_SECONDS`) commits
        it, with one fsync for all. Every member returns only after that commit, so nothing is
        acknowledged before it is durable; a failed body rolls back its own savepoint only. A
        nested ``write()`` on the same thread becomes a savepoint of the outer body.
        """
        self._check_open()
        with self._state:
            self._waiting += 1
        self._lock.acquire()
        with self._state:
            self._waiting -= 1
        nested = self._depth > 0
        conn = self._writer
        gen = 0
        try:
            if not nested:
                gen = self._join_group()
            savepoint = f"sp{self._depth}"
            conn.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield SqlQueries(conn)
            except BaseException:
                conn.execute(f"ROLLBACK TO {savepoint}")
                conn.execute(f"RELEASE {savepoint}")
                raise
            else:
                conn.execute(f"RELEASE {savepoint}")
            finally:
                self._depth -= 1
                if not nested:
                    self._end_body()
        finally:
            self._lock.release()
        if not nested:
            self._await_commit(gen)

    def _join_group(self) -> int:
        """Open the shared transaction unless it is open; the group's generation (lock held)."""
        if not self._group_open:
            self._writer.execute("BEGIN IMMEDIATE")
            self._group_open = True
            self._group_gen += 1
            self._group_bodies = 0
            self._group_started = time.monotonic()
        self._group_bodies += 1
        return self._group_gen

    def _end_body(self) -> None:
        """After a body (lock held): commit the group unless another writer is waiting and the
        group is still small and young."""
        with self._state:
            others = self._waiting > 0
        if (
            others
            and not self._memory
            and self._group_bodies < GROUP_MAX_BODIES
            and time.monotonic() - self._group_started < GROUP_MAX_SECONDS
        ):
            return
        gen = self._group_gen
        failure: BaseException | None = None
        try:
            self._writer.execute("COMMIT")
        except BaseException as err:  # disk full, I/O error: every member of the group fails
            failure = err
            with suppress(sqlite3.Error):
                self._writer.execute("ROLLBACK")
        self._group_open = False
        with self._state:
            if failure is not None:
                self._failures[gen] = failure
                for old in [g for g in self._failures if g < gen - 64]:
                    del self._failures[old]
            self._committed_gen = gen
            self._state.notify_all()

    def _await_commit(self, gen: int) -> None:
        """Return once the group ``gen`` is committed; raise if its commit failed."""
        with self._state:
            while self._committed_gen < gen:
                self._state.wait()
            failure = self._failures.get(gen)
        if failure is not None:
            raise sqlite3.OperationalError(f"group commit failed: {failure}") from failure

    def project_facts(self, *, chunk: int = PROJECT_CHUNK, pause: float = 0.0) -> int:
        """:meth:`Writer.project_facts` until caught up, ``chunk`` records per write
        transaction (a push waits for at most one chunk), sleeping ``pause`` seconds between
        chunks so that waiting writers go first (the background projection does)."""
        return project_in_chunks(self.write, chunk=chunk, pause=pause)

    @contextmanager
    def chore_lock(self, name: str) -> Iterator[bool]:
        """Leadership of a chore: a SQLite database has one server process (``--workers`` is
        refused on it), so a lock per chore name among this storage's threads is enough."""
        self._check_open()
        with self._chores_lock:
            lock = self._chores.setdefault(name, threading.Lock())
        got = lock.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                lock.release()

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
