"""Record content: every kind decodes, errors name the path, cross-field rules hold."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from shared_models import (
    CONTENT_TYPES,
    Appraisal,
    AppraisalKind,
    ContentError,
    Predikat,
    ProgressLog,
    Rating,
    RecordKind,
    encode_content,
    validate_content,
)

NIP = "198609262015051001"
BOSS = "197503142000031002"
ATASAN = "196801011990011001"
PPPK = "199312282025212001"
SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
ID = "01890a5d-ac96-774b-bcce-b302099a8057"


def valid(kind: RecordKind) -> dict[str, Any]:
    """A minimal valid content of each kind, as builtin types (as it arrives on the wire)."""
    samples: dict[RecordKind, dict[str, Any]] = {
        RecordKind.UNIT: {
            "code": "1.02.01",
            "name": "Puskesmas Halmahera",
            "kind": "puskesmas",
            "parent_id": "dinkes",
            "opd_id": "dinkes",
            "head_nip": BOSS,
        },
        RecordKind.EMPLOYEE: {
            "nip": NIP,
            "name": "Siti Rahayu",
            "kind": "pns",
            "golongan": "III/a",
            "jabatan_name": "Perawat Ahli Pertama",
            "jabatan_kind": "fungsional",
            "jenjang": "ahli_pertama",
            "unit_id": ID,
            "supervisor_nip": BOSS,
        },
        RecordKind.PERIOD: {
            "code": "2026-T1",
            "year": 2026,
            "kind": "triwulan",
            "number": 1,
            "first_day": "2026-01-01",
            "last_day": "2026-03-31",
        },
        RecordKind.ORG_PREDIKAT: {
            "unit_id": ID,
            "period_code": "2026",
            "predikat": "istimewa",
            "decided_by": BOSS,
        },
        RecordKind.SKP: {
            "employee_nip": NIP,
            "year": 2026,
            "approach": "kuantitatif",
            "status": "diajukan",
            "supervisor_nip": BOSS,
            "rhk": [
                {
                    "id": "rhk-1",
                    "kind": "utama",
                    "text": "Terlaksananya pelayanan keperawatan",
                    "parent_rhk_id": "boss-rhk-1",
                    "indicators": [
                        {
                            "id": "ind-1",
                            "aspect": "kuantitas",
                            "text": "Jumlah pasien yang dilayani",
                            "target_value": 120,
                            "target_unit": "pasien",
                        }
                    ],
                    "rencana_aksi": [{"id": "ra-1", "text": "Posyandu lansia"}],
                }
            ],
            "perilaku": [{"value": "akuntabel", "ekspektasi_khusus": "Tepat waktu"}],
            "lampiran": {"dukungan_sumber_daya": "Alat kesehatan"},
        },
        RecordKind.PROGRESS_LOG: {
            "employee_nip": NIP,
            "skp_id": ID,
            "indicator_id": "ind-1",
            "date": "2026-03-31",
            "start_time": "07:30",
            "end_time": "12:00",
            "value": 14,
            "unit": "pasien",
            "description": "Pelayanan posyandu lansia RW 03",
            "evidence": [SHA],
            "place": "Kelurahan Bugangan",
            "latitude": -6.98,
            "longitude": 110.43,
        },
        RecordKind.SELF_ASSESSMENT: {
            "employee_nip": NIP,
            "period_code": "2026-T1",
            "hasil_kerja_rating": "sesuai_ekspektasi",
            "perilaku": [{"value": "kompeten", "rating": "di_atas_ekspektasi"}],
            "realisations": {"ind-1": 118},
            "submitted": True,
        },
        RecordKind.FEEDBACK: {
            "employee_nip": NIP,
            "author_nip": BOSS,
            "text": "Laporan posyandu sudah rapi.",
            "kind": "umpan_balik",
            "about_value": "akuntabel",
        },
        RecordKind.APPRAISAL: {
            "employee_nip": NIP,
            "supervisor_nip": BOSS,
            "period_code": "2026",
            "kind": "tahunan",
            "hasil_kerja": "di_atas_ekspektasi",
            "perilaku_kerja": "sesuai_ekspektasi",
            "predikat": "baik",
            "status": "final",
            "finalized_at": "2027-01-20T09:00:00Z",
        },
        RecordKind.LEAVE: {
            "employee_nip": NIP,
            "kind": "cuti_tahunan",
            "start": "2026-11-23",
            "end": "2026-11-25",
            "note": "SK cuti 800/123",
        },
        RecordKind.DISCIPLINE: {
            "employee_nip": NIP,
            "level": "sedang",
            "kind": "potongan_tukin_6_bulan",
            "decided_on": "2026-03-12",
            "decree_number": "800/12/2026",
            "period_code": "2026",
            "note": "Tidak masuk kerja 12 hari tanpa alasan sah",
        },
        RecordKind.AWARD: {
            "employee_nip": NIP,
            "period_code": "2025",
            "kind": "pengembangan_talenta",
            "basis": "Keputusan Kepala Dinas 800/45/2026; predikat Sangat Baik 2025",
            "decided_on": "2026-02-02",
            "decided_by": ATASAN,
        },
        RecordKind.OBJECTION: {
            "employee_nip": NIP,
            "appraisal_id": ID,
            "reason": "Capaian triwulan IV belum diperhitungkan.",
            "filed_on": "2027-01-25",
            "status": "dikabulkan",
            "decided_by": ATASAN,
            "decision_reason": "Bukti dukung lengkap.",
            "new_predikat": "sangat_baik",
        },
    }
    return samples[kind]


def with_(record_kind: RecordKind, /, **changes: Any) -> dict[str, Any]:
    fields = valid(record_kind)
    fields.update(changes)
    return fields


def test_every_record_kind_has_a_content_type() -> None:
    assert set(CONTENT_TYPES) == set(RecordKind)


@pytest.mark.parametrize("kind", list(RecordKind))
def test_valid_content_round_trips(kind: RecordKind) -> None:
    content = validate_content(kind, valid(kind))
    assert isinstance(content, CONTENT_TYPES[kind])
    assert validate_content(kind, encode_content(content)) == content


@pytest.mark.parametrize("kind", list(RecordKind))
def test_unknown_fields_are_ignored(kind: RecordKind) -> None:
    """Schema evolution: a newer app's extra field does not break an older reader."""
    assert validate_content(kind, with_(kind, added_in_v9="x")) == validate_content(
        kind, valid(kind)
    )


