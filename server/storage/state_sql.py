"""SQL of the state every server process shares (a mixin of :class:`SqlQueries`): the login
throttle's counts (the proofs of holding evidence in progress, shared the same way, are with the
evidence: :mod:`server.storage.sql_evidence`). Kept in the database so that several processes
over one database see one state, and a restart forgets none of it.

The table stays bounded: each write deletes what is forgotten, and past a given number of rows
the ones that matter least (see each method).
"""

from __future__ import annotations

from collections.abc import Collection

from server.storage.row_sql import json_list
from server.storage.sql_base import SqlBase

__all__ = ["StateSql"]


class StateSql(SqlBase):
    """Throttle counts and evidence proofs over ``self._conn`` (set by the session)."""

    # --- login throttle ----------------------------------------------------------------------
    def throttle_counts(self, keys: Collection[str], now: float) -> dict[str, tuple[int, float]]:
        """``key -> (failures, wait_until)`` of those of ``keys`` not forgotten at ``now``."""
        if not keys:
            return {}
        rows = self._conn.execute(
            "SELECT key, failures, wait_until FROM login_throttle"
            " WHERE key IN (SELECT value FROM json_each(?)) AND forget_at > ?",
            (json_list(keys), now),
        ).fetchall()
        return {str(k): (int(f), float(u)) for k, f, u in rows}

    def throttle_more_than(self, count: int) -> bool:
        """Whether more than ``count`` throttle keys are stored (forgotten ones included)."""
        row = self._conn.execute(
            "SELECT 1 FROM login_throttle ORDER BY key LIMIT 1 OFFSET ?", (count,)
        ).fetchone()
        return row is not None

    def put_throttle_count(
        self, key: str, *, nip: str | None, failures: int, wait_until: float, forget_at: float
    ) -> None:
        """Store a key's count (``nip``: the NIP it is about, if any, see
        :meth:`forget_throttle_nip`)."""
        self._conn.execute(
            "INSERT INTO login_throttle (key, nip, failures, wait_until, forget_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET nip = excluded.nip,"
            " failures = excluded.failures, wait_until = excluded.wait_until,"
            " forget_at = excluded.forget_at",
            (key, nip, failures, wait_until, forget_at),
        )

    def drop_throttle_count(self, key: str) -> None:
        self._conn.execute("DELETE FROM login_throttle WHERE key = ?", (key,))

    def forget_throttle_nip(self, nip: str) -> None:
        """Drop every key about ``nip``."""
        self._conn.execute("DELETE FROM login_throttle WHERE nip = ?", (nip,))

    def prune_throttle(self, now: float, keep: int) -> None:
        """Drop the keys forgotten at ``now``; past ``keep`` keys, those whose wait ends first
        (all that share the cut-off's end go too)."""
        self._conn.execute("DELETE FROM login_throttle WHERE forget_at <= ?", (now,))
        self._conn.execute(
            "DELETE FROM login_throttle WHERE wait_until <= (SELECT wait_until FROM"
            " login_throttle ORDER BY wait_until DESC LIMIT 1 OFFSET ?)",
            (keep,),
        )
