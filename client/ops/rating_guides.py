"""What the pejabat penilai hears at rating and finalization time on the device, from the shared
rules: a unit head's expected Rating Hasil Kerja (``shared_models.unit_head``), the guards on
finalization (``shared_models.record_rules``: refused before the annual period's last working
days unless BKPP opened it, a warning before a period ends), and the realisation the supervisor
confirms or corrects per indicator."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.ops.realised import indicators_of
from client.ops.rule_facts import DeviceFacts
from client.ops.view_models.supervision import HeadExpectation
from shared_models import OrgPredikat, Rating, RecordKind
from shared_models.periods import Period
from shared_models.record_rules import finalization_problem, finalization_warning
from shared_models.unit_head import expected_head_rating, head_rating_warning, headed_unit

__all__ = ["confirmed_realisation", "finalization_warnings", "head_expectation", "rating_warnings"]


def _employee(ctx: Context, nip: str) -> dict[str, Any]:
    for record in ctx.store.records.of_kind(RecordKind.EMPLOYEE):
        if record.fields.get("nip") == nip:
            return dict(record.fields)
    return {}


def head_expectation(ctx: Context, nip: str, period: Period) -> HeadExpectation | None:
    """When ``nip`` heads a unit (a unit's ``head_nip``): the unit, its organisation predikat
    for the period (None: not set yet) and the Rating Hasil Kerja it gives the head. None for
    anyone else."""
    units = {r.id: r.fields for r in ctx.store.records.of_kind(RecordKind.UNIT)}
    own = _employee(ctx, nip).get("unit_id")
    unit_id = headed_unit(nip, units.items(), own_unit=str(own) if own else None)
    if unit_id is None:
        return None
    decided = next(
        (
            str(r.fields.get("predikat"))
            for r in ctx.store.records.of_kind(RecordKind.ORG_PREDIKAT)
            if r.fields.get("unit_id") == unit_id and r.fields.get("period_code") == period.code
        ),
        None,
    )
    try:
        org = OrgPredikat(decided) if decided else None
    except ValueError:
        org = None
    expected = None if org is None else expected_head_rating(org)
    return HeadExpectation(
        unit_id=unit_id,
        unit_name=str(units[unit_id].get("name", unit_id)),
        org_predikat=org,
        org_label=None if org is None else org.label,
        expected_hasil_kerja=expected,
        expected_label=None if expected is None else expected.label,
    )


def rating_warnings(ctx: Context, nip: str, period: Period, fields: Mapping[str, Any]) -> list[str]:
    """Guidance for the ratings in ``fields`` (an appraisal's content): a unit head whose Rating
    Hasil Kerja is not the one the unit's predikat gives."""
    head = head_expectation(ctx, nip, period)
    chosen = fields.get("hasil_kerja")
    if head is None or head.org_predikat is None or not chosen:
        return []
    warning = head_rating_warning(head.unit_name, head.org_predikat, Rating(chosen))
    return [] if warning is None else [warning]


def finalization_warnings(ctx: Context, fields: Mapping[str, Any], period: Period) -> list[str]:
    """The server's finalization rule, previewed (raises with its words), and the warning when
    the period has not ended yet."""
    problem = finalization_problem(fields, ["status"], DeviceFacts(ctx), created=False)
    if problem is not None:
        raise InvalidInputError(problem.message)
    warning = finalization_warning(period.code, ctx.today())
    return [] if warning is None else [warning]


def confirmed_realisation(
    ctx: Context, nip: str, period: Period, pairs: Mapping[str, str]
) -> dict[str, float | None]:
    """``--realisasi IND=VALUE`` pairs as indicator id -> value: the id (or its start, 4+
    characters) of an indicator of ``nip``'s SKP of the period's year, a number 0 or more;
    an empty value (``IND=``) is None: the confirmation is withdrawn."""
    skp = ctx.skp_of(nip, period.year)
    ids = [str(i["id"]) for i in indicators_of(None if skp is None else skp.fields)]
    out: dict[str, float | None] = {}
    for ref, raw in pairs.items():
        found = [i for i in ids if i == ref]
        found = found or [i for i in ids if len(ref) >= 4 and i.startswith(ref)]
        if len(found) != 1:
            raise InvalidInputError(
                f"realisasi dikonfirmasi: '{ref}' bukan satu indikator di SKP"
                f" {period.year} pegawai NIP {nip} (lihat skp show --nip {nip})"
            )
        if not raw.strip():
            out[found[0]] = None
            continue
        try:
            value = float(raw.strip().replace(",", "."))
        except ValueError:
            raise InvalidInputError(
                f"realisasi dikonfirmasi untuk indikator {ref}: '{raw}' bukan angka"
            ) from None
        if not math.isfinite(value) or value < 0 or value > 1e12:
            raise InvalidInputError(
                f"realisasi dikonfirmasi untuk indikator {ref}: {raw} harus angka 0 atau lebih"
            )
        out[found[0]] = value
    return out