def test_progress_log_types() -> None:
    log = validate_content(RecordKind.PROGRESS_LOG, valid(RecordKind.PROGRESS_LOG))
    assert isinstance(log, ProgressLog)
    assert log.date == date(2026, 3, 31)
    assert log.value == 14.0


def assert_error(kind: RecordKind, fields: dict[str, Any], path: str, detail: str) -> None:
    with pytest.raises(ContentError) as info:
        validate_content(kind, fields)
    error = info.value
    assert (error.kind, error.path, error.detail) == (kind, path, detail)
    assert str(error) == f"isi {kind.value} tidak valid: {path}: {detail}"


LOG = RecordKind.PROGRESS_LOG


@pytest.mark.parametrize(
    ("kind", "fields", "path", "detail"),
    [
        (LOG, with_(LOG, value=-1), "$.value", "Expected `float` >= 0.0"),
        (LOG, with_(LOG, value="14"), "$.value", "Expected `float`, got `str`"),
        (
            LOG,
            with_(LOG, evidence=[SHA, "abc"]),
            "$.evidence[1]",
            "Expected `str` matching regex '^[0-9a-f]{64}$'",
        ),
        (
            LOG,
            with_(LOG, start_time="7:30"),
            "$.start_time",
            "Expected `str` matching regex '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$'",
        ),
        (LOG, with_(LOG, date="2026-02-30"), "$.date", "Invalid RFC3339 encoded date"),
        (LOG, with_(LOG, description=""), "$.description", "Expected `str` of length >= 1"),
        (LOG, with_(LOG, latitude=95), "$.latitude", "Expected `float` <= 90.0"),
        (
            RecordKind.SKP,
            {
                **valid(RecordKind.SKP),
                "rhk": [
                    {
                        **valid(RecordKind.SKP)["rhk"][0],
                        "indicators": [
                            {**valid(RecordKind.SKP)["rhk"][0]["indicators"][0], "target_value": -5}
                        ],
                    }
                ],
            },
            "$.rhk[0].indicators[0].target_value",
            "Expected `float` >= 0.0",
        ),
        (
            RecordKind.SKP,
            with_(RecordKind.SKP, perilaku=[{"value": "jujur"}]),
            "$.perilaku[0].value",
            "Invalid enum value 'jujur'",
        ),
        (
            RecordKind.EMPLOYEE,
            {k: v for k, v in valid(RecordKind.EMPLOYEE).items() if k != "nip"},
            "$",
            "Object missing required field `nip`",
        ),
        (RecordKind.UNIT, ["not", "an", "object"], "$", "Expected `object`, got `array`"),
    ],
)
def test_type_errors_name_the_path(
    kind: RecordKind, fields: dict[str, Any], path: str, detail: str
) -> None:
    assert_error(kind, fields, path, detail)


