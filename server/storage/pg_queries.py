"""The statements PostgreSQL must run differently from SQLite (everything else is
:class:`server.storage.sql_queries.SqlQueries` through :class:`PgConnection`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from server.storage.pg_connection import PgConnection
from server.storage.row_sql import RECORD_COLS
from server.storage.sql_queries import SqlQueries

__all__ = ["PgQueries"]


class PgQueries(SqlQueries):
    """Reader and Writer over one psycopg connection (the storage holds the transaction)."""

    def __init__(self, conn: PgConnection) -> None:
        super().__init__(conn)

    def lock_keys(self, keys: Collection[str]) -> None:
        """Transaction-scoped advisory locks on the 64-bit hashes of ``keys``, in ascending
        order (one order for every writer: no deadlock among writers that lock this way)."""
        if not keys:
            return
        assert isinstance(self._conn, PgConnection)
        # the keys go as a binary array (%b): psycopg writes a text array's quoting in Python,
        # ~1.2 us a key against 0.15, and a push locks one key per record
        self._conn.raw.execute(
            "SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT"
            " hashtextextended(k, 1803) AS h FROM unnest(%b::text[]) AS k ORDER BY h) AS keys",
            (list(keys),),
        )

    def _merged_rows(
        self,
        cursor: int,
        kinds: Sequence[str],
        owners: Sequence[str],
        limit: int,
        pairs: Sequence[tuple[str, str]] = (),
    ) -> list[tuple[Any, ...]]:
        """The first ``limit`` records after ``cursor`` of these kinds or owners: one index
        walk per branch, each cut at ``limit`` rows, merged by the server. (SQLite's version
        steps lazy cursors; psycopg's client cursors would fetch every branch whole.)"""
        cols = f"SELECT {RECORD_COLS} FROM records WHERE "
        branches: list[str] = []
        params: list[Any] = []
        for k in kinds:
            branches.append(f"({cols}kind = %s AND seq > %s ORDER BY seq LIMIT %s)")
            params += [k, cursor, limit]
        for o in owners:
            branches.append(f"({cols}owner = %s AND seq > %s ORDER BY seq LIMIT %s)")
            params += [o, cursor, limit]
        for o, k in pairs:
            branches.append(f"({cols}owner = %s AND kind = %s AND seq > %s ORDER BY seq LIMIT %s)")
            params += [o, k, cursor, limit]
        if not branches:
            return []
        # UNION (not UNION ALL): a record two branches admit (a public kind, a named owner)
        # comes once
        sql = f"SELECT * FROM ({' UNION '.join(branches)}) AS b ORDER BY seq LIMIT %s"
        assert isinstance(self._conn, PgConnection)
        rows: list[tuple[Any, ...]] = self._conn.raw.execute(sql, [*params, limit]).fetchall()
        return rows
