"""The closed vocabularies of the domain, as string enums with Bahasa Indonesia labels.

Values are snake_case and travel on the wire and in the database as they are; ``label`` is the
text a user reads. A value never changes once released (schema evolution contract); labels may.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "Aggregation",
    "AppraisalKind",
    "AppraisalStatus",
    "Aspect",
    "AwardKind",
    "BerakhlakValue",
    "DisciplineKind",
    "DisciplineLevel",
    "EmployeeKind",
    "FeedbackKind",
    "Gender",
    "Golongan",
    "JabatanKind",
    "Jenjang",
    "LabeledEnum",
    "LeaveKind",
    "ObjectionStatus",
    "OrgPredikat",
    "PeriodKind",
    "Predikat",
    "Rating",
    "RhkKind",
    "SkpApproach",
    "SkpStatus",
    "UnitKind",
]

# Labels per enum class, keyed by value. Filled by ``_labels`` right after each class.
_LABELS: dict[type[LabeledEnum], dict[str, str]] = {}


class LabeledEnum(StrEnum):
    """A string enum whose members carry a display label in Bahasa Indonesia."""

    @property
    def label(self) -> str:
        """The text shown to users, e.g. ``"Di Atas Ekspektasi"``."""
        return _LABELS[type(self)][self.value]


def _labels(cls: type[LabeledEnum], labels: dict[str, str]) -> None:
    """Register the labels of ``cls``; every member needs exactly one."""
    values = {member.value for member in cls}
    if set(labels) != values:
        raise RuntimeError(f"labels of {cls.__name__} do not match its values")
    _LABELS[cls] = labels


class Rating(LabeledEnum):
    """Rating Hasil Kerja and Rating Perilaku Kerja."""

    DI_ATAS_EKSPEKTASI = "di_atas_ekspektasi"
    SESUAI_EKSPEKTASI = "sesuai_ekspektasi"
    DI_BAWAH_EKSPEKTASI = "di_bawah_ekspektasi"


_labels(
    Rating,
    {
        "di_atas_ekspektasi": "Di Atas Ekspektasi",
        "sesuai_ekspektasi": "Sesuai Ekspektasi",
        "di_bawah_ekspektasi": "Di Bawah Ekspektasi",
    },
)


class Predikat(LabeledEnum):
    """Predikat Kinerja Pegawai: the result of the quadrant."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG_MISCONDUCT = "kurang_misconduct"
    SANGAT_KURANG = "sangat_kurang"


_labels(
    Predikat,
    {
        "sangat_baik": "Sangat Baik",
        "baik": "Baik",
        "butuh_perbaikan": "Butuh Perbaikan",
        "kurang_misconduct": "Kurang/Misconduct",
        "sangat_kurang": "Sangat Kurang",
    },
)