APPRAISAL = RecordKind.APPRAISAL
EMPLOYEE = RecordKind.EMPLOYEE
OBJECTION = RecordKind.OBJECTION


@pytest.mark.parametrize(
    ("kind", "fields", "detail"),
    [
        (
            LOG,
            with_(LOG, start_time="12:00", end_time="07:30"),
            "jam selesai 07:30 harus setelah jam mulai 12:00",
        ),
        (
            LOG,
            with_(LOG, start_time="08:00", end_time="08:00"),
            "jam selesai 08:00 harus setelah jam mulai 08:00",
        ),
        (
            LOG,
            with_(LOG, end_time=None),
            "jam mulai dan jam selesai harus diisi keduanya atau tidak sama sekali",
        ),
        (
            LOG,
            with_(LOG, longitude=None),
            "lintang dan bujur harus diisi keduanya atau tidak sama sekali",
        ),
        (LOG, with_(LOG, evidence=[SHA, SHA]), f"bukti '{SHA}' muncul lebih dari sekali"),
        (
            LOG,
            with_(LOG, acknowledged_by=NIP),
            "catatan tidak dapat dikonfirmasi oleh pegawai sendiri",
        ),
        (EMPLOYEE, with_(EMPLOYEE, nip="198602312015051001"), "tanggal lahir 19860231 tidak valid"),
        (EMPLOYEE, with_(EMPLOYEE, golongan="IX"), "golongan IX tidak berlaku untuk PNS"),
        (
            EMPLOYEE,
            with_(EMPLOYEE, nip=PPPK, kind="pppk"),
            "golongan III/a tidak berlaku untuk PPPK",
        ),
        (
            EMPLOYEE,
            with_(EMPLOYEE, jabatan_kind="pelaksana"),
            "jenjang hanya untuk jabatan fungsional",
        ),
        (
            EMPLOYEE,
            with_(EMPLOYEE, supervisor_nip=NIP),
            "pegawai tidak dapat menilai dirinya sendiri",
        ),
        (
            RecordKind.UNIT,
            with_(RecordKind.UNIT, kind="pemkot"),
            "Pemerintah Kota tidak memiliki unit induk",
        ),
        (RecordKind.UNIT, with_(RecordKind.UNIT, parent_id=None), "unit induk wajib diisi"),
        (
            RecordKind.PERIOD,
            with_(RecordKind.PERIOD, last_day="2026-04-01"),
            "isi periode tidak sesuai dengan kode 2026-T1",
        ),
        (
            RecordKind.SKP,
            with_(RecordKind.SKP, rhk=[]),
            "SKP yang diajukan harus memiliki minimal satu RHK utama",
        ),
        (
            RecordKind.SKP,
            with_(RecordKind.SKP, status="dikembalikan"),
            "SKP yang dikembalikan harus diberi catatan",
        ),
        (
            RecordKind.SKP,
            with_(RecordKind.SKP, perilaku=[{"value": "loyal"}, {"value": "loyal"}]),
            "perilaku 'loyal' muncul lebih dari sekali",
        ),
        (
            RecordKind.SELF_ASSESSMENT,
            with_(RecordKind.SELF_ASSESSMENT, hasil_kerja_rating=None),
            "penilaian mandiri yang dikirim harus memiliki rating hasil kerja",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, predikat="sangat_baik"),
            "predikat harus Baik untuk hasil kerja Di Atas Ekspektasi "
            "dan perilaku kerja Sesuai Ekspektasi",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, predikat=None, status="draft", finalized_at=None),
            "predikat harus Baik untuk hasil kerja Di Atas Ekspektasi "
            "dan perilaku kerja Sesuai Ekspektasi",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, perilaku_kerja=None, status="draft", finalized_at=None),
            "predikat hanya diisi jika kedua rating sudah diisi",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, hasil_kerja=None, predikat=None),
            "penilaian final harus memiliki kedua rating dan predikat",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, finalized_at=None),
            "waktu finalisasi diisi jika dan hanya jika penilaian final",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, period_code="2026-T1"),
            "penilaian tahunan tidak sesuai dengan periode 2026-T1",
        ),
        (
            APPRAISAL,
            with_(APPRAISAL, supervisor_nip=NIP),
            "pegawai tidak dapat menilai dirinya",
        ),
        (
            OBJECTION,
            with_(OBJECTION, new_predikat=None),
            "keberatan dikabulkan: predikat baru wajib",
        ),
        (
            OBJECTION,
            with_(OBJECTION, status="ditolak"),
            "keberatan ditolak: predikat tetap, tanpa predikat baru",
        ),
        (
            OBJECTION,
            with_(OBJECTION, decision_reason=" "),
            "alasan keputusan keberatan wajib diisi",
        ),
        (
            OBJECTION,
            with_(OBJECTION, status="diajukan"),
            "keberatan yang belum diputus tidak boleh memiliki keputusan",
        ),
        (OBJECTION, with_(OBJECTION, decided_by=None), "pemutus keberatan wajib diisi"),
    ],
)
def test_cross_field_rules(kind: RecordKind, fields: dict[str, Any], detail: str) -> None:
    assert_error(kind, fields, "$", detail)


