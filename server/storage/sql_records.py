"""Records, their conflicts, push batches and final stamps: the commit-ordered log (a
mixin of :class:`SqlQueries`).
"""

from __future__ import annotations

import heapq
import json
import operator
import secrets
from collections.abc import Collection, Sequence
from typing import Any

import msgspec

from server.storage.report_sql import ReportSql
from server.storage.row_sql import (
    CONFLICT_COLS,
    RECORD_COLS,
    SqlCursor,
    conflict_from_row,
    insert_rows,
    json_list,
    record_from_row,
)
from server.storage.rows import (
    ConflictRow,
    RecordScope,
    StoredRecord,
)

__all__ = ["RecordSql"]

MAX_EPOCH = 2**40
"""Epochs after the first are drawn at random below this (:meth:`RecordSql.new_epoch`)."""

_KEEP_BATCHES = 16
_MERGE_MAX_BRANCHES = 256
"""A pull scope of at most this many owners and public kinds is paged by merging one index
walk per branch; a wider one (an OPD) walks the seq index and filters."""
_PUT_RECORD_HEAD = f"INSERT INTO records ({RECORD_COLS})"
_PUT_RECORD_TAIL = (
    " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, owner = excluded.owner, "
    "fields = excluded.fields, vv = excluded.vv, hlc = excluded.hlc, "
    "field_clocks = excluded.field_clocks, author = excluded.author, "
    "deleted = excluded.deleted, seq = excluded.seq"
)
_PUT_RECORD = f"{_PUT_RECORD_HEAD} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?){_PUT_RECORD_TAIL}"
"""A new record, or a new version of one updated in place (its row and id entry stay where
they are; only the seq-ordered index entries move)."""
_SEQ_COLUMN = RECORD_COLS.replace(" ", "").split(",").index("seq")
_seq_of = operator.itemgetter(_SEQ_COLUMN)


_ADD_CONFLICT_HEAD = f"INSERT INTO conflicts ({CONFLICT_COLS})"
_ADD_CONFLICT_TAIL = " ON CONFLICT DO NOTHING"


def _conflict_row(c: ConflictRow) -> tuple[Any, ...]:
    """The values of a conflict's row, in the order of :data:`CONFLICT_COLS`."""
    return (c.id, c.record_id, c.kind, c.owner, c.created, c.detail, int(c.resolved))


def _record_row(r: StoredRecord) -> tuple[Any, ...]:
    """The values of a record's row, in the order of :data:`RECORD_COLS`."""
    return (
        r.id,
        r.kind,
        r.owner,
        r.fields,
        r.vv,
        r.hlc,
        r.field_clocks,
        r.author,
        int(r.deleted),
        r.seq,
    )


