"""What each screen shows, read from the device in one call (run in the worker thread).

Every function takes the :class:`~client.service.Device` and returns plain data (dicts, lists,
dataclasses): screens never hold live store objects. ``today`` comes in as an argument so the
reminders are testable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import msgspec

from client.errors import DeviceError
from client.ops.followup import awards_view
from client.ops.logs import leave_days
from client.ops.realised import realised
from client.ops.view_models import (
    AssessmentView,
    BerandaView,
    ConflictView,
    FeedbackItem,
    FeedbackView,
    LogEntry,
    OwnAppraisal,
    OwnEntry,
    ParentChoice,
    PeriodIndicator,
    RhkDetail,
    SkpDetail,
    SkpRhk,
    SkpView,
    ValueExpectation,
)
from client.service import Device
from client.ui.common.feedback_notes import log_notes, notes_about
from client.ui.pegawai.validation import ClosedPeriod, FormContext
from shared_models import (
    BERAKHLAK_GUIDES,
    AppraisalKind,
    AppraisalStatus,
    BerakhlakValue,
    Predikat,
    Rating,
    RecordKind,
    objection_deadline,
    parse_period_code,
    triwulan_of,
)
from sync.records import Record

__all__ = [
    "assessment_view",
    "beranda_view",
    "conflicts_view",
    "entries",
    "feedback_view",
    "form_context",
    "indicator_choices",
    "indicator_names",
    "log_entry",
    "reminders",
    "skp_detail",
    "skp_with_notes",
]


_E = TypeVar("_E", AppraisalKind, AppraisalStatus, Predikat, Rating)


def _skp_or_none(device: Device, year: int) -> SkpView | None:
    try:
        return device.skp(year=year)
    except DeviceError:
        return None


def _records(device: Device, kind: RecordKind) -> list[Record]:
    ctx = device.ctx
    return list(ctx.store.records.of_kind(kind, owner=ctx.nip))


def _indicators(skp: SkpView) -> list[dict[str, Any]]:
    return [
        {**msgspec.structs.asdict(i), "rhk_kind": r.kind, "rhk_text": r.text}
        for r in skp.rhk
        for i in r.indicators
    ]


def reminders(
    today: dt.date,
    log_dates: list[str],
    open_conflicts: int,
    unsent_assessments: list[str],
) -> list[tuple[str, dict[str, Any]]]:
    """Reminder keys with their values, most urgent first (pure: unit-tested).
    ``unsent_assessments``: period codes; their reminder names the period (``period``) and
    carries its code (``code``: tapped, it opens the self-assessment of that period)."""
    out: list[tuple[str, dict[str, Any]]] = []
    if open_conflicts:
        out.append(("remind.conflicts", {"n": open_conflicts}))
    this_year = sorted(d for d in log_dates if d.startswith(str(today.year)) and d <= str(today))
    if not this_year:
        out.append(("remind.never", {}))
    else:
        gap = (today - dt.date.fromisoformat(this_year[-1])).days
        if gap >= 2:
            out.append(("remind.days_without", {"n": gap}))
    for code in unsent_assessments:
        out.append(("remind.assess", {"period": parse_period_code(code).label, "code": code}))
    return out


def entries(device: Device, **filters: Any) -> list[OwnEntry]:
    """Own entries, newest first, each marked ``in_conflict`` when a conflict names it, with
    the supervisor's feedback about it (``feedback``: texts)."""
    open_ids = {c.record_id for c in device.conflicts()}
    notes = log_notes(device)
    out = [
        OwnEntry(
            **msgspec.structs.asdict(e),
            in_conflict=e.id in open_ids,
            feedback=notes.get(e.id, []),
        )
        for e in device.list_logs(**filters)
    ]
    out.reverse()
    return out


def indicator_names(device: Device, year: int) -> dict[str, str]:
    skp = _skp_or_none(device, year)
    return {i["id"]: i["text"] for i in _indicators(skp)} if skp else {}


