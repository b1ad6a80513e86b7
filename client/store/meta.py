"""Small key/value state of the device: identity, session, cursor, clocks, sync bookkeeping."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from client.store._json import dumps, loads

__all__ = ["Meta"]


class Meta:
    """JSON values by key in the ``meta`` table. Keys used by the device:

    ``nip``, ``name``, ``roles``, ``server_url``, ``device_id``, ``token``, ``verifier``,
    ``pull_cursor``, ``hlc``, ``next_batch_seq``, ``last_sync_ms``, ``sync_block``,
    ``server_epoch`` (the server's life: :mod:`sync.restore`), ``refetch`` (ids to ask for
    again: :attr:`sync.PullRequest.refetch`).
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return default if row is None else loads(row[0])

    def set(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, dumps(value)],
        )

    def delete(self, key: str) -> None:
        self._db.execute("DELETE FROM meta WHERE key = ?", [key])

    def all(self) -> dict[str, Any]:
        return {k: loads(v) for k, v in self._db.execute("SELECT key, value FROM meta")}