class OrgPredikat(LabeledEnum):
    """Predikat Kinerja Organisasi (SE MenPANRB 3/2023)."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


_labels(
    OrgPredikat,
    {
        "istimewa": "Istimewa",
        "baik": "Baik",
        "butuh_perbaikan": "Butuh Perbaikan",
        "kurang": "Kurang",
        "sangat_kurang": "Sangat Kurang",
    },
)


class Jenjang(LabeledEnum):
    """Jenjang of a functional position: keahlian (Ahli ...) and keterampilan."""

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    PEMULA = "pemula"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"


_labels(
    Jenjang,
    {
        "ahli_pertama": "Ahli Pertama",
        "ahli_muda": "Ahli Muda",
        "ahli_madya": "Ahli Madya",
        "ahli_utama": "Ahli Utama",
        "pemula": "Pemula",
        "terampil": "Terampil",
        "mahir": "Mahir",
        "penyelia": "Penyelia",
    },
)


class JabatanKind(LabeledEnum):
    """Kind of position (UU 20/2023): managerial (JPT, Administrator, Pengawas) or not."""

    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"

    @property
    def is_managerial(self) -> bool:
        """Jabatan Manajerial: JPT, Administrator and Pengawas."""
        return self not in (JabatanKind.FUNGSIONAL, JabatanKind.PELAKSANA)


_labels(
    JabatanKind,
    {
        "jpt_utama": "JPT Utama",
        "jpt_madya": "JPT Madya",
        "jpt_pratama": "JPT Pratama",
        "administrator": "Administrator",
        "pengawas": "Pengawas",
        "fungsional": "Fungsional",
        "pelaksana": "Pelaksana",
    },
)


class EmployeeKind(LabeledEnum):
    """PNS or PPPK."""

    PNS = "pns"
    PPPK = "pppk"


_labels(EmployeeKind, {"pns": "PNS", "pppk": "PPPK"})


class UnitKind(LabeledEnum):
    """Level or kind of an organisation unit.

    Pemkot -> Perangkat Daerah (Dinas, Badan) or Kecamatan -> Sekretariat/Bidang ->
    Subbagian/Seksi/UPTD; Puskesmas are UPTD of Dinas Kesehatan, schools sit under Dinas
    Pendidikan, Kelurahan under a Kecamatan.
    """

    PEMKOT = "pemkot"
    PERANGKAT_DAERAH = "perangkat_daerah"
    KECAMATAN = "kecamatan"
    SEKRETARIAT = "sekretariat"
    BIDANG = "bidang"
    SUBBAGIAN = "subbagian"
    SEKSI = "seksi"
    UPTD = "uptd"
    PUSKESMAS = "puskesmas"
    SEKOLAH = "sekolah"
    KELURAHAN = "kelurahan"

    @property
    def is_opd(self) -> bool:
        """True for a Perangkat Daerah (Dinas, Badan, Kecamatan): the unit an Admin OPD runs."""
        return self in (UnitKind.PERANGKAT_DAERAH, UnitKind.KECAMATAN)


_labels(
    UnitKind,
    {
        "pemkot": "Pemerintah Kota",
        "perangkat_daerah": "Perangkat Daerah",
        "kecamatan": "Kecamatan",
        "sekretariat": "Sekretariat",
        "bidang": "Bidang",
        "subbagian": "Subbagian",
        "seksi": "Seksi",
        "uptd": "UPTD",
        "puskesmas": "Puskesmas",
        "sekolah": "Sekolah",
        "kelurahan": "Kelurahan",
    },
)


class SkpStatus(LabeledEnum):
    """Status of an SKP: draft -> diajukan -> disetujui, or dikembalikan with a note."""

    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DISETUJUI = "disetujui"
    DIKEMBALIKAN = "dikembalikan"


_labels(
    SkpStatus,
    {
        "draft": "Draf",
        "diajukan": "Diajukan",
        "disetujui": "Disetujui",
        "dikembalikan": "Dikembalikan",
    },
)


class SkpApproach(LabeledEnum):
    """Pendekatan SKP."""

    KUANTITATIF = "kuantitatif"
    KUALITATIF = "kualitatif"


_labels(SkpApproach, {"kuantitatif": "Kuantitatif", "kualitatif": "Kualitatif"})


class RhkKind(LabeledEnum):
    """RHK utama or tambahan."""

    UTAMA = "utama"
    TAMBAHAN = "tambahan"


_labels(RhkKind, {"utama": "Utama", "tambahan": "Tambahan"})


class Aspect(LabeledEnum):
    """Aspect of an Indikator Kinerja Individu."""

    KUANTITAS = "kuantitas"
    KUALITAS = "kualitas"
    WAKTU = "waktu"
    BIAYA = "biaya"


_labels(
    Aspect,
    {"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya"},
)


class Aggregation(LabeledEnum):
    """How an indicator's progress logs make its realisation (``shared_models.realisation``)."""

    JUMLAH = "jumlah"  # counts add up (kunjungan, kegiatan, dokumen)
    TERAKHIR = "terakhir"  # a level: the latest measurement (persentase, indeks)
    RATA_RATA = "rata_rata"  # a level the SKP states as the average of the measurements
    TENGGAT = "tenggat"  # a time indicator: when the work was done, against the deadline


_labels(
    Aggregation,
    {
        "jumlah": "Jumlah",
        "terakhir": "Nilai terakhir",
        "rata_rata": "Rata-rata",
        "tenggat": "Tenggat waktu",
    },
)


