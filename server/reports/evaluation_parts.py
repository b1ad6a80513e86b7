"""Parts of the "Dokumen Evaluasi Kinerja Pegawai" read beside the employee's own records: the
Atasan Pejabat Penilai, the organisation predikat that applies and the spread of final predikat
under it (Pola Distribusi), the leader's RHK each RHK supports, and the continuous feedback of
the period grouped by what it is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from server.record_codec import from_stored
from server.reports.scope import OrgTree
from server.storage import Reader
from server.storage.rows import FactQuery
from shared_models.enums import FeedbackKind, OrgPredikat, PeriodKind, Predikat
from shared_models.kinds import RecordKind
from shared_models.periods import Period, PeriodError, parse_period_code

__all__ = [
    "FeedbackNotes",
    "OrgDecision",
    "feedback_notes",
    "leader_rhk",
    "org_decision",
    "spread",
]


class OrgDecision(msgspec.Struct, frozen=True, kw_only=True):
    """The organisation predikat that applies to an employee's unit for a period."""

    predikat: str
    unit_id: str
    unit_name: str
    period_code: str
    """The period of the decision (the year's, when a periodic document has none of its own)."""


def org_decision(reader: Reader, tree: OrgTree, unit_id: str, period: Period) -> OrgDecision | None:
    """The nearest decided organisation predikat: the unit's own, else its parent's and so on
    up to the OPD and the city, first for the period itself and then (a periodic document) for
    the year: SE MenPANRB 3/2023 sets the predikat per organisation, usually once a year for
    the whole OPD, and the curve of the unit follows it."""
    chain: list[str] = []
    current: str | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        unit = tree.units.get(current)
        current = unit.parent_id if unit is not None else None
    codes = [period.code]
    if period.kind is not PeriodKind.TAHUNAN:
        codes.append(str(period.year))
    valid = {o.value for o in OrgPredikat}
    for code in codes:
        found = reader.facts(
            FactQuery(kind=str(RecordKind.ORG_PREDIKAT), period=code, unit_ids=frozenset(chain))
        )
        by_unit: dict[str, str] = {}
        for fact in sorted(found, key=lambda f: f.record_id):  # the latest decision per unit
            if fact.unit_id and fact.predikat in valid:
                by_unit[fact.unit_id] = str(fact.predikat)
        for uid in chain:
            if uid in by_unit:
                unit = tree.units.get(uid)
                return OrgDecision(
                    predikat=by_unit[uid],
                    unit_id=uid,
                    unit_name=unit.name if unit else uid,
                    period_code=code,
                )
    return None


def spread(reader: Reader, tree: OrgTree, unit_id: str, period_code: str) -> dict[str, int]:
    """Employees per predikat of their latest final appraisal of the period in the unit and
    every unit below it (an OPD: all its units), as the distribution report counts them."""
    query = FactQuery(
        kind=str(RecordKind.APPRAISAL),
        period=period_code,
        status="final",
        unit_ids=tree.subtree(unit_id),
    )
    latest: dict[str, tuple[str, str]] = {}
    valid = {p.value for p in Predikat}
    for fact in reader.facts(query):
        if fact.predikat in valid and fact.record_id > latest.get(fact.owner, ("", ""))[0]:
            latest[fact.owner] = (fact.record_id, str(fact.predikat))
    counts = dict.fromkeys((p.value for p in Predikat), 0)
    for _, value in latest.values():
        counts[value] += 1
    return counts


def leader_rhk(reader: Reader, nips: Iterable[str | None], year: int) -> dict[str, str]:
    """RHK id -> text of the SKPs of ``year`` of the leaders named (the Pejabat Penilai, and the
    supervisor the SKP was agreed with): the "RHK Pimpinan yang Diintervensi"."""
    out: dict[str, str] = {}
    owners = frozenset(n for n in nips if n)
    if not owners:
        return out
    for row in reader.fact_records(
        FactQuery(kind=str(RecordKind.SKP), owners=owners, period=str(year))
    ):
        if row.deleted:
            continue
        for rhk in from_stored(row).fields.get("rhk") or []:
            if isinstance(rhk, dict) and rhk.get("id"):
                out.setdefault(str(rhk["id"]), str(rhk.get("text", "")))
    return out


class FeedbackNotes(msgspec.Struct, frozen=True, kw_only=True):
    """The period's continuous feedback, grouped by what it is about (each note in words)."""

    by_rhk: dict[str, list[str]] = msgspec.field(default_factory=dict)
    by_value: dict[str, list[str]] = msgspec.field(default_factory=dict)
    general: list[str] = msgspec.field(default_factory=list)


def _within(code: Any, period: Period) -> Period | None:
    try:
        found = parse_period_code(str(code))
    except PeriodError:
        return None
    inside = period.first_day <= found.first_day and found.last_day <= period.last_day
    return found if inside else None


def feedback_notes(
    reader: Reader, owner: str, period: Period, skp: dict[str, Any] | None
) -> FeedbackNotes:
    """The feedback about ``owner`` that belongs to ``period``: its period lies within it (a
    triwulan's and its months' for a triwulan document, every period of the year for the annual
    one), or, without a period, it is about a progress log of a day within it. A note about an
    RHK goes under that RHK; about a BerAKHLAK value under that value; about a progress log
    (a comment on an entry) under the RHK of the log's indicator; the rest is general."""
    indicator_rhk = {
        str(i.get("id")): str(r.get("id"))
        for r in (skp or {}).get("rhk") or []
        for i in r.get("indicators") or []
    }
    notes = FeedbackNotes()
    query = FactQuery(kind=str(RecordKind.FEEDBACK), owners=frozenset({owner}))
    for row in reader.fact_records(query):
        if row.deleted:
            continue
        f = from_stored(row).fields
        log = _log(reader, owner, f.get("related_log_id"))
        own = _within(f["period_code"], period) if f.get("period_code") else None
        if own is None and not (
            not f.get("period_code") and log is not None and _on(log.get("date"), period)
        ):
            continue
        text = _note(f, own, period)
        rhk = f.get("about_rhk_id") or (
            indicator_rhk.get(str(log.get("indicator_id")))
            if log and not f.get("about_value")
            else None
        )
        if f.get("about_value"):
            notes.by_value.setdefault(str(f["about_value"]), []).append(text)
        elif rhk:
            notes.by_rhk.setdefault(str(rhk), []).append(text)
        else:
            notes.general.append(text)
    return notes


def _log(reader: Reader, owner: str, log_id: Any) -> dict[str, Any] | None:
    if not log_id:
        return None
    row = reader.record(str(log_id))
    if row is None or row.deleted or row.owner != owner or row.kind != RecordKind.PROGRESS_LOG:
        return None
    return from_stored(row).fields


def _on(day: Any, period: Period) -> bool:
    return period.first_day.isoformat() <= str(day) <= period.last_day.isoformat()


def _note(f: dict[str, Any], own: Period | None, period: Period) -> str:
    text = " ".join(str(f.get("text", "")).split())
    if f.get("kind") == FeedbackKind.DIALOG_KINERJA:
        text = f"{FeedbackKind.DIALOG_KINERJA.label}: {text}"
    if own is not None and own.code != period.code:
        text = f"[{own.label}] {text}"
    return text
