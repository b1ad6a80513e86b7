"""The employee's own work and the feedback on it: progress logs, self-assessments, feedback."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from shared_models._content import Content, period_or_error, require, unique
from shared_models.enums import BerakhlakValue, FeedbackKind, Rating
from shared_models.values import (
    Description,
    HhMm,
    Latitude,
    Longitude,
    LongText,
    NipStr,
    NonNegative,
    PeriodCode,
    RecordId,
    Sha256Hex,
    ShortText,
)

__all__ = ["Feedback", "PerilakuSelfRating", "ProgressLog", "SelfAssessment"]


class ProgressLog(Content, frozen=True, kw_only=True):
    """PROGRESS_LOG: one day's progress against an indicator (or a rencana aksi)."""

    employee_nip: NipStr
    skp_id: RecordId
    indicator_id: RecordId
    rencana_aksi_id: RecordId | None = None
    date: date
    start_time: HhMm | None = None
    end_time: HhMm | None = None
    value: NonNegative
    unit: ShortText
    description: Description
    evidence: list[Sha256Hex] = msgspec.field(default_factory=list)
    """sha256 of each evidence file (bukti dukung)."""
    place: ShortText | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    acknowledged_by: NipStr | None = None
    supervisor_comment: LongText = ""
    shared_evidence: dict[Sha256Hex, list[NipStr]] = msgspec.field(default_factory=dict)
    """Written by the server alone: per evidence file of this log that other employees' live
    logs name too, those employees (the lowest NIPs first, at most
    ``evidence_checks.SHARED_EVIDENCE_LIMIT``). Empty: no file is shared."""

    def __post_init__(self) -> None:
        require(
            (self.start_time is None) == (self.end_time is None),
            "jam mulai dan jam selesai harus diisi keduanya atau tidak sama sekali",
        )
        if self.start_time is not None and self.end_time is not None:
            require(
                self.end_time > self.start_time,
                f"jam selesai {self.end_time} harus setelah jam mulai {self.start_time}",
            )
        require(
            (self.latitude is None) == (self.longitude is None),
            "lintang dan bujur harus diisi keduanya atau tidak sama sekali",
        )
        unique(self.evidence, "bukti")
        require(
            self.acknowledged_by != self.employee_nip,
            "catatan tidak dapat dikonfirmasi oleh pegawai sendiri",
        )


class PerilakuSelfRating(Content, frozen=True, kw_only=True):
    """The employee's own view of one BerAKHLAK value."""

    value: BerakhlakValue
    rating: Rating
    reflection: LongText = ""


class SelfAssessment(Content, frozen=True, kw_only=True):
    """SELF_ASSESSMENT: the employee's own assessment for a period."""

    employee_nip: NipStr
    period_code: PeriodCode
    hasil_kerja_rating: Rating | None = None
    hasil_kerja_reflection: LongText = ""
    perilaku: list[PerilakuSelfRating] = msgspec.field(default_factory=list)
    realisations: dict[RecordId, NonNegative] = msgspec.field(default_factory=dict)
    """Indicator id -> realised value for the period."""
    submitted: bool = False

    def __post_init__(self) -> None:
        period_or_error(self.period_code)
        unique([p.value.value for p in self.perilaku], "perilaku")
        if self.submitted:
            require(
                self.hasil_kerja_rating is not None,
                "penilaian mandiri yang dikirim harus memiliki rating hasil kerja",
            )


class Feedback(Content, frozen=True, kw_only=True):
    """FEEDBACK: umpan balik or a dialog kinerja note about an employee."""

    employee_nip: NipStr
    """The employee the feedback is about."""
    author_nip: NipStr
    period_code: PeriodCode | None = None
    about_rhk_id: RecordId | None = None
    about_value: BerakhlakValue | None = None
    text: Description
    kind: FeedbackKind = FeedbackKind.UMPAN_BALIK
    related_log_id: RecordId | None = None
    owner_response: LongText = ""
    """The employee's reply (written by the employee, not the supervisor)."""
    read_at: datetime | None = None
    """When the employee read it."""
