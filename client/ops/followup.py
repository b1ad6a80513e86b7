"""The follow-up of an appraisal as the device holds it: the angka kredit of a final annual
predikat, the hukuman disiplin HR recorded (shown to the rater beside Perilaku Kerja) and the
penghargaan HR decided (shown to the employee). Computed and worded by the same pure functions
the server's document and exports use (``shared_models.followup``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from client.context import Context
from client.errors import InvalidInputError
from client.ops.view_models.followup import AngkaKredit, AppraisalResult, ResultView
from shared_models import (
    AppraisalKind,
    AppraisalStatus,
    PeriodError,
    Predikat,
    Rating,
    RecordKind,
    parse_period_code,
)
from shared_models.followup import angka_kredit_of, award_text, discipline_text, periods_overlap

__all__ = ["angka_kredit_view", "awards_view", "discipline_view", "employee_of", "result_view"]


def employee_of(ctx: Context, nip: str) -> dict[str, Any] | None:
    """The EMPLOYEE record's fields of ``nip`` held here (the newest when there are several)."""
    found = [
        r for r in ctx.store.records.of_kind(RecordKind.EMPLOYEE) if r.fields.get("nip") == nip
    ]
    return dict(max(found, key=lambda r: r.id).fields) if found else None


def angka_kredit_view(
    ctx: Context, nip: str, appraisal: Mapping[str, Any] | None
) -> AngkaKredit | None:
    """The angka kredit of ``appraisal`` (fields) of ``nip``: value, months, jenjang and the
    sentence every screen shows; None when it has none (not final annual, not fungsional)."""
    credit = angka_kredit_of(employee_of(ctx, nip), appraisal)
    if credit is None:
        return None
    return AngkaKredit(
        value=float(credit.value),
        year=credit.year,
        jenjang=credit.jenjang,
        predikat=credit.predikat,
        months=credit.months,
        text=credit.text(),
    )


def _overlapping(
    ctx: Context, kind: RecordKind, nip: str, period_code: str | None
) -> list[dict[str, Any]]:
    rows = []
    for r in ctx.store.records.of_kind(kind, owner=nip):
        if period_code is None or periods_overlap(str(r.fields.get("period_code")), period_code):
            rows.append({"id": r.id, **r.fields})
    rows.sort(key=lambda f: (str(f.get("decided_on", "")), f["id"]))
    return rows


def discipline_view(ctx: Context, nip: str, period_code: str | None) -> list[dict[str, Any]]:
    """The hukuman disiplin of ``nip`` recorded against a period that overlaps ``period_code``
    (None: every one), each with the sentence the rater reads (``text``)."""
    return [
        {**f, "text": discipline_text(f)}
        for f in _overlapping(ctx, RecordKind.DISCIPLINE, nip, period_code)
    ]


def awards_view(ctx: Context, nip: str, period_code: str | None = None) -> list[dict[str, Any]]:
    """The penghargaan HR recorded for ``nip`` (for a period overlapping ``period_code``; None:
    every one), each with its sentence (``text``)."""
    return [
        {**f, "text": award_text(f)} for f in _overlapping(ctx, RecordKind.AWARD, nip, period_code)
    ]


_E = TypeVar("_E", AppraisalKind, AppraisalStatus, Predikat, Rating)


def _enum(enum: type[_E], value: Any) -> _E | None:
    """``value`` of an appraisal's field as its enum (None: not given)."""
    return enum(value) if value else None


def result_view(ctx: Context, *, nip: str | None, period_code: str | None) -> ResultView:
    """The results of the user (or of a direct subordinate): each appraisal held with its
    predikat (the decided one after a granted keberatan), its angka kredit, and the hukuman
    disiplin and penghargaan of its period."""
    owner = nip or ctx.nip
    if owner != ctx.nip:
        ctx.require_subordinate(owner)
    code = None
    if period_code is not None:
        try:
            code = parse_period_code(period_code).code
        except PeriodError as err:
            raise InvalidInputError(str(err)) from None
    appraisals = []
    for r in ctx.store.records.of_kind(RecordKind.APPRAISAL, owner=owner):
        f = r.fields
        if code is not None and f.get("period_code") != code:
            continue
        period = str(f.get("period_code"))
        appraisals.append(
            AppraisalResult(
                id=r.id,
                period_code=period,
                kind=_enum(AppraisalKind, f.get("kind")),
                status=_enum(AppraisalStatus, f.get("status")),
                hasil_kerja=_enum(Rating, f.get("hasil_kerja")),
                perilaku_kerja=_enum(Rating, f.get("perilaku_kerja")),
                predikat=_enum(Predikat, f.get("predikat")),
                original_predikat=_enum(Predikat, f.get("original_predikat")),
                angka_kredit=angka_kredit_view(ctx, owner, f),
                hukuman_disiplin=discipline_view(ctx, owner, period),
                penghargaan=awards_view(ctx, owner, period),
            )
        )
    appraisals.sort(key=lambda a: a.period_code, reverse=True)
    return ResultView(
        nip=owner,
        appraisals=appraisals,
        penghargaan=awards_view(ctx, owner, code),
        hukuman_disiplin=discipline_view(ctx, owner, code),
    )
