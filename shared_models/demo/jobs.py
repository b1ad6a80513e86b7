"""Jobs of the demo data: each job's jabatan, career and the RHK and indicators that fit it.

The texts follow the style of real SKP documents of Kota Semarang (an RHK is a result,
"Terlaksananya ...", with indicators for kuantitas, kualitas and waktu). An indicator's aspect
follows its wording: a count ("Jumlah ...", or the share of a target reached) is kuantitas; a
level of quality (an index such as the Indeks Kepuasan Masyarakat, a score, a share done to a
standard, complete or without errors) is kualitas; a deadline is waktu.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["JOBS", "Career", "IndicatorTemplate", "Job", "RhkTemplate"]


@dataclass(frozen=True, slots=True)
class IndicatorTemplate:
    """One Indikator Kinerja Individu: aspect, text, target value and unit."""

    aspect: str
    text: str
    target: float
    unit: str


@dataclass(frozen=True, slots=True)
class RhkTemplate:
    """One Rencana Hasil Kerja with its indicators."""

    kind: str  # utama | tambahan
    text: str
    indicators: tuple[IndicatorTemplate, ...]


@dataclass(frozen=True, slots=True)
class Career:
    """How a PNS in this job rises (``shared_models.demo.careers``)."""

    entry: str
    """Golongan at TMT CPNS: the diploma the position asks for."""
    ceiling: str
    """The highest golongan the position reaches."""
    paces: tuple[int, ...]
    """Years per grade; one is drawn per person (4 is the fastest the rules allow). The
    tuple's length is part of the demo's identity: the draw takes the place the golongan draw
    once had in the random stream, so every later NIP stays the same."""
    lowest: str | None = None
    """A head's position needs at least this golongan (the eselon's lowest, or the Kepala
    Sekolah's III/b): only people whose career reaches it hold the position."""


@dataclass(frozen=True, slots=True)
class Job:
    """A jabatan as the demo data uses it."""

    key: str
    jabatan_name: str
    """The position's name; a functional one is followed by the jenjang ("Perawat Ahli
    Muda"), unless the unit names its head (a Kepala Sekolah)."""
    jabatan_kind: str
    ladder: str | None
    """``keahlian`` or ``keterampilan`` for a functional position: the jenjang follows the
    golongan."""
    career: Career
    prefix: str
    suffix: str
    rhk: tuple[RhkTemplate, ...]
    log_texts: tuple[str, ...] = ()  # descriptions of daily progress entries
    log_value: tuple[int, int] = (1, 3)  # realised value per entry
    gender: int | None = None
    """1 or 2 when only men or only women hold the position (Bidan: women)."""
    log_indicator: tuple[int, int] = (0, 0)
    """(RHK, indicator) the daily entries count towards."""
    teacher: bool = False
    """A teacher (and a Kepala Sekolah, a teacher with the extra task) retires at 60."""


def _ind(aspect: str, text: str, target: float, unit: str) -> IndicatorTemplate:
    return IndicatorTemplate(aspect, text, target, unit)


def _rhk(kind: str, text: str, *indicators: IndicatorTemplate) -> RhkTemplate:
    return RhkTemplate(kind, text, indicators)


_WAKTU = _ind("waktu", "Ketepatan waktu penyelesaian sesuai jadwal", 12, "bulan")

_HEAD_TEXTS = ("Rapat koordinasi dan monitoring capaian unit", "Pembinaan dan supervisi staf")

