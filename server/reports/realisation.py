"""Realisation per indicator on the server: the stored progress logs of a period through the
shared rule (``shared_models.realisation``), the period's targets, and the realisation the
pejabat penilai confirmed on the appraisal, which the document shows instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from server.storage import Reader
from server.storage.rows import FactQuery
from shared_models.kinds import RecordKind
from shared_models.periods import Period
from shared_models.realisation import LogValue, log_value, period_target, realisation

__all__ = ["IndicatorRealisation", "indicator_realisation"]


class IndicatorRealisation(msgspec.Struct, frozen=True, kw_only=True):
    values: dict[str, float]
    """Indicator id -> the realisation shown: the confirmed one where the pejabat penilai set
    it, else computed from the logs of the period."""
    computed: dict[str, float]
    """Indicator id -> the realisation computed from the logs of the period."""
    targets: dict[str, float]
    """Indicator id -> the target the period compares with."""
    confirmed: frozenset[str]
    """Indicators whose realisation the pejabat penilai confirmed or corrected."""


def indicator_realisation(
    reader: Reader,
    nip: str,
    skp: Mapping[str, Any] | None,
    appraisal: Mapping[str, Any] | None,
    period: Period,
) -> IndicatorRealisation:
    """The realisation and target of every indicator of ``skp`` (``nip``'s, the period's year)
    in ``period``; the caller has projected the progress logs' facts."""
    facts = reader.facts(
        FactQuery(
            kind=str(RecordKind.PROGRESS_LOG),
            owners=frozenset({nip}),
            day_from=period.first_day.isoformat(),
            day_to=period.last_day.isoformat(),
        )
    )
    logs: dict[str, list[LogValue]] = {}
    for fact in facts:
        found = log_value(fact.day, fact.value, fact.record_id)
        if fact.ref is not None and found is not None:
            logs.setdefault(fact.ref, []).append(found)
    indicators = [
        i
        for r in (skp or {}).get("rhk") or []
        for i in r.get("indicators") or []
        if isinstance(i, Mapping) and i.get("id")
    ]
    year = int((skp or {}).get("year") or period.year)
    computed = {
        str(i["id"]): realisation(i, logs.get(str(i["id"]), []), year=year) for i in indicators
    }
    targets = {str(i["id"]): period_target(i, period) for i in indicators}
    raw = (appraisal or {}).get("confirmed_realisation") or {}
    confirmed = {
        str(k): float(v)
        for k, v in raw.items()
        if str(k) in computed and isinstance(v, int | float) and not isinstance(v, bool)
    }
    return IndicatorRealisation(
        values={**computed, **confirmed},
        computed=computed,
        targets=targets,
        confirmed=frozenset(confirmed),
    )
