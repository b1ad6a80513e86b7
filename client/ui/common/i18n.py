"""Every string the app shows, in Bahasa Indonesia (the default) and English.

``tr(lang, key, **values)`` looks a string up and fills its ``{placeholders}``. A key that is
missing in English falls back to Indonesian, so a half-translated string never shows a key.
"""

from __future__ import annotations

from typing import Final, Literal

from client.ui.common.assessment_text import ASSESSMENT_STRINGS
from client.ui.common.feedback_text import FEEDBACK_STRINGS
from client.ui.common.followup_text import FOLLOWUP_STRINGS
from client.ui.common.hr_text import HR_STRINGS
from client.ui.common.log_form_text import LOG_FORM_STRINGS
from client.ui.common.supervisor_text import SUPERVISOR_STRINGS
from shared_models.passwords import PasswordIssue, password_message

__all__ = ["LANGS", "STRINGS", "Lang", "tr"]

Lang = Literal["id", "en"]
LANGS: Final[tuple[Lang, ...]] = ("id", "en")

STRINGS: Final[dict[str, tuple[str, str]]] = {
    # shell and navigation
    "app.title": ("Kinerja ASN Kota Semarang", "Kinerja: Semarang civil servants"),
    "nav.beranda": ("Beranda", "Home"),
    "nav.skp": ("SKP saya", "My SKP"),
    "nav.log": ("Catat", "Log"),
    "nav.assess": ("Penilaian", "Assessment"),
    "nav.feedback": ("Umpan balik", "Feedback"),
    "nav.more": ("Lainnya", "More"),
    "nav.logs": ("Semua catatan", "All entries"),
    "nav.guide": ("Panduan", "Guide"),
    "nav.conflicts": ("Konflik", "Conflicts"),
    "lang.switch": ("English", "Bahasa Indonesia"),
    "logout": ("Keluar", "Sign out"),
    "account.who": ("Masuk sebagai {name}", "Signed in as {name}"),
    "logout.done": (
        "Anda sudah keluar. Data yang belum terkirim tetap tersimpan di perangkat.",
        "You are signed out. Unsent data stays on this device.",
    ),
    # password (client/ui/common/password_screen.py)
    "pw.title": ("Ganti kata sandi", "Change password"),
    "pw.forced": (
        "Kata sandi Anda diatur oleh admin. Ganti dulu dengan kata sandi Anda sendiri sebelum "
        "memakai aplikasi.",
        "Your password was set by an admin. Change it to your own before using the app.",
    ),
    "pw.online": (
        "Mengganti kata sandi memerlukan sambungan ke server. Perangkat Anda yang lain harus "
        "masuk lagi dengan kata sandi baru.",
        "Changing the password needs a connection to the server. Your other devices must sign "
        "in again with the new password.",
    ),
    "pw.rule": ("Aturan: {rule}", "Rule: {rule}"),
    "pw.current": ("Kata sandi sekarang", "Current password"),
    "pw.new": ("Kata sandi baru", "New password"),
    "pw.repeat": ("Ulangi kata sandi baru", "Repeat the new password"),
    "pw.submit": ("Simpan kata sandi", "Save password"),
    "pw.busy": ("Menyimpan...", "Saving..."),
    "pw.need_current": ("Isi kata sandi sekarang.", "Enter your current password."),
    "pw.mismatch": (
        "Kedua kata sandi baru tidak sama.",
        "The two new passwords are not the same.",
    ),
    "pw.done": ("Kata sandi sudah diganti.", "Your password was changed."),
    "pw.done_others": (
        "Kata sandi sudah diganti. {n} perangkat lain harus masuk lagi.",
        "Your password was changed. {n} other devices must sign in again.",
    ),
    **{
        f"pw.issue.{issue}": (password_message(issue), password_message(issue, "en"))
        for issue in PasswordIssue
    },
    # login
    "login.title": ("Masuk", "Sign in"),
    "login.intro": (
        "Masuk pertama kali memerlukan sambungan ke server. Setelah itu Anda bisa masuk "
        "tanpa sinyal.",
        "The first sign-in needs a connection to the server. After that you can sign in "
        "without a signal.",
    ),
    "login.nip": ("NIP", "NIP (employee number)"),
    "login.password": ("Kata sandi", "Password"),
    "login.server": ("Alamat server", "Server address"),
    "login.submit": ("Masuk", "Sign in"),
    "login.busy": ("Sedang masuk...", "Signing in..."),
    "login.offline": (
        "Masuk tanpa sambungan dengan data di perangkat.",
        "Signed in offline with the data on this device.",
    ),
    "login.need_nip": ("Isi NIP 18 digit.", "Enter your 18-digit NIP."),
    "login.need_password": ("Isi kata sandi.", "Enter your password."),
    # sync bar
    "sync.online": ("Daring", "Online"),
    "sync.offline": ("Luring", "Offline"),
    "sync.unknown": ("Memeriksa sambungan", "Checking connection"),
    "sync.pending": ("{n} menunggu sinkron", "{n} waiting to sync"),
    "sync.all_sent": ("Semua terkirim", "All sent"),
    "sync.never": ("Belum pernah tersinkron", "Never synced"),
    "sync.last": ("Tersinkron {ago}", "Synced {ago}"),
    "sync.now": ("Sinkronkan", "Sync now"),
    "sync.cancel": ("Batal", "Cancel"),
    "sync.retry_in": ("Mencoba lagi dalam {n} dtk", "Trying again in {n} s"),
    "sync.running": ("Menyinkronkan...", "Syncing..."),
    "sync.uploading": ("Mengunggah bukti...", "Uploading evidence..."),
    "sync.conflicts": ("{n} konflik perlu diputuskan", "{n} conflicts need a decision"),
    "sync.done": ("Sinkronisasi selesai.", "Sync finished."),
    "sync.err.offline": (
        "Server tidak terjangkau. Data Anda aman di perangkat dan akan dikirim otomatis saat "
        "tersambung.",
        "The server cannot be reached. Your data is safe on this device and will be sent "
        "automatically once connected.",
    ),
    "sync.err.revoked": (
        "Perangkat ini dicabut oleh pengelola kepegawaian. Data di perangkat ini dihapus demi "
        "keamanan; hubungi BKPP bila ini keliru.",
        "HR revoked this device. Its data was erased for safety; contact BKPP if this is a "
        "mistake.",
    ),
    "sync.err.reset": (
        "Server meminta sinkron ulang. Perubahan Anda tetap disimpan dan dikirim lagi.",
        "The server asked for a fresh sync. Your changes are kept and sent again.",
    ),
    "sync.err.update_required": (
        "Aplikasi perlu diperbarui sebelum bisa sinkron lagi. Data Anda tetap aman.",
        "The app must be updated before it can sync again. Your data is safe.",
    ),
    "sync.err.signed_out": (
        "Sesi perangkat berakhir. Keluar lalu masuk lagi dengan NIP dan kata sandi.",
        "The device session ended. Sign out and sign in again with your NIP and password.",
    ),
    "sync.err.refused": ("Server menolak sinkronisasi: {detail}", "The server refused: {detail}"),
    "sync.err.cancelled": (
        "Sinkronisasi dibatalkan; data Anda tetap aman di perangkat.",
        "Sync cancelled; your data is safe on this device.",
    ),
    "sync.err.no_server": (
        "Perangkat belum terdaftar di server; keluar lalu masuk dengan alamat server.",
        "This device is not registered with a server; sign out and sign in with a server.",
    ),
    # relative time
    "ago.now": ("baru saja", "just now"),
    "ago.min": ("{n} menit lalu", "{n} min ago"),
    "ago.hour": ("{n} jam lalu", "{n} h ago"),
    "ago.day": ("{n} hari lalu", "{n} days ago"),
    # beranda
    "beranda.hello": ("Halo, {name}", "Hello, {name}"),
    "beranda.today": ("Catatan hari ini", "Today's entries"),
    "beranda.no_today": (
        "Belum ada catatan hari ini. Tekan Catat untuk menambah.",
        "No entries today yet. Press Log to add one.",
    ),
    "beranda.progress": ("Capaian indikator tahun {year}", "Indicator progress {year}"),
    "beranda.feedback": ("Umpan balik terbaru", "Latest feedback"),
    "beranda.no_feedback": (
        "Belum ada umpan balik dari atasan.",
        "No feedback from your supervisor yet.",
    ),
    "beranda.reminders": ("Pengingat", "Reminders"),
    "beranda.no_skp": (
        "SKP tahun ini belum ada di perangkat. Sinkronkan bila SKP sudah dibuat.",
        "This year's SKP is not on this device yet. Sync if it has been made.",
    ),
    "remind.days_without": ("{n} hari tanpa catatan", "{n} days without an entry"),
    "remind.never": ("Belum ada catatan progres tahun ini", "No progress entries this year yet"),
    "remind.conflicts": (
        "{n} konflik menunggu keputusan Anda",
        "{n} conflicts await your decision",
    ),
    "remind.assess": (
        "Penilaian diri {period} belum dikirim",
        "Self-assessment {period} not submitted yet",
    ),
    "remind.behind": (
        "{indicator}: baru {pct} dari target, waktu sudah berjalan {time_pct}",
        "{indicator}: only {pct} of target with {time_pct} of the year gone",
    ),
    # entries
    "log.pending": ("menunggu sinkron", "waiting to sync"),
    "log.synced": ("tersinkron", "synced"),
    "log.conflict": ("konflik", "conflict"),
    "log.evidence": ("{n} bukti", "{n} evidence files"),
    "log.evidence_missing": ("bukti belum terunggah", "evidence not uploaded yet"),
    "log.edit": ("Ubah", "Edit"),
    "log.delete": ("Hapus", "Delete"),
    "log.deleted": ("Catatan dihapus.", "Entry deleted."),
    "log.confirm_delete": ("Hapus catatan ini?", "Delete this entry?"),
    "log.cancel": ("Batal", "Cancel"),
    "log.none": ("Belum ada catatan.", "No entries yet."),
    # log form and its checks (client/ui/common/log_form_text.py)
    **LOG_FORM_STRINGS,
    # SKP
    "skp.title": ("SKP tahun {year}", "SKP {year}"),
    "skp.status": ("Status: {status}", "Status: {status}"),
    "skp.utama": ("RHK utama", "Main work result (RHK utama)"),
    "skp.tambahan": ("RHK tambahan", "Additional work result (RHK tambahan)"),
    "skp.supports": ("Mendukung RHK atasan: {text}", "Supports supervisor's RHK: {text}"),
    "skp.target": ("{realised} dari {target} {unit}", "{realised} of {target} {unit}"),
    "skp.how.jumlah": ("jumlah catatan", "sum of entries"),
    "skp.how.terakhir": ("nilai terakhir", "latest value"),
    "skp.how.rata_rata": ("rata-rata catatan", "average of entries"),
    "skp.how.tenggat": ("waktu terhadap tenggat", "time against the deadline"),
    "skp.perilaku": ("Perilaku kerja (BerAKHLAK)", "Work behaviour (BerAKHLAK)"),
    "skp.expectation": ("Ekspektasi khusus atasan: {text}", "Supervisor's expectation: {text}"),
    "skp.submit": ("Ajukan SKP ke atasan", "Submit SKP to supervisor"),
    "skp.submitted": ("SKP diajukan; menunggu persetujuan atasan.", "SKP submitted for approval."),
    "skp.return_note": ("Catatan atasan: {text}", "Supervisor's note: {text}"),
    "skp.draft_hint": (
        "Atasan meminta Anda menyusun SKP. Periksa RHK dan indikator, lalu ajukan.",
        "Your supervisor asked you to draft the SKP. Check the RHK and indicators, then submit.",
    ),
    # drafting an RHK (SKP draft or returned)
    "rhk.add": ("Tambah RHK", "Add an RHK"),
    "rhk.edit_title": ("Ubah RHK", "Change the RHK"),
    "rhk.edit": ("Ubah", "Change"),
    "rhk.cancel": ("Batal", "Cancel"),
    "rhk.intro": (
        "Setiap RHK mendukung satu RHK atasan (intervensi) dan punya indikator dengan target.",
        "Each RHK supports one of your supervisor's RHK and has an indicator with a target.",
    ),
    "rhk.text": ("Rencana hasil kerja (RHK)", "Planned work result (RHK)"),
    "rhk.kind": ("Jenis RHK", "Kind of RHK"),
    "rhk.parent": ("RHK atasan yang diintervensi", "Supervisor's RHK it supports"),
    "rhk.parent_via": (
        "RHK atasan yang diintervensi, lewat RHK Anda yang sudah mendukungnya",
        "Supervisor's RHK it supports, by your RHK that already supports it",
    ),
    "rhk.aspect": ("Aspek indikator", "Aspect of the indicator"),
    "rhk.indicator": ("Indikator kinerja individu", "Performance indicator"),
    "rhk.target": ("Target", "Target"),
    "rhk.unit": ("Satuan target (mis. kunjungan, %, bulan)", "Unit (e.g. visits, %, months)"),
    "rhk.save": ("Simpan RHK", "Save RHK"),
    "rhk.saved": (
        "RHK disimpan di perangkat. Ajukan SKP bila sudah lengkap.",
        "RHK saved on this device. Submit the SKP when it is complete.",
    ),
    "rhk.need_text": ("Tulis rencana hasil kerjanya.", "Write the planned work result."),
    "rhk.need_kind": ("Pilih RHK utama atau tambahan.", "Choose main or additional."),
    "rhk.need_parent": (
        "Pilih RHK atasan yang didukung RHK ini.",
        "Choose the supervisor's RHK this one supports.",
    ),
    "rhk.no_parents": (
        "RHK atasan belum ada di perangkat ini; sinkronkan dulu.",
        "Your supervisor's RHK are not on this device yet; sync first.",
    ),
    "rhk.need_aspect": ("Pilih aspek indikatornya.", "Choose the indicator's aspect."),
    "rhk.need_indicator": ("Tulis indikator kinerjanya.", "Write the performance indicator."),
    "rhk.need_target": (
        "Target harus angka lebih dari nol (mis. 120), bukan '{text}'.",
        "The target must be a number above zero (e.g. 120), not '{text}'.",
    ),
    "rhk.need_unit": ("Tulis satuan targetnya.", "Write the target's unit."),
    # self-assessment
    "assess.title": ("Penilaian diri {period}", "Self-assessment {period}"),
    "assess.period": ("Periode", "Period"),
    "assess.realisation": ("Realisasi dari catatan Anda", "Realisation from your entries"),
    "assess.hasil": ("Hasil kerja", "Work results"),
    "assess.reflection": ("Refleksi", "Reflection"),
    "assess.save": ("Simpan draf", "Save draft"),
    "assess.submit": ("Kirim ke atasan", "Send to supervisor"),
    "assess.saved": ("Draf penilaian diri tersimpan.", "Self-assessment draft saved."),
    "assess.sent": (
        "Penilaian diri dikirim ke atasan (terkirim saat sinkron).",
        "Self-assessment sent to your supervisor (delivered at the next sync).",
    ),
    "assess.already": ("Sudah dikirim ke atasan.", "Already sent to your supervisor."),
    "assess.need_rating": (
        "Pilih rating hasil kerja sebelum mengirim.",
        "Choose a work-results rating before sending.",
    ),
    # feedback and ratings
    "fb.title": ("Umpan balik & nilai", "Feedback & ratings"),
    "fb.feedback": ("Umpan balik atasan", "Supervisor feedback"),
    "fb.none": ("Belum ada umpan balik.", "No feedback yet."),
    "fb.about_rhk": ("Tentang RHK: {text}", "About RHK: {text}"),
    "fb.about_value": ("Tentang nilai: {text}", "About value: {text}"),
    "fb.ratings": ("Penilaian", "Ratings"),
    "fb.no_ratings": ("Belum ada penilaian dari atasan.", "No ratings from your supervisor yet."),
    "fb.hasil": ("Hasil kerja: {r}", "Work results: {r}"),
    "fb.perilaku": ("Perilaku kerja: {r}", "Work behaviour: {r}"),
    "fb.predikat": ("Predikat: {p}", "Predikat: {p}"),
    "fb.explain": (
        "Hasil kerja {hk} dan perilaku kerja {pk} bertemu di kotak '{p}' pada kuadran.",
        "Work results {hk} and behaviour {pk} meet in the '{p}' box of the quadrant.",
    ),
    "fb.draft": ("(draf, belum final)", "(draft, not final)"),
    "fb.final": ("final", "final"),
    "fb.object": ("Ajukan keberatan", "File an objection"),
    "fb.object_reason": ("Alasan keberatan", "Reason for objection"),
    "fb.object_until": ("Keberatan dapat diajukan sampai {date}.", "You may object until {date}."),
    "fb.object_closed": (
        "Batas keberatan sudah lewat ({date}).",
        "The objection deadline passed ({date}).",
    ),
    "fb.object_sent": ("Keberatan diajukan ke atasan pejabat penilai.", "Objection filed."),
    "fb.object_status": ("Keberatan: {status}", "Objection: {status}"),
    "fb.object_need_reason": ("Tulis alasan keberatan.", "Write the reason for your objection."),
    # conflicts
    "cf.title": ("Konflik", "Conflicts"),
    "cf.none": (
        "Tidak ada konflik. Semua catatan Anda sama di setiap perangkat.",
        "No conflicts. Your entries are the same on every device.",
    ),
    "cf.intro": (
        "Catatan yang sama diubah di dua tempat sebelum sempat sinkron. Keduanya disimpan; "
        "pilih mana yang benar.",
        "The same entry was changed in two places before they could sync. Both were kept; "
        "choose the right one.",
    ),
    "cf.this": ("Di perangkat ini", "On this device"),
    "cf.other": ("Di tempat lain", "Elsewhere"),
    "cf.now": ("Yang berlaku sekarang", "Current"),
    "cf.other_version": ("Versi lain", "Other version"),
    "cf.keep_mine": ("Pakai versi perangkat ini", "Keep this device's version"),
    "cf.keep_theirs": ("Pakai versi lain", "Keep the other version"),
    "cf.keep_both": ("Simpan keduanya", "Keep both"),
    "cf.resolved": ("Konflik diselesaikan.", "Conflict resolved."),
    "cf.deleted": ("(dihapus)", "(deleted)"),
    # guide
    "guide.title": ("Panduan", "Guide"),
    "guide.open": ("Panduan", "Guide"),
    # HR (client/ui/hr/): admin_opd and admin_bkpp, online
    "hr.tab.dashboard": ("Dasbor", "Dashboard"),
    "hr.tab.distribution": ("Cek sebaran", "Distribution check"),
    "hr.tab.master": ("Data induk", "Master data"),
    "hr.tab.people": ("Pegawai", "Employees"),
    "hr.tab.exports": ("Ekspor", "Exports"),
    "hr.tab.audit": ("Audit", "Audit"),
    "hr.tab.devices": ("Perangkat", "Devices"),
    "hr.period": ("Periode", "Period"),
    "hr.col.employees": ("Pegawai", "Employees"),
    "hr.col.skp_ok": ("SKP disetujui", "SKP approved"),
    "hr.col.skp_open": ("SKP belum disetujui", "SKP not approved"),
    "hr.col.logs": ("Catatan minggu ini / pegawai", "Entries this week / employees"),
    "hr.col.self": ("Penilaian mandiri", "Self-assessments"),
    "hr.col.final": ("Penilaian final", "Final appraisals"),
    "hr.col.stale": ("Perangkat tak sinkron", "Devices not synced"),
    "hr.col.name": ("Nama", "Name"),
    "hr.col.jabatan": ("Jabatan", "Position"),
    "hr.chart.skp": ("SKP disetujui", "SKP approved"),
    "hr.chart.self": ("Penilaian mandiri", "Self-assessment"),
    "hr.chart.final": ("Penilaian final", "Final appraisal"),
    "hr.dash.title": ("Dasbor kinerja", "Performance dashboard"),
    "hr.dash.city": ("Kota Semarang", "City of Semarang"),
    "hr.dash.open": ("Buka rincian", "Open details"),
    "hr.dash.spread": ("Cek sebaran predikat", "Check predikat spread"),
    "hr.dash.employees": ("Pegawai aktif", "Active employees"),
    "hr.dash.skp": ("SKP disetujui", "SKP approved"),
    "hr.dash.of": ("dari {n} pegawai ({p} %)", "of {n} employees ({p} %)"),
    "hr.dash.logs": ("Catatan minggu ini", "Entries this week"),
    "hr.dash.logging": ("oleh {n} pegawai", "by {n} employees"),
    "hr.dash.self": ("Penilaian mandiri", "Self-assessments"),
    "hr.dash.final": ("Penilaian final", "Final appraisals"),
    "hr.dash.stale": ("Perangkat tak sinkron > {n} hari", "Devices not synced > {n} days"),
    "hr.dash.stale_days": ("Batas tak sinkron", "Not synced for"),
    "hr.dash.week": ("Minggu {a} s.d. {b} · periode {p}", "Week {a} to {b} · period {p}"),
    "hr.dash.rows_opd": ("Perangkat Daerah", "Agency (OPD)"),
    "hr.dash.rows_unit": ("Unit", "Unit"),
    "hr.dash.rows_employee": ("Pegawai", "Employee"),
    "hr.dash.empty": ("Tidak ada data dalam cakupan Anda.", "No data in your scope."),
    "hr.dist.title": ("Cek sebaran predikat", "Predikat distribution check"),
    "hr.dist.opd": ("Perangkat Daerah", "Agency (OPD)"),
    "hr.dist.org_predikat": ("Predikat organisasi", "Organisation predikat"),
    "hr.dist.set_org": ("Tetapkan predikat organisasi", "Set organisation predikat"),
    "hr.dist.org_saved": ("Predikat organisasi tersimpan.", "Organisation predikat saved."),
    "hr.dist.pick_predikat": ("Pilih predikat organisasi dulu.", "Choose a predikat first."),
    "hr.dist.org_unset": ("belum ditetapkan", "not set"),
    "hr.dist.summary": (
        "{unit}, periode {period}: {n} pegawai dengan penilaian final; predikat organisasi {org}.",
        "{unit}, period {period}: {n} employees with a final appraisal; "
        "organisation predikat {org}.",
    ),
    "hr.dist.violations": (
        "{n} ketentuan kurva tidak terpenuhi:",
        "{n} clauses of the curve are not met:",
    ),
    "hr.dist.ok": (
        "Sebaran sesuai kurva predikat organisasi.",
        "The spread matches the organisation's curve.",
    ),
    "hr.dist.warns": (
        "Ini peringatan, bukan larangan: Penetapan Predikat Kinerja tetap keputusan pejabat.",
        "This warns, it does not block: the Penetapan Predikat Kinerja stays a human decision.",
    ),
    "hr.dist.top": ("Kinerja terbaik (penghargaan)", "Top performers (recognition)"),
    "hr.dist.pembinaan": (
        "Butuh Perbaikan atau lebih rendah (pembinaan)",
        "Needs improvement or worse (development)",
    ),
    "hr.dist.nobody": ("Tidak ada.", "None."),
    "hr.master.title": ("Data induk", "Master data"),
    "hr.imp.title": ("Impor dari CSV", "Import from CSV"),
    "hr.imp.intro": (
        "Server memeriksa setiap baris dulu. Bila ada baris yang salah, tidak ada data yang "
        "diimpor dan setiap baris bermasalah disebut dengan nomor barisnya.",
        "The server checks every row first. If any row is wrong nothing is imported, and each "
        "bad row is named by its line number.",
    ),
    "hr.imp.employees": ("Pegawai", "Employees"),
    "hr.imp.units": ("Unit kerja", "Units"),
    "hr.imp.columns_employees": (
        "Kolom: nip, nama, jenis_pegawai, golongan, jabatan, jenis_jabatan, kode_unit "
        "(boleh: jenjang, nip_atasan, aktif)",
        "Columns: nip, nama, jenis_pegawai, golongan, jabatan, jenis_jabatan, kode_unit "
        "(optional: jenjang, nip_atasan, aktif)",
    ),
    "hr.imp.columns_units": (
        "Kolom: kode, nama, jenis, kode_induk",
        "Columns: kode, nama, jenis, kode_induk",
    ),
    "hr.imp.pick": ("Pilih berkas CSV", "Choose a CSV file"),
    "hr.imp.none": ("Belum ada berkas dipilih.", "No file chosen yet."),
    "hr.imp.picked": ("{name} ({kb} KB)", "{name} ({kb} KB)"),
    "hr.imp.path": (
        "Berkas CSV di perangkat ini (path)",
        "CSV file on this computer (path)",
    ),
    "hr.imp.partial": (
        "Impor baris yang benar saja (lewati baris yang salah)",
        "Import the good rows only (skip the bad ones)",
    ),
    "hr.imp.send": ("Impor", "Import"),
    "hr.imp.need_file": (
        "Pilih berkas CSV atau isi path berkasnya dulu.",
        "Choose a CSV file or enter its path first.",
    ),
    "hr.imp.done": (
        "Impor selesai: {n} baris ({c} baru, {u} diperbarui).",
        "Import done: {n} rows ({c} new, {u} updated).",
    ),
    "hr.imp.refused": ("{n} baris dilewati:", "{n} rows skipped:"),
    "hr.per.title": ("Periode penilaian", "Appraisal periods"),
    "hr.per.intro": (
        "Buka atau tutup periode (khusus BKPP).",
        "Open or close periods (BKPP only).",
    ),
    "hr.per.open": ("Dibuka", "Open"),
    "hr.per.closed_label": ("Ditutup", "Closed"),
    "hr.per.code": ("Kode periode", "Period code"),
    "hr.per.open_new": ("Buka periode", "Open period"),
    "hr.per.opened": ("Periode {code} dibuka.", "Period {code} opened."),
    "hr.per.closed": ("Periode {code} ditutup.", "Period {code} closed."),
    "hr.emp.title": ("Pegawai: mutasi, data, dokumen", "Employee: transfer, data, documents"),
    "hr.emp.nip": ("NIP pegawai", "Employee NIP"),
    "hr.emp.need_nip": ("Isi NIP pegawai (18 digit).", "Enter the employee's 18-digit NIP."),
    "hr.emp.audit": ("Log audit pegawai ini", "This employee's audit log"),
    "hr.emp.mutasi": ("Mutasi", "Transfer (mutasi)"),
    "hr.emp.mutasi_intro": (
        "Pindahkan ke unit lain dan/atau Pejabat Penilai lain. Berlaku pada sinkron berikutnya: "
        "perangkat atasan lama tidak lagi memuat data pegawai ini, atasan baru menerimanya.",
        "Move to another unit and/or supervisor. Takes effect at the next sync: the old "
        "supervisor's devices drop this employee's data, the new supervisor receives it.",
    ),
    "hr.emp.unit": ("Unit tujuan", "Destination unit"),
    "hr.emp.unit_same": ("(unit tetap)", "(same unit)"),
    "hr.emp.boss": ("NIP Pejabat Penilai baru", "New supervisor's NIP"),
    "hr.emp.note": ("Catatan (mis. nomor SK)", "Note (e.g. decree number)"),
    "hr.emp.move": ("Simpan mutasi", "Save transfer"),
    "hr.emp.moved": (
        "Mutasi pegawai {nip} tersimpan; berlaku pada sinkron berikutnya.",
        "Transfer of {nip} saved; it takes effect at the next sync.",
    ),
    "hr.emp.edit": ("Ubah data pegawai", "Edit employee data"),
    "hr.emp.edit_intro": (
        "Isi hanya yang berubah; kolom kosong tidak diubah.",
        "Fill in only what changes; empty fields stay as they are.",
    ),
    "hr.emp.name": ("Nama lengkap dengan gelar", "Full name with titles"),
    "hr.emp.golongan": ("Golongan", "Grade"),
    "hr.emp.jenjang": ("Jenjang (fungsional)", "Level (functional)"),
    "hr.emp.jabatan": ("Nama jabatan", "Position"),
    "hr.emp.jabatan_kind": ("Jenis jabatan", "Position kind"),
    "hr.emp.active": ("Status", "Status"),
    "hr.emp.save": ("Simpan perubahan", "Save changes"),
    "hr.emp.edited": ("Data pegawai {nip} tersimpan.", "Data of {nip} saved."),
    "hr.emp.pdf": ("Dokumen Evaluasi Kinerja Pegawai", "Employee Performance Evaluation (PDF)"),
    "hr.emp.pdf_intro": (
        "PDF siap cetak untuk tanda tangan basah; disimpan di folder data perangkat ini.",
        "Printable PDF for wet signatures; saved in this device's data folder.",
    ),
    "hr.emp.pdf_get": ("Unduh PDF", "Download PDF"),
    "hr.emp.pdf_saved": ("Dokumen tersimpan di {path}", "Document saved at {path}"),
    "hr.exp.title": ("Ekspor data", "Export data"),
    "hr.exp.what": ("Data yang diekspor", "Data to export"),
    "hr.exp.appraisals": ("Penilaian", "Appraisals"),
    "hr.exp.logs": ("Catatan kemajuan", "Progress logs"),
    "hr.exp.completion": ("Kelengkapan", "Completion"),
    "hr.exp.scope": ("Cakupan", "Scope"),
    "hr.exp.all": ("Semua dalam cakupan saya", "Everything in my scope"),
    "hr.exp.download": ("Unduh", "Download"),
    "hr.exp.progress": ("{rows} dari {total} baris", "{rows} of {total} rows"),
    "hr.exp.bytes": ("{kb} KB diterima", "{kb} KB received"),
    "hr.exp.saved": ("Berkas tersimpan ({rows} baris)", "File saved ({rows} rows)"),
    "hr.exp.where": (
        "Folder data perangkat ini; buka dengan Excel atau LibreOffice.",
        "This device's data folder; open it with Excel or LibreOffice.",
    ),
    "hr.aud.title": ("Log audit", "Audit log"),
    "hr.aud.by": ("Telusuri menurut", "Search by"),
    "hr.aud.by_subject": ("Pegawai (NIP)", "Employee (NIP)"),
    "hr.aud.by_user": ("Pengguna yang bertindak (NIP)", "Acting user (NIP)"),
    "hr.aud.by_record": ("ID catatan", "Record ID"),
    "hr.aud.value": ("NIP atau ID", "NIP or ID"),
    "hr.aud.search": ("Telusuri", "Search"),
    "hr.aud.intro": (
        "Terbaru di atas. Admin OPD melihat tindakan oleh atau tentang pegawai OPD-nya.",
        "Newest first. An OPD admin sees acts by or about their OPD's people.",
    ),
    "hr.aud.none": ("Tidak ada entri.", "No entries."),
    "hr.aud.older": ("Lebih lama", "Older"),
    "hr.aud.when": ("Waktu (WIB)", "Time (WIB)"),
    "hr.aud.who": ("Oleh", "By"),
    "hr.aud.what": ("Tindakan", "Action"),
    "hr.aud.about": ("Tentang", "About"),
    "hr.aud.detail": ("Rincian", "Details"),
    "hr.dev.title": ("Perangkat terdaftar", "Registered devices"),
    "hr.dev.intro": (
        "Kontak terakhir setiap perangkat. Perangkat yang hilang dicabut: tokennya berhenti "
        "berlaku dan datanya terhapus saat perangkat itu tersambung lagi.",
        "Each device's last contact. Revoke a lost device: its token stops working and its "
        "data is wiped when it next connects.",
    ),
    "hr.dev.device": ("Perangkat", "Device"),
    "hr.dev.last": ("Kontak terakhir (WIB)", "Last contact (WIB)"),
    "hr.dev.since": ("Sejak", "Since"),
    "hr.dev.days": ("{n} hari", "{n} days"),
    "hr.dev.revoke": ("Cabut", "Revoke"),
    "hr.dev.is_revoked": ("Dicabut", "Revoked"),
    "hr.dev.cancel": ("Batal", "Cancel"),
    "hr.dev.confirm_title": ("Cabut perangkat?", "Revoke device?"),
    "hr.dev.confirm": (
        'Perangkat "{dev}" milik {name} tidak bisa sinkron lagi dan datanya akan terhapus.',
        'Device "{dev}" of {name} can no longer sync and its data will be wiped.',
    ),
    "hr.dev.revoked": ("Perangkat {id} milik {name} dicabut.", "Device {id} of {name} revoked."),
    # errors
    "err.generic": ("Terjadi kesalahan: {detail}", "Something went wrong: {detail}"),
    # supervisor (client/ui/supervisor/)
    **SUPERVISOR_STRINGS,
    # feedback tied to an RHK, a value or an entry (client/ui/supervisor/feedback_box.py)
    **FEEDBACK_STRINGS,
    # the appraisal's follow-up (client/ui/pegawai/feedback_screen.py, supervisor/rating.py)
    **FOLLOWUP_STRINGS,
    # the employee's own forms: self-assessment, keberatan, RHK draft (client/ui/pegawai/)
    **ASSESSMENT_STRINGS,
    # HR's downloads, employee profile, charts and form errors (client/ui/hr/)
    **HR_STRINGS,
}


def tr(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``lang`` with its placeholders filled; the key itself if unknown."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" and pair[1] else pair[0]
    return text.format(**values) if values else text
