"""Tombstones and their collection (a mixin of :class:`SqlQueries`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from server.storage.row_sql import (
    TOMBSTONE_COLS,
    upsert_sql,
)
from server.storage.rows import (
    Tombstone,
)
from server.storage.sql_base import SqlBase

__all__ = ["TombstoneSql"]

_PUT_TOMBSTONE = upsert_sql("tombstones", TOMBSTONE_COLS, "record_id")


class TombstoneSql(SqlBase):
    """Tombstones and their collection."""

    def tombstones_before(self, seq: int) -> list[Tombstone]:
        rows = self._all(
            "SELECT record_id, kind, owner, seq, deleted_at FROM tombstones "
            "WHERE seq < ? ORDER BY seq",
            seq,
        )
        return [
            Tombstone(record_id=r[0], kind=r[1], owner=r[2], seq=r[3], deleted_at=r[4])
            for r in rows
        ]

    def tombstone_low_water(self) -> int:
        return self._counter("tombstone_low_water")

    def collect_tombstones(self, up_to_seq: int) -> int:
        # found through the tombstones' seq index, not by scanning the records' log
        gone = self._all(
            "SELECT r.id, r.seq FROM tombstones t JOIN records r ON r.id = t.record_id"
            " WHERE t.seq <= ?1 AND r.deleted = 1 AND r.seq <= ?1",
            up_to_seq,
        )
        self._conn.execute("DELETE FROM tombstones WHERE seq <= ?", (up_to_seq,))
        if not gone:
            return 0
        self._conn.executemany("DELETE FROM records WHERE id = ?", [(g[0],) for g in gone])
        top = (max(g[1] for g in gone), len(gone))
        self._conn.execute(
            "INSERT INTO counters (name, value) VALUES ('tombstone_low_water', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = CASE WHEN counters.value > excluded.value"
            " THEN counters.value ELSE excluded.value END",
            (int(top[0]) + 1,),
        )
        return int(top[1])

    def add_tombstone(self, tombstone: Tombstone) -> None:
        t = tombstone
        self._conn.execute(
            _PUT_TOMBSTONE,
            (t.record_id, t.kind, t.owner, t.seq, t.deleted_at),
        )

    def add_tombstones(self, tombstones: Sequence[Tombstone]) -> None:
        self._conn.executemany(
            _PUT_TOMBSTONE,
            [(t.record_id, t.kind, t.owner, t.seq, t.deleted_at) for t in tombstones],
        )

    def drop_tombstones(self, record_ids: Collection[str]) -> None:
        self._conn.executemany(
            "DELETE FROM tombstones WHERE record_id = ?", [(i,) for i in record_ids]
        )
