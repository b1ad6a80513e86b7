"""What the employee's own forms check and say, as pure functions (unit-tested without a
browser): the self-assessment, the keberatan and the RHK form of the SKP draft.

- lengths: each long text field's limit is read from the shared_models Struct that stores it
  (never a second constant), shown as a counter, and refused in words before saving;
- the self-assessment: how much of it is filled ("3/8 terisi": the Rating Hasil Kerja and the
  rating of each of the seven BerAKHLAK values; reflections are optional), what is still
  empty, and its state, which follows the sync (draft, sent and waiting, received: locked);
- which period a route names (``/penilaian?periode=2026-T3``) and where a reminder on Beranda
  leads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import msgspec
import msgspec.inspect

from client.ui.common.i18n import tr
from shared_models import BerakhlakValue, PeriodError, parse_period_code, triwulan_of
from shared_models.decisions import Objection
from shared_models.skp import Indicator, Rhk
from shared_models.work import PerilakuSelfRating, SelfAssessment

__all__ = [
    "ASSESS_ROUTE",
    "LIMITS",
    "Completeness",
    "assess_route",
    "assessment_errors",
    "assessment_status",
    "check_objection",
    "completeness",
    "counter",
    "number_limit",
    "objection_sync",
    "offered_periods",
    "period_from_route",
    "reminder_route",
    "rhk_limit_errors",
    "target_too_big",
    "text_limit",
    "too_long",
]

ASSESS_ROUTE = "/penilaian"


def _field_type(struct: type[msgspec.Struct], name: str) -> msgspec.inspect.Type:
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)
    found = next(f.type for f in info.fields if f.name == name)
    if isinstance(found, msgspec.inspect.UnionType):  # Optional[...]: the non-None member
        found = next(t for t in found.types if not isinstance(t, msgspec.inspect.NoneType))
    return found


def text_limit(struct: type[msgspec.Struct], name: str) -> int:
    """The most characters the field ``name`` of ``struct`` stores (its ``max_length``)."""
    found = _field_type(struct, name)
    assert isinstance(found, msgspec.inspect.StrType)
    assert found.max_length is not None
    return found.max_length


def number_limit(struct: type[msgspec.Struct], name: str) -> float:
    """The largest value the number field ``name`` of ``struct`` stores (its ``le``)."""
    found = _field_type(struct, name)
    assert isinstance(found, msgspec.inspect.FloatType)
    assert found.le is not None
    return float(found.le)


LIMITS: Mapping[str, int] = {
    "reflection": text_limit(SelfAssessment, "hasil_kerja_reflection"),
    "value_reflection": text_limit(PerilakuSelfRating, "reflection"),
    "objection": text_limit(Objection, "reason"),
    "rhk_text": text_limit(Rhk, "text"),
    "indicator": text_limit(Indicator, "text"),
    "unit": text_limit(Indicator, "target_unit"),
}
"""Field -> the most characters it takes, read from the Structs that store it."""


def _count(lang: str, n: int) -> str:
    """1234 -> "1.234" (Indonesian grouping) or "1,234"."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang != "en" else text


def counter(lang: str, text: str, limit: int) -> str:
    """ "12/4.000 karakter": what the field holds against its limit."""
    return tr(lang, "own.counter", n=_count(lang, len(text)), limit=_count(lang, limit))


def too_long(lang: str, field: str, text: str, limit: int) -> str | None:
    """The field's error when ``text`` is longer than it takes (None: it fits)."""
    n = len(text)
    if n <= limit:
        return None
    return tr(
        lang,
        "own.too_long",
        field=field,
        limit=_count(lang, limit),
        n=_count(lang, n),
        over=_count(lang, n - limit),
    )


# the self-assessment ------------------------------------------------------------------------


class Completeness(msgspec.Struct, frozen=True):
    filled: int
    total: int
    missing: tuple[str, ...]
    """What is still empty, in words ("Rating hasil kerja", "Harmonis", ...)."""

    @property
    def complete(self) -> bool:
        return not self.missing


def completeness(lang: str, answers: Mapping[str, Any]) -> Completeness:
    """How much of the self-assessment is filled: the Rating Hasil Kerja and the rating of
    each BerAKHLAK value (eight parts). ``answers``: ``{"rating", "perilaku": {value:
    (rating, reflection)}}`` as the screen holds them."""
    missing: list[str] = []
    if not answers.get("rating"):
        missing.append(tr(lang, "assess.hasil_part"))
    perilaku = answers.get("perilaku", {})
    for v in BerakhlakValue:
        if not (perilaku.get(v.value) or ("", ""))[0]:
            missing.append(v.label)
    total = 1 + len(BerakhlakValue)
    return Completeness(total - len(missing), total, tuple(missing))


