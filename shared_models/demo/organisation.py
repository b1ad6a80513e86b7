"""The shape of Kota Semarang's organisation used by the demo data.

A blueprint lists units (Perangkat Daerah, Bidang, UPTD such as Puskesmas, schools, Kecamatan),
the job of each unit's head, and the jobs its staff cycle through. The generator turns it into
people, NIPs and SKPs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["UnitPlan", "blueprint"]

PUSKESMAS = (
    "Halmahera",
    "Bandarharjo",
    "Ngesrep",
    "Kedungmundu",
    "Poncol",
    "Miroto",
    "Pandanaran",
    "Lamper Tengah",
    "Bugangan",
    "Karangdoro",
    "Pegandan",
    "Gayamsari",
    "Candilama",
    "Kagok",
    "Tlogosari Kulon",
    "Tlogosari Wetan",
    "Genuk",
    "Bangetayu",
    "Karangmalang",
    "Mijen",
    "Tambakaji",
    "Purwoyoso",
    "Ngaliyan",
    "Manyaran",
    "Krobokan",
    "Lebdosari",
    "Karanganyar",
    "Ngemplak Simongan",
    "Bulu Lor",
    "Sekaran",
    "Padangsari",
    "Pudakpayung",
    "Srondol",
    "Kedungmundu Timur",
    "Rowosari",
    "Tlogosari Barat",
    "Gunungpati",
    "Karangayu",
)
KECAMATAN = (
    "Semarang Tengah",
    "Semarang Utara",
    "Semarang Timur",
    "Semarang Selatan",
    "Semarang Barat",
    "Gayamsari",
    "Candisari",
    "Gajahmungkur",
    "Genuk",
    "Pedurungan",
    "Tembalang",
    "Banyumanik",
    "Gunungpati",
    "Mijen",
    "Ngaliyan",
    "Tugu",
)
SCHOOLS = (
    "SD Negeri Pekunden",
    "SD Negeri Sampangan 01",
    "SMP Negeri 2 Semarang",
    "SMP Negeri 5 Semarang",
)

_PUSKESMAS_STAFF = (
    "perawat",
    "bidan",
    "perawat",
    "dokter",
    "perawat",
    "bidan",
    "pengadministrasi",
    "perawat",
)
_SCHOOL_STAFF = ("guru", "guru", "guru", "pengadministrasi", "guru")


@dataclass(slots=True)
class UnitPlan:
    """One unit to create: its kind, name, head job and the jobs of its staff, in cycle order."""

    key: str
    kind: str
    name: str
    code: str
    parent: str | None
    head_job: str
    head_title: str
    staff_jobs: tuple[str, ...] = ()
    weight: int = 0  # share of the staff drawn to this unit
    admin_role: str | None = None  # admin role granted to the first staff member of the unit
    children: list[str] = field(default_factory=list)


def _opd(key: str, name: str, code: str, head_title: str) -> UnitPlan:
    return UnitPlan(key, "perangkat_daerah", name, code, "pemkot", "kepala_opd", head_title)


def blueprint(puskesmas: int, schools: int, kecamatan: int) -> list[UnitPlan]:
    """Units in creation order: every parent comes before its children."""
    plans = [
        UnitPlan("pemkot", "pemkot", "Pemerintah Kota Semarang", "PEMKOT", None, "", ""),
        UnitPlan(
            "setda",
            "perangkat_daerah",
            "Sekretariat Daerah",
            "SETDA",
            "pemkot",
            "sekda",
            "Sekretaris Daerah Kota Semarang",
        ),
        _opd(
            "bkpp",
            "Badan Kepegawaian, Pendidikan dan Pelatihan",
            "BKPP",
            "Kepala Badan Kepegawaian, Pendidikan dan Pelatihan",
        ),
        UnitPlan(
            "bkpp_pk",
            "bidang",
            "Bidang Penilaian Kinerja dan Penghargaan",
            "BKPP-PK",
            "bkpp",
            "kepala_bidang",
            "Kepala Bidang Penilaian Kinerja dan Penghargaan",
            ("analis_sdm", "analis_sdm", "pengadministrasi"),
            2,
            "admin_bkpp",
        ),
        _opd("dinkes", "Dinas Kesehatan", "DINKES", "Kepala Dinas Kesehatan"),
        UnitPlan(
            "dinkes_yankes",
            "bidang",
            "Bidang Pelayanan Kesehatan",
            "DINKES-YANKES",
            "dinkes",
            "kepala_bidang",
            "Kepala Bidang Pelayanan Kesehatan",
            ("pengadministrasi", "analis_sdm"),
            1,
            "admin_opd",
        ),
        _opd("disdik", "Dinas Pendidikan", "DISDIK", "Kepala Dinas Pendidikan"),
        UnitPlan(
            "disdik_sd",
            "bidang",
            "Bidang Pembinaan Sekolah Dasar",
            "DISDIK-SD",
            "disdik",
            "kepala_bidang",
            "Kepala Bidang Pembinaan Sekolah Dasar",
            ("pengadministrasi",),
            1,
            "admin_opd",
        ),
        _opd(
            "dukcapil",
            "Dinas Kependudukan dan Pencatatan Sipil",
            "DISDUKCAPIL",
            "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        ),
        UnitPlan(
            "dukcapil_dafduk",
            "bidang",
            "Bidang Pelayanan Pendaftaran Penduduk",
            "DUKCAPIL-DAFDUK",
            "dukcapil",
            "kepala_bidang",
            "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        ),
        UnitPlan(
            "dukcapil_ktp",
            "seksi",
            "Seksi Identitas Penduduk",
            "DUKCAPIL-KTP",
            "dukcapil_dafduk",
            "kepala_seksi",
            "Kepala Seksi Identitas Penduduk",
            ("pengelola_layanan",),
            3,
        ),
    ]
    for i, name in enumerate(PUSKESMAS[:puskesmas]):
        plans.append(
            UnitPlan(
                f"pkm{i}",
                "puskesmas",
                f"Puskesmas {name}",
                f"PKM-{i + 1:02d}",
                "dinkes",
                "kepala_puskesmas",
                f"Kepala Puskesmas {name}",
                _PUSKESMAS_STAFF,
                8,
            )
        )
    for i in range(schools):
        name = SCHOOLS[i] if i < len(SCHOOLS) else _school_name(i)
        plans.append(
            UnitPlan(
                f"sch{i}",
                "sekolah",
                name,
                f"SCH-{i + 1:03d}",
                "disdik",
                "kepala_sekolah",
                f"Kepala {name}",
                _SCHOOL_STAFF,
                5,
            )
        )
    for i, name in enumerate(KECAMATAN[:kecamatan]):
        plans.append(
            UnitPlan(
                f"kec{i}",
                "kecamatan",
                f"Kecamatan {name}",
                f"KEC-{i + 1:02d}",
                "pemkot",
                "kepala_opd",
                f"Camat {name}",
            )
        )
        plans.append(
            UnitPlan(
                f"kec{i}_pem",
                "seksi",
                "Seksi Pemerintahan",
                f"KEC-{i + 1:02d}-PEM",
                f"kec{i}",
                "kepala_seksi",
                f"Kepala Seksi Pemerintahan Kecamatan {name}",
                ("pengadministrasi", "pengelola_layanan"),
                2,
            )
        )
    return plans


def _school_name(i: int) -> str:
    """Generated school names beyond the four real ones (scale mode)."""
    if i % 3 == 2:
        return f"SMP Negeri {i // 3 + 6} Semarang"
    return f"SD Negeri {KECAMATAN[i % len(KECAMATAN)]} {i // len(KECAMATAN) + 1:02d}"
