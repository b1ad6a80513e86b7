"""The SQL of the server's store: one :class:`SqlQueries` answers every Reader and Writer call
on the connection it was given. Transactions belong to the storage (:mod:`server.storage.sqlite`,
:mod:`server.storage.postgres`).

The statements are written in the subset SQLite and PostgreSQL share (upserts with
``ON CONFLICT``, ``CASE`` instead of two-argument ``max``); what remains of SQLite's dialect
(``?`` and ``?N`` placeholders, ``json_each``) is translated for PostgreSQL in one place,
:mod:`server.storage.pg_connection`, and the few statements that must differ are overridden in
:class:`server.storage.pg_queries.PgQueries`.
"""

from __future__ import annotations

import heapq
import json
import operator
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import msgspec

from server.storage.report_sql import ReportSql
from server.storage.row_sql import (
    AUDIT_COLS,
    DEVICE_COLS,
    EMPLOYEE_COLS,
    EVIDENCE_COLS,
    RECORD_COLS,
    TOMBSTONE_COLS,
    UNIT_COLS,
    SqlConnection,
    SqlCursor,
    audit_from_row,
    device_from_row,
    employee_from_row,
    evidence_from_row,
    insert_rows,
    record_from_row,
    unit_from_row,
    upsert_sql,
)
from server.storage.rows import (
    Account,
    AdminGrant,
    AuditEntry,
    ConflictRow,
    Device,
    Employee,
    EvidenceRow,
    RecordScope,
    StoredRecord,
    Tombstone,
    Unit,
)
from server.storage.state_sql import StateSql
from shared_models.kinds import Role

__all__ = ["SqlQueries", "mint_device_id"]

_B32 = "0123456789abcdefghjkmnpqrstvwxyz"
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
_PUT_TOMBSTONE = upsert_sql("tombstones", TOMBSTONE_COLS, "record_id")
_PUT_EVIDENCE = upsert_sql("evidence", EVIDENCE_COLS, "sha256")
_SEQ_COLUMN = RECORD_COLS.replace(" ", "").split(",").index("seq")
_seq_of = operator.itemgetter(_SEQ_COLUMN)

_SUBJECT_KEYS = ("owner", "device_owner", "employee")
_detail_encoder = msgspec.json.Encoder(order="sorted", enc_hook=str)
"""Audit details as compact JSON with sorted keys (what ``json.loads`` reads back)."""


def mint_device_id(counter: int) -> str:
    """``d`` + the counter in lowercase Crockford base32: short, unique, never reused."""
    if counter <= 0:
        raise ValueError("device counter starts at 1")
    digits = []
    while counter:
        counter, rest = divmod(counter, 32)
        digits.append(_B32[rest])
    return "d" + "".join(reversed(digits))


