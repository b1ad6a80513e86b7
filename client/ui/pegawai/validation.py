"""Checks of the progress-log form, answered in words before anything is saved.

The device checks again when it saves (the store never holds an invalid entry); these checks
exist so that the person sees every problem at once, next to the field, in plain language,
and so that nothing the device would refuse in code words (a length, a pattern) ever reaches
it from the form. Lengths come from the record's own Struct (``shared_models.work``), the
whole-number rule from ``shared_models.realisation``: never a second copy of either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from client.ui.common.fmt import format_date_id, parse_date_id, parse_decimal_id, parse_time
from client.ui.common.i18n import tr
from shared_models.realisation import whole_numbers_only
from shared_models.work import ProgressLog

__all__ = [
    "NOTE_MAX",
    "PLACE_MAX",
    "ClosedPeriod",
    "FormContext",
    "LogForm",
    "RhkForm",
    "save_problem",
    "validate_log",
    "validate_rhk",
]


def _struct_limits(struct: type[msgspec.Struct]) -> dict[str, Any]:
    """Each field's msgspec type (an optional field: its non-None type)."""
    out: dict[str, Any] = {}
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)
    for f in info.fields:
        kind = f.type
        if isinstance(kind, msgspec.inspect.UnionType):
            kind = next(t for t in kind.types if not isinstance(t, msgspec.inspect.NoneType))
        out[f.name] = kind
    return out


_LOG_FIELDS = _struct_limits(ProgressLog)
NOTE_MAX: int = _LOG_FIELDS["description"].max_length
"""Characters of "Uraian kegiatan" (ProgressLog.description)."""
PLACE_MAX: int = _LOG_FIELDS["place"].max_length
"""Characters of "Tempat" (ProgressLog.place)."""
_VALUE_MAX: float = _LOG_FIELDS["value"].le


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
    indicators: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """The SKP's indicators by id (target_unit, aggregation, text, aspect): whole numbers or
    decimals."""


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


def _check_date(lang: str, text: str, ctx: FormContext, errors: dict[str, str]) -> dt.date | None:
    if not text.strip():
        errors["date"] = tr(lang, "val.date_missing")
        return None
    day = parse_date_id(text)
    if day is None:
        errors["date"] = tr(lang, "val.date_format", text=text.strip())
        return None
    shown = format_date_id(day, lang)
    if day > ctx.today:
        errors["date"] = tr(lang, "val.date_future", date=shown)
    elif day.year not in ctx.skp_years:
        errors["date"] = tr(lang, "val.date_outside", date=shown, year=day.year)
    elif any(p.first <= day <= p.last for p in ctx.closed):
        label = next(p.label for p in ctx.closed if p.first <= day <= p.last)
        errors["date"] = tr(lang, "val.period_closed", period=label)
    elif day in ctx.leave:
        errors["date"] = tr(lang, "val.leave", date=shown, kind=ctx.leave[day])
    return day


def _check_value(
    lang: str, text: str, indicator: Mapping[str, Any] | None, errors: dict[str, str]
) -> float | None:
    raw = text.strip()
    if not raw:
        errors["value"] = tr(lang, "val.value_missing")
        return None
    value = parse_decimal_id(raw)
    if value is None:
        errors["value"] = tr(lang, "val.value_number", text=raw)
        return None
    if value < 0:
        errors["value"] = tr(lang, "val.value_negative")
        return None
    if value > _VALUE_MAX:
        errors["value"] = tr(lang, "val.value_large", text=raw)
        return None
    if indicator is not None and whole_numbers_only(indicator) and not value.is_integer():
        unit = str(indicator.get("target_unit") or "")
        errors["value"] = tr(lang, "val.value_whole", unit=unit)
        return None
    return value


def _check_times(lang: str, form: LogForm, errors: dict[str, str]) -> tuple[str | None, str | None]:
    start = parse_time(form.start) if form.start.strip() else None
    end = parse_time(form.end) if form.end.strip() else None
    for name, raw, parsed in (("start", form.start, start), ("end", form.end, end)):
        if raw.strip() and parsed is None:
            errors[name] = tr(lang, "val.time_format", text=raw.strip())
    if "start" in errors or "end" in errors:
        return None, None
    if (start is None) != (end is None):
        errors["end" if start else "start"] = tr(lang, "val.time_pair")
    elif start is not None and end is not None and end <= start:
        errors["end"] = tr(lang, "val.time_order")
    return start, end


def _check_length(
    lang: str, key: str, label_key: str, text: str, limit: int, errors: dict[str, str]
) -> None:
    if len(text) > limit and key not in errors:
        errors[key] = tr(lang, "val.too_long", field=tr(lang, label_key), max=limit, n=len(text))


def validate_log(
    lang: str, form: LogForm, ctx: FormContext
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """``(LogInput, {})`` when the form is fine, else ``(None, {field: message})``."""
    errors: dict[str, str] = {}
    if not form.indicator:
        errors["indicator"] = tr(lang, "val.indicator")
    day = _check_date(lang, form.date, ctx, errors)
    indicator = ctx.indicators.get(form.indicator) if form.indicator else None
    value = _check_value(lang, form.value, indicator, errors)
    start, end = _check_times(lang, form, errors)
    note, place = form.note.strip(), form.place.strip()
    if not note:
        errors["note"] = tr(lang, "val.note")
    _check_length(lang, "note", "form.note", note, NOTE_MAX, errors)
    _check_length(lang, "place", "form.place", place, PLACE_MAX, errors)
    if errors or day is None or value is None:
        return None, errors
    data: dict[str, Any] = {
        "indicator": form.indicator,
        "date": day.isoformat(),
        "start": start or "",
        "end": end or "",
        "value": value,
        "note": note,
        "place": place,
    }
    return data, {}


_CODE_CLAUSE = re.compile(r"--[a-z]|\$\.|\?[a-z_]+=|'kinerja |/api/")
_CODE_AFTER = re.compile(r"\s*\([^()]*(?:--[a-z]|\$\.)[^()]*\)")


def save_problem(lang: str, message: str) -> str:
    """What the device said when it refused a save, as a sentence for the form: clauses that
    speak to the command line (a flag, a command, a JSON path) are left out, the rest kept
    whole. (The form's own checks come first, so this is rare: a file that changed, an SKP
    that a sync just replaced.)"""
    text = _CODE_AFTER.sub("", message)
    clauses = [c.strip() for c in text.split(";")]
    kept = [c for c in clauses if c and not _CODE_CLAUSE.search(c)]
    detail = "; ".join(kept) or tr(lang, "err.generic", detail="").rstrip(": ")
    detail = detail[:1].upper() + detail[1:]
    return tr(lang, "val.not_saved", detail=detail.rstrip(".") + ".")


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
