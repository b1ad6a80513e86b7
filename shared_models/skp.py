"""SKP content: the yearly plan with its RHK, indicators, perilaku expectations and lampiran."""

from __future__ import annotations

import msgspec

from shared_models._content import Content, period_or_error, require, unique
from shared_models.enums import (
    Aggregation,
    Aspect,
    BerakhlakValue,
    PeriodKind,
    RhkKind,
    SkpApproach,
    SkpStatus,
)
from shared_models.values import (
    Description,
    LongText,
    NipStr,
    NonNegative,
    PeriodCode,
    RecordId,
    ShortText,
    Year,
)

__all__ = ["Indicator", "Lampiran", "PerilakuExpectation", "RencanaAksi", "Rhk", "Skp"]


class Indicator(Content, frozen=True, kw_only=True):
    """An Indikator Kinerja Individu with its target, e.g. 120 kunjungan."""

    id: RecordId
    aspect: Aspect
    text: Description
    target_value: NonNegative
    target_unit: ShortText
    aggregation: Aggregation | None = None
    """How the progress logs make the realisation; None (SKP written before the field existed,
    or left to the rule): derived from the unit and text (``shared_models.realisation``)."""
    period_targets: dict[PeriodCode, NonNegative] = msgspec.field(default_factory=dict)
    """Targets of periods of the SKP's year (``2026-T4``, ``2026-M03``) where the SKP sets
    one; any other period compares with the annual target's share (counts) or the annual
    target itself (levels, deadlines)."""


class RencanaAksi(Content, frozen=True, kw_only=True):
    """A planned action of an RHK that progress can be logged against."""

    id: RecordId
    text: Description


class Rhk(Content, frozen=True, kw_only=True):
    """A Rencana Hasil Kerja."""

    id: RecordId
    kind: RhkKind
    text: Description
    parent_rhk_id: RecordId | None = None
    """The supervisor's RHK it supports (the cascade); None only for a unit head, whose RHK
    come from the Perjanjian Kinerja."""
    indicators: list[Indicator] = msgspec.field(default_factory=list)
    rencana_aksi: list[RencanaAksi] = msgspec.field(default_factory=list)


class PerilakuExpectation(Content, frozen=True, kw_only=True):
    """Ekspektasi Khusus Pimpinan for one BerAKHLAK value, written by the supervisor."""

    value: BerakhlakValue
    ekspektasi_khusus: LongText = ""


class Lampiran(Content, frozen=True, kw_only=True):
    """Lampiran SKP: free text."""

    dukungan_sumber_daya: LongText = ""
    skema_pertanggungjawaban: LongText = ""
    konsekuensi: LongText = ""


class Skp(Content, frozen=True, kw_only=True):
    """SKP: one employee's plan for one year."""

    employee_nip: NipStr
    year: Year
    approach: SkpApproach = SkpApproach.KUANTITATIF
    status: SkpStatus = SkpStatus.DRAFT
    supervisor_nip: NipStr | None = None
    rhk: list[Rhk] = msgspec.field(default_factory=list)
    perilaku: list[PerilakuExpectation] = msgspec.field(default_factory=list)
    lampiran: Lampiran = msgspec.field(default_factory=Lampiran)
    return_note: LongText = ""

    def __post_init__(self) -> None:
        unique([r.id for r in self.rhk], "RHK")
        unique([i.id for r in self.rhk for i in r.indicators], "indikator")
        unique([a.id for r in self.rhk for a in r.rencana_aksi], "rencana aksi")
        unique([p.value.value for p in self.perilaku], "perilaku")
        for indicator in (i for r in self.rhk for i in r.indicators):
            for code in indicator.period_targets:
                period = period_or_error(code)
                require(
                    period.year == self.year and period.kind is not PeriodKind.TAHUNAN,
                    f"target periode {code} indikator '{indicator.id}' harus triwulan atau bulan"
                    f" tahun {self.year}",
                )
        require(self.supervisor_nip != self.employee_nip, "pegawai tidak dapat menilai dirinya")
        if self.status is not SkpStatus.DRAFT:
            require(
                any(r.kind is RhkKind.UTAMA for r in self.rhk),
                "SKP yang diajukan harus memiliki minimal satu RHK utama",
            )
        if self.status is SkpStatus.DIKEMBALIKAN:
            require(bool(self.return_note.strip()), "SKP yang dikembalikan harus diberi catatan")
