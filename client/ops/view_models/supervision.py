"""What the supervisor's screens read: the team, one subordinate's appraisal, the spread of
predikat against the curve. Frozen, keyword-only Structs composed by
:mod:`client.ops.supervision`; their field names are the keys the command line prints with
``--json`` (``msgspec.to_builtins`` gives the same object the dicts gave)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from client.store import SyncState
from shared_models import (
    AppraisalStatus,
    BerakhlakValue,
    ObjectionStatus,
    OrgPredikat,
    Predikat,
    Rating,
    SkpStatus,
)

__all__ = [
    "AppraisalState",
    "CascadeMatrix",
    "CascadeRow",
    "Colleague",
    "EvidenceFile",
    "HeadExpectation",
    "IndicatorProgress",
    "ObjectionItem",
    "PastAppraisal",
    "PredikatCount",
    "RatedAppraisal",
    "RatedIndicator",
    "RatingView",
    "ReviewIndicator",
    "ReviewRhk",
    "SelfAssessmentState",
    "SkpReview",
    "SkpSaved",
    "SpreadSource",
    "SpreadViolation",
    "Supporter",
    "Team",
    "TeamChanges",
    "TeamMember",
    "TeamSpread",
    "ValueExpectation",
]

SelfAssessmentState = Literal["belum", "draf", "dikirim"]
"""A subordinate's self-assessment for the period: none, a draft, or sent."""

SpreadSource = Literal["dipilih", "server", "belum_ditetapkan"]
"""Where the organisation predikat of a spread comes from: chosen on the screen (a simulation),
set by HR (synced here), or not set."""


class IndicatorProgress(msgspec.Struct, frozen=True, kw_only=True):
    """One indicator of a subordinate's SKP with what is realised in the SKP's year."""

    id: str
    text: str
    aspect: str
    rhk_kind: str
    target: float
    unit: str
    realised: float
    aggregation: str


class RatedIndicator(IndicatorProgress, frozen=True, kw_only=True):
    """An indicator on the rating screen: also the period's realisation and target, and the
    realisation the rater confirmed (None: not confirmed)."""

    period_realised: float
    period_target: float
    confirmed: float | None = None


class AppraisalState(msgspec.Struct, frozen=True, kw_only=True):
    """An appraisal's status and whether the server has it yet (``confirmed``: final and
    synced)."""

    id: str
    status: AppraisalStatus | None
    predikat: Predikat | None
    sync_state: SyncState
    confirmed: bool


class RatedAppraisal(AppraisalState, frozen=True, kw_only=True):
    """The appraisal being rated: its state and the ratings and feedback saved so far."""

    hasil_kerja: Rating | None = None
    perilaku_kerja: Rating | None = None
    feedback: str = ""


class PastAppraisal(msgspec.Struct, frozen=True, kw_only=True):
    """Another period's appraisal of the same year."""

    period_code: str
    label: str
    status: AppraisalStatus | None
    predikat: Predikat | None


class HeadExpectation(msgspec.Struct, frozen=True, kw_only=True):
    """For a unit head: the unit, its organisation predikat for the period (None: not set
    yet) and the Rating Hasil Kerja it gives the head."""

    unit_id: str
    unit_name: str
    org_predikat: OrgPredikat | None
    org_label: str | None
    expected_hasil_kerja: Rating | None
    expected_label: str | None


class RatingView(msgspec.Struct, frozen=True, kw_only=True):
    """What the supervisor needs to rate one subordinate for a period.

    ``self_assessment`` is the self-assessment record's content as it travels (validated by
    shared_models); ``discipline`` the hukuman disiplin of the period
    (:func:`client.ops.followup.discipline_view`)."""

    nip: str
    name: str
    jabatan: str
    period: str
    label: str
    indicators: list[RatedIndicator]
    self_assessment: dict[str, Any] | None
    appraisal: RatedAppraisal | None
    history: list[PastAppraisal]
    unit_head: HeadExpectation | None
    discipline: list[dict[str, Any]]


class PredikatCount(msgspec.Struct, frozen=True, kw_only=True):
    predikat: Predikat
    label: str
    count: int


class SpreadViolation(msgspec.Struct, frozen=True, kw_only=True):
    """A clause of the curve the spread breaks, in words."""

    clause: str
    message: str


