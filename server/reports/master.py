"""HR's edits of master data: an employee's data, mutasi, periods, organisation predikat.

Each act checks the actor's administrative scope, writes a server-replica version of the record
(see :mod:`server.reports.writes`) and an audit entry in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from server.actor import Actor
from server.audit import AuditAction
from server.errors import BadRequestError, ForbiddenError, NotFoundError
from server.record_codec import from_stored
from server.reports.scope import require_hr, require_hr_for
from server.reports.writes import find_record_id, new_record_id, write_hr_act
from server.storage import Storage, Writer
from server.storage.rows import FactQuery
from shared_models.enums import OrgPredikat
from shared_models.kinds import RecordKind
from shared_models.periods import PeriodError, parse_period_code
from sync import Record

__all__ = [
    "EmployeePatch",
    "MutasiRequest",
    "OrgPredikatRequest",
    "PeriodRequest",
    "edit_employee",
    "list_periods",
    "mutasi",
    "set_org_predikat",
    "set_period",
]


class EmployeePatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Fields HR may edit; unit and supervisor change only through mutasi."""

    name: str | msgspec.UnsetType = msgspec.UNSET
    kind: str | msgspec.UnsetType = msgspec.UNSET
    golongan: str | msgspec.UnsetType = msgspec.UNSET
    jabatan_name: str | msgspec.UnsetType = msgspec.UNSET
    jabatan_kind: str | msgspec.UnsetType = msgspec.UNSET
    jenjang: str | msgspec.UnsetType | None = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET
    tmt_jabatan: date | msgspec.UnsetType | None = msgspec.UNSET
    """TMT of the current position (angka kredit counts the year's months from it)."""


class MutasiRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Move an employee: to another unit and/or under another Pejabat Penilai."""

    unit_id: str | msgspec.UnsetType = msgspec.UNSET
    supervisor_nip: str | msgspec.UnsetType | None = msgspec.UNSET
    note: str = ""


class PeriodRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    code: str
    open: bool = True
    early_final: bool | None = None
    """Open annual finalization before the period's last working days (None: keep as is)."""


class OrgPredikatRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    unit_id: str
    period_code: str
    predikat: OrgPredikat


def _employee_record(tx: Writer, nip: str) -> Record:
    record_id = find_record_id(tx, RecordKind.EMPLOYEE, owner=nip)
    row = None if record_id is None else tx.record(record_id)
    if row is None or row.deleted:
        raise NotFoundError(f"Pegawai dengan NIP {nip} tidak ditemukan.", field="nip")
    return from_stored(row)


def _opd_of_unit(tx: Writer, unit_id: str, field: str) -> str | None:
    unit = tx.unit(unit_id)
    if unit is None:
        raise BadRequestError(f"Unit {unit_id} tidak dikenal.", field=field)
    return unit.opd_id


def edit_employee(
    storage: Storage, actor: Actor, nip: str, patch: EmployeePatch, *, replica: str, now: float
) -> Record:
    """Change an employee's data (HR of their OPD, or BKPP)."""
    require_hr(actor)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    if isinstance(changes.get("tmt_jabatan"), date):
        changes["tmt_jabatan"] = changes["tmt_jabatan"].isoformat()
    if not changes:
        raise BadRequestError("Tidak ada data yang diubah.", field="$")
    with storage.write() as tx:
        current = _employee_record(tx, nip)
        unit_id = str(current.fields.get("unit_id", ""))
        require_hr_for(actor, _opd_of_unit(tx, unit_id, "$.unit_id"), what="pegawai")
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.EMPLOYEE,
            record_id=current.id,
            patch=changes,
            action=AuditAction.EMPLOYEE_EDITED,
            replica=replica,
            now=now,
            employee=nip,
            changed=sorted(changes),
        )