JOBS: dict[str, Job] = {
    job.key: job
    for job in (
        Job(
            "sekda",
            "Sekretaris Daerah",
            "jpt_pratama",
            None,
            Career("III/a", "IV/d", (4, 4), lowest="IV/c"),
            "",
            "M.Si.",
            (
                _rhk(
                    "utama",
                    "Meningkatnya kualitas tata kelola pemerintahan Kota Semarang",
                    _ind(
                        "kuantitas",
                        "Jumlah perangkat daerah dengan nilai SAKIP minimal BB",
                        40,
                        "perangkat daerah",
                    ),
                    _ind("kualitas", "Indeks Reformasi Birokrasi Pemerintah Kota", 80, "indeks"),
                    _WAKTU,
                ),
                _rhk(
                    "utama",
                    "Meningkatnya kualitas pelayanan publik perangkat daerah",
                    _ind("kualitas", "Indeks Kepuasan Masyarakat", 85, "indeks"),
                    _WAKTU,
                ),
            ),
        ),
        Job(
            "kepala_opd",
            "Kepala Dinas",
            "jpt_pratama",
            None,
            Career("III/a", "IV/c", (4, 4), lowest="IV/b"),
            "",
            "M.M.",
            (
                _rhk(
                    "utama",
                    "Tercapainya sasaran strategis perangkat daerah",
                    _ind("kuantitas", "Persentase capaian Perjanjian Kinerja", 100, "%"),
                    _ind("kualitas", "Nilai evaluasi SAKIP perangkat daerah", 80, "nilai"),
                    _WAKTU,
                ),
                _rhk(
                    "utama",
                    "Meningkatnya kepuasan masyarakat atas layanan perangkat daerah",
                    _ind("kualitas", "Indeks Kepuasan Masyarakat", 85, "indeks"),
                    _WAKTU,
                ),
            ),
            _HEAD_TEXTS,
        ),
        Job(
            "kepala_bidang",
            "Kepala Bidang",
            "administrator",
            None,
            Career("III/a", "IV/a", (4, 4), lowest="III/d"),
            "",
            "S.E., M.M.",
            (
                _rhk(
                    "utama",
                    "Terlaksananya program dan kegiatan bidang sesuai rencana",
                    _ind("kuantitas", "Persentase realisasi program bidang", 100, "%"),
                    _ind("kualitas", "Persentase kegiatan tanpa temuan pemeriksaan", 100, "%"),
                    _WAKTU,
                ),
                _rhk(
                    "tambahan",
                    "Tersusunnya laporan kinerja bidang",
                    _ind("kuantitas", "Jumlah laporan kinerja", 4, "laporan"),
                ),
            ),
            _HEAD_TEXTS,
        ),
        Job(
            "kepala_puskesmas",
            "Kepala Puskesmas",
            "administrator",
            None,
            Career("III/b", "IV/a", (4, 4), lowest="III/d"),
            "dr.",
            "M.Kes.",
            (
                _rhk(
                    "utama",
                    "Meningkatnya cakupan pelayanan kesehatan dasar di wilayah kerja",
                    _ind("kuantitas", "Persentase capaian Standar Pelayanan Minimal", 100, "%"),
                    _ind("kualitas", "Indeks Kepuasan Masyarakat Puskesmas", 85, "indeks"),
                    _WAKTU,
                ),
                _rhk(
                    "utama",
                    "Terlaksananya upaya kesehatan masyarakat di wilayah kerja",
                    _ind("kuantitas", "Jumlah kegiatan UKM terlaksana", 48, "kegiatan"),
                    _WAKTU,
                ),
            ),
            ("Lokakarya mini bulanan Puskesmas", "Supervisi pelayanan poli umum"),
        ),
        Job(
            "kepala_sekolah",
            "Kepala Sekolah",
            "fungsional",
            "keahlian",
            Career("III/a", "IV/c", (4, 4), lowest="III/b"),
            "",
            "S.Pd., M.Pd.",
            (
                _rhk(
                    "utama",
                    "Meningkatnya mutu pembelajaran di satuan pendidikan",
                    _ind("kuantitas", "Persentase guru yang melaksanakan modul ajar", 100, "%"),
                    _ind("kualitas", "Nilai Rapor Pendidikan kemampuan literasi", 80, "indeks"),
                    _WAKTU,
                ),
                _rhk(
                    "utama",
                    "Terlaksananya supervisi akademik guru",
                    _ind("kuantitas", "Jumlah guru yang disupervisi", 24, "guru"),
                    _WAKTU,
                ),
            ),
            ("Supervisi akademik kelas", "Rapat dewan guru"),
            log_indicator=(1, 0),  # supervisions count towards "Jumlah guru yang disupervisi"
            teacher=True,
        ),
        Job(
            "kepala_seksi",
            "Kepala Seksi",
            "pengawas",
            None,
            Career("III/a", "III/d", (4, 4), lowest="III/b"),
            "",
            "S.Sos.",
            (
                _rhk(
                    "utama",
                    "Terlaksananya kegiatan seksi sesuai rencana kerja",
                    _ind("kuantitas", "Jumlah kegiatan seksi terlaksana", 24, "kegiatan"),
                    _ind("kualitas", "Persentase kegiatan sesuai standar", 100, "%"),
                    _WAKTU,
                ),
            ),
            ("Koordinasi kegiatan seksi",),
        ),
        Job(
            "perawat",
            "Perawat",
            "fungsional",
            "keahlian",
            Career("III/a", "IV/c", (4, 6)),
            "",
            "S.Kep., Ners",
            (
                _rhk(
                    "utama",
                    "Terlaksananya asuhan keperawatan kunjungan rumah pasien prioritas",
                    _ind("kuantitas", "Jumlah kunjungan rumah", 120, "kunjungan"),
                    _ind("kualitas", "Persentase asuhan keperawatan terdokumentasi", 100, "%"),
                    _WAKTU,
                ),
                _rhk(
                    "tambahan",
                    "Terlaksananya penyuluhan kesehatan kepada masyarakat",
                    _ind("kuantitas", "Jumlah penyuluhan", 12, "kegiatan"),
                ),
            ),
            (
                "Kunjungan rumah pasien hipertensi",
                "Kunjungan rumah lansia risiko tinggi",
                "Kunjungan rumah pasien TB untuk pemantauan minum obat",
                "Perawatan luka pasien diabetes di rumah",
            ),
            (1, 4),
        ),
        Job(
            "bidan",
            "Bidan",
            "fungsional",
            "keterampilan",
            Career("II/c", "III/d", (4, 6)),
            "",
            "A.Md.Keb.",
            (
                _rhk(
                    "utama",
                    "Terlayaninya pemeriksaan kehamilan (ANC) ibu hamil",
                    _ind("kuantitas", "Jumlah pemeriksaan ANC", 240, "pemeriksaan"),
                    _ind("kualitas", "Persentase ibu hamil risiko tinggi terdeteksi", 100, "%"),
                    _WAKTU,
                ),
                _rhk(
                    "tambahan",
                    "Terlaksananya kelas ibu hamil",
                    _ind("kuantitas", "Jumlah kelas ibu hamil", 12, "kelas"),
                ),
            ),
            ("Pemeriksaan ANC di ruang KIA", "Kunjungan nifas ke rumah pasien"),
            (2, 6),
            gender=2,  # bidan are women
        ),
        Job(
            "dokter",
            "Dokter",
            "fungsional",
            "keahlian",
            Career("III/b", "IV/c", (4, 6)),
            "dr.",
            "",
            (
                _rhk(
                    "utama",
                    "Terlayaninya pemeriksaan pasien rawat jalan",
                    _ind("kuantitas", "Jumlah pasien diperiksa", 2400, "pasien"),
                    _ind("kualitas", "Persentase rekam medis lengkap", 100, "%"),
                    _WAKTU,
                ),
            ),
            ("Pelayanan poli umum", "Pemeriksaan pasien prolanis"),
            (15, 30),
        ),
        Job(
            "guru",
            "Guru",
            "fungsional",
            "keahlian",
            Career("III/a", "IV/c", (4, 6)),
            "",
            "S.Pd.",
            (
                _rhk(
                    "utama",
                    "Terlaksananya pembelajaran yang berpusat pada murid",
                    _ind("kuantitas", "Jumlah modul ajar yang disusun", 36, "modul ajar"),
                    _ind("kualitas", "Persentase murid mencapai kriteria ketuntasan", 80, "%"),
                    _WAKTU,
                ),
                _rhk(
                    "utama",
                    "Terlaksananya asesmen hasil belajar murid",
                    _ind("kuantitas", "Jumlah asesmen terlaksana", 8, "asesmen"),
                ),
                _rhk(
                    "tambahan",
                    "Terlaksananya pembinaan ekstrakurikuler",
                    _ind("kuantitas", "Jumlah pertemuan ekstrakurikuler", 30, "pertemuan"),
                ),
            ),
            ("Menyusun modul ajar", "Menyusun modul ajar projek P5"),
            (1, 1),
            teacher=True,
        ),
        Job(
            "analis_sdm",
            "Analis SDM Aparatur",
            "fungsional",
            "keahlian",
            Career("III/a", "IV/c", (4, 6)),
            "",
            "S.Psi.",
            (
                _rhk(
                    "utama",
                    "Tersusunnya rekapitulasi penilaian kinerja pegawai perangkat daerah",
                    _ind("kuantitas", "Jumlah rekapitulasi perangkat daerah", 36, "dokumen"),
                    _ind("kualitas", "Persentase data tanpa koreksi", 100, "%"),
                    _WAKTU,
                ),
            ),
            ("Verifikasi rekap penilaian kinerja OPD",),
        ),
        Job(
            "pengadministrasi",
            "Pengadministrasi Perkantoran",
            "pelaksana",
            None,
            Career("II/a", "III/b", (4, 5, 6)),
            "",
            "",
            (
                _rhk(
                    "utama",
                    "Terkelolanya surat masuk dan surat keluar",
                    _ind("kuantitas", "Jumlah surat diagendakan", 1200, "surat"),
                    _ind("kualitas", "Persentase surat terarsip tanpa kesalahan", 100, "%"),
                    _WAKTU,
                ),
                _rhk(
                    "tambahan",
                    "Tersusunnya rekap daftar hadir pegawai",
                    _ind("kuantitas", "Jumlah rekap daftar hadir", 12, "rekap"),
                ),
            ),
            ("Mengagendakan surat masuk", "Mengagendakan dan mengirim surat keluar"),
            (5, 25),
        ),
        Job(
            "pengelola_layanan",
            "Pengelola Layanan Kependudukan",
            "pelaksana",
            None,
            Career("II/a", "III/b", (4, 5, 6)),
            "",
            "",
            (
                _rhk(
                    "utama",
                    "Terlayaninya permohonan dokumen kependudukan",
                    _ind("kuantitas", "Jumlah permohonan dilayani", 2000, "permohonan"),
                    _ind("kualitas", "Persentase permohonan selesai sesuai SOP", 100, "%"),
                    _WAKTU,
                ),
            ),
            ("Pelayanan perekaman KTP-el", "Pelayanan akta kelahiran"),
            (10, 40),
        ),
    )
}
