"""The records the user may see, each at its local version, with its version vector and state.

``sync_state`` is ``synced`` (equal to the last version the server sent) or ``pending`` (an edit
waiting in the outbox).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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

    def states(self, kind: str, owner: str) -> dict[str, SyncState]:
        """The state of every record of ``kind`` owned by ``owner``, deleted ones too, by id."""
        rows = self._db.execute(
            "SELECT id, sync_state FROM records WHERE kind = ? AND owner = ?", [kind, owner]
        ).fetchall()
        return dict(rows)

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` that have a row here (deleted or not)."""
        known: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id FROM records WHERE id IN ({marks})", chunk)
            known.update(row[0] for row in rows)
        return known

    def ids_starting(self, kind: str, prefix: str, *, limit: int) -> list[str]:
        """Ids of live records of ``kind`` that start with ``prefix`` (a SQL ``LIKE`` pattern
        followed by ``%``), at most ``limit`` of them."""
        rows = self._db.execute(
            "SELECT id FROM records WHERE kind = ? AND deleted = 0 AND id LIKE ? LIMIT ?",
            [kind, prefix + "%", limit],
        ).fetchall()
        return [row[0] for row in rows]

    def max_rowid(self, kind: str, owner: str) -> int:
        """The highest rowid among ``owner``'s records of ``kind``, deleted ones too (0: none);
        rowids grow as rows arrive, so it marks what has been seen."""
        row = self._db.execute(
            "SELECT max(rowid) FROM records WHERE kind = ? AND owner = ?", [kind, owner]
        ).fetchone()
        return int(row[0] or 0)

    def count_after(self, kind: str, owner: str, rowid: int) -> int:
        """How many live records of ``kind`` owned by ``owner`` arrived after ``rowid``."""
        row = self._db.execute(
            "SELECT count(*) FROM records WHERE kind = ? AND owner = ? AND deleted = 0 "
            "AND rowid > ?",
            [kind, owner, rowid],
        ).fetchone()
        return int(row[0])

    def last_hlc_not_by(
        self, owner: str, kinds: Sequence[str], authors: Sequence[str]
    ) -> int | None:
        """The latest clock among ``owner``'s live records of ``kinds`` last written by a
        replica other than ``authors``; None when there is none."""
        kind_marks = ", ".join("?" * len(kinds))
        author_marks = ", ".join("?" * len(authors))
        row = self._db.execute(
            f"SELECT max(hlc) FROM records WHERE owner = ? AND author NOT IN ({author_marks}) "
            f"AND deleted = 0 AND kind IN ({kind_marks})",
            [owner, *authors, *kinds],
        ).fetchone()
        if not row or not row[0]:
            return None
        return int(row[0])

    def supervised_by(self, supervisor_nip: str, kinds: Sequence[str]) -> set[str]:
        """NIPs of the employees whose live records of ``kinds`` name ``supervisor_nip`` as
        their supervisor (``fields.nip``, or the owner when the record has none)."""
        kind_marks = ", ".join("?" * len(kinds))
        rows = self._db.execute(
            "SELECT owner, json_extract(fields, '$.nip') FROM records WHERE deleted = 0 AND "
            f"kind IN ({kind_marks}) AND json_extract(fields, '$.supervisor_nip') = ?",
            [*kinds, supervisor_nip],
        )
        return {nip or owner for owner, nip in rows}
