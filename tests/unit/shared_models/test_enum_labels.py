"""Enum values are the wire format (they must never change); labels are what users read."""

from __future__ import annotations

from enum import StrEnum

import pytest

from shared_models import (
    AppraisalKind,
    AppraisalStatus,
    Aspect,
    BerakhlakValue,
    EmployeeKind,
    FeedbackKind,
    Golongan,
    JabatanKind,
    Jenjang,
    LabeledEnum,
    ObjectionStatus,
    OrgPredikat,
    PeriodKind,
    Predikat,
    Rating,
    RhkKind,
    SkpApproach,
    SkpStatus,
    UnitKind,
)
from shared_models.enums import Aggregation

VALUES: dict[type[StrEnum], list[str]] = {
    Rating: ["di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi"],
    Predikat: ["sangat_baik", "baik", "butuh_perbaikan", "kurang_misconduct", "sangat_kurang"],
    OrgPredikat: ["istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"],
    Jenjang: [
        "ahli_pertama",
        "ahli_muda",
        "ahli_madya",
        "ahli_utama",
        "pemula",
        "terampil",
        "mahir",
        "penyelia",
    ],
    JabatanKind: [
        "jpt_utama",
        "jpt_madya",
        "jpt_pratama",
        "administrator",
        "pengawas",
        "fungsional",
        "pelaksana",
    ],
    EmployeeKind: ["pns", "pppk"],
    UnitKind: [
        "pemkot",
        "perangkat_daerah",
        "kecamatan",
        "sekretariat",
        "bidang",
        "subbagian",
        "seksi",
        "uptd",
        "puskesmas",
        "sekolah",
        "kelurahan",
    ],
    SkpStatus: ["draft", "diajukan", "disetujui", "dikembalikan"],
    SkpApproach: ["kuantitatif", "kualitatif"],
    RhkKind: ["utama", "tambahan"],
    Aspect: ["kuantitas", "kualitas", "waktu", "biaya"],
    Aggregation: ["jumlah", "terakhir", "rata_rata", "tenggat"],
    PeriodKind: ["tahunan", "triwulan", "bulanan"],
    AppraisalKind: ["periodik", "tahunan"],
    AppraisalStatus: ["draft", "final"],
    ObjectionStatus: ["diajukan", "dikabulkan", "ditolak"],
    FeedbackKind: ["umpan_balik", "dialog_kinerja"],
    BerakhlakValue: [
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    ],
}


@pytest.mark.parametrize(
    ("enum", "values"), VALUES.items(), ids=lambda x: getattr(x, "__name__", "")
)
def test_values_are_fixed(enum: type[StrEnum], values: list[str]) -> None:
    assert [m.value for m in enum] == values


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (Rating.DI_ATAS_EKSPEKTASI, "Di Atas Ekspektasi"),
        (Rating.SESUAI_EKSPEKTASI, "Sesuai Ekspektasi"),
        (Rating.DI_BAWAH_EKSPEKTASI, "Di Bawah Ekspektasi"),
        (Predikat.SANGAT_BAIK, "Sangat Baik"),
        (Predikat.KURANG_MISCONDUCT, "Kurang/Misconduct"),
        (Predikat.BUTUH_PERBAIKAN, "Butuh Perbaikan"),
        (OrgPredikat.ISTIMEWA, "Istimewa"),
        (OrgPredikat.KURANG, "Kurang"),
        (Jenjang.AHLI_PERTAMA, "Ahli Pertama"),
        (JabatanKind.JPT_PRATAMA, "JPT Pratama"),
        (EmployeeKind.PPPK, "PPPK"),
        (UnitKind.UPTD, "UPTD"),
        (UnitKind.PEMKOT, "Pemerintah Kota"),
        (SkpStatus.DRAFT, "Draf"),
        (ObjectionStatus.DIKABULKAN, "Dikabulkan (predikat diubah)"),
        (ObjectionStatus.DITOLAK, "Ditolak (predikat tetap)"),
        (BerakhlakValue.BERORIENTASI_PELAYANAN, "Berorientasi Pelayanan"),
        (FeedbackKind.DIALOG_KINERJA, "Dialog Kinerja"),
        (Golongan.III_A, "Penata Muda (III/a)"),
        (Golongan.PPPK_IX, "Golongan IX"),
    ],
)
def test_labels(member: LabeledEnum, label: str) -> None:
    assert member.label == label


@pytest.mark.parametrize("enum", [*VALUES, Golongan])
def test_every_member_has_a_label(enum: type[LabeledEnum]) -> None:
    assert all(member.label for member in enum)


def test_golongan_pns_has_17_grades_with_pangkat() -> None:
    pns = [g for g in Golongan if not g.is_pppk]
    assert [g.value for g in pns] == [
        f"{ruang}/{letter}"
        for ruang, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
        for letter in letters
    ]
    assert Golongan.I_A.pangkat == "Juru Muda"
    assert Golongan.III_A.pangkat == "Penata Muda"
    assert Golongan.III_D.pangkat == "Penata Tingkat I"
    assert Golongan.IV_C.pangkat == "Pembina Utama Muda"
    assert Golongan.IV_E.pangkat == "Pembina Utama"
    assert all(g.pangkat for g in pns)


def test_golongan_pppk_has_17_grades() -> None:
    pppk = [g for g in Golongan if g.is_pppk]
    assert [g.value for g in pppk] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
        "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
    ]  # fmt: skip
    assert all(g.pangkat is None for g in pppk)


def test_managerial_positions() -> None:
    assert {j for j in JabatanKind if j.is_managerial} == {
        JabatanKind.JPT_UTAMA,
        JabatanKind.JPT_MADYA,
        JabatanKind.JPT_PRATAMA,
        JabatanKind.ADMINISTRATOR,
        JabatanKind.PENGAWAS,
    }


def test_opd_units() -> None:
    assert {u for u in UnitKind if u.is_opd} == {UnitKind.PERANGKAT_DAERAH, UnitKind.KECAMATAN}