def mutasi(
    storage: Storage, actor: Actor, nip: str, request: MutasiRequest, *, replica: str, now: float
) -> Record:
    """Move an employee to another unit and/or supervisor.

    The actor must administer both the employee's current OPD and the destination's (BKPP for a
    move between OPDs, unless one admin holds both). The new EMPLOYEE version gets a new ``seq``:
    the old supervisor's devices get removals at their next pull, the new one's a backfill.
    """
    require_hr(actor)
    patch: dict[str, Any] = {}
    if request.unit_id is not msgspec.UNSET:
        patch["unit_id"] = request.unit_id
    if request.supervisor_nip is not msgspec.UNSET:
        patch["supervisor_nip"] = request.supervisor_nip
    if not patch:
        raise BadRequestError("Isi unit_id dan/atau supervisor_nip untuk mutasi.", field="$")
    with storage.write() as tx:
        current = _employee_record(tx, nip)
        before_unit = str(current.fields.get("unit_id", ""))
        require_hr_for(actor, _opd_of_unit(tx, before_unit, "$.unit_id"), what="pegawai")
        if "unit_id" in patch:
            _opd_of_unit(tx, str(patch["unit_id"]), "$.unit_id")
        # the destination's OPD, BKPP accounts and the supervisor chain: the rules of every
        # master-data path, checked by write_hr_act (shared_models.master_rules)
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.EMPLOYEE,
            record_id=current.id,
            patch=patch,
            action=AuditAction.MUTASI,
            replica=replica,
            now=now,
            employee=nip,
            from_unit=before_unit,
            from_supervisor=current.fields.get("supervisor_nip"),
            to_unit=patch.get("unit_id", current.fields.get("unit_id")),
            to_supervisor=patch.get("supervisor_nip", current.fields.get("supervisor_nip")),
            note=request.note,
        )


def _period(code: str, field: str) -> Any:
    try:
        return parse_period_code(code)
    except PeriodError as err:
        raise BadRequestError(f"{err}.", field=field) from err


def set_period(
    storage: Storage, actor: Actor, request: PeriodRequest, *, replica: str, now: float
) -> Record:
    """Open (create or reopen) or close a period; BKPP only (periods are city-wide)."""
    require_hr(actor)
    if not actor.city_wide:
        raise ForbiddenError("Periode penilaian dibuka dan ditutup oleh BKPP.")
    period = _period(request.code, "$.code")
    fields = {
        "code": period.code,
        "year": period.year,
        "kind": str(period.kind),
        "number": period.number,
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(),
        "open": request.open,
    }
    if request.early_final is not None:
        fields["early_final"] = request.early_final
    with storage.write() as tx:
        record_id = find_record_id(tx, RecordKind.PERIOD, period=period.code) or new_record_id(now)
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.PERIOD,
            record_id=record_id,
            patch=fields,
            action=AuditAction.PERIOD_OPENED if request.open else AuditAction.PERIOD_CLOSED,
            replica=replica,
            now=now,
            period=period.code,
        )


def list_periods(storage: Storage) -> list[dict[str, Any]]:
    """Every period record: code, whether it is open, whether BKPP opened its annual
    finalization early."""
    with storage.read() as reader:
        found = reader.facts(FactQuery(kind=str(RecordKind.PERIOD)))
        rows = {f.period: f for f in found if f.period}
        early = {}
        for code, f in rows.items():
            row = reader.record(f.record_id)
            stored = from_stored(row).fields if row is not None and not row.deleted else {}
            early[code] = stored.get("early_final") is True
    return [
        {
            "code": code,
            "open": f.status == "open",
            "early_final": early[code],
            "record_id": f.record_id,
        }
        for code, f in sorted(rows.items())
    ]


def set_org_predikat(
    storage: Storage, actor: Actor, request: OrgPredikatRequest, *, replica: str, now: float
) -> Record:
    """Set an organisation's predikat for a period.

    BKPP for any unit; an admin_opd for the units inside their OPD, not for the OPD itself
    (the OPD's own predikat is a city decision).
    """
    require_hr(actor)
    period = _period(request.period_code, "$.period_code")
    with storage.write() as tx:
        unit = tx.unit(request.unit_id)
        if unit is None:
            raise BadRequestError(f"Unit {request.unit_id} tidak dikenal.", field="$.unit_id")
        require_hr_for(actor, unit.opd_id, what="predikat organisasi")
        if unit.id == unit.opd_id and not actor.city_wide:
            raise ForbiddenError("Predikat kinerja OPD ditetapkan oleh BKPP.", field="$.unit_id")
        record_id = find_record_id(
            tx, RecordKind.ORG_PREDIKAT, unit_id=unit.id, period=period.code
        ) or new_record_id(now)
        fields = {
            "unit_id": unit.id,
            "period_code": period.code,
            "predikat": str(request.predikat),
            "decided_by": actor.nip,
        }
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.ORG_PREDIKAT,
            record_id=record_id,
            patch=fields,
            action=AuditAction.ORG_PREDIKAT_SET,
            replica=replica,
            now=now,
            unit_id=unit.id,
            period=period.code,
            predikat=str(request.predikat),
        )
