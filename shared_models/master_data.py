"""Master data content, written by HR only: units, employees, periods, organisation predikat."""

from __future__ import annotations

from datetime import date

from shared_models._content import Content, period_or_error, require
from shared_models.enums import (
    AwardKind,
    DisciplineKind,
    DisciplineLevel,
    EmployeeKind,
    Golongan,
    JabatanKind,
    Jenjang,
    LeaveKind,
    OrgPredikat,
    PeriodKind,
    UnitKind,
)
from shared_models.nip import parse_nip
from shared_models.values import Code, Description, NipStr, PeriodCode, RecordId, ShortText

__all__ = [
    "PP_94_2021_IN_FORCE",
    "Award",
    "Discipline",
    "Employee",
    "Leave",
    "OrgPredikatDecision",
    "PeriodRecord",
    "Unit",
]

LEAVE_MAX_DAYS = 366
"""Longest leave one record covers (cuti besar is up to three months, cuti melahirkan three)."""


class Unit(Content, frozen=True, kw_only=True):
    """UNIT: an organisation unit. Pemkot has no parent; every other unit belongs to an OPD."""

    code: Code
    name: ShortText
    kind: UnitKind
    parent_id: RecordId | None = None
    head_nip: NipStr | None = None
    opd_id: RecordId | None = None
    """The Perangkat Daerah the unit belongs to (its own id for an OPD); free for Pemkot."""

    def __post_init__(self) -> None:
        if self.kind is UnitKind.PEMKOT:
            require(self.parent_id is None, "Pemerintah Kota tidak memiliki unit induk")
        else:
            require(self.parent_id is not None, "unit induk wajib diisi")
            require(self.opd_id is not None, "Perangkat Daerah unit wajib diisi")


class Employee(Content, frozen=True, kw_only=True):
    """EMPLOYEE: a PNS or PPPK and the position they hold."""

    nip: NipStr
    name: ShortText
    kind: EmployeeKind
    golongan: Golongan
    jabatan_name: ShortText
    jabatan_kind: JabatanKind
    jenjang: Jenjang | None = None
    """Functional positions only."""
    unit_id: RecordId
    supervisor_nip: NipStr | None = None
    """Pejabat Penilai Kinerja; None only for the head of the city."""
    active: bool = True
    tmt_jabatan: date | None = None
    """TMT (terhitung mulai tanggal) of the current position: the annual angka kredit of a
    functional position counts the year's months from it (none: the whole year)."""

    def __post_init__(self) -> None:
        parse_nip(self.nip, self.kind)
        is_pppk = self.kind is EmployeeKind.PPPK
        require(
            self.golongan.is_pppk == is_pppk,
            f"golongan {self.golongan.value} tidak berlaku untuk {self.kind.label}",
        )
        require(
            self.jenjang is None or self.jabatan_kind is JabatanKind.FUNGSIONAL,
            "jenjang hanya untuk jabatan fungsional",
        )
        require(self.supervisor_nip != self.nip, "pegawai tidak dapat menilai dirinya sendiri")


class PeriodRecord(Content, frozen=True, kw_only=True):
    """PERIOD: an assessment period as HR opens and closes it (closed periods lock logs)."""

    code: PeriodCode
    year: int
    kind: PeriodKind
    number: int
    first_day: date
    last_day: date
    open: bool = True
    early_final: bool = False
    """BKPP opened annual finalization before the period's last working days
    (``shared_models.record_rules.finalization_problem``)."""

    def __post_init__(self) -> None:
        period = period_or_error(self.code)
        require(
            (self.year, self.kind, self.number, self.first_day, self.last_day)
            == (period.year, period.kind, period.number, period.first_day, period.last_day),
            f"isi periode tidak sesuai dengan kode {self.code}",
        )


class OrgPredikatDecision(Content, frozen=True, kw_only=True):
    """ORG_PREDIKAT: the Predikat Kinerja Organisasi of a unit for a period."""

    unit_id: RecordId
    period_code: PeriodCode
    predikat: OrgPredikat
    decided_by: NipStr


class Leave(Content, frozen=True, kw_only=True):
    """LEAVE: days an employee is away (cuti, sakit, diklat), from ``start`` to ``end``
    inclusive, recorded by HR of the employee's OPD. The app refuses a progress log on them."""

    employee_nip: NipStr
    kind: LeaveKind
    start: date
    end: date
    note: ShortText | None = None

    def __post_init__(self) -> None:
        require(
            self.end >= self.start, f"tanggal akhir {self.end} sebelum tanggal mulai {self.start}"
        )
        require(
            (self.end - self.start).days < LEAVE_MAX_DAYS,
            f"satu catatan cuti paling lama {LEAVE_MAX_DAYS} hari",
        )

    def days(self) -> list[date]:
        """Every day the leave covers, in order."""
        return [
            date.fromordinal(d) for d in range(self.start.toordinal(), self.end.toordinal() + 1)
        ]


PP_94_2021_IN_FORCE = date(2021, 8, 31)
"""PP 94/2021 (Disiplin PNS) took effect on the day it was promulgated; sanctions decided before
it follow PP 53/2010, whose kinds differ."""


class Discipline(Content, frozen=True, kw_only=True):
    """DISCIPLINE: a hukuman disiplin of an employee (PP 94/2021 Pasal 8), recorded by HR of the
    employee's OPD. It reaches the employee's and their supervisors' devices; the rater sees it
    beside Perilaku Kerja, and it is printed in the document and exported."""

    employee_nip: NipStr
    level: DisciplineLevel
    """Tingkat: ringan, sedang or berat; the kind belongs to it."""
    kind: DisciplineKind
    decided_on: date
    """Tanggal keputusan hukuman disiplin."""
    decree_number: ShortText
    """Nomor keputusan."""
    period_code: PeriodCode
    """The assessment period the sanction is recorded against (shown when rating any period
    that overlaps it)."""
    note: ShortText | None = None

    def __post_init__(self) -> None:
        require(
            self.kind.level is self.level,
            f"{self.kind.label} adalah hukuman disiplin tingkat {self.kind.level.label.lower()},"
            f" bukan {self.level.label.lower()} (PP 94/2021 Pasal 8)",
        )
        require(
            self.decided_on >= PP_94_2021_IN_FORCE,
            f"tanggal keputusan {self.decided_on:%d-%m-%Y} sebelum PP 94/2021 berlaku"
            " (31-08-2021); hukuman sebelumnya mengikuti PP 53/2010",
        )
        period_or_error(self.period_code)


class Award(Content, frozen=True, kw_only=True):
    """AWARD: a penghargaan HR decided for an employee for a period (the follow-up of a top
    predikat), with its basis (dasar). It reaches the employee's and their supervisors'
    devices and is exported."""

    employee_nip: NipStr
    period_code: PeriodCode
    """The period whose performance it rewards."""
    kind: AwardKind
    basis: Description
    """Dasar: the decree or decision and what it rests on (e.g. the predikat Sangat Baik)."""
    decided_on: date
    decided_by: NipStr
    """Who recorded the decision (BKPP or the OPD's admin): the writer's own NIP."""

    def __post_init__(self) -> None:
        period_or_error(self.period_code)
        require(
            self.decided_by != self.employee_nip,
            "penghargaan tidak dicatat oleh pegawai yang menerimanya",
        )
