"""The audit log (a mixin of :class:`SqlQueries`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import msgspec

from server.storage.row_sql import (
    AUDIT_COLS,
    audit_from_row,
    insert_rows,
)
from server.storage.rows import (
    AuditEntry,
)
from server.storage.sql_base import SqlBase

__all__ = ["AuditSql"]

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


class AuditSql(SqlBase):
    """The audit log."""

    def audit_entries(self, *, after_id: int = 0, limit: int = 100) -> list[AuditEntry]:
        rows = self._all(
            f"SELECT {AUDIT_COLS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            after_id,
            limit,
        )
        return [audit_from_row(r) for r in rows]

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

    def browse_audit(
        self,
        *,
        nip: str | None = None,
        subject: str | None = None,
        record_id: str | None = None,
        opd_id: str | None = None,
        before_id: int | None = None,
        limit: int = 50,
    ) -> list[AuditEntry]:
        clauses: list[str] = []
        params: list[Any] = []
        if subject is not None:
            clauses.append("(subject = ? OR nip = ?)")
            params.extend([subject, subject])
        for clause, value in (
            ("nip = ?", nip),
            ("record_id = ?", record_id),
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
        return [audit_from_row(r) for r in rows]