class PeriodKind(LabeledEnum):
    """Length of an assessment period."""

    TAHUNAN = "tahunan"
    TRIWULAN = "triwulan"
    BULANAN = "bulanan"


_labels(PeriodKind, {"tahunan": "Tahunan", "triwulan": "Triwulan", "bulanan": "Bulanan"})


class AppraisalKind(LabeledEnum):
    """Periodic (per triwulan or month) or annual appraisal."""

    PERIODIK = "periodik"
    TAHUNAN = "tahunan"


_labels(AppraisalKind, {"periodik": "Periodik", "tahunan": "Tahunan"})


class AppraisalStatus(LabeledEnum):
    """A final appraisal is locked."""

    DRAFT = "draft"
    FINAL = "final"


_labels(AppraisalStatus, {"draft": "Draf", "final": "Final"})


class ObjectionStatus(LabeledEnum):
    """Keberatan: filed, then granted (predikat changed) or refused (predikat upheld)."""

    DIAJUKAN = "diajukan"
    DIKABULKAN = "dikabulkan"
    DITOLAK = "ditolak"


_labels(
    ObjectionStatus,
    {
        "diajukan": "Diajukan",
        "dikabulkan": "Dikabulkan (predikat diubah)",
        "ditolak": "Ditolak (predikat tetap)",
    },
)


class FeedbackKind(LabeledEnum):
    """Umpan balik berkelanjutan or a note of a dialog kinerja."""

    UMPAN_BALIK = "umpan_balik"
    DIALOG_KINERJA = "dialog_kinerja"


_labels(FeedbackKind, {"umpan_balik": "Umpan Balik", "dialog_kinerja": "Dialog Kinerja"})


