"""The strings of the HR screens added for issue #16 (downloads in the browser, the employee
profile, the sorted charts, the forms' errors in words), Bahasa Indonesia first, then English;
merged into ``client.ui.common.i18n.STRINGS``. The older HR strings (``hr.*``) stay in i18n.py."""

from __future__ import annotations

from typing import Final

__all__ = ["HR_STRINGS"]

HR_STRINGS: Final[dict[str, tuple[str, str]]] = {
    # downloads (the browser saves the file; nothing is written on the app host)
    "hrx.dl.sent": (
        "Berkas {name} ({rows} baris) dikirim ke peramban Anda: lihat folder Unduhan.",
        "File {name} ({rows} rows) sent to your browser: see your Downloads folder.",
    ),
    "hrx.dl.pdf_sent": (
        "Dokumen {name} dikirim ke peramban Anda: lihat folder Unduhan.",
        "Document {name} sent to your browser: see your Downloads folder.",
    ),
    "hrx.dl.where": (
        "Peramban menyimpan berkas di folder Unduhan komputer Anda, bukan di server aplikasi.",
        "Your browser saves the file in your computer's Downloads folder, not on the app host.",
    ),
    # the import refused (the checkbox on the screen, never the API's parameter)
    "hrx.imp.what_units": ("unit", "units"),
    "hrx.imp.what_employees": ("pegawai", "employees"),
    "hrx.imp.refused_all": (
        "Impor {what} dibatalkan: {n} baris bermasalah, tidak ada data yang diimpor. Perbaiki "
        "baris tersebut, atau centang 'Impor baris yang benar saja' untuk mengimpor baris "
        "lainnya.",
        "Import of {what} cancelled: {n} rows have problems, nothing was imported. Correct "
        "those rows, or tick 'Import the good rows only' to import the others.",
    ),
    "hrx.imp.no_file": (
        "Berkas {name} tidak ditemukan di perangkat ini.",
        "File {name} not found on this device.",
    ),
    "hrx.imp.too_big": ("Berkas {name} lebih dari 20 MB.", "File {name} is over 20 MB."),
    # forms: the field each error is about
    "hrx.emp.need_boss_or_unit": (
        "Pilih Unit tujuan atau isi NIP Pejabat Penilai baru.",
        "Choose a Destination unit or enter the New supervisor's NIP.",
    ),
    "hrx.emp.bad_boss": (
        "NIP Pejabat Penilai baru harus 18 digit angka (ditemukan {n}).",
        "The New supervisor's NIP must be 18 digits (found {n}).",
    ),
    "hrx.emp.nothing": (
        "Isi atau pilih paling sedikit satu kolom di Ubah data pegawai.",
        "Fill in or choose at least one field under Edit employee data.",
    ),
    "hrx.emp.note_long": (
        "Catatan paling banyak {max} karakter (sekarang {n}).",
        "The note may hold at most {max} characters (now {n}).",
    ),
    "hrx.per.bad_code": (
        "Kode periode ditulis seperti 2027, 2027-T1 atau 2027-01.",
        "Write the period code like 2027, 2027-T1 or 2027-01.",
    ),
    "hrx.field.refused": ("{field}: {message}", "{field}: {message}"),
    # the dashboard's employee rows (their own columns, not the unit's)
    "hrx.col.skp": ("SKP {year}", "SKP {year}"),
    "hrx.col.logs_week": ("Catatan minggu ini", "Entries this week"),
    "hrx.col.self": ("Penilaian mandiri {period}", "Self-assessment {period}"),
    "hrx.col.final": ("Penilaian final {period}", "Final appraisal {period}"),
    "hrx.col.devices": ("Perangkat tak sinkron", "Devices not synced"),
    "hrx.yes": ("Sudah", "Done"),
    "hrx.no": ("Belum", "Not yet"),
    "hrx.skp.disetujui": ("Disetujui", "Approved"),
    "hrx.skp.diajukan": ("Diajukan", "Submitted"),
    "hrx.skp.draft": ("Draf", "Draft"),
    "hrx.skp.dikembalikan": ("Dikembalikan", "Returned"),
    "hrx.skp.belum_ada": ("Belum ada", "None yet"),
    # the city chart (sorted horizontal bars, full names)
    "hrx.chart.title": (
        "Kelengkapan per baris, tertinggi di atas (persen dari pegawai aktif)",
        "Completion per row, highest first (percent of active employees)",
    ),
    "hrx.chart.band": (
        "Pita hijau: sebaran yang diizinkan kurva predikat organisasi",
        "Green band: the share the organisation's curve allows",
    ),
    "hrx.chart.count": ("{count} pegawai ({share})", "{count} employees ({share})"),
    # Cek sebaran's dropdowns (their accessible names)
    "hrx.dist.unit": ("Unit kerja", "Work unit"),
    # the employee profile
    "hrx.prof.title": ("Profil pegawai", "Employee profile"),
    "hrx.prof.loading": (
        "Mengumpulkan SKP, catatan dan penilaian dari server",
        "Gathering SKP, entries and appraisals from the server",
    ),
    "hrx.prof.unknown": (
        "Pegawai dengan NIP {nip} tidak ada dalam cakupan Anda.",
        "No employee with NIP {nip} in your scope.",
    ),
    "hrx.prof.read_only": (
        "Hanya baca. Perubahan lewat tombol di bawah: mutasi dan ubah data, log audit, "
        "dokumen evaluasi.",
        "Read only. Changes through the buttons below: transfer and edit data, audit log, "
        "evaluation document.",
    ),
    "hrx.prof.mutasi": ("Mutasi dan ubah data", "Transfer and edit data"),
    "hrx.prof.audit": ("Log audit", "Audit log"),
    "hrx.prof.pdf": ("Unduh Dokumen Evaluasi", "Download evaluation document"),
    "hrx.prof.periods": (
        "SKP, penilaian dan predikat per periode",
        "SKP, appraisals and predikat per period",
    ),
    "hrx.prof.col.period": ("Periode", "Period"),
    "hrx.prof.col.skp": ("SKP", "SKP"),
    "hrx.prof.col.logs": ("Catatan", "Entries"),
    "hrx.prof.col.self": ("Penilaian mandiri", "Self-assessment"),
    "hrx.prof.col.final": ("Penilaian final", "Final appraisal"),
    "hrx.prof.col.predikat": ("Predikat", "Predikat"),
    "hrx.prof.logs": ("Catatan kemajuan {period}", "Progress entries {period}"),
    "hrx.prof.logs_more": (
        "{shown} catatan terbaru dari {n}; semuanya di Ekspor, Catatan kemajuan.",
        "The {shown} newest of {n} entries; all of them in Exports, Progress logs.",
    ),
    "hrx.prof.no_logs": ("Belum ada catatan pada periode ini.", "No entries in this period."),
    "hrx.prof.appraisals": ("Penilaian {period}", "Appraisals {period}"),
    "hrx.prof.no_appraisals": ("Belum ada penilaian.", "No appraisals yet."),
    "hrx.prof.devices": ("Perangkat", "Devices"),
    "hrx.prof.no_devices": ("Belum ada perangkat terdaftar.", "No registered device."),
    "hrx.prof.never": ("belum pernah", "never"),
    "hrx.prof.active": ("aktif", "active"),
    "hrx.prof.revoked": ("dicabut", "revoked"),
    "hrx.prof.col.date": ("Tanggal", "Date"),
    "hrx.prof.col.what": ("Uraian", "Description"),
    "hrx.prof.col.value": ("Realisasi", "Value"),
    "hrx.prof.col.kind": ("Jenis", "Kind"),
    "hrx.prof.col.hasil": ("Hasil kerja", "Work results"),
    "hrx.prof.col.perilaku": ("Perilaku kerja", "Work behaviour"),
    "hrx.prof.col.status": ("Status", "Status"),
    "hrx.prof.col.device": ("Perangkat", "Device"),
    "hrx.prof.col.last": ("Kontak terakhir", "Last contact"),
    "hrx.prof.col.state": ("Keadaan", "State"),
    "hrx.prof.lookup": ("Buka profil", "Open profile"),
}
