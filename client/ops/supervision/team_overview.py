"""Tim saya: every subordinate's progress, entries since the last visit, self-assessment and
appraisal status, who needs attention; who left and who arrived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.ops.supervision.subordinates import (
    appraisal_state,
    direct_team,
    first_record,
    indicator_rows,
    parse_period,
    realised_in,
)
from client.ops.view_models.supervision import (
    Colleague,
    IndicatorProgress,
    SelfAssessmentState,
    Team,
    TeamChanges,
    TeamMember,
)
from shared_models import AppraisalStatus, RecordKind, SkpStatus, parse_period_code
from shared_models.evidence_checks import lacks_evidence
from shared_models.periods import Period
from sync import hlc

__all__ = ["ATTENTION", "mark_visited", "team", "team_changes"]


ATTENTION = ("skp_waiting", "assessment_waiting", "shared_evidence", "quiet", "no_evidence")
"""Why a subordinate needs attention, most urgent first: an SKP or a self-assessment waiting,
an entry whose evidence file other employees' entries name too (the server's check), no entry
for a while, entries without evidence the supervisor has not acknowledged yet."""


_SEEN_KEY = "team_seen"  # {nip: highest records rowid when the supervisor last opened them}


_KNOWN_KEY = "team_known"  # the team at the last look: {nip: name}


def _max_rowid(ctx: Context, nip: str) -> int:
    return ctx.store.records.max_rowid(RecordKind.PROGRESS_LOG, nip)


def _new_entries(ctx: Context, nip: str, seen: int) -> int:
    return ctx.store.records.count_after(RecordKind.PROGRESS_LOG, nip, seen)


_OWN_WORK = (
    RecordKind.PROGRESS_LOG,
    RecordKind.SELF_ASSESSMENT,
    RecordKind.SKP,
    RecordKind.OBJECTION,
)  # the kinds a subordinate writes on their own device


def _last_activity(ctx: Context, nip: str) -> str | None:
    """When the subordinate's own device last wrote something that reached this one
    (the clock of their latest synced edit); None when nothing of theirs is known."""
    me, server = ctx.store.outbox.replica, str(ctx.store.meta.get("server_replica", ""))
    clock = ctx.store.records.last_hlc_not_by(nip, _OWN_WORK, (me, server))
    if clock is None:
        return None
    ms = hlc.physical(clock)
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _share(indicators: list[IndicatorProgress]) -> float:
    shares = [min(1.0, i.realised / i.target) for i in indicators if i.target > 0]
    return sum(shares) / len(shares) if shares else 0.0


def _evidence_flags(ctx: Context, nip: str, year: int) -> tuple[int, int]:
    """(entries of ``year`` without evidence that the user has not acknowledged, entries of
    ``year`` whose evidence other employees' entries name too)."""
    missing = shared = 0
    for log in ctx.store.records.of_kind(RecordKind.PROGRESS_LOG, owner=nip):
        f = log.fields
        if not str(f.get("date", "")).startswith(str(year)):
            continue
        missing += lacks_evidence(f) and not f.get("acknowledged_by")
        shared += bool(f.get("shared_evidence"))
    return missing, shared


def _member(
    ctx: Context, e: dict[str, Any], period: Period, today: dt.date, quiet_days: int
) -> TeamMember:
    nip = str(e["nip"])
    skp = ctx.skp_of(nip, period.year)
    year_done = realised_in(ctx, nip, skp, parse_period_code(str(period.year)))
    indicators = indicator_rows(skp, year_done)
    dates = [
        str(r.fields.get("date", ""))
        for r in ctx.store.records.of_kind(RecordKind.PROGRESS_LOG, owner=nip)
    ]
    past = sorted(d for d in dates if d <= today.isoformat())
    last_entry = past[-1] if past else None
    days_quiet = (today - dt.date.fromisoformat(last_entry)).days if last_entry else None
    sa = first_record(ctx, RecordKind.SELF_ASSESSMENT, nip, period_code=period.code)
    submitted = sa is not None and bool(sa.fields.get("submitted"))
    self_assessment: SelfAssessmentState = (
        "belum" if sa is None else ("dikirim" if submitted else "draf")
    )
    appraisal = appraisal_state(
        ctx, first_record(ctx, RecordKind.APPRAISAL, nip, period_code=period.code)
    )
    attention = []
    raw_status = None if skp is None else skp.fields.get("status")
    skp_status = SkpStatus(raw_status) if raw_status else None
    if skp_status == SkpStatus.DIAJUKAN:
        attention.append("skp_waiting")
    if self_assessment == "dikirim" and (
        appraisal is None or appraisal.status != AppraisalStatus.FINAL
    ):
        attention.append("assessment_waiting")
    no_evidence, shared = _evidence_flags(ctx, nip, period.year)
    if shared:
        attention.append("shared_evidence")
    if days_quiet is None or days_quiet >= quiet_days:
        attention.append("quiet")
    if no_evidence:
        attention.append("no_evidence")
    seen = dict(ctx.store.meta.get(_SEEN_KEY, {}) or {})
    return TeamMember(
        nip=nip,
        name=e.get("name", nip),
        jabatan=e.get("jabatan_name", ""),
        skp_id=None if skp is None else skp.id,
        skp_status=skp_status,
        indicators=indicators,
        progress=_share(indicators),
        entries=len(dates),
        new_entries=_new_entries(ctx, nip, int(seen.get(nip, 0))),
        last_entry=last_entry,
        days_quiet=days_quiet,
        self_assessment=self_assessment,
        appraisal=appraisal,
        last_activity=_last_activity(ctx, nip),
        attention=attention,
        no_evidence_entries=no_evidence,
        shared_evidence_entries=shared,
    )


def team(
    ctx: Context,
    *,
    period_code: str | None = None,
    quiet_days: int = 7,
    only: str = "all",
) -> Team:
    """Tim saya: every current subordinate with progress per indicator for the period's year,
    entries since the last visit, self-assessment and appraisal status, last activity of their
    device; those who need attention first. ``only``: all, attention, or one of ATTENTION."""
    if only not in ("all", "attention", *ATTENTION):
        raise InvalidInputError(
            f"saringan '{only}' tidak dikenal; pilih all, attention, {', '.join(ATTENTION)}"
        )
    today = ctx.today()
    period = parse_period(period_code) if period_code else parse_period_code(str(today.year))
    members = [_member(ctx, e, period, today, quiet_days) for e in direct_team(ctx)]
    size = len(members)
    sent = sum(1 for m in members if m.self_assessment == "dikirim")
    final = sum(
        1
        for m in members
        if m.appraisal is not None and m.appraisal.status == AppraisalStatus.FINAL
    )
    if only == "attention":
        members = [m for m in members if m.attention]
    elif only != "all":
        members = [m for m in members if only in m.attention]

    def urgency(m: TeamMember) -> tuple[int, ...]:
        return (
            *(0 if a in m.attention else 1 for a in ATTENTION),
            -(m.days_quiet if m.days_quiet is not None else 10_000),
        )

    members.sort(key=lambda m: (urgency(m), m.name))
    return Team(
        period=period.code,
        label=period.label,
        members=members,
        team_size=size,  # before the filter: an empty filter is not an empty team
        self_assessments_sent=sent,
        appraisals_final=final,
    )


def team_changes(ctx: Context) -> TeamChanges:
    """Who left the team (mutasi) and who arrived since the last call; remembers the team."""
    now = {e["nip"]: str(e.get("name", e["nip"])) for e in direct_team(ctx)}
    known = ctx.store.meta.get(_KNOWN_KEY)
    with ctx.action():
        ctx.store.meta.set(_KNOWN_KEY, now)
    if known is None:
        return TeamChanges(left=[], arrived=[])
    left = [Colleague(nip=n, name=name) for n, name in sorted(known.items()) if n not in now]
    arrived = [Colleague(nip=n, name=name) for n, name in sorted(now.items()) if n not in known]
    return TeamChanges(left=left, arrived=arrived)


def mark_visited(ctx: Context, nip: str) -> None:
    """The supervisor looked at this subordinate's entries: later ones count as new."""
    seen = dict(ctx.store.meta.get(_SEEN_KEY, {}) or {})
    seen[nip] = _max_rowid(ctx, nip)
    with ctx.action():
        ctx.store.meta.set(_SEEN_KEY, seen)
