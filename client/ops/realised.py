"""Realisation per indicator on the device: the logs this device holds, through the shared rule
(``shared_models.realisation``) the server's document uses too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from client.context import Context
from shared_models import RecordKind
from shared_models.periods import Period
from shared_models.realisation import LogValue, aggregation_of, log_value, realisation

__all__ = ["indicators_of", "realised"]


def indicators_of(skp: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Every indicator of an SKP's content, as stored."""
    if not skp:
        return []
    return [dict(i) for r in skp.get("rhk", []) for i in r.get("indicators", [])]


def realised(
    ctx: Context, owner: str, skp: Mapping[str, Any] | None, period: Period
) -> dict[str, float]:
    """Indicator id -> realisation of ``owner``'s SKP (its content) in ``period``, from the
    logs on this device (0 for an indicator without logs)."""
    lo, hi = period.first_day.isoformat(), period.last_day.isoformat()
    logs: dict[str, list[LogValue]] = {}
    for log in ctx.store.records.of_kind(RecordKind.PROGRESS_LOG, owner=owner):
        day = str(log.fields.get("date", ""))
        if not lo <= day <= hi:
            continue
        found = log_value(day, log.fields.get("value", 0), log.id)
        if found is not None:
            logs.setdefault(str(log.fields.get("indicator_id")), []).append(found)
    year = int((skp or {}).get("year") or period.year)
    return {
        str(i["id"]): realisation(i, logs.get(str(i["id"]), []), year=year)
        for i in indicators_of(skp)
    }


def aggregation_label(indicator: Mapping[str, Any]) -> str:
    """How the indicator's logs add up, in words (``Jumlah``, ``Nilai terakhir`` ...)."""
    return aggregation_of(indicator).label