def test_nested_cross_field_error_names_its_path() -> None:
    skp = valid(RecordKind.SKP)
    skp["rhk"] = [skp["rhk"][0], {**skp["rhk"][0], "indicators": []}]
    assert_error(RecordKind.SKP, skp, "$", "RHK 'rhk-1' muncul lebih dari sekali")


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku_kerja", "predikat"),
    [
        (Rating.DI_ATAS_EKSPEKTASI, Rating.DI_ATAS_EKSPEKTASI, Predikat.SANGAT_BAIK),
        (Rating.DI_BAWAH_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI, Predikat.SANGAT_KURANG),
        (Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI, Predikat.KURANG_MISCONDUCT),
        (Rating.DI_BAWAH_EKSPEKTASI, Rating.DI_ATAS_EKSPEKTASI, Predikat.BUTUH_PERBAIKAN),
    ],
)
def test_appraisal_accepts_the_quadrant_result(
    hasil_kerja: Rating, perilaku_kerja: Rating, predikat: Predikat
) -> None:
    fields = with_(
        APPRAISAL,
        hasil_kerja=hasil_kerja.value,
        perilaku_kerja=perilaku_kerja.value,
        predikat=predikat.value,
    )
    appraisal = validate_content(APPRAISAL, fields)
    assert isinstance(appraisal, Appraisal)
    assert appraisal.predikat is predikat


def test_draft_appraisal_may_be_empty() -> None:
    appraisal = validate_content(
        APPRAISAL,
        {"employee_nip": NIP, "supervisor_nip": BOSS, "period_code": "2026-T2", "kind": "periodik"},
    )
    assert isinstance(appraisal, Appraisal)
    assert appraisal.predikat is None


def test_constructing_directly_checks_the_quadrant_too() -> None:
    with pytest.raises(ValueError, match="predikat harus Sangat Baik"):
        Appraisal(
            employee_nip=NIP,
            supervisor_nip=BOSS,
            period_code="2026-T1",
            kind=AppraisalKind.PERIODIK,
            hasil_kerja=Rating.DI_ATAS_EKSPEKTASI,
            perilaku_kerja=Rating.DI_ATAS_EKSPEKTASI,
            predikat=Predikat.BAIK,
        )


def test_pppk_employee() -> None:
    fields = with_(EMPLOYEE, nip=PPPK, kind="pppk", golongan="IX")
    assert validate_content(EMPLOYEE, fields)


def test_content_is_frozen() -> None:
    log = validate_content(LOG, valid(LOG))
    with pytest.raises(AttributeError):
        log.value = 3  # type: ignore[attr-defined]


def test_leave_covers_its_days_and_checks_its_range() -> None:
    leave = validate_content(RecordKind.LEAVE, valid(RecordKind.LEAVE))
    assert leave.days() == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]  # type: ignore[attr-defined]
    with pytest.raises(ContentError, match="sebelum tanggal mulai"):
        validate_content(RecordKind.LEAVE, with_(RecordKind.LEAVE, end="2026-11-22"))
    with pytest.raises(ContentError, match="paling lama"):
        validate_content(RecordKind.LEAVE, with_(RecordKind.LEAVE, end="2028-01-01"))
    with pytest.raises(ContentError) as err:
        validate_content(RecordKind.LEAVE, with_(RecordKind.LEAVE, kind="libur"))
    assert err.value.path == "$.kind"