def assessment_errors(lang: str, answers: Mapping[str, Any], *, submit: bool) -> dict[str, str]:
    """Field -> what is wrong, in words: ``rating`` (none chosen, when sending),
    ``reflection`` and ``value:<value>`` (too long). Empty: it can be saved."""
    errors: dict[str, str] = {}
    if submit and not answers.get("rating"):
        errors["rating"] = tr(lang, "assess.need_rating_field")
    problem = too_long(
        lang, tr(lang, "assess.reflection"), answers.get("reflection") or "", LIMITS["reflection"]
    )
    if problem:
        errors["reflection"] = problem
    for v in BerakhlakValue:
        text = (answers.get("perilaku", {}).get(v.value) or ("", ""))[1]
        label = tr(lang, "assess.value_reflection", value=v.label)
        problem = too_long(lang, label, text, LIMITS["value_reflection"])
        if problem:
            errors[f"value:{v.value}"] = problem
    return errors


def assessment_status(existing: Mapping[str, Any] | None, sync_state: str | None) -> str:
    """The key of the self-assessment's state: not filled, a draft, sent and waiting for the
    sync, or received by the server (locked)."""
    if not existing:
        return "assess.st_empty"
    if not existing.get("submitted"):
        return "assess.st_draft"
    return "assess.st_received" if sync_state == "synced" else "assess.st_waiting"


# periods and routes ---------------------------------------------------------------------------


def offered_periods(today: dt.date) -> list[str]:
    """The periods the self-assessment screen offers: the triwulan of the year so far and
    the year."""
    current = triwulan_of(today)
    return [f"{today.year}-T{n}" for n in range(1, current.number + 1)] + [str(today.year)]


def period_from_route(route: str, today: dt.date) -> str | None:
    """The period ``?periode=`` of ``route`` names ("2026-T3", or "T3" of this year), when
    the screen offers it; None when the route names none; "" when it names one the screen
    does not offer."""
    query = parse_qs(urlsplit(route).query)
    raw = (query.get("periode") or [""])[0].strip().upper()
    if not raw:
        return None
    if raw.startswith(("T", "M")):
        raw = f"{today.year}-{raw}"
    try:
        code = parse_period_code(raw).code
    except PeriodError:
        return ""
    return code if code in offered_periods(today) else ""


def assess_route(code: str) -> str:
    """The self-assessment screen opened on ``code``."""
    return f"{ASSESS_ROUTE}?periode={code}"


def reminder_route(key: str, values: Mapping[str, Any]) -> str | None:
    """Where a reminder of Beranda leads: the screen (and period) it names."""
    if key == "remind.assess" and values.get("code"):
        return assess_route(str(values["code"]))
    if key == "remind.conflicts":
        return "/konflik"
    if key in ("remind.never", "remind.days_without"):
        return "/catat"
    if key == "remind.behind":
        return "/skp"
    return None


# keberatan --------------------------------------------------------------------------------


def check_objection(lang: str, reason: str) -> str | None:
    """What is wrong with the reason of a keberatan, in words (None: it can be filed)."""
    if not reason.strip():
        return tr(lang, "fb.object_need_reason")
    return too_long(lang, tr(lang, "fb.object_reason"), reason.strip(), LIMITS["objection"])


def objection_sync(sync_state: str | None) -> str:
    """The key that says where a keberatan filed on this device is."""
    return "fb.object_received" if sync_state == "synced" else "fb.object_waiting"


# the RHK form of the SKP draft ----------------------------------------------------------------


def rhk_limit_errors(
    lang: str, typed: Mapping[str, Any], labels: Mapping[str, str]
) -> dict[str, str]:
    """Field -> what is too long or too large in the RHK form (the checks of
    ``client.ui.pegawai.validation.validate_rhk`` come first; these add the stored limits)."""
    errors: dict[str, str] = {}
    for key, limit_key in (("text", "rhk_text"), ("indicator", "indicator"), ("unit", "unit")):
        problem = too_long(lang, labels[key], str(typed.get(key) or "").strip(), LIMITS[limit_key])
        if problem:
            errors[key] = problem
    return errors


def target_too_big(lang: str, target: float) -> str | None:
    """The target's error when it is above what an indicator stores."""
    limit = number_limit(Indicator, "target_value")
    if target <= limit:
        return None
    return tr(lang, "rhk.target_too_big", limit=_count(lang, int(limit)))