def beranda_view(device: Device, today: dt.date) -> BerandaView:
    """Beranda: today's entries, indicator progress, the latest feedback, reminders."""
    ctx = device.ctx
    skp = _skp_or_none(device, today.year)
    logs = entries(device, date_from=f"{today.year}-01-01", date_to=today.isoformat())
    todays = [entry for entry in logs if entry.date == today.isoformat()]
    feedback = sorted(_records(device, RecordKind.FEEDBACK), key=lambda r: r.hlc)
    latest = feedback[-1].fields if feedback else None
    # a finished triwulan whose self-assessment was not sent yet
    sent = {
        r.fields.get("period_code")
        for r in _records(device, RecordKind.SELF_ASSESSMENT)
        if r.fields.get("submitted")
    }
    unsent = []
    current = triwulan_of(today)
    if current.number > 1:
        previous = parse_period_code(f"{today.year}-T{current.number - 1}")
        if previous.code not in sent:
            unsent.append(previous.code)
    status = device.status()
    indicators = [] if skp is None else [i for r in skp.rhk for i in r.indicators]
    return BerandaView(
        name=ctx.store.meta.get("name", "") or ctx.nip,
        year=today.year,
        has_skp=skp is not None,
        indicators=indicators,
        names={i.id: i.text for i in indicators},
        today=todays,
        latest_feedback=latest,
        reminders=reminders(today, [e.date for e in logs], status.open_conflicts, unsent),
    )


def indicator_choices(device: Device, today: dt.date) -> list[dict[str, Any]]:
    """The SKP's indicators, the recently used ones first (most recent entry first)."""
    skp = _skp_or_none(device, today.year)
    if skp is None:
        return []
    last_used: dict[str, str] = {}
    for r in _records(device, RecordKind.PROGRESS_LOG):
        key = str(r.fields.get("date", "")) + f"{r.hlc:020d}"
        ind = str(r.fields.get("indicator_id"))
        last_used[ind] = max(last_used.get(ind, ""), key)
    items = _indicators(skp)
    for item in items:
        item["recent"] = item["id"] in last_used
    return sorted(items, key=lambda i: last_used.get(i["id"], ""), reverse=True)


def form_context(device: Device, today: dt.date) -> FormContext:
    years = {
        int(r.fields["year"])
        for r in device.ctx.store.records.of_kind(RecordKind.SKP, owner=device.ctx.nip)
        if "year" in r.fields
    }
    closed = []
    for r in device.ctx.store.records.of_kind(RecordKind.PERIOD):
        f = r.fields
        if f.get("open") is False:
            try:
                closed.append(
                    ClosedPeriod(
                        dt.date.fromisoformat(f["first_day"]),
                        dt.date.fromisoformat(f["last_day"]),
                        parse_period_code(f["code"]).label,
                    )
                )
            except (KeyError, ValueError):
                continue
    return FormContext(
        today=today,
        skp_years=frozenset(years),
        closed=tuple(closed),
        leave=leave_days(device.ctx),
    )


def log_entry(device: Device, record_id: str) -> LogEntry | None:
    for entry in device.list_logs():
        if entry.id == record_id:
            return entry
    return None


def _supervisor_rhk(device: Device, supervisor: str | None, year: int) -> dict[str, str]:
    if not supervisor:
        return {}
    skp = device.ctx.skp_of(supervisor, year)
    if skp is None:
        return {}
    return {r["id"]: r["text"] for r in skp.fields.get("rhk", [])}


def skp_detail(device: Device, year: int) -> SkpDetail | None:
    """SKP saya: RHK with indicators and realisation, the supervisor's RHK each supports,
    BerAKHLAK values with their guides and the supervisor's expectations."""
    view = _skp_or_none(device, year)
    if view is None:
        return None
    record = device.ctx.skp_of(device.ctx.nip, year)
    assert record is not None
    f = record.fields
    parents = {r["id"]: r.get("parent_rhk_id") for r in f.get("rhk", [])}
    sup_rhk = _supervisor_rhk(device, f.get("supervisor_nip"), year)
    expectations = {p["value"]: p.get("ekspektasi_khusus", "") for p in f.get("perilaku", [])}
    rhk = []
    for r in view.rhk:
        parent = parents.get(r.id)
        text = sup_rhk.get(parent or "", "") if parent else ""
        rhk.append(RhkDetail(**msgspec.structs.asdict(r), parent_text=text))
    values = [
        ValueExpectation(
            value=v,
            label=v.label,
            guides=list(BERAKHLAK_GUIDES[v]),
            expectation=expectations.get(v.value, ""),
        )
        for v in BerakhlakValue
    ]
    return SkpDetail(
        id=view.id,
        year=view.year,
        status=view.status,
        return_note=f.get("return_note", ""),
        rhk=rhk,
        values=values,
        parents=_parent_choices(sup_rhk, view.rhk, parents),
        links=parents,
    )


def skp_with_notes(device: Device, year: int) -> SkpDetail | None:
    """ "SKP saya" with the feedback of the year under each RHK and each BerAKHLAK value."""
    detail = skp_detail(device, year)
    if detail is None:
        return None
    notes = notes_about(device, device.ctx.nip, year)
    return msgspec.structs.replace(detail, notes=notes)


