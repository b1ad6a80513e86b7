"""Jobs of the demo data: each job's jabatan and the RHK and indicators that fit it.

The texts follow the style of real SKP documents of Kota Semarang (an RHK is a result,
"Terlaksananya ...", with indicators for kuantitas, kualitas and waktu).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["JOBS", "IndicatorTemplate", "Job", "RhkTemplate"]


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
class Job:
    """A jabatan as the demo data uses it."""

    key: str
    jabatan_name: str
    jabatan_kind: str
    jenjang: str | None
    golongan: tuple[str, ...]  # grades drawn from for PNS
    prefix: str
    suffix: str
    rhk: tuple[RhkTemplate, ...]
    log_texts: tuple[str, ...] = ()  # descriptions of daily progress entries (first indicator)
    log_value: tuple[int, int] = (1, 3)  # realised value per entry


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
            ("IV/d", "IV/e"),
            "",
            "M.Si.",
            (
                _rhk(
                    "utama",
                    "Meningkatnya kualitas tata kelola pemerintahan Kota Semarang",
                    _ind("kuantitas", "Indeks Reformasi Birokrasi", 80, "indeks"),
                    _ind("kualitas", "Nilai SAKIP Pemerintah Kota", 80, "nilai"),
                    _WAKTU,
                ),
                _rhk(
                    "utama",
                    "Meningkatnya kualitas pelayanan publik perangkat daerah",
                    _ind("kuantitas", "Indeks Kepuasan Masyarakat", 85, "indeks"),
                    _WAKTU,
                ),
            ),
        ),
        Job(
            "kepala_opd",
            "Kepala Dinas",
            "jpt_pratama",
            None,
            ("IV/c", "IV/d"),
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
                    _ind("kuantitas", "Indeks Kepuasan Masyarakat", 85, "indeks"),
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
            ("IV/a", "IV/b"),
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
            ("III/d", "IV/a"),
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
            "ahli_madya",
            ("IV/a", "IV/b"),
            "",
            "S.Pd., M.Pd.",
            (
                _rhk(
                    "utama",
                    "Meningkatnya mutu pembelajaran di satuan pendidikan",
                    _ind("kuantitas", "Nilai Rapor Pendidikan kemampuan literasi", 80, "indeks"),
                    _ind("kualitas", "Persentase guru yang melaksanakan modul ajar", 100, "%"),
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
        ),
        Job(
            "kepala_seksi",
            "Kepala Seksi",
            "pengawas",
            None,
            ("III/c", "III/d"),
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
            "Perawat Ahli Pertama",
            "fungsional",
            "ahli_pertama",
            ("III/a", "III/b"),
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
            "Bidan Terampil",
            "fungsional",
            "terampil",
            ("II/c", "II/d"),
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
        ),
        Job(
            "dokter",
            "Dokter Ahli Muda",
            "fungsional",
            "ahli_muda",
            ("III/c", "III/d"),
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
            "Guru Ahli Pertama",
            "fungsional",
            "ahli_pertama",
            ("III/a", "III/b"),
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
        ),
        Job(
            "analis_sdm",
            "Analis SDM Aparatur Ahli Muda",
            "fungsional",
            "ahli_muda",
            ("III/c", "III/d"),
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
            ("II/a", "II/b", "II/c"),
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
            ("II/b", "II/c", "II/d"),
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