class SqlQueries(ReportSql, StateSql):
    """Reader and Writer over one connection (the caller holds the transaction)."""

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

    # --- master data -------------------------------------------------------------------------
    def unit(self, unit_id: str) -> Unit | None:
        row = self._one(f"SELECT {UNIT_COLS} FROM units WHERE id = ?", unit_id)
        return None if row is None else unit_from_row(row)

    def units(self) -> list[Unit]:
        return [unit_from_row(r) for r in self._all(f"SELECT {UNIT_COLS} FROM units ORDER BY id")]

    def employee(self, nip: str) -> Employee | None:
        row = self._one(f"SELECT {EMPLOYEE_COLS} FROM employees WHERE nip = ?", nip)
        return None if row is None else employee_from_row(row)

    def subordinates(self, nip: str) -> list[Employee]:
        rows = self._all(
            f"SELECT {EMPLOYEE_COLS} FROM employees "
            "WHERE supervisor_nip = ? AND active = 1 ORDER BY nip",
            nip,
        )
        return [employee_from_row(r) for r in rows]

    def top_raters(self) -> list[Employee]:
        rows = self._all(
            f"SELECT {EMPLOYEE_COLS} FROM employees e WHERE e.active = 1"
            " AND coalesce(e.supervisor_nip, '') = ''"
            " AND EXISTS (SELECT 1 FROM employees s WHERE s.supervisor_nip = e.nip"
            " AND s.active = 1) ORDER BY e.nip"
        )
        return [employee_from_row(r) for r in rows]

    def employee_count(self) -> int:
        row = self._one("SELECT count(*) FROM employees")
        return 0 if row is None else int(row[0])

    def put_unit(self, unit: Unit) -> None:
        before = self.unit(unit.id)
        self._conn.execute(
            f"INSERT INTO units ({UNIT_COLS}) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, "
            "opd_id = excluded.opd_id, kind = excluded.kind",
            (unit.id, unit.name, unit.parent_id, unit.opd_id, unit.kind),
        )
        if before is not None and before.opd_id != unit.opd_id:
            self._move_unit_facts(unit.id, unit.opd_id)

    def put_employee(self, employee: Employee) -> None:
        e = employee
        before = self.employee(e.nip)
        self._conn.execute(
            f"INSERT INTO employees ({EMPLOYEE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(nip) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id, "
            "supervisor_nip = excluded.supervisor_nip, jabatan = excluded.jabatan, "
            "kind = excluded.kind, active = excluded.active",
            (e.nip, e.name, e.unit_id, e.supervisor_nip, e.jabatan, e.kind, int(e.active)),
        )
        if before is None or before.unit_id != e.unit_id:
            self._move_facts_of(e.nip, e.unit_id)

    # --- accounts and devices ----------------------------------------------------------------
    def account(self, nip: str) -> Account | None:
        row = self._one(
            "SELECT nip, password_hash, must_change, temporary_until, changed_at "
            "FROM accounts WHERE nip = ?",
            nip,
        )
        if row is None:
            return None
        return Account(
            nip=row[0],
            password_hash=row[1],
            must_change=bool(row[2]),
            temporary_until=row[3],
            changed_at=row[4],
        )

    def put_account(self, account: Account) -> None:
        a = account
        self._conn.execute(
            "INSERT INTO accounts (nip, password_hash, must_change, temporary_until, changed_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(nip) DO UPDATE SET password_hash = excluded.password_hash, "
            "must_change = excluded.must_change, temporary_until = excluded.temporary_until, "
            "changed_at = excluded.changed_at",
            (a.nip, a.password_hash, int(a.must_change), a.temporary_until, a.changed_at),
        )

    def admin_grants(self, nip: str) -> list[AdminGrant]:
        rows = self._all(
            "SELECT nip, role, opd_id FROM admin_grants WHERE nip = ? ORDER BY role, opd_id", nip
        )
        return [AdminGrant(nip=r[0], role=Role(r[1]), opd_id=r[2]) for r in rows]

    def grant_holders(self, role: Role) -> list[str]:
        rows = self._all(
            "SELECT DISTINCT nip FROM admin_grants WHERE role = ? ORDER BY nip", str(role)
        )
        return [str(r[0]) for r in rows]

    def set_admin_grants(self, nip: str, grants: Iterable[AdminGrant]) -> None:
        self._conn.execute("DELETE FROM admin_grants WHERE nip = ?", (nip,))
        self._conn.executemany(
            "INSERT INTO admin_grants (nip, role, opd_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(nip, str(g.role), g.opd_id) for g in grants],
        )

    def device(self, device_id: str) -> Device | None:
        row = self._one(f"SELECT {DEVICE_COLS} FROM devices WHERE id = ?", device_id)
        return None if row is None else device_from_row(row)

    def device_by_token(self, token_hash: str) -> Device | None:
        row = self._one(f"SELECT {DEVICE_COLS} FROM devices WHERE token_hash = ?", token_hash)
        return None if row is None else device_from_row(row)

    def devices_of(self, nip: str) -> list[Device]:
        rows = self._all(f"SELECT {DEVICE_COLS} FROM devices WHERE nip = ? ORDER BY created", nip)
        return [device_from_row(r) for r in rows]

    def add_device(
        self, *, nip: str, token_hash: str, now: float, expires: float, name: str = ""
    ) -> Device:
        device = Device(
            id=mint_device_id(self._next("device")),
            nip=nip,
            token_hash=token_hash,
            created=now,
            last_seen=now,
            expires=expires,
            name=name,
        )
        self._conn.execute(
            "INSERT INTO devices (id, nip, token_hash, name, created, last_seen, expires) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (device.id, nip, token_hash, name, now, now, expires),
        )
        return device

    def set_device_token(self, device_id: str, *, token_hash: str, expires: float) -> None:
        self._conn.execute(
            "UPDATE devices SET token_hash = ?, expires = ? WHERE id = ?",
            (token_hash, expires, device_id),
        )

    def device_key(self, device_id: str) -> str | None:
        row = self._one("SELECT key_hash FROM devices WHERE id = ?", device_id)
        return None if row is None else row[0]

    def set_device_key(self, device_id: str, key_hash: str) -> None:
        self._conn.execute("UPDATE devices SET key_hash = ? WHERE id = ?", (key_hash, device_id))

    def touch_device(self, device_id: str, now: float) -> None:
        self._conn.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (now, device_id))

    def revoke_device(self, device_id: str, now: float) -> None:
        self._conn.execute(
            "UPDATE devices SET revoked = 1, revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
            (now, device_id),
        )

    def set_pull_cursor(self, device_id: str, seq: int) -> None:
        self._conn.execute(
            "UPDATE devices SET pull_cursor = CASE WHEN pull_cursor > ?1 THEN pull_cursor"
            " ELSE ?1 END WHERE id = ?2",
            (seq, device_id),
        )

    def visible_owners(self, device_id: str) -> frozenset[str]:
        rows = self._all("SELECT owner FROM device_visible_owners WHERE device_id = ?", device_id)
        return frozenset(r[0] for r in rows)

    def set_visible_owners(self, device_id: str, owners: Collection[str]) -> None:
        self._conn.execute("DELETE FROM device_visible_owners WHERE device_id = ?", (device_id,))
        self._conn.executemany(
            "INSERT INTO device_visible_owners (device_id, owner) VALUES (?, ?)",
            [(device_id, o) for o in sorted(set(owners))],
        )

    # --- records -----------------------------------------------------------------------------
    def record(self, record_id: str) -> StoredRecord | None:
        row = self._one(f"SELECT {RECORD_COLS} FROM records WHERE id = ?", record_id)
        return None if row is None else record_from_row(row)

    def records_by_id(self, record_ids: Collection[str]) -> dict[str, StoredRecord]:
        if not record_ids:
            return {}
        rows = self._all(
            f"SELECT {RECORD_COLS} FROM records WHERE id IN (SELECT value FROM json_each(?))",
            json.dumps(list(record_ids)),
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

    def put_record(self, record: StoredRecord) -> StoredRecord:
        seq = self._next("record_seq")
        r = record
        self._conn.execute(
            _PUT_RECORD,
            (
                r.id,
                r.kind,
                r.owner,
                r.fields,
                r.vv,
                r.hlc,
                r.field_clocks,
                r.author,
                int(r.deleted),
                seq,
            ),
        )
        self._write_fact(r)
        return StoredRecord(
            id=r.id,
            kind=r.kind,
            owner=r.owner,
            fields=r.fields,
            vv=r.vv,
            hlc=r.hlc,
            field_clocks=r.field_clocks,
            author=r.author,
            deleted=r.deleted,
            seq=seq,
        )

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
            [
                (
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
                # one row per id, its last version (PostgreSQL refuses to upsert a row twice
                # in one statement; SQLite's result is the same)
                for r in {r.id: r for r in written}.values()
            ],
            _PUT_RECORD_TAIL,
        )
        self._write_facts(written)
        return written

    def conflicts_of(self, record_id: str) -> list[ConflictRow]:
        rows = self._all(
            "SELECT id, record_id, kind, owner, created, detail, resolved FROM conflicts "
            "WHERE record_id = ? ORDER BY created, id",
            record_id,
        )
        return [
            ConflictRow(
                id=r[0],
                record_id=r[1],
                kind=r[2],
                owner=r[3],
                created=r[4],
                detail=bytes(r[5]),
                resolved=bool(r[6]),
            )
            for r in rows
        ]

    def add_conflict(self, conflict: ConflictRow) -> bool:
        c = conflict
        cur = self._conn.execute(
            "INSERT INTO conflicts (id, record_id, kind, owner, created, detail, "
            "resolved) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (c.id, c.record_id, c.kind, c.owner, c.created, c.detail, int(c.resolved)),
        )
        return cur.rowcount == 1

    def add_conflicts(self, conflicts: Sequence[ConflictRow]) -> None:
        insert_rows(
            self._conn,
            "INSERT INTO conflicts (id, record_id, kind, owner, created, detail, resolved)",
            [
                (c.id, c.record_id, c.kind, c.owner, c.created, c.detail, int(c.resolved))
                for c in conflicts
            ],
            " ON CONFLICT DO NOTHING",
        )

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

    def pull_horizon(self, active_since: float) -> int | None:
        row = self._one(
            "SELECT min(pull_cursor) FROM devices WHERE revoked = 0 AND last_seen >= ?",
            active_since,
        )
        return None if row is None or row[0] is None else int(row[0])

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

    def set_retained_at_start(self, device_id: str, low_water: int) -> None:
        self._conn.execute(
            "UPDATE devices SET retained_at_start = ? WHERE id = ?", (low_water, device_id)
        )

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

    # --- evidence and audit ------------------------------------------------------------------
    def evidence(self, sha256: str) -> EvidenceRow | None:
        row = self._one(f"SELECT {EVIDENCE_COLS} FROM evidence WHERE sha256 = ?", sha256)
        return None if row is None else evidence_from_row(row)

    def put_evidence(self, evidence: EvidenceRow) -> None:
        e = evidence
        self._conn.execute(
            _PUT_EVIDENCE,
            (
                e.sha256,
                e.size,
                e.mime,
                e.path,
                e.received,
                int(e.complete),
                e.owner,
                e.created,
                e.completed,
            ),
        )

    def evidence_holders(self, sha256: str) -> list[str]:
        rows = self._all("SELECT nip FROM evidence_holders WHERE sha256 = ? ORDER BY nip", sha256)
        return [str(r[0]) for r in rows]

    def add_evidence_holder(self, sha256: str, nip: str, since: float) -> None:
        self._conn.execute(
            "INSERT INTO evidence_holders (sha256, nip, since) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (sha256, nip, since),
        )

    def drop_evidence(self, sha256: str) -> None:
        self._conn.execute("DELETE FROM evidence WHERE sha256 = ?", (sha256,))
        self._conn.execute("DELETE FROM evidence_holders WHERE sha256 = ?", (sha256,))

    def final_stamp(self, record_id: str) -> float | None:
        row = self._one("SELECT final_at FROM final_stamps WHERE record_id = ?", record_id)
        return None if row is None else float(row[0])

    def stamp_final(self, record_id: str, at: float) -> None:
        self._conn.execute(
            "INSERT INTO final_stamps (record_id, final_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (record_id, at),
        )

    def audit_entries(self, *, after_id: int = 0, limit: int = 100) -> list[AuditEntry]:
        rows = self._all(
            f"SELECT {AUDIT_COLS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            after_id,
            limit,
        )
        return [audit_from_row(r) for r in rows]

    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        e = entry
        detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True, default=str)
        subject = e.subject or next(
            (str(e.detail[k]) for k in _SUBJECT_KEYS if e.detail.get(k)), None
        )
        row = self._one(
            "INSERT INTO audit_log (ts, nip, device_id, action, record_kind, record_id, detail, "
            "subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            e.ts,
            e.nip,
            e.device_id,
            e.action,
            e.record_kind,
            e.record_id,
            detail,
            subject,
        )
        assert row is not None
        return AuditEntry(
            id=int(row[0]),
            ts=e.ts,
            nip=e.nip,
            device_id=e.device_id,
            action=e.action,
            record_kind=e.record_kind,
            record_id=e.record_id,
            detail=json.loads(detail),
            subject=subject,
        )

    def append_audits(self, entries: Sequence[AuditEntry]) -> None:
        rows = []
        for e in entries:
            subject = e.subject or next(
                (str(e.detail[k]) for k in _SUBJECT_KEYS if e.detail.get(k)), None
            )
            rows.append(
                (
                    e.ts,
                    e.nip,
                    e.device_id,
                    e.action,
                    e.record_kind,
                    e.record_id,
                    _detail_encoder.encode(e.detail).decode(),
                    subject,
                )
            )
        insert_rows(
            self._conn,
            "INSERT INTO audit_log (ts, nip, device_id, action, record_kind, record_id, detail, "
            "subject)",
            rows,
        )

    def migrations(self) -> list[str]:
        return [r[0] for r in self._all("SELECT name FROM _migrations ORDER BY name")]
