"""The distribution check of one organisation and period (SE MenPANRB 3/2023), with the lists HR
acts on: top performers (Sangat Baik, for penghargaan) and employees needing pembinaan.

The spread counts each employee once: the predikat of their latest FINAL appraisal of the period,
among the employees of the unit and every unit below it (an OPD: all its units). The curve is the
one of the organisation's ORG_PREDIKAT for the period; without one, counts are given and no
clause is checked. Nor is any before enough of the unit's employees have a final predikat
(``shared_models.distribution.spread_readiness``, the rule the supervisor's device uses too):
the note says how many of how many are rated.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from server.actor import Actor
from server.errors import BadRequestError
from server.reports.followup import followup_in_period
from server.reports.scope import OrgTree, require_hr_for
from server.storage import Storage
from server.storage.rows import FactQuery
from shared_models.distribution import (
    SpreadReadiness,
    check_distribution,
    small_unit_note,
    spread_readiness,
)
from shared_models.enums import OrgPredikat, Predikat
from shared_models.followup import award_text
from shared_models.kinds import RecordKind
from shared_models.periods import PeriodError, parse_period_code
from shared_models.wire import DistributionReport, PersonRow, PredikatCount, ViolationRow

__all__ = ["DistributionReport", "PersonRow", "PredikatCount", "ViolationRow", "distribution"]

_PEMBINAAN = (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG_MISCONDUCT, Predikat.SANGAT_KURANG)


def _note(
    unit_name: str,
    code: str,
    org: OrgPredikat | None,
    total: int,
    violations: int,
    readiness: SpreadReadiness,
) -> str:
    """The report's verdict in words (the small-unit note is added after it)."""
    if org is None:
        note = (
            f"Predikat kinerja organisasi {unit_name} untuk periode {code} belum ditetapkan;"
            " sebaran tidak diperiksa terhadap kurva."
        )
    elif total == 0:
        note = f"Belum ada penilaian final di {unit_name} untuk periode {code}."
    elif not readiness.ready:
        note = f"{readiness.note[:1].upper()}{readiness.note[1:]}."
    elif violations:
        note = f"{violations} ketentuan kurva distribusi tidak terpenuhi."
    else:
        note = "Sebaran predikat sesuai dengan kurva distribusi."
    if org is not None and readiness.ready and not readiness.complete:
        note = f"{note} Catatan: {readiness.note}."
    return note


def distribution(
    storage: Storage, actor: Actor, *, unit_id: str, period: str
) -> DistributionReport:
    """The spread of final predikat in ``unit_id`` (and below) for ``period`` against its curve."""
    try:
        code = parse_period_code(period).code
    except PeriodError as err:
        raise BadRequestError(f"Parameter tidak valid: period: {err}", field="period") from err
    with storage.read() as reader:
        tree = OrgTree.load(reader)
        unit = tree.unit(unit_id)
        require_hr_for(actor, unit.opd_id, what="laporan")
        units = tree.subtree(unit.id)
        query = FactQuery(
            kind=str(RecordKind.APPRAISAL), period=code, status="final", unit_ids=units
        )
        groups = reader.group_facts(query, ("owner", "predikat"))
        valid = {p.value for p in Predikat}
        found: dict[str, set[str]] = {}
        for g in groups:
            owner, value = g.keys
            if owner is not None and value in valid:
                found.setdefault(owner, set()).add(str(value))
        twice = frozenset(nip for nip, values in found.items() if len(values) > 1)
        latest = {nip: next(iter(values)) for nip, values in found.items() if nip not in twice}
        if twice:  # more than one final appraisal: the latest decides
            for fact in reader.facts(msgspec.structs.replace(query, owners=twice)):
                if fact.predikat in valid:
                    latest[fact.owner] = str(fact.predikat)  # ordered by record id per owner
        decisions = reader.facts(
            FactQuery(kind=str(RecordKind.ORG_PREDIKAT), period=code, unit_ids=frozenset({unit.id}))
        )
        per = {nip: Predikat(p) for nip, p in latest.items()}
        listed = [n for n, p in per.items() if p is Predikat.SANGAT_BAIK or p in _PEMBINAAN]
        staff = {n: e for n in listed if (e := reader.employee(n)) is not None}
        awards = followup_in_period(reader, RecordKind.AWARD, list(staff), code)
        everyone = {nip for nip, _unit in reader.employee_units(units)} | set(latest)
    counts = {p: sum(1 for v in per.values() if v is p) for p in Predikat}
    total = sum(counts.values())
    decision = max(decisions, key=lambda f: f.record_id, default=None)
    org = (
        OrgPredikat(str(decision.predikat))
        if decision is not None and decision.predikat in {o.value for o in OrgPredikat}
        else None
    )
    readiness = spread_readiness(total, len(everyone), what="dinilai final")
    judged = org is not None and readiness.ready
    violations = check_distribution(org, counts) if judged and org is not None else []
    note = _note(unit.name, code, org, total, len(violations), readiness)
    small = small_unit_note(total)
    if small is not None:
        note = f"{note} Catatan: {small}."

    def person(nip: str) -> PersonRow:
        e = staff[nip]
        u = tree.units.get(e.unit_id)
        return PersonRow(
            nip=nip,
            name=e.name,
            jabatan=e.jabatan,
            unit_id=e.unit_id,
            unit_name=u.name if u else "",
            predikat=per[nip].value,
            predikat_label=per[nip].label,
            awards=[award_text(a) for a in awards.get(nip, [])],
        )

    order = sorted(staff, key=lambda n: (staff[n].name, n))
    return DistributionReport(
        unit_id=unit.id,
        unit_name=unit.name,
        period=code,
        org_predikat=None if org is None else org.value,
        org_predikat_label=None if org is None else org.label,
        total=total,
        counts=[
            PredikatCount(
                predikat=p.value,
                label=p.label,
                count=counts[p],
                percent=(Decimal(100 * counts[p]) / total).quantize(Decimal("0.1"))
                if total
                else Decimal(0),
            )
            for p in Predikat
        ],
        violations=[
            ViolationRow(
                clause=v.clause,
                message=v.message,
                count=v.count,
                total=v.total,
                actual_percent=v.actual_percent,
                bound_percent=v.bound_percent,
                difference=v.difference,
            )
            for v in violations
        ],
        note=note,
        top_performers=[person(n) for n in order if per[n] is Predikat.SANGAT_BAIK],
        pembinaan=[person(n) for n in order if per[n] in _PEMBINAAN],
        staff=len(everyone),
        judged=judged,
    )
