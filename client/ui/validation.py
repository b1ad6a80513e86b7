"""Checks of the progress-log form, answered in words before anything is saved.

The device checks again when it saves (the store never holds an invalid entry); these checks
exist so that the person sees every problem at once, next to the field, in plain language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from client.ui.i18n import tr

__all__ = ["ClosedPeriod", "FormContext", "LogForm", "RhkForm", "validate_log", "validate_rhk"]

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class ClosedPeriod:
    first: dt.date
    last: dt.date
    label: str


@dataclass(frozen=True, slots=True)
class FormContext:
    """What the checks need to know about the user's year."""

    today: dt.date
    skp_years: frozenset[int]
    closed: Sequence[ClosedPeriod] = ()
    leave: Mapping[dt.date, str] = field(default_factory=dict)
    """Days of recorded leave (cuti, sakit, diklat ...) -> the kind, in words."""


@dataclass(frozen=True, slots=True)
class LogForm:
    """The raw text of the form's fields."""

    indicator: str | None
    date: str
    start: str = ""
    end: str = ""
    value: str = ""
    note: str = ""
    place: str = ""


def _time(text: str) -> str | None:
    m = _HHMM.match(text.strip())
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def _check_date(lang: str, text: str, ctx: FormContext, errors: dict[str, str]) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        errors["date"] = tr(lang, "val.date_format", text=text)
        return None
    if day > ctx.today:
        errors["date"] = tr(lang, "val.date_future", date=day.isoformat())
    elif day.year not in ctx.skp_years:
        errors["date"] = tr(lang, "val.date_outside", date=day.isoformat(), year=day.year)
    elif any(p.first <= day <= p.last for p in ctx.closed):
        label = next(p.label for p in ctx.closed if p.first <= day <= p.last)
        errors["date"] = tr(lang, "val.period_closed", period=label)
    elif day in ctx.leave:
        errors["date"] = tr(lang, "val.leave", date=day.isoformat(), kind=ctx.leave[day])
    return day


def _check_value(lang: str, text: str, errors: dict[str, str]) -> float | None:
    raw = text.strip().replace(",", ".")
    if not raw:
        errors["value"] = tr(lang, "val.value_missing")
        return None
    try:
        value = float(raw)
    except ValueError:
        errors["value"] = tr(lang, "val.value_number", text=text)
        return None
    if value != value or value < 0:
        errors["value"] = tr(lang, "val.value_negative")
        return None
    return value


def _check_times(lang: str, form: LogForm, errors: dict[str, str]) -> tuple[str | None, str | None]:
    start = _time(form.start) if form.start.strip() else None
    end = _time(form.end) if form.end.strip() else None
    for name, raw, parsed in (("start", form.start, start), ("end", form.end, end)):
        if raw.strip() and parsed is None:
            errors[name] = tr(lang, "val.time_format", text=raw)
    if "start" in errors or "end" in errors:
        return None, None
    if (start is None) != (end is None):
        errors["end" if start else "start"] = tr(lang, "val.time_pair")
    elif start is not None and end is not None and end <= start:
        errors["end"] = tr(lang, "val.time_order")
    return start, end


def validate_log(
    lang: str, form: LogForm, ctx: FormContext
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """``(LogInput, {})`` when the form is fine, else ``(None, {field: message})``."""
    errors: dict[str, str] = {}
    if not form.indicator:
        errors["indicator"] = tr(lang, "val.indicator")
    day = _check_date(lang, form.date, ctx, errors)
    value = _check_value(lang, form.value, errors)
    start, end = _check_times(lang, form, errors)
    if not form.note.strip():
        errors["note"] = tr(lang, "val.note")
    if errors or day is None or value is None:
        return None, errors
    data: dict[str, Any] = {
        "indicator": form.indicator,
        "date": day.isoformat(),
        "start": start or "",
        "end": end or "",
        "value": value,
        "note": form.note.strip(),
        "place": form.place.strip(),
    }
    return data, {}


@dataclass(frozen=True, slots=True)
class RhkForm:
    """The raw input of the RHK form on "SKP saya" (one indicator with its target)."""

    text: str
    kind: str | None
    parent: str | None
    aspect: str | None
    indicator: str
    target: str
    unit: str


_KINDS = ("utama", "tambahan")
_ASPECTS = ("kuantitas", "kualitas", "waktu", "biaya")


def validate_rhk(
    lang: str, form: RhkForm, parents: Sequence[str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """``({text, kind, parent, aspect, indicator, target, unit}, {})`` when the RHK is fine,
    else ``(None, {field: message})``. ``parents`` are the ids of the supervisor's RHK."""
    errors: dict[str, str] = {}
    if not form.text.strip():
        errors["text"] = tr(lang, "rhk.need_text")
    if form.kind not in _KINDS:
        errors["kind"] = tr(lang, "rhk.need_kind")
    if not parents:
        errors["parent"] = tr(lang, "rhk.no_parents")
    elif form.parent not in parents:
        errors["parent"] = tr(lang, "rhk.need_parent")
    if form.aspect not in _ASPECTS:
        errors["aspect"] = tr(lang, "rhk.need_aspect")
    if not form.indicator.strip():
        errors["indicator"] = tr(lang, "rhk.need_indicator")
    target: float | None = None
    try:
        target = float(form.target.strip().replace(",", "."))
    except ValueError:
        target = None
    if target is None or target != target or target <= 0:
        errors["target"] = tr(lang, "rhk.need_target", text=form.target.strip())
    if not form.unit.strip():
        errors["unit"] = tr(lang, "rhk.need_unit")
    if errors:
        return None, errors
    return {
        "text": form.text.strip(),
        "kind": form.kind,
        "parent": form.parent,
        "aspect": form.aspect,
        "indicator": form.indicator.strip(),
        "target": target,
        "unit": form.unit.strip(),
    }, {}
