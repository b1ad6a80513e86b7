"""The strings of the log form ("Catat kemajuan", client/ui/pegawai/log_form.py) and of its checks
(client/ui/pegawai/validation.py), Bahasa Indonesia first, then English; merged into
``client.ui.common.i18n.STRINGS``. Every message names the field the person sees, in words."""

from __future__ import annotations

from typing import Final

__all__ = ["LOG_FORM_STRINGS"]

LOG_FORM_STRINGS: Final[dict[str, tuple[str, str]]] = {
    "form.title_new": ("Catat kemajuan", "Log progress"),
    "form.title_edit": ("Ubah catatan", "Edit entry"),
    "form.indicator": ("Indikator", "Indicator"),
    "form.recent": ("terakhir dipakai", "recently used"),
    "form.date": ("Tanggal", "Date"),
    "form.date_hint": (
        "Contoh: 3 Des 2026 atau 03/12/2026",
        "For example: 3 Dec 2026 or 03/12/2026",
    ),
    "form.date_pick": ("Pilih tanggal", "Pick a date"),
    "form.today": ("Hari ini", "Today"),
    "form.yesterday": ("Kemarin", "Yesterday"),
    "form.start": ("Jam mulai", "Start time"),
    "form.end": ("Jam selesai", "End time"),
    "form.time_hint": ("Contoh 08:30", "For example 08:30"),
    "form.start_pick": ("Pilih jam mulai", "Pick the start time"),
    "form.end_pick": ("Pilih jam selesai", "Pick the end time"),
    "form.pick_ok": ("Pilih", "OK"),
    "form.pick_cancel": ("Batal", "Cancel"),
    "form.value": ("Realisasi ({unit})", "Realised ({unit})"),
    "form.value_whole": ("Bilangan bulat, contoh 3", "A whole number, e.g. 3"),
    "form.value_decimal": ("Boleh desimal dengan koma, contoh 96,5", "Decimals allowed, e.g. 96.5"),
    "form.note": ("Uraian kegiatan", "What you did"),
    "form.place": ("Tempat (boleh kosong)", "Place (optional)"),
    "form.evidence": ("Tambah bukti (foto/PDF)", "Add evidence (photo/PDF)"),
    "form.evidence_hint": (
        "Foto kegiatan, daftar hadir, laporan (JPEG, PNG, WebP atau PDF).",
        "Photos of the activity, attendance lists, reports (JPEG, PNG, WebP or PDF).",
    ),
    "form.evidence_count": ("{n} berkas bukti dipilih", "{n} evidence files chosen"),
    "form.evidence_kept": ("{n} berkas bukti", "{n} evidence files"),
    "form.evidence_remove": ("Hapus bukti {name}", "Remove evidence {name}"),
    "form.evidence_photo": ("Foto bukti {name}", "Evidence photo {name}"),
    "form.evidence_saved": ("bukti {n}", "evidence {n}"),
    "form.evidence_elsewhere": (
        "Bukti {n} tersimpan di server; tampil setelah tersambung.",
        "Evidence {n} is on the server; it shows once connected.",
    ),
    "ev.not_photo": (
        "Berkas {name} bukan foto (JPEG, PNG, WebP) atau PDF; pilih foto atau PDF.",
        "{name} is not a photo (JPEG, PNG, WebP) or a PDF; pick a photo or a PDF.",
    ),
    "ev.too_big": (
        "Berkas {name} berukuran {size} MB; batasnya {max} MB. Kecilkan fotonya dulu.",
        "{name} is {size} MB; the limit is {max} MB. Make the photo smaller first.",
    ),
    "ev.unreadable": (
        "Berkas {name} tidak dapat dibaca; pilih lagi.",
        "{name} cannot be read; pick it again.",
    ),
    "form.save": ("Simpan", "Save"),
    "form.saved": (
        "Tersimpan di perangkat - menunggu sinkron.",
        "Saved on this device - waiting to sync.",
    ),
    "form.sent": ("Catatan terkirim ke server.", "Entry sent to the server."),
    "form.help": ("Apa yang dihitung sebagai bukti?", "What counts as evidence?"),
    "val.indicator": ("Pilih indikator yang dikerjakan.", "Choose the indicator you worked on."),
    "val.date_missing": ("Isi tanggal kegiatan.", "Enter the date of the activity."),
    "val.date_format": (
        "Tanggal '{text}' tidak dikenali; tulis seperti 3 Des 2026 atau 03/12/2026.",
        "Date '{text}' not understood; write it like 3 Dec 2026 or 03/12/2026.",
    ),
    "val.date_future": (
        "Tanggal {date} belum terjadi; catat untuk hari ini atau sebelumnya.",
        "{date} has not happened yet; log today or an earlier day.",
    ),
    "val.date_outside": (
        "Tanggal {date} di luar periode SKP {year}.",
        "{date} is outside the {year} SKP period.",
    ),
    "val.period_closed": (
        "Periode {period} sudah ditutup; catatan tidak bisa ditambah atau diubah.",
        "Period {period} is closed; entries can no longer be added or changed.",
    ),
    "val.leave": (
        "Pada {date} Anda tercatat {kind}; catatan progres tidak bisa dibuat pada hari itu.",
        "On {date} you are recorded as on {kind}; no progress can be logged that day.",
    ),
    "val.value_missing": ("Isi nilai realisasi.", "Enter the realised value."),
    "val.value_number": (
        "Realisasi '{text}' bukan angka; tulis misalnya 3 atau 2,5.",
        "'{text}' is not a number; write e.g. 3 or 2.5.",
    ),
    "val.value_whole": (
        "Jumlah {unit} harus bilangan bulat; tulis misalnya 1 atau 2.",
        "The number of {unit} must be a whole number; write e.g. 1 or 2.",
    ),
    "val.value_negative": (
        "Realisasi tidak boleh di bawah nol.",
        "The realised value cannot be below zero.",
    ),
    "val.value_large": (
        "Realisasi {text} terlalu besar; periksa lagi angkanya.",
        "The realised value {text} is too large; check the number.",
    ),
    "val.time_format": (
        "Jam '{text}' tidak dikenali; tulis seperti 08:30 atau 08.30.",
        "Time '{text}' not understood; write it like 08:30.",
    ),
    "val.time_pair": (
        "Isi jam mulai dan jam selesai keduanya, atau kosongkan keduanya.",
        "Fill in both start and end time, or leave both empty.",
    ),
    "val.time_order": (
        "Jam selesai harus setelah jam mulai.",
        "The end time must be after the start time.",
    ),
    "val.note": ("Tulis uraian kegiatan.", "Describe what you did."),
    "val.too_long": (
        "{field} paling banyak {max} karakter; sekarang {n}. Persingkat dulu.",
        "{field} takes at most {max} characters; it has {n}. Shorten it first.",
    ),
    "val.not_saved": (
        "Catatan belum tersimpan: {detail}",
        "The entry was not saved: {detail}",
    ),
}
