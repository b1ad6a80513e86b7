"""The strings of the supervisor's screens (Bahasa Indonesia first, then English); merged into
``client.ui.common.i18n.STRINGS``."""

from __future__ import annotations

from typing import Final

__all__ = ["SUPERVISOR_STRINGS"]

SUPERVISOR_STRINGS: Final[dict[str, tuple[str, str]]] = {
    "nav.team": ("Tim saya", "My team"),
    "nav.hr": ("HR", "HR"),
    "team.title": ("Tim saya, {period}", "My team, {period}"),
    "team.none": (
        "Belum ada bawahan di perangkat ini. Sinkronkan dulu.",
        "No subordinates on this device yet. Sync first.",
    ),
    "team.f.all": ("Semua", "All"),
    "team.f.attention": ("Perlu perhatian", "Needs attention"),
    "team.f.skp_waiting": ("SKP menunggu", "SKP waiting"),
    "team.f.assessment_waiting": ("Penilaian diri", "Self-assessment"),
    "team.f.quiet": ("Tanpa catatan", "No entries"),
    "team.a.skp_waiting": ("SKP menunggu persetujuan", "SKP waiting for approval"),
    "team.a.assessment_waiting": ("Penilaian diri menunggu dinilai", "Self-assessment waiting"),
    "team.a.quiet": ("Tanpa catatan {n} hari", "No entries for {n} days"),
    "team.a.never": ("Belum pernah mencatat", "Never logged"),
    "team.a.shared_evidence": (
        "Bukti sama dengan pegawai lain ({n} catatan)",
        "Evidence also used by others ({n} entries)",
    ),
    "team.a.no_evidence": ("{n} catatan tanpa bukti", "{n} entries without evidence"),
    "team.progress": ("Capaian target {p}", "Targets reached {p}"),
    "team.new": (
        "{n} catatan baru sejak Anda terakhir membuka",
        "{n} new entries since you last opened them",
    ),
    "team.period_status": ("{period}: {sa} · {ap}", "{period}: {sa} · {ap}"),
    "team.progress_year": ("Capaian target tahun {year}", "Targets reached in {year}"),
    "team.empty.sa_none": (
        "Belum ada penilaian diri untuk {period} (0 dari {n} bawahan mengirim).",
        "No self-assessment for {period} yet (0 of {n} subordinates sent one).",
    ),
    "team.empty.sa_done": (
        "Tidak ada penilaian diri yang menunggu dinilai untuk {period}: {sent} dari {n} bawahan"
        " sudah mengirim dan semuanya sudah dinilai final.",
        "No self-assessment waiting for {period}: {sent} of {n} subordinates sent one and all"
        " are rated final.",
    ),
    "team.empty.attention": (
        "Tidak ada bawahan yang perlu perhatian saat ini ({n} bawahan).",
        "Nobody needs attention now ({n} subordinates).",
    ),
    "team.empty.skp": (
        "Tidak ada SKP yang menunggu persetujuan ({n} bawahan).",
        "No SKP waiting for approval ({n} subordinates).",
    ),
    "team.empty.quiet": (
        "Semua {n} bawahan mencatat dalam 7 hari terakhir.",
        "All {n} subordinates logged in the last 7 days.",
    ),
    "team.empty.other": (
        "Tidak ada bawahan yang cocok dengan saringan ini ({n} bawahan).",
        "Nobody matches this filter ({n} subordinates).",
    ),
    "period.triwulan": ("Triwulan {n} {year}", "Q{n} {year}"),
    "period.year": ("Tahun {year}", "Year {year}"),
    "period.short_tw": ("TW {n}", "Q{n}"),
    "period.short_year": ("Tahunan", "Year"),
    "period.hint": (
        "Periode ini berlaku juga di Penilaian dan Sebaran predikat.",
        "This period also applies to Rating and the predikat spread.",
    ),
    "sv.too_long": (
        "Terlalu panjang: {n} karakter, paling banyak {limit}. Persingkat tulisannya.",
        "Too long: {n} characters, at most {limit}. Shorten it.",
    ),
    "sv.comment_empty": (
        "Komentar masih kosong. Tulis umpan balik untuk catatan ini.",
        "The comment is empty. Write your feedback on this entry.",
    ),
    "sv.dialog_empty": (
        "Catatan dialog kinerja masih kosong. Tulis apa yang dibicarakan.",
        "The dialogue note is empty. Write what was discussed.",
    ),
    "sv.reason_empty": (
        "Alasan keputusan masih kosong. Tulis mengapa keberatan diputus begini.",
        "The reason is empty. Write why you decide the objection this way.",
    ),
    "sv.need_new_predikat": (
        "Pilih predikat baru, atau pilih Pertahankan predikat.",
        "Choose the new predikat, or choose Keep the predikat.",
    ),
    "sv.need_hasil": (
        "Pilih Rating Hasil Kerja sebelum memfinalkan.",
        "Choose the work results rating before finalizing.",
    ),
    "sv.need_perilaku": (
        "Pilih Rating Perilaku Kerja sebelum memfinalkan.",
        "Choose the work behaviour rating before finalizing.",
    ),
    "sv.realisation": (
        'Realisasi "{text}" bukan angka. Tulis angka 0 atau lebih, mis. 12 atau 12,5; kosongkan'
        " bila sesuai catatan pegawai.",
        'Realisation "{text}" is not a number. Write 0 or more, e.g. 12 or 12.5; leave it'
        " empty when the entries are right.",
    ),
    "sv.fix_fields": (
        "Periksa isian yang ditandai merah.",
        "Check the fields marked in red.",
    ),
    "team.last_entry": ("Catatan terakhir {date}", "Last entry {date}"),
    "team.sa.belum": ("Penilaian diri: belum ada", "Self-assessment: none"),
    "team.sa.draf": ("Penilaian diri: draf", "Self-assessment: draft"),
    "team.sa.dikirim": ("Penilaian diri: dikirim", "Self-assessment: sent"),
    "team.device": ("Perangkatnya terakhir tersinkron {ago}", "Their device last synced {ago}"),
    "team.device_unknown": (
        "Sinkron perangkatnya belum diketahui",
        "Their device's last sync is unknown",
    ),
    "team.left": ("{names} pindah dari tim Anda (mutasi).", "{names} left your team (transfer)."),
    "team.arrived": ("{names} bergabung ke tim Anda.", "{names} joined your team."),
    "team.spread": ("Sebaran predikat", "Predikat spread"),
    "team.objections": ("Keberatan", "Objections"),
    "team.open": ("Buka", "Open"),
    "member.skp": ("SKP & ekspektasi", "SKP & expectations"),
    "member.logs": ("Catatan & bukti", "Entries & evidence"),
    "member.rate": ("Penilaian", "Rating"),
    "member.back": ("Kembali ke tim", "Back to team"),
    "ap.none": ("Belum dinilai", "Not rated"),
    "ap.draft_pending": (
        "Draf di perangkat, menunggu sinkron",
        "Draft on this device, waiting to sync",
    ),
    "ap.draft": ("Draf tersimpan", "Draft saved"),
    "ap.final_pending": (
        "Final, menunggu konfirmasi server",
        "Final, waiting for the server to confirm",
    ),
    "ap.final": ("Final, dikonfirmasi server", "Final, confirmed by the server"),
    "tskp.title": ("SKP {name} tahun {year}", "{name}'s SKP for {year}"),
    "tskp.status": ("Status: {status}", "Status: {status}"),
    "tskp.linked": ("Mendukung RHK Anda: {text}", "Supports your RHK: {text}"),
    "tskp.unlinked": ("Belum terhubung ke RHK Anda", "Not linked to any of your RHK"),
    "tskp.unlinked_n": (
        "{n} RHK belum terhubung ke RHK Anda: periksa sebelum menyetujui.",
        "{n} RHK not linked to your RHK: check before approving.",
    ),
    "tskp.perilaku": (
        "Perilaku kerja dan ekspektasi khusus pimpinan",
        "Work behaviour and your specific expectations",
    ),
    "tskp.expectation": ("Ekspektasi khusus: {value}", "Specific expectation: {value}"),
    "tskp.note": ("Catatan pengembalian", "Note for returning"),
    "tskp.approve": ("Setujui SKP", "Approve SKP"),
    "tskp.return": ("Kembalikan", "Return"),
    "tskp.save_exp": ("Simpan ekspektasi", "Save expectations"),
    "tskp.approved": ("SKP disetujui.", "SKP approved."),
    "tskp.returned": ("SKP dikembalikan dengan catatan.", "SKP returned with a note."),
    "tskp.saved": ("Ekspektasi disimpan.", "Expectations saved."),
    "tskp.locked": (
        "SKP sudah disetujui dan terkunci. Kembalikan untuk revisi bila perlu diubah.",
        "The SKP is approved and locked. Return it for revision to change it.",
    ),
    "tskp.draft": (
        "Pegawai belum mengajukan SKP ini.",
        "The employee has not submitted this SKP yet.",
    ),
    "tskp.return_note": ("Catatan pengembalian: {text}", "Return note: {text}"),
    "tskp.need_note": ("Tulis catatan pengembalian.", "Write a note for returning."),
    "tskp.matrix": ("Matriks peran hasil", "Results matrix"),
    "tskp.matrix_none": ("Belum ada yang mendukung RHK ini.", "Nobody supports this RHK yet."),
    "tskp.matrix_unlinked": ("RHK bawahan yang belum terhubung", "Subordinate RHK not linked"),
    "tskp.no_own": (
        "SKP Anda sendiri belum ada di perangkat ini.",
        "Your own SKP is not on this device.",
    ),
    "tlog.title": ("Catatan {name}", "{name}'s entries"),
    "tlog.photo": ("Lihat bukti {n}", "View evidence {n}"),
    "tlog.photo_missing": (
        "Bukti belum terunggah oleh pegawai",
        "Evidence not uploaded by the employee yet",
    ),
    "tlog.pdf": ("Dokumen PDF tersimpan di perangkat", "PDF document stored on this device"),
    "tlog.ack": ("Tandai sudah diperiksa", "Mark as checked"),
    "tlog.acked": ("Sudah diperiksa", "Checked"),
    "tlog.ack_hint": (
        "Tandai sudah diperiksa: Anda sudah membaca catatan dan melihat buktinya. Pegawai melihat"
        " tanda ini, dan catatan tanpa bukti yang sudah diperiksa tidak lagi diperingatkan di Tim"
        " saya. Beri komentar bila ada yang perlu diperbaiki.",
        "Mark as checked: you read the entry and saw its evidence. The employee sees the mark,"
        " and a checked entry without evidence is no longer flagged in My team. Comment when"
        " something needs fixing.",
    ),
    "tlog.open_comment": ("Beri komentar", "Comment"),
    "entry.checked": ("Sudah diperiksa atasan", "Checked by your supervisor"),
    "tlog.comment": ("Komentar untuk catatan ini", "Comment on this entry"),
    "tlog.send": ("Kirim komentar", "Send comment"),
    "tlog.close_comment": ("Batal", "Cancel"),
    "tlog.your_comment": ("Komentar Anda: {text}", "Your comment: {text}"),
    "tlog.commented": ("Komentar tersimpan.", "Comment saved."),
    "tlog.dialog": ("Catatan dialog kinerja", "Performance dialogue note"),
    "tlog.dialog_save": ("Simpan catatan dialog", "Save dialogue note"),
    "tlog.dialog_saved": ("Catatan dialog kinerja tersimpan.", "Dialogue note saved."),
    "tlog.none": ("Belum ada catatan.", "No entries yet."),
    "tlog.no_evidence": (
        "Tanpa bukti dukung: tanyakan buktinya sebelum menandai sudah diperiksa.",
        "No evidence attached: ask for it before marking the entry as checked.",
    ),
    "tlog.shared": (
        "Bukti {n} juga dipakai dalam catatan: {names}",
        "Evidence {n} is also used in the entries of: {names}",
    ),
    "tlog.shared_more": (" dan pegawai lain", " and others"),
    "rate.title": ("Penilaian {name}, {period}", "Rating {name}, {period}"),
    "rate.realisation": ("Realisasi terhadap target", "Realisation against targets"),
    "rate.period_done": ("periode ini {value} dari {target}", "this period {value} of {target}"),
    "rate.confirmed": (
        "dikonfirmasi pejabat penilai: {value}",
        "confirmed by the rater: {value}",
    ),
    "rate.confirm_field": ("Realisasi dikonfirmasi ({unit})", "Confirmed realisation ({unit})"),
    "rate.confirm_hint": (
        "Koreksi realisasi bila berbeda dari catatan pegawai; kosongkan bila sesuai. Dokumen"
        " evaluasi mencetak yang Anda konfirmasi.",
        "Correct a realisation that differs from the employee's entries; leave it empty"
        " otherwise. The evaluation document prints what you confirm.",
    ),
    "rate.head": (
        "Kepala {unit}: predikat kinerja organisasi {org}; Rating Hasil Kerja yang diharapkan"
        " {rating} (SE MenPANRB 3/2023).",
        "Head of {unit}: organisation predikat {org}; expected work results rating {rating}"
        " (SE MenPANRB 3/2023).",
    ),
    "rate.head_unset": (
        "Kepala {unit}: predikat kinerja organisasinya untuk periode ini belum ditetapkan; Rating"
        " Hasil Kerja kepala unit mengikuti predikat itu (SE MenPANRB 3/2023).",
        "Head of {unit}: the unit's organisation predikat for this period is not set yet; a unit"
        " head's work results rating follows it (SE MenPANRB 3/2023).",
    ),
    "rate.head_differs": (
        "Peringatan: rating ini berbeda dari {rating} yang diharapkan untuk kepala unit"
        " (panduan, tidak memblokir).",
        "Warning: this differs from the expected {rating} for a unit head (guidance, not a block).",
    ),
    "rate.self": ("Penilaian diri pegawai", "Employee's self-assessment"),
    "rate.self_none": (
        "Pegawai belum mengirim penilaian diri.",
        "The employee has not sent a self-assessment.",
    ),
    "rate.self_rating": (
        "Rating hasil kerja menurut pegawai: {r}",
        "Work results by the employee: {r}",
    ),
    "rate.hasil": ("Rating Hasil Kerja", "Work results rating"),
    "rate.perilaku": ("Rating Perilaku Kerja", "Work behaviour rating"),
    "rate.guide_hasil": (
        "Di atas ekspektasi: sebagian besar hasil kerja di atas ekspektasi dan tidak ada RHK utama "
        "di bawah ekspektasi. Sesuai: sebagian besar sesuai ekspektasi. Di bawah: sebagian besar "
        "di bawah ekspektasi.",
        "Above: most results above expectation and no main RHK below. As expected: most meet "
        "expectation. Below: most below expectation.",
    ),
    "rate.guide_perilaku": (
        "Nilai perilaku dari tujuh nilai BerAKHLAK dan ekspektasi khusus yang Anda tulis di SKP.",
        "Judge behaviour by the seven BerAKHLAK values and the expectations you wrote in the SKP.",
    ),
    "rate.predikat": ("Predikat: {p}", "Predikat: {p}"),
    "rate.predikat_wait": (
        "Pilih kedua rating untuk melihat predikat.",
        "Choose both ratings to see the predikat.",
    ),
    "rate.feedback": ("Umpan balik untuk pegawai", "Feedback for the employee"),
    "rate.save": ("Simpan draf", "Save draft"),
    "rate.finalize": ("Finalkan", "Finalize"),
    "rate.confirm": (
        "Finalkan penilaian ini? Setelah diterima server, penilaian terkunci.",
        "Finalize? Once the server accepts it, the rating is locked.",
    ),
    "rate.yes": ("Ya, finalkan", "Yes, finalize"),
    "rate.cancel": ("Batal", "Cancel"),
    "rate.saved": ("Draf penilaian tersimpan di perangkat.", "Draft rating saved on this device."),
    "rate.finalized": (
        "Penilaian difinalkan; terkunci setelah server menerimanya.",
        "Rating finalized; locked once the server accepts it.",
    ),
    "rate.need_both": ("Pilih rating hasil kerja dan perilaku kerja.", "Choose both ratings."),
    "rate.history": ("Riwayat periodik: {items}", "Periodic history: {items}"),
    "rate.see_spread": (
        "Lihat sebaran predikat sebelum finalisasi",
        "See the predikat spread before finalizing",
    ),
    "rate.locked": ("Penilaian final tidak dapat diubah.", "A final rating cannot be changed."),
    "spread.title": ("Sebaran predikat tim, {period}", "Team predikat spread, {period}"),
    "spread.org_label": ("Predikat organisasi untuk simulasi", "Organisation predikat to simulate"),
    "spread.org": ("Predikat organisasi: {p}", "Organisation predikat: {p}"),
    "spread.unset": (
        "Predikat kinerja organisasi untuk periode ini belum ditetapkan; sebaran tidak diperiksa."
        " Pilih predikat di atas untuk simulasi.",
        "The organisation predikat for this period is not set; the spread is not checked."
        " Choose one above to simulate.",
    ),
    "spread.org_none": ("belum ditetapkan", "not set"),
    "spread.small": (
        "Unit kecil ({n} pegawai dinilai): satu pegawai menggeser persentase kurva jauh;"
        " ketentuan kurva menjadi panduan.",
        "Small unit ({n} rated): one person moves the curve's shares far; read its clauses"
        " as guidance.",
    ),
    "spread.rated": (
        "{rated} dari {team} bawahan sudah dinilai ({final} final).",
        "{rated} of {team} subordinates rated ({final} final).",
    ),
    "spread.waiting": (
        "Sebaran belum diperiksa terhadap kurva: baru {rated} dari {team} bawahan dinilai untuk"
        " {period}. Kurva diperiksa setelah minimal {needed} dinilai.",
        "The spread is not checked against the curve yet: only {rated} of {team} subordinates"
        " are rated for {period}. The curve is checked once at least {needed} are rated.",
    ),
    "spread.partial": (
        "Diperiksa dari {rated} dari {team} bawahan yang sudah dinilai; yang belum dinilai dapat"
        " mengubah hasilnya.",
        "Checked on the {rated} of {team} subordinates rated; those not rated yet can change"
        " the result.",
    ),
    "spread.no_team": ("Belum ada bawahan di perangkat ini.", "No subordinates on this device."),
    "spread.ok": ("Sebaran sesuai kurva distribusi.", "The spread fits the distribution curve."),
    "spread.violations": (
        "Tidak sesuai kurva (peringatan, tidak memblokir):",
        "Does not fit the curve (a warning, not a block):",
    ),
    "obj.title": ("Keberatan atas penilaian bawahan Anda", "Objections to ratings below you"),
    "obj.none": ("Tidak ada keberatan.", "No objections."),
    "obj.who": (
        "{name}, {period}; dinilai oleh {supervisor}",
        "{name}, {period}; rated by {supervisor}",
    ),
    "obj.rating": (
        "Hasil kerja {hk}, perilaku {pk}: predikat {p}",
        "Work results {hk}, behaviour {pk}: predikat {p}",
    ),
    "obj.reason": ("Alasan keberatan: {text}", "Reason: {text}"),
    "obj.keep": ("Pertahankan predikat", "Keep the predikat"),
    "obj.change": ("Ubah predikat", "Change the predikat"),
    "obj.new": ("Predikat baru", "New predikat"),
    "obj.decision_reason": ("Alasan keputusan", "Reason for the decision"),
    "obj.decide": ("Putuskan", "Decide"),
    "obj.decided": (
        "Keputusan keberatan tersimpan; bersifat final.",
        "Decision saved; it is final.",
    ),
    "obj.status": ("Keputusan: {status}", "Decision: {status}"),
    "obj.new_predikat": ("Predikat baru: {p}", "New predikat: {p}"),
    "obj.pending": ("menunggu sinkron", "waiting to sync"),
}
