"""The supervisor's forms checked before anything is saved, field by field, in words (issue #16
item 3): the comment on an entry, the dialog kinerja note, the feedback box, the rating form
(ratings, confirmed realisation, feedback) and the keberatan decision.

The longest text each field takes is read from the record Structs of ``shared_models`` (never a
second copy of the number), and shown to the person as a counter on the field.
Pure functions: tested in tests/unit/client/test_field_supervisor_forms.py.
"""

from __future__ import annotations

import math
from typing import Any

import msgspec

from client.ui.common.i18n import tr
from shared_models.decisions import Appraisal, Objection
from shared_models.work import Feedback, ProgressLog

__all__ = [
    "COMMENT_MAX",
    "DECISION_MAX",
    "FEEDBACK_MAX",
    "RATING_NOTE_MAX",
    "comment_error",
    "decision_errors",
    "max_length",
    "parse_realisation",
    "rating_errors",
    "text_error",
]


def max_length(struct: type[msgspec.Struct], name: str) -> int:
    """The ``max_length`` a string field of a record Struct carries."""
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)
    for f in info.fields:
        if f.name == name:
            kind = f.type
            if isinstance(kind, msgspec.inspect.StrType) and kind.max_length is not None:
                return int(kind.max_length)
    raise KeyError(f"{struct.__name__}.{name} has no max_length")


FEEDBACK_MAX = max_length(Feedback, "text")
"""A feedback note or dialog kinerja note."""
COMMENT_MAX = min(max_length(ProgressLog, "supervisor_comment"), FEEDBACK_MAX)
"""A comment on an entry: kept on the entry and as a feedback note, so the shorter limit."""
RATING_NOTE_MAX = max_length(Appraisal, "feedback")
DECISION_MAX = max_length(Objection, "decision_reason")


def text_error(lang: str, text: str, *, limit: int, empty_key: str | None) -> str | None:
    """Why ``text`` cannot be saved in a field of ``limit`` characters (None: it can). An empty
    text is an error only with ``empty_key`` (the words that say what to write)."""
    if not text.strip():
        return tr(lang, empty_key) if empty_key else None
    if len(text.strip()) > limit:
        return tr(lang, "sv.too_long", limit=f"{limit:,}".replace(",", "."), n=len(text.strip()))
    return None


def comment_error(lang: str, text: str) -> str | None:
    """The comment on one entry."""
    return text_error(lang, text, limit=COMMENT_MAX, empty_key="sv.comment_empty")


def parse_realisation(text: str) -> float | None:
    """A confirmed realisation as typed (``12``, ``12,5`` or ``12.5``); None for an empty
    field; ValueError for anything else or a negative number."""
    raw = text.strip().replace(" ", "")
    if not raw:
        return None
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    value = float(raw)  # ValueError for words
    if not math.isfinite(value) or value < 0 or value > 1e12:
        raise ValueError(raw)
    return value


def rating_errors(
    lang: str,
    *,
    final: bool,
    hasil_kerja: str | None,
    perilaku: str | None,
    realisation: dict[str, str],
    note: str | None,
) -> dict[str, str]:
    """Field -> message for the rating form: ``hasil_kerja`` / ``perilaku`` (to finalize both
    are needed), ``realisasi:<indicator id>`` (a number 0 or more), ``feedback`` (its length).
    Empty: the form can be saved."""
    errors: dict[str, str] = {}
    if final and not hasil_kerja:
        errors["hasil_kerja"] = tr(lang, "sv.need_hasil")
    if final and not perilaku:
        errors["perilaku"] = tr(lang, "sv.need_perilaku")
    for ident, typed in realisation.items():
        try:
            parse_realisation(typed)
        except ValueError:
            errors[f"realisasi:{ident}"] = tr(lang, "sv.realisation", text=typed.strip())
    problem = text_error(lang, note or "", limit=RATING_NOTE_MAX, empty_key=None)
    if problem:
        errors["feedback"] = problem
    return errors


def decision_errors(
    lang: str, *, change: bool, new_predikat: str | None, reason: str
) -> dict[str, Any]:
    """Field -> message for the keberatan decision: ``new_predikat`` (to change it, pick one)
    and ``reason`` (required, within its length)."""
    errors: dict[str, Any] = {}
    if change and not new_predikat:
        errors["new_predikat"] = tr(lang, "sv.need_new_predikat")
    problem = text_error(lang, reason, limit=DECISION_MAX, empty_key="sv.reason_empty")
    if problem:
        errors["reason"] = problem
    return errors
