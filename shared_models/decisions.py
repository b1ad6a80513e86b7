"""The supervisor's and the Atasan's decisions: appraisals and objections (keberatan)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from shared_models._content import Content, period_or_error, require
from shared_models.enums import (
    AppraisalKind,
    AppraisalStatus,
    ObjectionStatus,
    PeriodKind,
    Predikat,
    Rating,
)
from shared_models.rules import predikat as quadrant
from shared_models.values import (
    Description,
    LongText,
    NipStr,
    NonNegative,
    PeriodCode,
    RecordId,
    Sha256Hex,
)

__all__ = ["Appraisal", "Objection"]


class Appraisal(Content, frozen=True, kw_only=True):
    """APPRAISAL: the Pejabat Penilai's periodic or annual rating of one employee."""

    employee_nip: NipStr
    supervisor_nip: NipStr
    period_code: PeriodCode
    kind: AppraisalKind
    hasil_kerja: Rating | None = None
    perilaku_kerja: Rating | None = None
    predikat: Predikat | None = None
    """Must be the quadrant result of the two ratings once both are set."""
    feedback: LongText = ""
    status: AppraisalStatus = AppraisalStatus.DRAFT
    finalized_at: datetime | None = None
    objection_id: RecordId | None = None
    """The granted keberatan that fixed this result (written by the server, never a device)."""
    original_predikat: Predikat | None = None
    """The predikat the pejabat penilai gave, before a granted keberatan changed it."""
    confirmed_realisation: dict[RecordId, NonNegative] = msgspec.field(default_factory=dict)
    """Indicator id -> the realisation the pejabat penilai confirmed or corrected at rating
    time; the document shows it instead of the one computed from the logs."""

    def __post_init__(self) -> None:
        require(self.supervisor_nip != self.employee_nip, "pegawai tidak dapat menilai dirinya")
        yearly = period_or_error(self.period_code).kind is PeriodKind.TAHUNAN
        require(
            yearly == (self.kind is AppraisalKind.TAHUNAN),
            f"penilaian {self.kind.label.lower()} tidak sesuai dengan periode {self.period_code}",
        )
        if self.hasil_kerja is not None and self.perilaku_kerja is not None:
            expected = quadrant(self.hasil_kerja, self.perilaku_kerja)
            require(
                self.predikat is expected,
                f"predikat harus {expected.label} untuk hasil kerja {self.hasil_kerja.label} "
                f"dan perilaku kerja {self.perilaku_kerja.label}",
            )
        else:
            require(self.predikat is None, "predikat hanya diisi jika kedua rating sudah diisi")
        final = self.status is AppraisalStatus.FINAL
        require(
            not final or self.predikat is not None,
            "penilaian final harus memiliki kedua rating dan predikat",
        )
        require(
            final == (self.finalized_at is not None),
            "waktu finalisasi diisi jika dan hanya jika penilaian final",
        )


class Objection(Content, frozen=True, kw_only=True):
    """OBJECTION: a keberatan against a final annual predikat, decided by the Atasan."""

    employee_nip: NipStr
    appraisal_id: RecordId
    reason: Description
    filed_on: date
    status: ObjectionStatus = ObjectionStatus.DIAJUKAN
    decided_by: NipStr | None = None
    decision_reason: LongText = ""
    new_predikat: Predikat | None = None
    new_hasil_kerja: Rating | None = None
    new_perilaku_kerja: Rating | None = None
    """The changed ratings of a granted keberatan (their quadrant is ``new_predikat``); when the
    Atasan names only the predikat, the server changes the fewest ratings that give it."""
    evidence: list[Sha256Hex] = msgspec.field(default_factory=list)
    """Bukti dukung the employee attaches to the keberatan (sha256 of each file)."""
    explanation_request: LongText = ""
    """What the Atasan asks the pejabat penilai and the employee before deciding (Pasal 59(3))."""
    supervisor_explanation: LongText = ""
    """The pejabat penilai's explanation."""
    employee_explanation: LongText = ""
    """The employee's explanation."""

    def __post_init__(self) -> None:
        if self.status is ObjectionStatus.DIAJUKAN:
            require(
                self.decided_by is None and self.new_predikat is None,
                "keberatan yang belum diputus tidak boleh memiliki keputusan",
            )
            return
        require(self.decided_by is not None, "pemutus keberatan wajib diisi")
        require(self.decided_by != self.employee_nip, "pegawai tidak dapat memutus keberatannya")
        require(bool(self.decision_reason.strip()), "alasan keputusan keberatan wajib diisi")
        if self.status is ObjectionStatus.DIKABULKAN:
            require(self.new_predikat is not None, "keberatan dikabulkan: predikat baru wajib")
            hk, pk = self.new_hasil_kerja, self.new_perilaku_kerja
            require(
                (hk is None) == (pk is None),
                "keberatan dikabulkan: isi kedua rating baru, atau predikat baru saja",
            )
            if hk is not None and pk is not None:
                expected = quadrant(hk, pk)
                require(
                    self.new_predikat is expected,
                    f"predikat baru harus {expected.label} untuk rating baru yang dipilih",
                )
        else:
            require(
                self.new_predikat is None, "keberatan ditolak: predikat tetap, tanpa predikat baru"
            )
