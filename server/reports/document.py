"""The data of the "Dokumen Evaluasi Kinerja Pegawai" of one employee and period.

Gathered from the records (employee, Pejabat Penilai, SKP of the period's year, appraisal,
feedback) and the facts (realisation per indicator from the period's progress logs, by the
indicator's aggregation, or as the pejabat penilai confirmed it: ``server.reports.realisation``).
Access: the employee, their supervisor chain, HR of their OPD, BKPP.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.access import opd_of, supervisor_chain
from server.actor import Actor
from server.errors import BadRequestError, ForbiddenError, NotFoundError
from server.record_codec import from_stored
from server.reports.evaluation_parts import (
    FeedbackNotes,
    OrgDecision,
    feedback_notes,
    leader_rhk,
    org_decision,
    spread,
)
from server.reports.followup import document_followup
from server.reports.realisation import indicator_realisation
from server.reports.scope import OrgTree
from server.storage import Reader, Storage
from server.storage.rows import Fact, FactQuery
from shared_models.followup import AngkaKredit
from shared_models.periods import Period, PeriodError, parse_period_code

__all__ = ["EvaluationData", "Person", "evaluation_data", "may_read_document"]


class Person(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    nip: str
    golongan: str
    jabatan: str
    unit: str


class EvaluationData(msgspec.Struct, frozen=True, kw_only=True):
    period: Period
    employee: Person
    penilai: Person | None
    skp: dict[str, Any] | None
    realisation: dict[str, float]
    """Indicator id -> the realisation in the period (confirmed by the pejabat penilai, else
    from the progress logs by the indicator's aggregation)."""
    targets: dict[str, float] = msgspec.field(default_factory=dict)
    """Indicator id -> the target the period compares with (a triwulan: its own target, or a
    count's share of the annual one)."""
    confirmed: frozenset[str] = frozenset()
    """Indicators whose realisation the pejabat penilai confirmed or corrected."""
    appraisal: dict[str, Any] | None
    feedback: list[dict[str, Any]]
    org_predikat: str | None
    signed_on: dt.date
    atasan: Person | None = None
    """The Atasan Pejabat Penilai Kinerja: the Pejabat Penilai's own supervisor (None: none)."""
    org: OrgDecision | None = None
    """The organisation predikat that applies (whose unit, which period's decision)."""
    spread: dict[str, int] = msgspec.field(default_factory=dict)
    """Employee predikat -> how many final predikat of the period the curve's unit holds."""
    spread_unit: str = ""
    """The unit the spread counts (the decision's unit; without one, the employee's)."""
    leader_rhk: dict[str, str] = msgspec.field(default_factory=dict)
    """The leader's RHK id -> text (RHK Pimpinan yang Diintervensi)."""
    notes: FeedbackNotes = msgspec.field(default_factory=FeedbackNotes)
    """The period's continuous feedback per RHK, per BerAKHLAK value and in general."""
    angka_kredit: AngkaKredit | None = None
    """The angka kredit of a final annual predikat of a functional position (None: none)."""
    discipline: list[dict[str, Any]] = msgspec.field(default_factory=list)
    """Hukuman disiplin recorded against a period that overlaps this one."""


def _latest(reader: Reader, facts: list[Fact]) -> dict[str, Any] | None:
    for fact in sorted(facts, key=lambda f: f.record_id, reverse=True):
        row = reader.record(fact.record_id)
        if row is not None and not row.deleted:
            return from_stored(row).fields
    return None


def _person(reader: Reader, nip: str) -> Person | None:
    fields = _latest(reader, reader.facts(FactQuery(kind="employee", owners=frozenset({nip}))))
    employee = reader.employee(nip)
    if employee is None:
        return None
    unit = reader.unit(employee.unit_id)
    golongan = str((fields or {}).get("golongan", ""))
    return Person(
        name=employee.name,
        nip=nip,
        golongan=golongan,
        jabatan=employee.jabatan,
        unit=unit.name if unit else "",
    )


def may_read_document(reader: Reader, actor: Actor, nip: str) -> bool:
    """The employee, anyone in their supervisor chain, HR of their OPD, BKPP."""
    return (
        actor.nip == nip
        or actor.nip in supervisor_chain(reader, nip)
        or (actor.is_hr and actor.is_hr_for(opd_of(reader, nip)))
    )


def evaluation_data(
    storage: Storage, actor: Actor, *, nip: str, period: str, today: dt.date
) -> EvaluationData:
    """Everything the document shows; 403 outside the access rule, 404 for an unknown NIP."""
    try:
        p = parse_period_code(period)
    except PeriodError as err:
        raise BadRequestError(f"Parameter tidak valid: period: {err}", field="period") from err
    storage.project_facts()  # the realisation reads the progress logs' facts
    with storage.read() as reader:
        employee = _person(reader, nip)
        if employee is None:
            raise NotFoundError(f"Pegawai dengan NIP {nip} tidak ditemukan.", field="nip")
        if not may_read_document(reader, actor, nip):
            raise ForbiddenError(
                "Dokumen evaluasi hanya dapat dibuka oleh pegawai yang bersangkutan, atasannya, "
                "dan admin kepegawaian OPD-nya."
            )
        owner = frozenset({nip})
        skp = _latest(reader, reader.facts(FactQuery(kind="skp", owners=owner, period=str(p.year))))
        appraisals = reader.facts(FactQuery(kind="appraisal", owners=owner, period=p.code))
        finals = [f for f in appraisals if f.status == "final"]
        appraisal = _latest(reader, finals or appraisals)
        feedback_facts = reader.facts(FactQuery(kind="feedback", owners=owner, period=p.code))
        feedback = [
            from_stored(row).fields
            for f in feedback_facts
            if (row := reader.record(f.record_id)) is not None and not row.deleted
        ]
        shown = indicator_realisation(reader, nip, skp, appraisal, p)
        employee_row = reader.employee(nip)
        boss_nip = (appraisal or {}).get("supervisor_nip") or (
            employee_row.supervisor_nip if employee_row else None
        )
        penilai = _person(reader, str(boss_nip)) if boss_nip else None
        unit = reader.unit(employee_row.unit_id) if employee_row else None
        tree = OrgTree.load(reader)
        decision = org_decision(reader, tree, unit.id, p) if unit is not None else None
        org = decision.predikat if decision is not None else None
        curve_unit = decision.unit_id if decision is not None else (unit.id if unit else None)
        counts = spread(reader, tree, curve_unit, p.code) if curve_unit else {}
        boss_row = reader.employee(str(boss_nip)) if boss_nip else None
        atasan_nip = boss_row.supervisor_nip if boss_row is not None else None
        atasan = _person(reader, atasan_nip) if atasan_nip and atasan_nip != nip else None
        leaders = leader_rhk(reader, ((skp or {}).get("supervisor_nip"), boss_nip), p.year)
        notes = feedback_notes(reader, nip, p, skp)
        credit, discipline = document_followup(reader, nip, p.code, appraisal)
    signed = today
    finalized = (appraisal or {}).get("finalized_at")
    if isinstance(finalized, str) and len(finalized) >= 10:
        try:
            signed = dt.date.fromisoformat(finalized[:10])
        except ValueError:
            signed = today
    return EvaluationData(
        period=p,
        employee=employee,
        penilai=penilai,
        skp=skp,
        realisation=shown.values,
        targets=shown.targets,
        confirmed=shown.confirmed,
        appraisal=appraisal,
        feedback=feedback,
        org_predikat=org,
        signed_on=signed,
        atasan=atasan,
        org=decision,
        spread=counts,
        spread_unit=tree.units[curve_unit].name if curve_unit in tree.units else "",
        leader_rhk=leaders,
        notes=notes,
        angka_kredit=credit,
        discipline=discipline,
    )
