"""Master data projection: unit and employee records kept in step with the master-data tables
(``units``, ``employees``), which roles, relations and scope are read from."""

from __future__ import annotations

import msgspec

from server.storage import Employee, Unit, Writer
from shared_models.kinds import RecordKind
from sync import Record

__all__ = ["MASTER_KINDS", "project_master_data"]

MASTER_KINDS = frozenset({RecordKind.UNIT, RecordKind.EMPLOYEE})
"""Kinds whose records also change the master-data tables (and so relations and facts)."""


def project_master_data(tx: Writer, record: Record, previous: Record | None) -> None:
    """Keep the master-data tables (used for roles and scope) in step with master records."""
    f = record.fields if not record.deleted or previous is None else previous.fields
    if record.kind == RecordKind.UNIT and not record.deleted:
        tx.put_unit(
            Unit(
                id=record.id,
                name=str(f.get("name", "")),
                parent_id=f.get("parent_id"),
                opd_id=f.get("opd_id"),
                kind=str(f.get("kind", "")),
            )
        )
    elif record.kind == RecordKind.EMPLOYEE:
        nip = str(f.get("nip", ""))
        current = tx.employee(nip)
        if record.deleted:
            if current is not None:
                tx.put_employee(msgspec.structs.replace(current, active=False))
            return
        tx.put_employee(
            Employee(
                nip=nip,
                name=str(f.get("name", "")),
                unit_id=str(f.get("unit_id", "")),
                supervisor_nip=f.get("supervisor_nip"),
                jabatan=str(f.get("jabatan_name", "")),
                kind=str(f.get("jabatan_kind", "")),
                active=bool(f.get("active", True)),
            )
        )
