"""The team as this device knows it: employee master data, the user's direct subordinates, their
records, realisation and appraisal state (shared by the supervisor's tasks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.ops.realised import realised
from client.ops.view_models.supervision import AppraisalState, IndicatorProgress
from client.store import SYNCED
from shared_models import AppraisalStatus, Predikat, RecordKind, parse_period_code
from shared_models.periods import Period, PeriodError
from shared_models.realisation import aggregation_of
from sync.records import Record

__all__ = [
    "appraisal_predikat",
    "appraisal_state",
    "appraisal_status",
    "direct_team",
    "employees_by_nip",
    "first_record",
    "indicator_rows",
    "parse_period",
    "realised_in",
    "require_direct",
]


def parse_period(code: str) -> Period:
    try:
        return parse_period_code(code)
    except PeriodError as err:
        raise InvalidInputError(str(err)) from None


def employees_by_nip(ctx: Context) -> dict[str, dict[str, Any]]:
    """Employee master data held here, by NIP."""
    return {
        str(r.fields.get("nip")): dict(r.fields)
        for r in ctx.store.records.of_kind(RecordKind.EMPLOYEE)
    }


def direct_team(ctx: Context) -> list[dict[str, Any]]:
    """Current direct subordinates (active employees whose supervisor of record is the user)."""
    return sorted(
        (
            e
            for e in employees_by_nip(ctx).values()
            if e.get("supervisor_nip") == ctx.nip and e.get("active", True)
        ),
        key=lambda e: str(e.get("name", "")),
    )


def require_direct(ctx: Context, nip: str) -> None:
    if nip not in {e["nip"] for e in direct_team(ctx)}:
        ctx.require_subordinate(nip)


def first_record(ctx: Context, kind: RecordKind, owner: str, **match: Any) -> Record | None:
    for record in ctx.store.records.of_kind(kind, owner=owner):
        if all(record.fields.get(k) == v for k, v in match.items()):
            return record
    return None


def realised_in(ctx: Context, nip: str, skp: Record | None, period: Period) -> dict[str, float]:
    return realised(ctx, nip, None if skp is None else skp.fields, period)


def indicator_rows(skp: Record | None, year_done: Mapping[str, float]) -> list[IndicatorProgress]:
    if skp is None:
        return []
    return [
        IndicatorProgress(
            id=i["id"],
            text=i["text"],
            aspect=i["aspect"],
            rhk_kind=r["kind"],
            target=float(i["target_value"]),
            unit=i["target_unit"],
            realised=year_done.get(i["id"], 0.0),
            aggregation=aggregation_of(i).value,
        )
        for r in skp.fields.get("rhk", [])
        for i in r.get("indicators", [])
    ]


def appraisal_status(fields: Mapping[str, Any]) -> AppraisalStatus | None:
    """An appraisal record's status (None: not given)."""
    status = fields.get("status")
    return AppraisalStatus(status) if status else None


def appraisal_predikat(fields: Mapping[str, Any]) -> Predikat | None:
    """An appraisal record's predikat (None: not rated on both axes yet)."""
    value = fields.get("predikat")
    return Predikat(value) if value else None


def appraisal_state(ctx: Context, record: Record | None) -> AppraisalState | None:
    if record is None:
        return None
    state = ctx.store.records.state(record.id) or SYNCED
    status = appraisal_status(record.fields)
    return AppraisalState(
        id=record.id,
        status=status,
        predikat=appraisal_predikat(record.fields),
        sync_state=state,
        confirmed=status == AppraisalStatus.FINAL and state == SYNCED,
    )
