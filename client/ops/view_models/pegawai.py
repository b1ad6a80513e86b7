"""What the employee's own screens show, read in one call on the worker thread
(:mod:`client.ui.pegawai.reads`)."""

from __future__ import annotations

from typing import Any

import msgspec

from client.ops.view_models.followup import AngkaKredit
from client.ops.view_models.logs import OwnEntry
from client.ops.view_models.skp import SkpIndicator, SkpRhk
from client.ops.view_models.supervision import ValueExpectation
from client.store import SyncState
from shared_models import (
    AppraisalKind,
    AppraisalStatus,
    BerakhlakValue,
    Predikat,
    Rating,
    SkpStatus,
)

__all__ = [
    "AssessmentView",
    "BerandaView",
    "FeedbackItem",
    "FeedbackView",
    "OwnAppraisal",
    "ParentChoice",
    "PeriodIndicator",
    "Reminder",
    "RhkDetail",
    "SkpDetail",
]

Reminder = tuple[str, dict[str, Any]]
"""A reminder's i18n key and the values its words take (``code``: the period it opens)."""


class BerandaView(msgspec.Struct, frozen=True, kw_only=True):
    """Beranda: today's entries, progress per indicator of the year's SKP (``has_skp``), the
    latest feedback (its record content), reminders most urgent first; ``names``: indicator
    id -> text."""

    name: str
    year: int
    has_skp: bool
    indicators: list[SkpIndicator]
    names: dict[str, str]
    today: list[OwnEntry]
    latest_feedback: dict[str, Any] | None
    reminders: list[Reminder]


class PeriodIndicator(SkpIndicator, frozen=True, kw_only=True):
    """An indicator of the SKP with what is realised in one period."""

    period_realised: float


class AssessmentView(msgspec.Struct, frozen=True, kw_only=True):
    """Penilaian diri of a period: realisation per indicator, the saved self-assessment
    (``existing``: its record content, None when there is none), the BerAKHLAK values to
    reflect on, and whether the server has it as it stands (``sync``; None: none saved)."""

    period: str
    label: str
    indicators: list[PeriodIndicator]
    existing: dict[str, Any] | None
    values: list[BerakhlakValue]
    sync: SyncState | None = None


class FeedbackItem(msgspec.Struct, frozen=True, kw_only=True):
    """A feedback note the employee received, with what it is about in words (the RHK's
    text, the BerAKHLAK value's label, the entry's date; empty when it is about none)."""

    id: str
    text: str
    period_code: str | None
    rhk: str
    log_date: str
    value: str
    kind: str


class OwnAppraisal(msgspec.Struct, frozen=True, kw_only=True):
    """One of the employee's appraisals with the keberatan on it (its record content, and
    whether the server has it: ``objection_sync``), the last day one can be filed
    (``objection_deadline``, annual final ones only) and the angka kredit."""

    id: str
    period_code: str
    kind: AppraisalKind | None
    status: AppraisalStatus | None
    hasil_kerja: Rating | None
    perilaku_kerja: Rating | None
    predikat: Predikat | None
    feedback: str
    objection: dict[str, Any] | None
    objection_sync: SyncState | None = None
    objection_deadline: str | None
    can_object: bool
    angka_kredit: AngkaKredit | None


class FeedbackView(msgspec.Struct, frozen=True, kw_only=True):
    """Umpan balik & nilai: feedback newest first, appraisals newest period first, and the
    penghargaan in words."""

    feedback: list[FeedbackItem]
    appraisals: list[OwnAppraisal]
    awards: list[str]


class RhkDetail(SkpRhk, frozen=True, kw_only=True):
    """An RHK of the employee's SKP with the text of the supervisor's RHK it supports
    (empty: none, or not known on this device)."""

    parent_text: str


class ParentChoice(msgspec.Struct, frozen=True, kw_only=True):
    """A supervisor's RHK an RHK can support: its text when the supervisor's SKP is here,
    else the own RHK that already supports it (``via``)."""

    id: str
    text: str
    via: str


class SkpDetail(msgspec.Struct, frozen=True, kw_only=True):
    """SKP saya: RHK with indicators and realisation, the BerAKHLAK values with the
    supervisor's expectations, the supervisor's RHK to support (``parents``; ``links``: own
    RHK id -> the one it supports), and the feedback about each (``notes``: see
    ``client.ui.common.feedback_notes.Notes``)."""

    id: str
    year: int | None
    status: SkpStatus | None
    return_note: str
    rhk: list[RhkDetail]
    values: list[ValueExpectation]
    parents: list[ParentChoice]
    links: dict[str, str | None]
    notes: dict[str, Any] = {}
