"""The PostgreSQL storage: a pool of psycopg connections shared by the threads of one server
process, and by several processes through the database itself.

Reads run in ``REPEATABLE READ READ ONLY`` transactions (a consistent snapshot, as SQLite's WAL
readers have). Every write transaction first takes one advisory lock, :data:`WRITER_LOCK`, and
holds it to its commit: exclusively for ordinary writers (one at a time across every process, as
SQLite's single writer), shared for the ``concurrent`` ones (pushes of progress logs, a pull's
cursor), which lock the keys they touch instead. A record's sequence number is allocated under
the ``record_seq`` counter row's lock, held to commit, so a pull cursor never passes a seq that a
later commit could still fill (docs/sync.md, "Commit order of seq").
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from server.storage.base import Reader, Writer
from server.storage.pg_connection import PgConnection
from server.storage.pg_migrations import PG_MIGRATIONS, apply_pg_migrations
from server.storage.pg_queries import PgQueries
from server.storage.projection import PROJECT_CHUNK, project_in_chunks

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

    from server.storage.migrations import Migration

__all__ = ["CHORE_LOCKS", "WRITER_LOCK", "PostgresStorage", "chore_key", "is_postgres_url"]

WRITER_LOCK = 0x4B494E4A_00000002
"""Advisory lock key every write transaction holds to its commit ("KINJ" + 2)."""


CHORE_LOCKS = 0x4B494E43_00000000
"""Base of the advisory lock keys of the chores ("KINC"); see :func:`chore_key`."""


def chore_key(name: str) -> int:
    """The advisory lock key of a chore: :data:`CHORE_LOCKS` plus the CRC-32 of its name."""
    return CHORE_LOCKS + zlib.crc32(name.encode())


def is_postgres_url(value: str) -> bool:
    """Whether a ``--database`` value names a PostgreSQL database (else: a SQLite file)."""
    return value.startswith(("postgresql://", "postgres://"))


class PostgresStorage:
    """A :class:`~server.storage.base.Storage` on a PostgreSQL database (``url``: a libpq URL)."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 8,
        migrations: tuple[Migration, ...] = PG_MIGRATIONS,
    ) -> None:
        from psycopg_pool import ConnectionPool

        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,
            open=False,
            name="kinerja",
        )
        self._pool.open(wait=True, timeout=30)
        self._local = threading.local()
        self._closed = False
        with self._pool.connection() as conn:
            self.applied_now = apply_pg_migrations(conn, migrations)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("storage is closed")

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A consistent snapshot of committed data (a read inside a read on this thread shares
        its snapshot)."""
        self._check_open()
        current: psycopg.Connection[Any] | None = getattr(self._local, "reader", None)
        if current is not None:
            yield PgQueries(PgConnection(current))
            return
        with self._pool.connection() as conn:
            self._local.reader = conn
            try:
                with conn.transaction():
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    yield PgQueries(PgConnection(conn))
            finally:
                self._local.reader = None

    @contextmanager
    def write(self, *, concurrent: bool = False) -> Iterator[Writer]:
        """A write transaction: committed when the block ends normally, rolled back when it
        raises; a nested ``write()`` on the same thread is a savepoint of the outer one.

        Ordinary writers hold :data:`WRITER_LOCK` exclusively: one at a time across every
        process. ``concurrent`` ones hold it shared, so they run beside each other (never beside
        an ordinary writer) and keep apart with :meth:`PgQueries.lock_keys` on what they touch.
        Either way ``seq`` stays commit-ordered: the ``record_seq`` counter row, updated when a
        writer takes seqs, stays locked until it commits (docs/sync.md)."""
        self._check_open()
        current: psycopg.Connection[Any] | None = getattr(self._local, "writer", None)
        if current is not None:
            with current.transaction():  # a savepoint
                yield PgQueries(PgConnection(current))
            return
        lock = "pg_advisory_xact_lock_shared" if concurrent else "pg_advisory_xact_lock"
        with self._pool.connection() as conn:
            self._local.writer = conn
            try:
                with conn.transaction():
                    conn.execute(f"SELECT {lock}(%s)", (WRITER_LOCK,))
                    yield PgQueries(PgConnection(conn))
            finally:
                self._local.writer = None

    def project_facts(self, *, chunk: int = PROJECT_CHUNK, pause: float = 0.0) -> int:
        """:meth:`Writer.project_facts` until caught up, ``chunk`` records a transaction."""
        return project_in_chunks(self.write, chunk=chunk, pause=pause)

    @contextmanager
    def chore_lock(self, name: str) -> Iterator[bool]:
        """Leadership of a chore across every process: a session advisory lock
        (:func:`chore_key`) tried on a pooled connection kept for the block, unlocked after.
        Should the connection break, its session ends and the lock with it."""
        self._check_open()
        key = chore_key(name)
        with self._pool.connection() as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            got = bool(row and row[0])
            try:
                yield got
            finally:
                if got:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def close(self) -> None:
        """Close the pool; further use raises."""
        if self._closed:
            return
        self._closed = True
        self._pool.close()
