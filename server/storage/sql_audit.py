"""The audit log (a mixin of :class:`SqlQueries`).

Most entries are one row each. The entries of one push about one employee's records (what
:meth:`AuditSql.append_audit_group` is given) share one row: its action is :data:`GROUP`, its
detail lists the entries (``{"entries": [[action, kind, record id, detail], ...]}``), and every
read gives them back one by one, each with the row's id, time, actor, device and subject. A
push of 500 records then writes a row or a few instead of 500 (docs/server.md, "Audit log").
A grouped entry is found by its record through the record's owner: the group's subject.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from server.storage.row_sql import (
    AUDIT_COLS,
    audit_from_row,
    insert_rows,
)
from server.storage.rows import (
    AuditBrowse,
    AuditEntry,
)
from server.storage.sql_base import SqlBase

__all__ = ["GROUP", "AuditSql"]

GROUP = "+entries"
"""The action of a row that holds several entries (never an entry's own action)."""

_SUBJECT_KEYS = ("owner", "device_owner", "employee")
_detail_encoder = msgspec.json.Encoder(order="sorted", enc_hook=str)
"""Audit details as compact JSON with sorted keys (what ``json.loads`` reads back)."""


_APPEND_HEAD = (
    "INSERT INTO audit_log (ts, nip, device_id, action, record_kind, record_id, detail, subject)"
)


def _audit_row(e: AuditEntry, detail: str) -> tuple[Any, ...]:
    """The values of an entry's row (``detail`` as JSON text), in the order of
    :data:`_APPEND_HEAD`; the subject is the one given, else the first of the detail's owner
    keys."""
    subject = e.subject or next((str(e.detail[k]) for k in _SUBJECT_KEYS if e.detail.get(k)), None)
    return (e.ts, e.nip, e.device_id, e.action, e.record_kind, e.record_id, detail, subject)


def _entries(rows: Iterable[tuple[Any, ...]], *, newest_first: bool = False) -> list[AuditEntry]:
    """The entries of these rows, a group's in the order of the rows (reversed when the rows
    come newest first)."""
    out: list[AuditEntry] = []
    for row in rows:
        if row[4] != GROUP:
            out.append(audit_from_row(row))
            continue
        items = json.loads(row[7])["entries"]
        if newest_first:
            items.reverse()
        out.extend(
            AuditEntry(
                id=row[0],
                ts=row[1],
                nip=row[2],
                device_id=row[3],
                action=action,
                record_kind=kind,
                record_id=record_id,
                detail=detail,
                subject=row[8],
            )
            for action, kind, record_id, detail in items
        )
    return out


def _like(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern that finds ``text`` as a JSON string anywhere."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "%" + quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class AuditSql(SqlBase):
    """The audit log."""

    def audit_entries(self, *, after_id: int = 0, limit: int = 100) -> list[AuditEntry]:
        rows = self._all(
            f"SELECT {AUDIT_COLS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            after_id,
            limit,
        )
        return _entries(rows)

    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        detail = json.dumps(entry.detail, ensure_ascii=False, sort_keys=True, default=str)
        values = _audit_row(entry, detail)
        row = self._one(f"{_APPEND_HEAD} VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", *values)
        assert row is not None
        return msgspec.structs.replace(
            entry, id=int(row[0]), detail=json.loads(detail), subject=values[-1]
        )

    def append_audits(self, entries: Sequence[AuditEntry]) -> None:
        rows = [_audit_row(e, _detail_encoder.encode(e.detail).decode()) for e in entries]
        insert_rows(self._conn, _APPEND_HEAD, rows)

    def append_audit_group(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        first = entries[0]
        shared = (first.ts, first.nip, first.device_id, first.subject)
        if not first.subject or any(
            (e.ts, e.nip, e.device_id, e.subject) != shared or not e.record_id for e in entries
        ):
            raise ValueError("a group's entries share time, actor, device, subject; name records")
        if len(entries) == 1:
            self.append_audits(entries)
            return
        detail = _detail_encoder.encode(
            {"entries": [(e.action, e.record_kind, e.record_id, e.detail) for e in entries]}
        ).decode()
        row = (first.ts, first.nip, first.device_id, GROUP, None, None, detail, first.subject)
        insert_rows(self._conn, _APPEND_HEAD, [row])

    def browse_audit(
        self,
        *,
        nip: str | None = None,
        subject: str | None = None,
        record_id: str | None = None,
        opd_id: str | None = None,
        before_id: int | None = None,
        limit: int = 50,
    ) -> AuditBrowse:
        clauses: list[str] = []
        params: list[Any] = []
        if subject is not None:
            clauses.append("(subject = ? OR nip = ?)")
            params.extend([subject, subject])
        if record_id is not None:
            # a group names the record in its detail; its subject is the record's owner (a
            # record whose row is gone, collected after its deletion: any group naming it)
            owner = self._one("SELECT owner FROM records WHERE id = ?", record_id)
            grouped = f"action = '{GROUP}' AND detail LIKE ? ESCAPE '\\'"
            if owner is not None:
                clauses.append(f"(record_id = ? OR (subject = ? AND {grouped}))")
                params.extend([record_id, owner[0], _like(record_id)])
            else:
                clauses.append(f"(record_id = ? OR ({grouped}))")
                params.extend([record_id, _like(record_id)])
        for clause, value in (
            ("nip = ?", nip),
            ("id < ?", before_id),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if opd_id is not None:
            clauses.append(
                "(subject IN (SELECT e.nip FROM employees e JOIN units u ON u.id = e.unit_id "
                "WHERE u.opd_id = ?) OR nip IN (SELECT e.nip FROM employees e "
                "JOIN units u ON u.id = e.unit_id WHERE u.opd_id = ?))"
            )
            params.extend([opd_id, opd_id])
        where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
        rows = self._conn.execute(
            f"SELECT {AUDIT_COLS} FROM audit_log {where}ORDER BY id DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        entries = _entries(rows, newest_first=True)
        if record_id is not None:  # a group's other records, or a detail naming the id
            entries = [e for e in entries if e.record_id == record_id]
        more = len(rows) == limit
        return AuditBrowse(entries=entries, next_before_id=rows[-1][0] if more else None)