def _parent_choices(
    sup_rhk: dict[str, str], own: list[SkpRhk], links: dict[str, str | None]
) -> list[ParentChoice]:
    """The supervisor's RHK an RHK of this SKP can support: all of them with their text when
    the supervisor's SKP is on this device; otherwise (an employee's device does not receive
    the supervisor's SKP) those the SKP already supports, named by the own RHK that does."""
    if sup_rhk:
        return [ParentChoice(id=k, text=v, via="") for k, v in sup_rhk.items()]
    out: dict[str, ParentChoice] = {}
    for r in own:
        parent = links.get(r.id)
        if parent and parent not in out:
            out[parent] = ParentChoice(id=parent, text="", via=r.text)
    return list(out.values())


def assessment_view(device: Device, period_code: str) -> AssessmentView:
    """The self-assessment of a period: realisation per indicator and the saved draft."""
    period = parse_period_code(period_code)
    skp = _skp_or_none(device, period.year)
    record = device.ctx.skp_of(device.ctx.nip, period.year)
    totals = realised(device.ctx, device.ctx.nip, record.fields if record else None, period)
    existing = next(
        (
            r.fields
            for r in _records(device, RecordKind.SELF_ASSESSMENT)
            if r.fields.get("period_code") == period.code
        ),
        None,
    )
    indicators = [] if skp is None else [i for r in skp.rhk for i in r.indicators]
    return AssessmentView(
        period=period.code,
        label=period.label,
        indicators=[
            PeriodIndicator(**msgspec.structs.asdict(i), period_realised=totals.get(i.id, 0.0))
            for i in indicators
        ],
        existing=dict(existing) if existing else None,
        values=list(BerakhlakValue),
    )


def _enum(enum: type[_E], value: Any) -> _E | None:
    """A record field's value as its enum (None: not given)."""
    return enum(value) if value else None


def feedback_view(device: Device, today: dt.date) -> FeedbackView:
    """Umpan balik & nilai: feedback per RHK/value, appraisals with predikat, objections."""
    ctx = device.ctx
    rhk_text: dict[str, str] = {}
    for skp in ctx.store.records.of_kind(RecordKind.SKP, owner=ctx.nip):
        rhk_text.update({r["id"]: r["text"] for r in skp.fields.get("rhk", [])})
    log_dates = {
        r.id: str(r.fields.get("date", "")) for r in _records(device, RecordKind.PROGRESS_LOG)
    }
    feedback = []
    for r in sorted(_records(device, RecordKind.FEEDBACK), key=lambda r: r.hlc, reverse=True):
        f = r.fields
        value = f.get("about_value")
        feedback.append(
            FeedbackItem(
                id=r.id,
                text=f.get("text", ""),
                period_code=f.get("period_code"),
                rhk=rhk_text.get(str(f.get("about_rhk_id")), ""),
                log_date=log_dates.get(str(f.get("related_log_id")), ""),
                value=BerakhlakValue(value).label if value else "",
                kind=f.get("kind", "umpan_balik"),
            )
        )
    objections = {
        str(r.fields.get("appraisal_id")): dict(r.fields)
        for r in _records(device, RecordKind.OBJECTION)
    }
    appraisals = []
    for r in _records(device, RecordKind.APPRAISAL):
        f = r.fields
        objection = objections.get(r.id)
        deadline = None
        if f.get("kind") == "tahunan" and f.get("status") == "final" and f.get("finalized_at"):
            finalized = dt.datetime.fromisoformat(str(f["finalized_at"])).date()
            deadline = objection_deadline(finalized)
        appraisals.append(
            OwnAppraisal(
                id=r.id,
                period_code=str(f.get("period_code")),
                kind=_enum(AppraisalKind, f.get("kind")),
                status=_enum(AppraisalStatus, f.get("status")),
                hasil_kerja=_enum(Rating, f.get("hasil_kerja")),
                perilaku_kerja=_enum(Rating, f.get("perilaku_kerja")),
                predikat=_enum(Predikat, f.get("predikat")),
                feedback=f.get("feedback") or "",
                objection=objection,
                objection_deadline=deadline.isoformat() if deadline else None,
                can_object=bool(deadline and today <= deadline and objection is None),
                angka_kredit=device.angka_kredit(ctx.nip, f),
            )
        )
    appraisals.sort(key=lambda a: a.period_code, reverse=True)
    awards = [a["text"] for a in awards_view(ctx, ctx.nip)]
    return FeedbackView(feedback=feedback, appraisals=appraisals, awards=awards)


def conflicts_view(device: Device) -> list[ConflictView]:
    """Open conflicts with both versions, and which one this device wrote."""
    return device.conflicts()
