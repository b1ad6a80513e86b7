"""The follow-up of an appraisal as pure rules: angka kredit of a final annual predikat
(prorated by the months in the position from the TMT jabatan), hukuman disiplin (PP 94/2021
Pasal 8) and penghargaan content, and the words every layer shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from shared_models import ContentError, RecordKind, validate_content
from shared_models.enums import DisciplineKind, DisciplineLevel
from shared_models.followup import (
    angka_kredit_months,
    angka_kredit_of,
    award_text,
    discipline_text,
    periods_overlap,
)
from shared_models.record_rules import check_record

NIP = "198609262015051001"
ADMIN = "197503142000031002"


def employee(**changes: Any) -> dict[str, Any]:
    return {
        "nip": NIP,
        "name": "Rudi",
        "kind": "pns",
        "golongan": "III/a",
        "jabatan_name": "Perawat Ahli Pertama",
        "jabatan_kind": "fungsional",
        "jenjang": "ahli_pertama",
        "unit_id": "u-pkm",
        "supervisor_nip": ADMIN,
        **changes,
    }


def appraisal(**changes: Any) -> dict[str, Any]:
    return {
        "employee_nip": NIP,
        "supervisor_nip": ADMIN,
        "period_code": "2025",
        "kind": "tahunan",
        "hasil_kerja": "di_atas_ekspektasi",
        "perilaku_kerja": "di_atas_ekspektasi",
        "predikat": "sangat_baik",
        "status": "final",
        "finalized_at": "2026-01-05T09:00:00Z",
        **changes,
    }


@pytest.mark.parametrize(
    ("tmt", "months"),
    [
        (None, 12),
        (date(2019, 7, 1), 12),
        (date(2025, 1, 1), 12),
        (date(2025, 4, 1), 9),
        (date(2025, 4, 2), 8),
        (date(2025, 12, 1), 1),
        (date(2025, 12, 2), 0),
        (date(2026, 1, 1), 0),
    ],
)
def test_months_in_the_position_come_from_the_tmt_jabatan(tmt: date | None, months: int) -> None:
    assert angka_kredit_months(2025, tmt) == months


def test_the_employee_record_carries_the_tmt_jabatan() -> None:
    content = validate_content(RecordKind.EMPLOYEE, employee(tmt_jabatan="2025-04-01"))
    assert content.tmt_jabatan == date(2025, 4, 1)  # type: ignore[attr-defined]
    assert validate_content(RecordKind.EMPLOYEE, employee()).tmt_jabatan is None  # type: ignore[attr-defined]


def test_angka_kredit_of_a_final_annual_predikat_prorated_by_months() -> None:
    full = angka_kredit_of(employee(), appraisal())
    assert full is not None
    assert full.value == Decimal("18.750")
    assert full.text() == "18,750 (Ahli Pertama: koefisien 12,5 x 150 % x 12/12 bulan)"
    part = angka_kredit_of(employee(tmt_jabatan="2025-04-01"), appraisal(predikat="baik"))
    assert part is not None
    assert (part.value, part.months) == (Decimal("9.375"), 9)
    assert part.text() == "9,375 (Ahli Pertama: koefisien 12,5 x 100 % x 9/12 bulan)"


def test_the_decided_predikat_of_a_granted_keberatan_is_the_one_converted() -> None:
    decided = appraisal(predikat="sangat_baik", original_predikat="kurang_misconduct")
    credit = angka_kredit_of(employee(), decided)
    assert credit is not None
    assert credit.value == Decimal("18.750")


@pytest.mark.parametrize(
    ("person", "rated"),
    [
        (employee(jabatan_kind="pelaksana", jenjang=None), appraisal()),
        (employee(jenjang=None), appraisal()),
        (employee(), appraisal(status="draft")),
        (employee(), appraisal(kind="periodik", period_code="2025-T4")),
        (employee(), appraisal(predikat=None)),
        (employee(tmt_jabatan="2026-02-01"), appraisal()),
        (None, appraisal()),
        (employee(), None),
    ],
)
def test_no_angka_kredit_outside_a_final_annual_predikat_of_a_functional_position(
    person: dict[str, Any] | None, rated: dict[str, Any] | None
) -> None:
    assert angka_kredit_of(person, rated) is None


PASAL_8 = {
    DisciplineLevel.RINGAN: [
        "Teguran lisan",
        "Teguran tertulis",
        "Pernyataan tidak puas secara tertulis",
    ],
    DisciplineLevel.SEDANG: [
        "Pemotongan tunjangan kinerja 25% selama 6 bulan",
        "Pemotongan tunjangan kinerja 25% selama 9 bulan",
        "Pemotongan tunjangan kinerja 25% selama 12 bulan",
    ],
    DisciplineLevel.BERAT: [
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
    ],
}


def test_the_sanctions_of_each_level_are_those_of_pasal_8() -> None:
    found: dict[DisciplineLevel, list[str]] = {}
    for kind in DisciplineKind:
        found.setdefault(kind.level, []).append(kind.label)
    assert found == PASAL_8


def discipline(**changes: Any) -> dict[str, Any]:
    return {
        "employee_nip": NIP,
        "level": "ringan",
        "kind": "teguran_tertulis",
        "decided_on": "2025-06-10",
        "decree_number": "800/71/2025",
        "period_code": "2025",
        **changes,
    }


def test_a_hukuman_disiplin_is_recorded_with_level_kind_date_decree_and_period() -> None:
    content = validate_content(RecordKind.DISCIPLINE, discipline())
    assert content.kind is DisciplineKind.TEGURAN_TERTULIS  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("changes", "path", "detail"),
    [
        (
            {"level": "berat"},
            "$",
            "Teguran tertulis adalah hukuman disiplin tingkat ringan, bukan berat"
            " (PP 94/2021 Pasal 8)",
        ),
        (
            {"decided_on": "2021-08-30"},
            "$",
            "tanggal keputusan 30-08-2021 sebelum PP 94/2021 berlaku (31-08-2021); hukuman"
            " sebelumnya mengikuti PP 53/2010",
        ),
        ({"kind": "skorsing"}, "$.kind", "Invalid enum value 'skorsing'"),
        ({"decree_number": ""}, "$.decree_number", "Expected `str` of length >= 1"),
        ({"period_code": "2025-Q1"}, "$.period_code", None),
    ],
)
def test_a_wrong_hukuman_disiplin_is_refused_naming_the_field(
    changes: dict[str, Any], path: str, detail: str | None
) -> None:
    with pytest.raises(ContentError) as info:
        validate_content(RecordKind.DISCIPLINE, discipline(**changes))
    assert info.value.path == path
    if detail is not None:
        assert info.value.detail == detail


def award(**changes: Any) -> dict[str, Any]:
    return {
        "employee_nip": NIP,
        "period_code": "2025",
        "kind": "pengembangan_talenta",
        "basis": "Keputusan Kepala Dinas 800/45/2026; predikat Sangat Baik 2025",
        "decided_on": "2026-02-02",
        "decided_by": ADMIN,
        **changes,
    }


def test_a_penghargaan_is_not_recorded_by_the_one_who_receives_it() -> None:
    validate_content(RecordKind.AWARD, award())
    with pytest.raises(ContentError, match="tidak dicatat oleh pegawai yang menerimanya"):
        validate_content(RecordKind.AWARD, award(decided_by=NIP))


class Today:
    """The facts a push is judged with; only today matters for these kinds."""

    def today(self) -> date:
        return date(2026, 2, 10)


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (RecordKind.DISCIPLINE, discipline(decided_on="2026-02-11")),
        (RecordKind.AWARD, award(decided_on="2026-02-11")),
    ],
)
def test_a_decision_is_not_dated_after_today(kind: RecordKind, fields: dict[str, Any]) -> None:
    problem = check_record(
        kind,
        "r1",
        NIP,
        fields,
        changed=list(fields),
        created=True,
        actor_nip=ADMIN,
        facts=Today(),  # type: ignore[arg-type]
    )
    assert problem is not None
    assert problem.field == "$.decided_on"
    assert problem.message == "tanggal keputusan 11-02-2026 belum terjadi (hari ini 10-02-2026)"
    fields["decided_on"] = "2026-02-10"
    assert (
        check_record(
            kind,
            "r1",
            NIP,
            fields,
            changed=list(fields),
            created=True,
            actor_nip=ADMIN,
            facts=Today(),  # type: ignore[arg-type]
        )
        is None
    )


def test_a_penghargaan_names_its_recorder_as_decider() -> None:
    problem = check_record(
        RecordKind.AWARD,
        "r1",
        NIP,
        award(),
        changed=["decided_by"],
        created=True,
        actor_nip="199001012015011001",
        facts=Today(),  # type: ignore[arg-type]
    )
    assert problem is not None
    assert problem.field == "$.decided_by"


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ("2025", "2025-T3", True),
        ("2025-T3", "2025", True),
        ("2025-M08", "2025-T3", True),
        ("2025-T2", "2025-T3", False),
        ("2024", "2025", False),
        ("bukan", "2025", False),
    ],
)
def test_periods_overlap(first: str, second: str, overlap: bool) -> None:
    assert periods_overlap(first, second) is overlap


def test_the_words_of_a_sanction_and_of_a_penghargaan() -> None:
    assert discipline_text(discipline(note="Terlambat 10 kali")) == (
        "Hukuman disiplin ringan: Teguran tertulis (keputusan 800/71/2025, 10-06-2025);"
        " Terlambat 10 kali"
    )
    assert award_text(award()) == (
        "Prioritas program pengembangan talenta, Tahun 2025 (dasar: Keputusan Kepala Dinas"
        " 800/45/2026; predikat Sangat Baik 2025; 02-02-2026)"
    )
