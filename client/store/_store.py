"""One device database: a SQLite file (WAL) opened through sqlite-utils, migrated at open."""

from __future__ import annotations

import pathlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from client.store.conflicts import Conflicts
from client.store.evidence import EvidenceTable
from client.store.inflight import Inflight
from client.store.meta import Meta
from client.store.outbox import Outbox
from client.store.records import Records
from client.store.schema import apply_migrations

__all__ = ["Store"]


class Store:
    """The local store of one signed-in user.

    Every multi-step write goes through :meth:`transaction` (``BEGIN IMMEDIATE``: the writer
    lock is taken up front, so the app's thread and the sync thread, each with its own
    connection, never deadlock). ``synchronous=FULL``: a committed edit survives a dead battery.
    """

    def __init__(self, path: pathlib.Path | str) -> None:
        self.path = pathlib.Path(path)
        conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        self.db: Any = sqlite_utils.Database(conn)
        if self.path.name != ":memory:":
            self.db.enable_wal()
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        apply_migrations(self.db)
        self.meta = Meta(self.db)
        self.records = Records(self.db)
        self.inflight = Inflight(self.db)
        self.conflicts = Conflicts(self.db)
        self.evidence = EvidenceTable(self.db)
        self.outbox = Outbox(self.db, str(self.meta.get("device_id", "")))

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = self.db.conn
        return conn

    def set_replica(self, device_id: str) -> None:
        """Record this device's replica id (after the first login)."""
        self.meta.set("device_id", device_id)
        self.outbox.replica = device_id

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One atomic write: committed when the block ends, rolled back when it raises."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
