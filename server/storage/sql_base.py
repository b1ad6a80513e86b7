"""What every part of the store's SQL shares: the connection, one-row and all-row reads, and
the named counters (device ids, record seq, facts, clock). The parts are mixins of
:class:`server.storage.sql_queries.SqlQueries`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from server.storage.row_sql import SqlConnection

__all__ = ["SqlBase"]


class SqlBase:
    """The connection the caller holds a transaction on, and the helpers every part uses."""

    def __init__(self, conn: SqlConnection) -> None:
        self._conn = conn

    def _one(self, sql: str, *params: Any) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._conn.execute(sql, params).fetchone()
        return row

    def _all(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return list(self._conn.execute(sql, params).fetchall())

    def _next(self, counter: str) -> int:
        row = self._one(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 RETURNING value",
            counter,
        )
        assert row is not None
        return int(row[0])

    def migrations(self) -> list[str]:
        return [r[0] for r in self._all("SELECT name FROM _migrations ORDER BY name")]

    def lock_keys(self, keys: Collection[str]) -> None:
        """Nothing to do where writers run one at a time (SQLite); PostgreSQL overrides it."""

    def _counter(self, name: str) -> int:
        """The value of a row of ``counters`` (0 before it is first set)."""
        row = self._conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return 0 if row is None else int(row[0])

    def _epoch(self) -> int:
        """Which life of the database (see :meth:`RecordReader.epoch`)."""
        return max(1, self._counter("epoch"))

    def _set_counter(self, name: str, value: int) -> None:
        self._conn.execute(
            "INSERT INTO counters (name, value) VALUES (?1, ?2) "
            "ON CONFLICT(name) DO UPDATE SET value = ?2",
            (name, value),
        )