class RecordSql(ReportSql):
    """Records, their conflicts, push batches and final stamps: the commit-ordered log."""

    def record(self, record_id: str) -> StoredRecord | None:
        row = self._one(f"SELECT {RECORD_COLS} FROM records WHERE id = ?", record_id)
        return None if row is None else record_from_row(row)

    def records_by_id(self, record_ids: Collection[str]) -> dict[str, StoredRecord]:
        if not record_ids:
            return {}
        rows = self._all(
            f"SELECT {RECORD_COLS} FROM records WHERE id IN (SELECT value FROM json_each(?))",
            json_list(record_ids),
        )
        return {r[0]: record_from_row(r) for r in rows}

    def records_after(self, cursor: int, scope: RecordScope, limit: int) -> list[StoredRecord]:
        if scope.everything:
            rows = self._all(
                f"SELECT {RECORD_COLS} FROM records WHERE seq > ? ORDER BY seq LIMIT ?",
                cursor,
                limit,
            )
            return [record_from_row(r) for r in rows]
        # A page must cost about ``limit`` index steps, whatever the cursor: a UNION of the
        # branches (public kinds, owners, OPDs) with ``seq > cursor`` materialized and sorted
        # every remaining seq of the scope on each page, so a first sync was quadratic.
        owners = set(scope.owners)
        if scope.opd_ids:
            owners.update(
                r[0]
                for r in self._all(
                    "SELECT e.nip FROM employees e JOIN units u ON u.id = e.unit_id"
                    " WHERE u.opd_id IN (SELECT value FROM json_each(?))",
                    json.dumps(sorted(scope.opd_ids)),
                )
            )
        kinds = sorted(scope.public_kinds)
        pairs = sorted(scope.owner_kinds)
        if len(owners) + len(kinds) + len(pairs) <= _MERGE_MAX_BRANCHES:
            rows = self._merged_rows(cursor, kinds, sorted(owners), limit, pairs)
        else:
            # A wide scope (an OPD): walk the seq index from the cursor and stop at ``limit``;
            # the unary ``+`` keeps the planner off the (kind, seq)/(owner, seq) indexes, which
            # would sort all the remaining records of the scope again.
            rows = self._all(
                f"SELECT {RECORD_COLS} FROM records WHERE seq > ? AND ("
                " +kind IN (SELECT value FROM json_each(?))"
                " OR +owner IN (SELECT value FROM json_each(?))"
                " OR (+owner || ':' || +kind) IN (SELECT value FROM json_each(?)))"
                " ORDER BY seq LIMIT ?",
                cursor,
                json.dumps(kinds),
                json.dumps(sorted(owners)),
                json.dumps([f"{o}:{k}" for o, k in pairs]),
                limit,
            )
        return [record_from_row(r) for r in rows]

    def _merged_rows(
        self,
        cursor: int,
        kinds: Sequence[str],
        owners: Sequence[str],
        limit: int,
        pairs: Sequence[tuple[str, str]] = (),
    ) -> list[tuple[Any, ...]]:
        """The first ``limit`` records after ``cursor`` of the given kinds or owners: one lazy
        walk per branch along the (kind, seq) or (owner, seq) index, each step reading its
        record, merged in seq order, so only about ``limit`` + one row per branch are read."""
        cols = f"SELECT {RECORD_COLS} FROM records WHERE "
        branches: list[SqlCursor] = [
            self._conn.execute(cols + "kind = ? AND seq > ? ORDER BY seq", (k, cursor))
            for k in kinds
        ]
        branches += [
            self._conn.execute(cols + "owner = ? AND seq > ? ORDER BY seq", (o, cursor))
            for o in owners
        ]
        branches += [
            self._conn.execute(
                cols + "owner = ? AND seq > ? AND kind = ? ORDER BY seq", (o, cursor, k)
            )
            for o, k in pairs
        ]
        rows: list[tuple[Any, ...]] = []
        last = cursor
        try:
            for row in heapq.merge(*branches, key=_seq_of):
                seq = row[_SEQ_COLUMN]
                if seq != last:  # a record seen by two branches (a public kind, a named owner)
                    rows.append(row)
                    last = seq
                    if len(rows) >= limit:
                        break
        finally:
            for branch in branches:
                branch.close()
        return rows

    def records_of_owners(
        self, owners: Collection[str], *, max_seq: int, limit: int, kind: str | None = None
    ) -> list[StoredRecord]:
        rows = self._all(
            f"SELECT {RECORD_COLS} FROM records "
            "WHERE owner IN (SELECT value FROM json_each(?1)) AND seq <= ?2"
            " AND (CAST(?3 AS TEXT) IS NULL OR kind = ?3) ORDER BY seq LIMIT ?4",
            json.dumps(sorted(owners)),
            max_seq,
            kind,
            limit,
        )
        return [record_from_row(r) for r in rows]

    def record_ids_of_owners(self, owners: Collection[str], kind: str | None = None) -> list[str]:
        rows = self._all(
            "SELECT id FROM records WHERE owner IN (SELECT value FROM json_each(?1))"
            " AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2) ORDER BY seq",
            json.dumps(sorted(owners)),
            kind,
        )
        return [r[0] for r in rows]

    def last_seq(self) -> int:
        return self._counter("record_seq")

    def server_hlc(self) -> int:
        return self._counter("server_hlc")

    def set_server_hlc(self, value: int) -> None:
        self._set_counter("server_hlc", value)

    def epoch(self) -> int:
        return self._epoch()

    def new_epoch(self) -> int:
        # random, not the next number: a restore of an older backup must not meet again the
        # epoch (and the replica ids named after it) of a life the restore threw away
        value = secrets.randbelow(MAX_EPOCH - 1) + 2
        self._set_counter("epoch", value)
        return value

    def put_record(self, record: StoredRecord) -> StoredRecord:
        written = msgspec.structs.replace(record, seq=self._next("record_seq"))
        self._conn.execute(_PUT_RECORD, _record_row(written))
        self._write_fact(written)
        return written

    def put_records(self, records: Sequence[StoredRecord]) -> list[StoredRecord]:
        if not records:
            return []
        row = self._one(
            "INSERT INTO counters (name, value) VALUES ('record_seq', ?1) "
            "ON CONFLICT(name) DO UPDATE SET value = counters.value + ?1 RETURNING value",
            len(records),
        )
        assert row is not None
        first = int(row[0]) - len(records) + 1
        written = [
            msgspec.structs.replace(r, seq=seq) for seq, r in enumerate(records, start=first)
        ]
        insert_rows(
            self._conn,
            _PUT_RECORD_HEAD,
            # one row per id, its last version (PostgreSQL refuses to upsert a row twice in one
            # statement; SQLite's result is the same)
            [_record_row(r) for r in {r.id: r for r in written}.values()],
            _PUT_RECORD_TAIL,
        )
        self._write_facts(written)
        return written

    def conflicts_of(self, record_id: str) -> list[ConflictRow]:
        rows = self._all(
            f"SELECT {CONFLICT_COLS} FROM conflicts WHERE record_id = ? ORDER BY created, id",
            record_id,
        )
        return [conflict_from_row(r) for r in rows]

    def add_conflict(self, conflict: ConflictRow) -> bool:
        cur = self._conn.execute(
            f"{_ADD_CONFLICT_HEAD} VALUES (?, ?, ?, ?, ?, ?, ?){_ADD_CONFLICT_TAIL}",
            _conflict_row(conflict),
        )
        return cur.rowcount == 1

    def add_conflicts(self, conflicts: Sequence[ConflictRow]) -> None:
        insert_rows(
            self._conn,
            _ADD_CONFLICT_HEAD,
            [_conflict_row(c) for c in conflicts],
            _ADD_CONFLICT_TAIL,
        )

    def batch_result(self, device_id: str, batch_seq: int) -> bytes | None:
        row = self._one(
            "SELECT result FROM push_batches WHERE device_id = ? AND batch_seq = ?",
            device_id,
            batch_seq,
        )
        return None if row is None else bytes(row[0])

    def last_batch_seq(self, device_id: str) -> int:
        row = self._one("SELECT max(batch_seq) FROM push_batches WHERE device_id = ?", device_id)
        return 0 if row is None or row[0] is None else int(row[0])

    def put_batch_result(self, device_id: str, batch_seq: int, result: bytes) -> None:
        self._conn.execute(
            "INSERT INTO push_batches (device_id, batch_seq, result) VALUES (?, ?, ?)",
            (device_id, batch_seq, result),
        )
        # Keep the last few answers: enough for retries and reordering, bounded per device (I9).
        self._conn.execute(
            "DELETE FROM push_batches WHERE device_id = ? AND batch_seq < ("
            " SELECT min(batch_seq) FROM (SELECT batch_seq FROM push_batches"
            " WHERE device_id = ? ORDER BY batch_seq DESC LIMIT ?) AS recent)",
            (device_id, device_id, _KEEP_BATCHES),
        )

    def final_stamp(self, record_id: str) -> float | None:
        row = self._one("SELECT final_at FROM final_stamps WHERE record_id = ?", record_id)
        return None if row is None else float(row[0])

    def stamp_final(self, record_id: str, at: float) -> None:
        self._conn.execute(
            "INSERT INTO final_stamps (record_id, final_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (record_id, at),
        )
