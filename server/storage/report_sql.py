"""SQL of the report facts and the HR queries (a mixin of :class:`SqlQueries`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from server.storage.facts import (
    EVIDENCE_KINDS,
    PROJECTED_KINDS,
    extract_evidence,
    extract_fact,
)
from server.storage.row_sql import (
    RECORD_COLS,
    content_from_row,
    insert_rows,
    json_list,
    record_from_row,
)
from server.storage.rows import (
    Fact,
    FactGroup,
    FactQuery,
    StoredRecord,
)
from server.storage.sql_base import SqlBase

__all__ = ["GROUPABLE", "ReportSql"]

GROUPABLE = frozenset({"opd_id", "unit_id", "owner", "status", "predikat", "ref", "period", "day"})
"""Columns :meth:`ReportSql.group_facts` may group by."""

_FACT_COLS = "record_id, kind, owner, unit_id, opd_id, day, period, status, predikat, value, ref"
_MASTER_UNIT = frozenset({"unit", "org_predikat"})
_PUT_FACT = (
    f"INSERT INTO report_facts ({_FACT_COLS}) "
    "VALUES (?1, ?2, ?3, ?4, coalesce(?5, (SELECT opd_id FROM units WHERE id = ?4)), "
    "?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(record_id) DO UPDATE SET "
    + ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in _FACT_COLS.split(",")[1:])
)
"""A record's fact, replacing the one it had (the unit's OPD looked up unless given)."""


def _where(query: FactQuery) -> tuple[str, list[Any]]:
    clauses = ["kind = ?"]
    params: list[Any] = [query.kind]
    pairs = (
        ("opd_id = ?", query.opd_id),
        ("period = ?", query.period),
        ("day >= ?", query.day_from),
        ("day <= ?", query.day_to),
        ("status = ?", query.status),
        ("ref = ?", query.ref),
    )
    for clause, value in pairs:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    if query.unit_ids is not None:
        clauses.append("unit_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(query.unit_ids)))
    if query.owners is not None:
        clauses.append("owner IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(query.owners)))
    return " AND ".join(clauses), params


def _fact(row: tuple[Any, ...]) -> Fact:
    return Fact(
        record_id=row[0],
        kind=row[1],
        owner=row[2],
        unit_id=row[3],
        opd_id=row[4],
        day=row[5],
        period=row[6],
        status=row[7],
        predikat=row[8],
        value=row[9],
        ref=row[10],
    )


class ReportSql(SqlBase):
    """Fact maintenance and report reads over ``self._conn`` (set by the session)."""

    # --- maintenance (called by the writer methods) ------------------------------------------
    def _write_refs(self, records: Sequence[StoredRecord]) -> None:
        """Keep ``evidence_refs`` in step with the records written (the last write of an id
        counts): a record's refs are replaced by those its new content names, none when deleted."""
        final: dict[str, StoredRecord] = {}
        for record in records:
            if record.kind in EVIDENCE_KINDS:
                final.pop(record.id, None)
                final[record.id] = record
        if not final:
            return
        self._conn.execute(
            "DELETE FROM evidence_refs WHERE record_id IN (SELECT value FROM json_each(?))",
            (json_list(final),),
        )
        rows = list(
            dict.fromkeys(
                (sha, r.id, r.owner) for r in final.values() for sha in extract_evidence(r)
            )
        )
        insert_rows(
            self._conn,
            "INSERT INTO evidence_refs (sha256, record_id, owner)",
            rows,
            " ON CONFLICT(sha256, record_id) DO UPDATE SET owner = excluded.owner",
        )

    def rebuild_evidence_refs(self) -> int:
        """Recompute every evidence reference from the records (after the table is created)."""
        self._conn.execute("DELETE FROM evidence_refs")
        rows = self._conn.execute(
            "SELECT id, kind, owner, fields, deleted FROM records "
            "WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY seq",
            (json.dumps(sorted(EVIDENCE_KINDS)),),
        ).fetchall()
        records = [content_from_row(row) for row in rows]
        self._write_refs(records)
        return len(records)

    def _write_fact(self, record: StoredRecord) -> None:
        self._write_refs([record])
        if record.kind in PROJECTED_KINDS:
            return
        fact = extract_fact(record)
        if fact is None:
            self._conn.execute("DELETE FROM report_facts WHERE record_id = ?", (record.id,))
            return
        own_unit = fact.unit_id if fact.kind in _MASTER_UNIT else None
        self._conn.execute(
            _PUT_FACT,
            (
                fact.record_id,
                fact.kind,
                fact.owner,
                own_unit if own_unit is not None else self._unit_of(fact.owner),
                fact.opd_id if fact.kind == "unit" else None,
                fact.day,
                fact.period,
                fact.status,
                fact.predikat,
                fact.value,
                fact.ref,
            ),
        )

    def _write_facts(self, records: Sequence[StoredRecord]) -> None:
        """:meth:`_write_fact` for many records, in order (the last write of an id counts)."""
        self._write_refs(records)
        self._put_facts([r for r in records if r.kind not in PROJECTED_KINDS])

    def project_facts(self, limit: int) -> int:
        """Write the facts of up to ``limit`` records of :data:`PROJECTED_KINDS` past the
        ``facts_seq`` counter, in seq order, and move the counter past them; how many.

        A record written again gets a new seq, so its newest content is projected again; a
        tombstone deletes its fact. The unit comes from the employees table as it is now."""
        start = self._counter("facts_seq")
        rows: list[tuple[Any, ...]] = []
        for kind in PROJECTED_KINDS:
            rows += self._conn.execute(
                "SELECT id, kind, owner, fields, deleted, seq FROM records "
                "WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ?",
                (kind, start, limit),
            ).fetchall()
        rows.sort(key=lambda r: r[5])
        rows = rows[:limit]
        # caught up: past every record written so far (also those of other kinds)
        end = max(start, self._counter("record_seq")) if len(rows) < limit else rows[-1][5]
        self._put_facts([content_from_row(r[:5]) for r in rows])
        if end != start:
            self._set_counter("facts_seq", end)
        return len(rows)

    def facts_lag(self) -> int:
        """Records of :data:`PROJECTED_KINDS` written after the last projection."""
        start = self._counter("facts_seq")
        row = self._conn.execute(
            "SELECT count(*) FROM records WHERE kind IN (SELECT value FROM json_each(?)) "
            "AND seq > ?",
            (json.dumps(list(PROJECTED_KINDS)), start),
        ).fetchone()
        return int(row[0])

    def _put_facts(self, records: Sequence[StoredRecord]) -> None:
        """Write (or delete) the facts of ``records``, in order (the last write of an id
        counts)."""
        final: dict[str, tuple[StoredRecord, Fact | None]] = {}
        for record in records:
            final.pop(record.id, None)
            final[record.id] = (record, extract_fact(record))
        units: dict[str, str | None] = {}
        gone: list[tuple[str]] = []
        rows: list[tuple[Any, ...]] = []
        for record, fact in final.values():
            if fact is None:
                gone.append((record.id,))
                continue
            own_unit = fact.unit_id if fact.kind in _MASTER_UNIT else None
            if own_unit is None:
                if fact.owner not in units:
                    units[fact.owner] = self._unit_of(fact.owner)
                own_unit = units[fact.owner]
            rows.append(
                (
                    fact.record_id,
                    fact.kind,
                    fact.owner,
                    own_unit,
                    fact.opd_id if fact.kind == "unit" else None,
                    fact.day,
                    fact.period,
                    fact.status,
                    fact.predikat,
                    fact.value,
                    fact.ref,
                )
            )
        if gone:
            self._conn.executemany("DELETE FROM report_facts WHERE record_id = ?", gone)
        if rows:
            self._conn.executemany(
                _PUT_FACT,
                rows,
            )

    def _unit_of(self, nip: str) -> str | None:
        if not nip:
            return None
        row = self._conn.execute("SELECT unit_id FROM employees WHERE nip = ?", (nip,)).fetchone()
        return None if row is None else str(row[0])

    def _move_facts_of(self, nip: str, unit_id: str) -> None:
        """After an employee's unit changed: their facts follow them (mutasi)."""
        self._conn.execute(
            "UPDATE report_facts SET unit_id = ?1, "
            "opd_id = (SELECT opd_id FROM units WHERE id = ?1) "
            "WHERE owner = ?2 AND kind NOT IN ('unit', 'org_predikat') "
            "AND (unit_id IS NOT ?1 OR opd_id IS NOT (SELECT opd_id FROM units WHERE id = ?1))",
            (unit_id, nip),
        )

    def _move_unit_facts(self, unit_id: str, opd_id: str | None) -> None:
        """After a unit moved to another OPD: facts of its employees and of itself follow."""
        self._conn.execute(
            "UPDATE report_facts SET opd_id = ? WHERE owner IN "
            "(SELECT nip FROM employees WHERE unit_id = ?) "
            "AND kind NOT IN ('unit', 'org_predikat')",
            (opd_id, unit_id),
        )
        self._conn.execute(
            "UPDATE report_facts SET opd_id = ? WHERE kind IN ('unit', 'org_predikat') "
            "AND unit_id = ?",
            (opd_id, unit_id),
        )

    def rebuild_facts(self) -> int:
        """Recompute every fact from the records (after the facts table is created)."""
        self._conn.execute("DELETE FROM report_facts")
        rows = self._conn.execute(
            "SELECT id, kind, owner, fields, deleted FROM records ORDER BY seq"
        ).fetchall()
        records = [content_from_row(row) for row in rows]
        self._write_refs(records)
        self._put_facts(records)  # every kind, projected ones too: nothing is left behind
        newest = self._conn.execute("SELECT coalesce(max(seq), 0) FROM records").fetchone()
        self._set_counter("facts_seq", int(newest[0]))
        return len(records)

    # --- reads -------------------------------------------------------------------------------
    def group_facts(
        self, query: FactQuery, by: Sequence[str], *, with_value: bool = False
    ) -> list[FactGroup]:
        bad = [c for c in by if c not in GROUPABLE]
        if bad:
            raise ValueError(f"cannot group facts by {bad}")
        where, params = _where(query)
        cols = ", ".join(by)
        select = f"{cols}, " if by else ""
        group = f" GROUP BY {cols}" if by else ""
        rows = self._conn.execute(
            f"SELECT {select}count(*), count(DISTINCT owner), "
            f"{'coalesce(sum(value), 0.0)' if with_value else '0.0'} "
            f"FROM report_facts WHERE {where}{group}",
            params,
        ).fetchall()
        n = len(by)
        return [
            FactGroup(
                keys=tuple(r[:n]), count=int(r[n]), owners=int(r[n + 1]), value=float(r[n + 2])
            )
            for r in rows
            if r[n]
        ]

    def facts(self, query: FactQuery, *, limit: int | None = None) -> list[Fact]:
        where, params = _where(query)
        sql = f"SELECT {_FACT_COLS} FROM report_facts WHERE {where} ORDER BY owner, day, record_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_fact(r) for r in self._conn.execute(sql, params).fetchall()]

    def fact_records(self, query: FactQuery) -> list[StoredRecord]:
        where, params = _where(query)
        cols = ", ".join(f"r.{c.strip()}" for c in RECORD_COLS.split(","))
        rows = self._conn.execute(
            f"SELECT {cols} FROM (SELECT record_id, owner, day FROM report_facts WHERE {where}) f "
            "JOIN records r ON r.id = f.record_id ORDER BY f.owner, f.day, f.record_id",
            params,
        ).fetchall()
        return [record_from_row(r) for r in rows]
