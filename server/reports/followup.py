"""HR's follow-up records of an appraisal: hukuman disiplin (PP 94/2021) and penghargaan.

Both are owned by the employee, like leave (:mod:`server.reports.leave`): they reach the
employee's devices and their supervisors' by the usual pull scope. HR of the employee's OPD (or
BKPP) records, corrects and deletes them; every act is one server version written through
:func:`~server.reports.writes.write_hr_act` (audited with the values before and after). The
readers at the end are what the document, the exports and the distribution report show.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import msgspec

from server.access import opd_of
from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import BadRequestError, ForbiddenError, NotFoundError
from server.record_codec import from_stored
from server.reports.scope import require_hr, require_hr_for
from server.reports.writes import delete_server_version, new_record_id, write_hr_act
from server.rule_facts import StoredFacts
from server.storage import Reader, Storage
from server.storage.rows import FactQuery
from shared_models.enums import AwardKind, DisciplineKind, DisciplineLevel
from shared_models.followup import AngkaKredit, angka_kredit_of, periods_overlap
from shared_models.kinds import RecordKind
from shared_models.master_data import PP_94_2021_IN_FORCE
from shared_models.periods import PeriodError, parse_period_code
from shared_models.record_rules import decision_day_problem
from sync import Record

__all__ = [
    "AwardRequest",
    "DisciplineRequest",
    "awards_of",
    "delete_followup",
    "discipline_of",
    "document_followup",
    "employee_fields",
    "followup_in_period",
    "record_award",
    "record_discipline",
]

_WHAT = {RecordKind.DISCIPLINE: "hukuman disiplin pegawai", RecordKind.AWARD: "penghargaan pegawai"}
_NAME = {RecordKind.DISCIPLINE: "Hukuman disiplin", RecordKind.AWARD: "Penghargaan"}
_DELETED = {
    RecordKind.DISCIPLINE: AuditAction.DISCIPLINE_DELETED,
    RecordKind.AWARD: AuditAction.AWARD_DELETED,
}


class DisciplineRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A hukuman disiplin to record; with ``record_id``, a correction of one recorded earlier.
    ``level`` may be left out (it follows from ``kind``); ``period_code`` defaults to the year
    of the decision."""

    employee_nip: str
    kind: DisciplineKind
    level: DisciplineLevel | None = None
    decided_on: date
    decree_number: str
    period_code: str | None = None
    note: str = ""
    record_id: str | None = None


class AwardRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A penghargaan to record (the decider is the recording admin); with ``record_id``, a
    correction of one recorded earlier."""

    employee_nip: str
    period_code: str
    kind: AwardKind
    basis: str
    decided_on: date
    record_id: str | None = None


def _period(code: str) -> str:
    try:
        return parse_period_code(code).code
    except PeriodError as err:
        raise BadRequestError(f"Periode tidak valid: {err}.", field="$.period_code") from err


def _check_decided_on(day: date, today: date) -> None:
    problem = decision_day_problem({"decided_on": day.isoformat()}, today)
    if problem is not None:
        raise BadRequestError(
            problem.message[0].upper() + problem.message[1:] + ".", field=problem.field
        )


def _employee(reader: Reader, actor: Actor, nip: str, kind: RecordKind) -> None:
    if reader.employee(nip) is None:
        raise NotFoundError(f"Pegawai {nip} tidak ditemukan.", field="$.employee_nip")
    require_hr_for(actor, opd_of(reader, nip), what=_WHAT[kind])
    if nip == actor.nip:
        raise ForbiddenError(
            f"{_NAME[kind]} Anda sendiri dicatat oleh admin kepegawaian lain.",
            field="$.employee_nip",
        )


def _existing(reader: Reader, kind: RecordKind, record_id: str | None, nip: str) -> None:
    if record_id is None:
        return
    row = reader.record(record_id)
    if row is None or row.deleted or row.kind != kind or row.owner != nip:
        raise NotFoundError(
            f"{_NAME[kind]} {record_id} milik {nip} tidak ditemukan.", field="$.record_id"
        )


def record_discipline(
    storage: Storage, actor: Actor, request: DisciplineRequest, *, replica: str, now: float
) -> Record:
    """Record (or correct) a hukuman disiplin of an employee of an OPD the actor administers."""
    require_hr(actor)
    nip = request.employee_nip
    level = request.kind.level
    if request.level is not None and request.level is not level:
        raise BadRequestError(
            f"{request.kind.label} adalah hukuman disiplin tingkat {level.label.lower()}, bukan "
            f"{request.level.label.lower()} (PP 94/2021 Pasal 8).",
            field="$.level",
        )
    if request.decided_on < PP_94_2021_IN_FORCE:
        raise BadRequestError(
            f"Tanggal keputusan {request.decided_on:%d-%m-%Y} sebelum PP 94/2021 berlaku "
            "(31-08-2021); hukuman sebelumnya mengikuti PP 53/2010.",
            field="$.decided_on",
        )
    if not request.decree_number.strip():
        raise BadRequestError("Nomor keputusan wajib diisi.", field="$.decree_number")
    period = _period(request.period_code or str(request.decided_on.year))
    with storage.write() as tx:
        _employee(tx, actor, nip, RecordKind.DISCIPLINE)
        _check_decided_on(request.decided_on, StoredFacts(tx, now).today())
        _existing(tx, RecordKind.DISCIPLINE, request.record_id, nip)
        fields = {
            "employee_nip": nip,
            "level": str(level),
            "kind": str(request.kind),
            "decided_on": request.decided_on.isoformat(),
            "decree_number": request.decree_number.strip(),
            "period_code": period,
            "note": request.note.strip() or None,
        }
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.DISCIPLINE,
            record_id=request.record_id or new_record_id(now),
            patch=fields,
            action=AuditAction.DISCIPLINE_RECORDED,
            replica=replica,
            now=now,
            owner=nip,
            employee=nip,
            level=str(level),
            discipline_kind=str(request.kind),
            period=period,
        )


def record_award(
    storage: Storage, actor: Actor, request: AwardRequest, *, replica: str, now: float
) -> Record:
    """Record (or correct) a penghargaan of an employee of an OPD the actor administers; the
    actor is its decider (``decided_by``)."""
    require_hr(actor)
    nip = request.employee_nip
    if not request.basis.strip():
        raise BadRequestError("Dasar penghargaan wajib diisi.", field="$.basis")
    period = _period(request.period_code)
    with storage.write() as tx:
        _employee(tx, actor, nip, RecordKind.AWARD)
        _check_decided_on(request.decided_on, StoredFacts(tx, now).today())
        _existing(tx, RecordKind.AWARD, request.record_id, nip)
        fields = {
            "employee_nip": nip,
            "period_code": period,
            "kind": str(request.kind),
            "basis": request.basis.strip(),
            "decided_on": request.decided_on.isoformat(),
            "decided_by": actor.nip,
        }
        return write_hr_act(
            tx,
            actor,
            kind=RecordKind.AWARD,
            record_id=request.record_id or new_record_id(now),
            patch=fields,
            action=AuditAction.AWARD_RECORDED,
            replica=replica,
            now=now,
            owner=nip,
            employee=nip,
            award_kind=str(request.kind),
            period=period,
        )


def delete_followup(
    storage: Storage, actor: Actor, kind: RecordKind, record_id: str, *, replica: str, now: float
) -> None:
    """Delete a hukuman disiplin or penghargaan recorded by mistake (a tombstone: the devices
    drop it), audited with the values it held."""
    require_hr(actor)
    with storage.write() as tx:
        row = tx.record(record_id)
        if row is None or row.deleted or row.kind != kind:
            raise NotFoundError(f"{_NAME[kind]} {record_id} tidak ditemukan.", field="record_id")
        require_hr_for(actor, opd_of(tx, row.owner), what=_WHAT[kind])
        if row.owner == actor.nip:
            raise ForbiddenError(
                f"{_NAME[kind]} Anda sendiri dihapus oleh admin kepegawaian lain.",
                field="record_id",
            )
        stored = from_stored(row)
        delete_server_version(tx, row, replica=replica, now=now)
        record_audit(
            tx,
            ts=now,
            nip=actor.nip,
            action=_DELETED[kind],
            device_id=actor.device_id,
            record_kind=row.kind,
            record_id=row.id,
            employee=row.owner,
            before=stored.fields,
            after=None,
        )


def _listed(storage: Storage, actor: Actor, kind: RecordKind, nip: str) -> list[dict[str, Any]]:
    require_hr(actor)
    with storage.read() as reader:
        if reader.employee(nip) is None:
            raise NotFoundError(f"Pegawai {nip} tidak ditemukan.", field="employee_nip")
        require_hr_for(actor, opd_of(reader, nip), what=_WHAT[kind])
        rows = followup_in_period(reader, kind, [nip], None).get(nip, [])
    return sorted(rows, key=lambda r: (str(r.get("decided_on", "")), r["record_id"]))


def discipline_of(storage: Storage, actor: Actor, nip: str) -> list[dict[str, Any]]:
    """The recorded hukuman disiplin of an employee, by date of the decision."""
    return _listed(storage, actor, RecordKind.DISCIPLINE, nip)


def awards_of(storage: Storage, actor: Actor, nip: str) -> list[dict[str, Any]]:
    """The recorded penghargaan of an employee, by date of the decision."""
    return _listed(storage, actor, RecordKind.AWARD, nip)


def followup_in_period(
    reader: Reader, kind: RecordKind, owners: Iterable[str], period: str | None
) -> dict[str, list[dict[str, Any]]]:
    """The live records of ``kind`` (discipline or award) of ``owners`` whose period overlaps
    ``period`` (None: all), each as its fields plus ``record_id``, by decision date."""
    found: dict[str, list[dict[str, Any]]] = {}
    wanted = frozenset(owners)
    if not wanted:
        return found
    for fact in reader.facts(FactQuery(kind=str(kind), owners=wanted)):
        if period is not None and not periods_overlap(fact.period or "", period):
            continue
        row = reader.record(fact.record_id)
        if row is None or row.deleted:
            continue
        found.setdefault(row.owner, []).append({"record_id": row.id, **from_stored(row).fields})
    for items in found.values():
        items.sort(key=lambda r: (str(r.get("decided_on", "")), r["record_id"]))
    return found


def employee_fields(reader: Reader, nips: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored EMPLOYEE records' fields of ``nips`` (jenjang, TMT jabatan: what angka kredit
    reads), by NIP; the newest record when a NIP has several."""
    newest: dict[str, str] = {}
    for fact in reader.facts(FactQuery(kind=str(RecordKind.EMPLOYEE), owners=frozenset(nips))):
        if fact.record_id > newest.get(fact.owner, ""):
            newest[fact.owner] = fact.record_id
    out: dict[str, dict[str, Any]] = {}
    for nip, record_id in newest.items():
        row = reader.record(record_id)
        if row is not None and not row.deleted:
            out[nip] = from_stored(row).fields
    return out


def document_followup(
    reader: Reader, nip: str, period: str, appraisal: dict[str, Any] | None
) -> tuple[AngkaKredit | None, list[dict[str, Any]]]:
    """What the Dokumen Evaluasi adds after the ratings: the angka kredit of the (decided)
    final annual predikat, and the hukuman disiplin recorded against the period."""
    employee = employee_fields(reader, [nip]).get(nip)
    discipline = followup_in_period(reader, RecordKind.DISCIPLINE, [nip], period).get(nip, [])
    return angka_kredit_of(employee, appraisal), discipline
