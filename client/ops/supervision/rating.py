"""Rating a subordinate: the appraisal view, and the predikat spread of the team against
the curve."""

from __future__ import annotations

import msgspec

from client.context import Context
from client.errors import InvalidInputError
from client.ops.followup import discipline_view
from client.ops.rating_guides import head_expectation
from client.ops.realised import indicators_of
from client.ops.supervision.subordinates import (
    appraisal_predikat,
    appraisal_state,
    appraisal_status,
    direct_team,
    employees_by_nip,
    first_record,
    indicator_rows,
    parse_period,
    realised_in,
    require_direct,
)
from client.ops.view_models.supervision import (
    PastAppraisal,
    PredikatCount,
    RatedAppraisal,
    RatedIndicator,
    RatingView,
    SpreadSource,
    SpreadViolation,
    TeamSpread,
)
from shared_models import (
    AppraisalStatus,
    OrgPredikat,
    Predikat,
    Rating,
    RecordKind,
    check_distribution,
    parse_period_code,
)
from shared_models.distribution import small_unit_note, spread_readiness
from shared_models.realisation import period_target
from sync.records import Record

__all__ = ["appraisal_view", "distribution"]


def appraisal_view(ctx: Context, nip: str, period_code: str) -> RatingView:
    """What the supervisor needs to rate one subordinate for a period: realisation against
    targets, the self-assessment, the current appraisal (draft or final, confirmed or queued)
    and the periodic history."""
    require_direct(ctx, nip)
    period = parse_period(period_code)
    skp = ctx.skp_of(nip, period.year)
    in_period = realised_in(ctx, nip, skp, period)
    year_done = realised_in(ctx, nip, skp, parse_period_code(str(period.year)))
    record = first_record(ctx, RecordKind.APPRAISAL, nip, period_code=period.code)
    confirmed = dict((record.fields if record else {}).get("confirmed_realisation") or {})
    targets = {
        str(i["id"]): period_target(i, period)
        for i in indicators_of(None if skp is None else skp.fields)
    }
    indicators = [
        RatedIndicator(
            **msgspec.structs.asdict(i),
            period_realised=in_period.get(i.id, 0.0),
            period_target=targets.get(i.id, i.target),
            confirmed=confirmed.get(i.id),
        )
        for i in indicator_rows(skp, year_done)
    ]
    sa = first_record(ctx, RecordKind.SELF_ASSESSMENT, nip, period_code=period.code)
    history = []
    for r in ctx.store.records.of_kind(RecordKind.APPRAISAL, owner=nip):
        code = str(r.fields.get("period_code"))
        if code != period.code and code.startswith(str(period.year)):
            history.append(
                PastAppraisal(
                    period_code=code,
                    label=parse_period(code).label,
                    status=appraisal_status(r.fields),
                    predikat=appraisal_predikat(r.fields),
                )
            )
    history.sort(key=lambda h: h.period_code)
    employee = employees_by_nip(ctx).get(nip, {})
    return RatingView(
        nip=nip,
        name=employee.get("name", nip),
        jabatan=employee.get("jabatan_name", ""),
        period=period.code,
        label=period.label,
        indicators=indicators,
        self_assessment=None if sa is None else dict(sa.fields),
        appraisal=_rated(ctx, record),
        history=history,
        unit_head=head_expectation(ctx, nip, period),
        discipline=discipline_view(ctx, nip, period.code),
    )


def _rated(ctx: Context, record: Record | None) -> RatedAppraisal | None:
    state = appraisal_state(ctx, record)
    if record is None or state is None:
        return None
    hk, pk = record.fields.get("hasil_kerja"), record.fields.get("perilaku_kerja")
    return RatedAppraisal(
        **msgspec.structs.asdict(state),
        hasil_kerja=Rating(hk) if hk else None,
        perilaku_kerja=Rating(pk) if pk else None,
        feedback=record.fields.get("feedback") or "",
    )


def distribution(ctx: Context, period_code: str, *, org_predikat: str | None = None) -> TeamSpread:
    """Sebaran predikat of the user's team for a period (drafts and final) against the curve of
    the organisation predikat, with every violated clause in words (a warning, never a block).
    Without an organisation predikat (none chosen, none set by HR for the user's unit) the
    counts are given, nothing is checked and ``note`` says so; a small team adds "unit kecil"."""
    period = parse_period(period_code)
    me = employees_by_nip(ctx).get(ctx.nip, {})
    unit_id = me.get("unit_id")
    source: SpreadSource = "dipilih"
    if org_predikat is None:
        decided = next(
            (
                r.fields.get("predikat")
                for r in ctx.store.records.of_kind(RecordKind.ORG_PREDIKAT)
                if r.fields.get("unit_id") == unit_id and r.fields.get("period_code") == period.code
            ),
            None,
        )
        org_predikat, source = (str(decided), "server") if decided else (None, "belum_ditetapkan")
    try:
        org = None if org_predikat is None else OrgPredikat(org_predikat)
    except ValueError:
        raise InvalidInputError(
            f"predikat organisasi '{org_predikat}' tidak dikenal; pilih: "
            + ", ".join(o.value for o in OrgPredikat)
        ) from None
    counts = dict.fromkeys(Predikat, 0)
    rated = final = 0
    members = direct_team(ctx)
    for e in members:
        r = first_record(ctx, RecordKind.APPRAISAL, e["nip"], period_code=period.code)
        if r is None or not r.fields.get("predikat"):
            continue
        counts[Predikat(r.fields["predikat"])] += 1
        rated += 1
        final += r.fields.get("status") == AppraisalStatus.FINAL
    readiness = spread_readiness(rated, len(members))
    # the curve judges only enough ratings (shared_models.distribution.spread_readiness)
    violations = [] if org is None or not readiness.ready else check_distribution(org, counts)
    notes = [readiness.note]
    if org is None:
        notes.append(
            f"predikat kinerja organisasi untuk periode {period.label} belum ditetapkan; sebaran"
            " tidak diperiksa terhadap kurva (pilih predikat untuk simulasi)"
        )
    small = small_unit_note(rated)
    if small is not None:
        notes.append(small)
    return TeamSpread(
        period=period.code,
        label=period.label,
        org_predikat=org,
        org_label=None if org is None else org.label,
        org_source=source,
        note="; ".join(notes),
        small_unit=small is not None,
        team=len(members),
        rated=rated,
        final=final,
        needed=readiness.needed,
        ready=readiness.ready,
        complete=readiness.complete,
        judged=org is not None and readiness.ready,
        counts=[PredikatCount(predikat=p, label=p.label, count=counts[p]) for p in Predikat],
        violations=[SpreadViolation(clause=v.clause, message=v.message) for v in violations],
    )
