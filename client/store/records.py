"""The records the user may see, each at its local version, with its version vector and state.

``sync_state`` is ``synced`` (equal to the last version the server sent) or ``pending`` (an edit
waiting in the outbox).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from sqlite_utils import Database

from client.store._json import dumps, loads, loads_vv
from sync.records import Record

__all__ = ["PENDING", "SYNCED", "Records", "SyncState"]

SyncState = Literal["synced", "pending"]
SYNCED: SyncState = "synced"
PENDING: SyncState = "pending"

_COLUMNS = "id, kind, owner, fields, vv, hlc, author, field_clocks, deleted"
_UPSERT = (
    f"INSERT INTO records ({_COLUMNS}, sync_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, owner = excluded.owner, "
    "fields = excluded.fields, vv = excluded.vv, hlc = excluded.hlc, author = excluded.author, "
    "field_clocks = excluded.field_clocks, deleted = excluded.deleted, "
    "sync_state = excluded.sync_state"
)


def _row(record: Record, state: SyncState) -> tuple[Any, ...]:
    return (
        record.id,
        record.kind,
        record.owner,
        dumps(record.fields),
        dumps(record.vv),
        record.hlc,
        record.author,
        dumps(record.field_clocks),
        int(record.deleted),
        state,
    )


def to_record(row: tuple[Any, ...]) -> Record:
    """A ``records`` row (in ``_COLUMNS`` order) as a sync Record."""
    clocks = {name: (c[0], c[1], c[2]) for name, c in loads(row[7]).items()}
    return Record(
        kind=row[1],
        id=row[0],
        owner=row[2],
        fields=loads(row[3]),
        vv=loads_vv(row[4]),
        hlc=row[5],
        author=row[6],
        field_clocks=clocks,
        deleted=bool(row[8]),
    )


class Records:
    """Access to the ``records`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, record_id: str) -> Record | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM records WHERE id = ?", [record_id]
        ).fetchone()
        return None if row is None else to_record(row)

    def state(self, record_id: str) -> SyncState | None:
        row = self._db.execute(
            "SELECT sync_state FROM records WHERE id = ?", [record_id]
        ).fetchone()
        if row is None:
            return None
        state: SyncState = row[0]
        return state

    def put(self, record: Record, state: SyncState) -> None:
        self._db.execute(_UPSERT, _row(record, state))

    def put_many(self, records: Iterable[Record], state: SyncState) -> None:
        self._db.conn.executemany(_UPSERT, [_row(r, state) for r in records])

    def set_state(self, record_id: str, state: SyncState) -> None:
        self._db.execute("UPDATE records SET sync_state = ? WHERE id = ?", [state, record_id])

    def remove(self, record_id: str) -> None:
        self._db.execute("DELETE FROM records WHERE id = ?", [record_id])

    def remove_synced(self) -> int:
        """Drop every record without an unsynced edit (before a full re-pull); return how many."""
        cursor = self._db.execute("DELETE FROM records WHERE sync_state = 'synced'")
        return int(cursor.rowcount)

    def of_kind(
        self, kind: str, *, owner: str | None = None, include_deleted: bool = False
    ) -> list[Record]:
        sql = f"SELECT {_COLUMNS} FROM records WHERE kind = ?"
        params: list[Any] = [kind]
        if owner is not None:
            sql += " AND owner = ?"
            params.append(owner)
        if not include_deleted:
            sql += " AND deleted = 0"
        return [to_record(row) for row in self._db.execute(sql + " ORDER BY id", params)]

    def rows(self) -> Iterator[tuple[Record, SyncState]]:
        """Every record with its state, in id order (for export)."""
        for row in self._db.execute(f"SELECT {_COLUMNS}, sync_state FROM records ORDER BY id"):
            yield to_record(row), row[9]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM records").fetchone()[0])
