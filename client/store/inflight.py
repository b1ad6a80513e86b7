"""The push batch that was (or may have been) sent and is not yet answered.

It is saved before the request goes out and removed in the transaction that applies the answer,
so a crash in between replays exactly the same batch with the same sequence number: the server
answers it from its record of that batch (exactly once).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from client.store._json import dumps, loads

__all__ = ["Inflight", "InflightBatch"]


@dataclass(frozen=True, slots=True)
class InflightBatch:
    """A saved batch: its sequence number, the encoded request, and the revision of each entry."""

    batch_seq: int
    body: bytes
    revisions: dict[str, int]


class Inflight:
    """Access to the ``push_inflight`` table (at most one row)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> InflightBatch | None:
        row = self._db.execute(
            "SELECT batch_seq, body, revisions FROM push_inflight ORDER BY batch_seq LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return InflightBatch(batch_seq=row[0], body=bytes(row[1]), revisions=loads(row[2]))

    def save(self, batch: InflightBatch) -> None:
        self._db.execute(
            "INSERT INTO push_inflight (batch_seq, body, revisions) VALUES (?, ?, ?)",
            [batch.batch_seq, batch.body, dumps(batch.revisions)],
        )

    def clear(self) -> None:
        self._db.execute("DELETE FROM push_inflight")

    def contains(self, record_id: str) -> bool:
        batch = self.get()
        return batch is not None and record_id in batch.revisions