class TeamSpread(msgspec.Struct, frozen=True, kw_only=True):
    """Sebaran predikat of the user's team for a period against the curve of the organisation
    predikat (:func:`client.ops.supervision.distribution`)."""

    period: str
    label: str
    org_predikat: OrgPredikat | None
    org_label: str | None
    org_source: SpreadSource
    note: str
    small_unit: bool
    team: int
    rated: int
    final: int
    needed: int
    ready: bool
    complete: bool
    judged: bool
    counts: list[PredikatCount]
    violations: list[SpreadViolation]


class TeamMember(msgspec.Struct, frozen=True, kw_only=True):
    """One subordinate in Tim saya (:func:`client.ops.supervision.team`)."""

    nip: str
    name: str
    jabatan: str
    skp_id: str | None
    skp_status: SkpStatus | None
    indicators: list[IndicatorProgress]
    progress: float
    entries: int
    new_entries: int
    last_entry: str | None
    days_quiet: int | None
    self_assessment: SelfAssessmentState
    appraisal: AppraisalState | None
    last_activity: str | None
    attention: list[str]
    no_evidence_entries: int
    shared_evidence_entries: int


class Team(msgspec.Struct, frozen=True, kw_only=True):
    """Tim saya for a period; ``team_size`` counts before the filter (an empty filter is not an
    empty team)."""

    period: str
    label: str
    members: list[TeamMember]
    team_size: int
    self_assessments_sent: int
    appraisals_final: int


class Colleague(msgspec.Struct, frozen=True, kw_only=True):
    nip: str
    name: str


class TeamChanges(msgspec.Struct, frozen=True, kw_only=True):
    """Who left the team (mutasi) and who arrived since the last look."""

    left: list[Colleague]
    arrived: list[Colleague]


class ReviewIndicator(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    aspect: str
    text: str
    target: float
    unit: str
    realised: float


class ReviewRhk(msgspec.Struct, frozen=True, kw_only=True):
    """One RHK of a subordinate's SKP with its cascade link to one of the user's RHK."""

    id: str
    kind: str
    text: str
    parent_rhk_id: str | None
    parent_text: str
    linked: bool
    indicators: list[ReviewIndicator]


class ValueExpectation(msgspec.Struct, frozen=True, kw_only=True):
    """A BerAKHLAK value with its guides and the Ekspektasi Khusus Pimpinan written for it."""

    value: BerakhlakValue
    label: str
    guides: list[str]
    expectation: str


class SkpReview(msgspec.Struct, frozen=True, kw_only=True):
    """A subordinate's SKP under review (:func:`client.ops.supervision.skp_review`);
    ``lampiran`` is the SKP record's content as it travels."""

    id: str
    nip: str
    name: str
    year: int
    status: SkpStatus
    return_note: str
    sync_state: SyncState
    rhk: list[ReviewRhk]
    unlinked: int
    values: list[ValueExpectation]
    lampiran: dict[str, Any]


class Supporter(msgspec.Struct, frozen=True, kw_only=True):
    """A subordinate's RHK in the matriks peran hasil."""

    nip: str
    name: str
    rhk: str


class CascadeRow(msgspec.Struct, frozen=True, kw_only=True):
    """One of the user's RHK and the subordinates' RHK that support it."""

    id: str
    text: str
    kind: str
    supporters: list[Supporter]


class CascadeMatrix(msgspec.Struct, frozen=True, kw_only=True):
    """Matriks peran hasil of a year (:func:`client.ops.supervision.matrix`)."""

    year: int
    has_own_skp: bool
    rows: list[CascadeRow]
    unlinked: list[Supporter]


class SkpSaved(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What an SKP action saved; ``return_note`` only when the SKP has one."""

    id: str
    nip: str
    status: SkpStatus | None
    return_note: str | None = None


class EvidenceFile(msgspec.Struct, frozen=True, kw_only=True):
    """An evidence file on this device (``downloaded``: fetched from the server just now)."""

    sha256: str
    data: bytes
    size: int
    mime: str
    downloaded: bool


class ObjectionItem(msgspec.Struct, frozen=True, kw_only=True):
    """A keberatan the user decides, with the appraisal it is against
    (:func:`client.ops.supervision.objections`)."""

    id: str
    nip: str
    name: str
    supervisor_nip: str
    supervisor_name: str
    appraisal_id: str
    period_code: str | None
    hasil_kerja: Rating | None
    perilaku_kerja: Rating | None
    predikat: Predikat | None
    appraisal_feedback: str
    reason: str
    filed_on: str
    status: ObjectionStatus
    decision_reason: str
    new_predikat: Predikat | None
    sync_state: SyncState
