"""Leave (cuti, sakit, diklat): days HR records for an employee, on which the app refuses a
progress log. A ``leave`` record is owned by the employee, so it reaches their devices and their
supervisors' like their other records; HR of the employee's OPD (or BKPP) writes it."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from server.access import opd_of
from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import BadRequestError, NotFoundError
from server.record_codec import from_stored
from server.reports.scope import require_hr, require_hr_for
from server.reports.writes import delete_server_version, new_record_id, write_hr_act
from server.storage import Reader, Storage
from server.storage.rows import FactQuery
from shared_models.enums import LeaveKind
from shared_models.kinds import RecordKind
from sync import Record

__all__ = ["LeaveRequest", "delete_leave", "leave_of", "record_leave"]

_WHAT = "cuti pegawai"


class LeaveRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A leave to record; with ``record_id``, a correction of one recorded earlier."""

    employee_nip: str
    kind: LeaveKind
    start: date
    end: date
    note: str = ""
    record_id: str | None = None


def _employee_opd(reader: Reader, actor: Actor, nip: str) -> None:
    if reader.employee(nip) is None:
        raise NotFoundError(f"Pegawai {nip} tidak ditemukan.", field="$.employee_nip")
    require_hr_for(actor, opd_of(reader, nip), what=_WHAT)


def record_leave(
    storage: Storage, actor: Actor, request: LeaveRequest, *, replica: str, now: float
) -> Record:
    """Record (or correct) a leave of an employee of an OPD the actor administers."""
    require_hr(actor)
    nip = request.employee_nip
    if request.end < request.start:
        raise BadRequestError(
            f"Tanggal akhir {request.end} sebelum tanggal mulai {request.start}.", field="$.end"
        )
    with storage.write() as tx:
        _employee_opd(tx, actor, nip)
        if request.record_id is not None:
            row = tx.record(request.record_id)
            if row is None or row.deleted or row.kind != RecordKind.LEAVE or row.owner != nip:
                raise NotFoundError(
                    f"Catatan cuti {request.record_id} milik {nip} tidak ditemukan.",
                    field="$.record_id",
                )
        fields = {
            "employee_nip": nip,
            "kind": str(request.kind),
            "start": request.start.isoformat(),
            "end": request.end.isoformat(),
            "note": request.note or None,
        }
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.LEAVE,
            record_id=request.record_id or new_record_id(now),
            patch=fields,
            action=AuditAction.LEAVE_RECORDED,
            replica=replica,
            now=now,
            owner=nip,
            employee=nip,
            leave_kind=str(request.kind),
            start=fields["start"],
            end=fields["end"],
        )


def delete_leave(
    storage: Storage, actor: Actor, record_id: str, *, replica: str, now: float
) -> None:
    """Delete a leave recorded by mistake (a tombstone: the employee's devices drop it)."""
    require_hr(actor)
    with storage.write() as tx:
        row = tx.record(record_id)
        if row is None or row.deleted or row.kind != RecordKind.LEAVE:
            raise NotFoundError(f"Catatan cuti {record_id} tidak ditemukan.", field="record_id")
        require_hr_for(actor, opd_of(tx, row.owner), what=_WHAT)
        delete_server_version(tx, row, replica=replica, now=now)
        record_audit(
            tx,
            ts=now,
            nip=actor.nip,
            action=AuditAction.LEAVE_DELETED,
            device_id=actor.device_id,
            record_kind=row.kind,
            record_id=row.id,
            employee=row.owner,
        )


def leave_of(storage: Storage, actor: Actor, nip: str) -> list[dict[str, Any]]:
    """The live leave records of an employee, by start date."""
    require_hr(actor)
    with storage.read() as reader:
        _employee_opd(reader, actor, nip)
        facts = reader.facts(FactQuery(kind=str(RecordKind.LEAVE), owners=frozenset({nip})))
        rows = [reader.record(f.record_id) for f in facts]
    out = [
        {"record_id": r.id, **from_stored(r).fields}
        for r in rows
        if r is not None and not r.deleted
    ]
    return sorted(out, key=lambda x: (str(x.get("start", "")), x["record_id"]))
