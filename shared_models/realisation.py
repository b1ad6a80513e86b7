"""Realisation of an indicator from its progress logs, and the target a period compares with.

How logs add up depends on the indicator (its ``aggregation``, or one derived from its unit,
text and aspect when the SKP does not say):

- ``jumlah``: counts add up (kunjungan, kegiatan, dokumen): the sum of the values.
- ``terakhir``: a level (persentase, indeks, nilai): the latest measurement (latest day; on the
  same day the record written last, by id).
- ``rata_rata``: a level the SKP states as an average: the mean of the measurements.
- ``tenggat``: a time indicator (ketepatan waktu, target in bulan/minggu/hari): the time from the
  start of the SKP's year to the latest log, in the target's unit, compared with the target as
  a deadline (11 bulan against 12 bulan: done in November, on time).

A period view (triwulan, bulan) reads only the logs of the period, and compares with the period's
own target when the SKP sets one, else with the annual target's share for counts (a quarter of
120 kunjungan is 30), else the annual target (a level or a deadline holds all year).

Every function is pure; the device and the server call the same ones (invariant I10), so the
phone, the supervisor's tablet and the printed document show the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from shared_models.enums import Aggregation, Aspect, PeriodKind
from shared_models.periods import Period

__all__ = [
    "LEVEL_UNITS",
    "MEASURE_UNITS",
    "TIME_UNITS",
    "LogValue",
    "aggregation_of",
    "log_value",
    "period_target",
    "realisation",
    "whole_numbers_only",
]

LEVEL_UNITS = frozenset({"%", "persen", "persentase", "indeks", "nilai", "skor"})
"""Target units of a level (the latest measurement counts, not a sum)."""

_LEVEL_WORDS = ("persentase", "indeks", "nilai", "tingkat", "skor", "rasio")
"""Indicator texts that name a level ("Persentase ...", "Indeks Kepuasan ...")."""

TIME_UNITS = frozenset({"hari", "minggu", "bulan"})
"""Target units of a time indicator measured against a deadline."""

MEASURE_UNITS = frozenset(
    {"jam", "menit", "km", "kilometer", "meter", "m", "m2", "m3", "kg", "kilogram", "ton"}
    | {"liter", "l", "ml", "rupiah", "rp", "juta", "ha", "hektar", "hektare"}
)
"""Units of a quantity that is measured, not counted: it adds up in fractions (1,5 jam)."""

_SHARE = {PeriodKind.TRIWULAN: 4, PeriodKind.BULANAN: 12}


class LogValue(NamedTuple):
    """What the realisation reads of one progress log."""

    day: dt.date
    value: float
    order: str = ""
    """Breaks ties between logs of one day (the record id: ids grow with time)."""


def _get(indicator: Any, name: str, default: Any = None) -> Any:
    if isinstance(indicator, Mapping):
        return indicator.get(name, default)
    return getattr(indicator, name, default)


def _unit(indicator: Any) -> str:
    return str(_get(indicator, "target_unit", "") or "").strip().lower()


def aggregation_of(indicator: Any) -> Aggregation:
    """The indicator's aggregation: the one its SKP states, else derived: a level unit (%,
    persen, indeks, nilai, skor) or a text naming a level (Persentase, Indeks, Nilai, Tingkat,
    Skor, Rasio ...) takes the latest; "Rata-rata ..." the average; a waktu indicator with a
    time unit (hari, minggu, bulan) the deadline; anything else (counts) the sum.
    ``indicator`` is an :class:`~shared_models.skp.Indicator` or its fields as stored."""
    stated = _get(indicator, "aggregation")
    if stated:
        try:
            return Aggregation(str(stated))
        except ValueError:
            pass  # a value this version does not know: derive it
    unit = _unit(indicator)
    text = str(_get(indicator, "text", "") or "").strip().lower()
    if unit in LEVEL_UNITS or unit.startswith("%"):
        return Aggregation.TERAKHIR
    if text.startswith(("rata-rata", "rata rata")):
        return Aggregation.RATA_RATA
    if text.startswith("jumlah"):
        return Aggregation.JUMLAH
    if text.startswith(_LEVEL_WORDS):
        return Aggregation.TERAKHIR
    if str(_get(indicator, "aspect", "")) == Aspect.WAKTU and unit in TIME_UNITS:
        return Aggregation.TENGGAT
    return Aggregation.JUMLAH


def whole_numbers_only(indicator: Any) -> bool:
    """True when a progress log of this indicator counts things (kunjungan, pasien, dokumen,
    kali ...): its value is a whole number ("1,5 kunjungan" means nothing). That is an indicator
    whose logs add up (``jumlah``) in a unit that is not a measured quantity
    (:data:`MEASURE_UNITS`: jam, km, liter, rupiah ...). A level (%, indeks) or a deadline
    takes decimals. The app's form and the device's save both ask this."""
    return aggregation_of(indicator) is Aggregation.JUMLAH and _unit(indicator) not in (
        MEASURE_UNITS
    )


def log_value(day: Any, value: Any, order: str = "") -> LogValue | None:
    """A :class:`LogValue` from a log's stored ``date`` and ``value`` (None when unreadable:
    a record this version cannot read counts for nothing)."""
    try:
        when = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return LogValue(when, number, order)


def _elapsed(unit: str, year: int, day: dt.date) -> float:
    """Time from 1 January of ``year`` to the end of ``day``, in ``unit``."""
    if unit == "bulan":
        return float((day.year - year) * 12 + day.month)
    days = (day - dt.date(year, 1, 1)).days + 1
    return float(days if unit == "hari" else math.ceil(days / 7))


def realisation(indicator: Any, logs: Iterable[LogValue], *, year: int) -> float:
    """The realisation of ``indicator`` from ``logs`` (already limited to the period the caller
    shows: the year, a triwulan, a month). ``year`` is the SKP's year (the start of a deadline).
    No logs: 0."""
    items = sorted(logs, key=lambda log: (log.day, log.order))
    if not items:
        return 0.0
    match aggregation_of(indicator):
        case Aggregation.TERAKHIR:
            result = items[-1].value
        case Aggregation.RATA_RATA:
            result = math.fsum(log.value for log in items) / len(items)
        case Aggregation.TENGGAT:
            unit = _unit(indicator)
            result = _elapsed(unit, year, items[-1].day) if unit in TIME_UNITS else items[-1].value
        case _:
            result = math.fsum(log.value for log in items)
    return round(result, 6)


def period_target(indicator: Any, period: Period) -> float:
    """The target ``period`` compares with: the annual target for the year; for a triwulan or
    month, the period's own target when the SKP sets one, else a count's share of the annual
    target (a quarter, a twelfth; two decimals), else the annual target (levels, deadlines)."""
    annual = float(_get(indicator, "target_value", 0) or 0)
    if period.kind is PeriodKind.TAHUNAN:
        return annual
    own = (_get(indicator, "period_targets") or {}).get(period.code)
    if own is not None:
        return float(own)
    if aggregation_of(indicator) is Aggregation.JUMLAH:
        return round(annual / _SHARE[period.kind], 2)
    return annual