class BerakhlakValue(LabeledEnum):
    """The seven BerAKHLAK core values of the ASN."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan"
    AKUNTABEL = "akuntabel"
    KOMPETEN = "kompeten"
    HARMONIS = "harmonis"
    LOYAL = "loyal"
    ADAPTIF = "adaptif"
    KOLABORATIF = "kolaboratif"


_labels(
    BerakhlakValue,
    {
        "berorientasi_pelayanan": "Berorientasi Pelayanan",
        "akuntabel": "Akuntabel",
        "kompeten": "Kompeten",
        "harmonis": "Harmonis",
        "loyal": "Loyal",
        "adaptif": "Adaptif",
        "kolaboratif": "Kolaboratif",
    },
)


class Golongan(LabeledEnum):
    """Golongan ruang of a PNS (I/a ... IV/e, with pangkat) or golongan of a PPPK (I ... XVII)."""

    I_A = "I/a"
    I_B = "I/b"
    I_C = "I/c"
    I_D = "I/d"
    II_A = "II/a"
    II_B = "II/b"
    II_C = "II/c"
    II_D = "II/d"
    III_A = "III/a"
    III_B = "III/b"
    III_C = "III/c"
    III_D = "III/d"
    IV_A = "IV/a"
    IV_B = "IV/b"
    IV_C = "IV/c"
    IV_D = "IV/d"
    IV_E = "IV/e"
    PPPK_I = "I"
    PPPK_II = "II"
    PPPK_III = "III"
    PPPK_IV = "IV"
    PPPK_V = "V"
    PPPK_VI = "VI"
    PPPK_VII = "VII"
    PPPK_VIII = "VIII"
    PPPK_IX = "IX"
    PPPK_X = "X"
    PPPK_XI = "XI"
    PPPK_XII = "XII"
    PPPK_XIII = "XIII"
    PPPK_XIV = "XIV"
    PPPK_XV = "XV"
    PPPK_XVI = "XVI"
    PPPK_XVII = "XVII"

    @property
    def is_pppk(self) -> bool:
        """True for a PPPK golongan (no ``/``)."""
        return "/" not in self.value

    @property
    def pangkat(self) -> str | None:
        """Pangkat of a PNS golongan, e.g. ``"Penata Muda"`` for III/a; None for PPPK."""
        return _PANGKAT.get(self.value)


_PANGKAT = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

_labels(
    Golongan,
    {
        **{code: f"{name} ({code})" for code, name in _PANGKAT.items()},
        **{g.value: f"Golongan {g.value}" for g in Golongan if g.is_pppk},
    },
)


class Gender(IntEnum):
    """Digit 15 of a NIP."""

    PRIA = 1
    WANITA = 2

    @property
    def label(self) -> str:
        """``"Pria"`` or ``"Wanita"``."""
        return "Pria" if self is Gender.PRIA else "Wanita"


class LeaveKind(LabeledEnum):
    """Why an employee is away from work on a day (recorded by HR): no progress log that day."""

    CUTI_TAHUNAN = "cuti_tahunan"
    CUTI_SAKIT = "cuti_sakit"
    CUTI_MELAHIRKAN = "cuti_melahirkan"
    CUTI_BESAR = "cuti_besar"
    CUTI_ALASAN_PENTING = "cuti_alasan_penting"
    DIKLAT = "diklat"


_labels(
    LeaveKind,
    {
        "cuti_tahunan": "Cuti tahunan",
        "cuti_sakit": "Cuti sakit",
        "cuti_melahirkan": "Cuti melahirkan",
        "cuti_besar": "Cuti besar",
        "cuti_alasan_penting": "Cuti karena alasan penting",
        "diklat": "Diklat (pendidikan dan pelatihan)",
    },
)


class DisciplineLevel(LabeledEnum):
    """Tingkat hukuman disiplin (PP 94/2021 Pasal 8 ayat 1)."""

    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


_labels(DisciplineLevel, {"ringan": "Ringan", "sedang": "Sedang", "berat": "Berat"})


class DisciplineKind(LabeledEnum):
    """Jenis hukuman disiplin, per tingkat (PP 94/2021 Pasal 8 ayat 2 to 4)."""

    TEGURAN_LISAN = "teguran_lisan"
    TEGURAN_TERTULIS = "teguran_tertulis"
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas"
    POTONGAN_TUKIN_6_BULAN = "potongan_tukin_6_bulan"
    POTONGAN_TUKIN_9_BULAN = "potongan_tukin_9_bulan"
    POTONGAN_TUKIN_12_BULAN = "potongan_tukin_12_bulan"
    PENURUNAN_JABATAN = "penurunan_jabatan"
    PEMBEBASAN_JABATAN = "pembebasan_jabatan"
    PEMBERHENTIAN = "pemberhentian"

    @property
    def level(self) -> DisciplineLevel:
        """The tingkat this sanction belongs to (Pasal 8: three of each)."""
        index = list(DisciplineKind).index(self)
        return list(DisciplineLevel)[index // 3]


_labels(
    DisciplineKind,
    {
        "teguran_lisan": "Teguran lisan",
        "teguran_tertulis": "Teguran tertulis",
        "pernyataan_tidak_puas": "Pernyataan tidak puas secara tertulis",
        "potongan_tukin_6_bulan": "Pemotongan tunjangan kinerja 25% selama 6 bulan",
        "potongan_tukin_9_bulan": "Pemotongan tunjangan kinerja 25% selama 9 bulan",
        "potongan_tukin_12_bulan": "Pemotongan tunjangan kinerja 25% selama 12 bulan",
        "penurunan_jabatan": "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "pembebasan_jabatan": "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        "pemberhentian": "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
    },
)


class AwardKind(LabeledEnum):
    """Jenis penghargaan kinerja HR records as a follow-up of the appraisal (PP 30/2019:
    tindak lanjut penilaian kinerja includes penghargaan)."""

    PENGEMBANGAN_TALENTA = "pengembangan_talenta"
    PENGEMBANGAN_KOMPETENSI = "pengembangan_kompetensi"
    PEGAWAI_BERPRESTASI = "pegawai_berprestasi"
    PIAGAM = "piagam"
    LAINNYA = "lainnya"


_labels(
    AwardKind,
    {
        "pengembangan_talenta": "Prioritas program pengembangan talenta",
        "pengembangan_kompetensi": "Prioritas pengembangan kompetensi",
        "pegawai_berprestasi": "Pegawai berprestasi",
        "piagam": "Piagam penghargaan",
        "lainnya": "Penghargaan lainnya",
    },
)
