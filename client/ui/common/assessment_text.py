"""The strings of the employee's own forms: the self-assessment
(client/ui/pegawai/assessment_screen.py), its reminders on Beranda, the keberatan
(client/ui/pegawai/feedback_screen.py) and the RHK form of the SKP draft
(client/ui/pegawai/skp_draft.py): counters, field errors, states that follow the sync.
Bahasa Indonesia first, then English; merged into ``client.ui.common.i18n.STRINGS``."""

from __future__ import annotations

from typing import Final

__all__ = ["ASSESSMENT_STRINGS"]

ASSESSMENT_STRINGS: Final[dict[str, tuple[str, str]]] = {
    # counters and lengths (every long text field)
    "own.counter": ("{n}/{limit} karakter", "{n}/{limit} characters"),
    "own.too_long": (
        "{field} paling banyak {limit} karakter; sekarang {n}. Persingkat {over} karakter.",
        "{field} takes at most {limit} characters; it has {n}. Remove {over}.",
    ),
    # self-assessment: how much is filled, the confirmation, the state
    "assess.filled": ("{filled}/{total} terisi", "{filled}/{total} filled in"),
    "assess.value_reflection": ("Refleksi {value}", "Reflection on {value}"),
    "assess.not_rated": ("Belum dinilai", "Not rated yet"),
    "assess.hasil_part": ("Rating hasil kerja", "Work-results rating"),
    "assess.need_rating_field": (
        "Pilih rating hasil kerja: penilaian diri tidak dapat dikirim tanpanya.",
        "Choose a work-results rating: the self-assessment cannot be sent without it.",
    ),
    "assess.fix_first": (
        "Perbaiki isian yang ditandai merah sebelum menyimpan.",
        "Correct the fields marked in red before saving.",
    ),
    "assess.confirm_title": (
        "Kirim penilaian diri yang belum lengkap?",
        "Send an incomplete self-assessment?",
    ),
    "assess.confirm_body": (
        "Baru {filled} dari {total} terisi. Belum dinilai: {missing}. Setelah dikirim, "
        "penilaian diri ini tidak dapat diubah lagi.",
        "Only {filled} of {total} are filled in. Not rated yet: {missing}. Once sent, this "
        "self-assessment cannot be changed.",
    ),
    "assess.confirm_back": ("Lengkapi dulu", "Complete it first"),
    "assess.confirm_send": ("Kirim saja", "Send anyway"),
    "assess.st_empty": ("Belum diisi.", "Not filled in yet."),
    "assess.st_draft": (
        "Draf: belum dikirim ke atasan.",
        "Draft: not sent to your supervisor yet.",
    ),
    "assess.st_waiting": (
        "Dikirim dari perangkat ini; menunggu sinkron untuk sampai ke server. Tidak dapat "
        "diubah lagi.",
        "Sent from this device; waiting for a sync to reach the server. It can no longer be "
        "changed.",
    ),
    "assess.st_received": (
        "Diterima server: terkunci. Atasan Anda dapat membacanya.",
        "Received by the server: locked. Your supervisor can read it.",
    ),
    "assess.sent_notice": (
        "Penilaian diri {period} Anda kirim. Statusnya tampil di layar Penilaian.",
        "You sent your self-assessment for {period}. Its status shows on the Assessment screen.",
    ),
    "assess.received_notice": (
        "Penilaian diri {period} diterima server: terkunci.",
        "Self-assessment {period} received by the server: locked.",
    ),
    "assess.unknown_period": (
        "Periode {code} tidak ada di layar ini; yang ditampilkan {period}.",
        "Period {code} is not on this screen; showing {period}.",
    ),
    "remind.assess_open": (
        "Buka penilaian diri {period}",
        "Open the self-assessment for {period}",
    ),
    # keberatan
    "fb.object_waiting": (
        "menunggu sinkron untuk sampai ke server",
        "waiting for a sync to reach the server",
    ),
    "fb.object_received": ("diterima server", "received by the server"),
    "fb.object_saved": (
        "Keberatan atas predikat {period} Anda ajukan. Statusnya tampil di bawah penilaian itu.",
        "You filed an objection to the {period} predikat. Its status shows under that rating.",
    ),
    "fb.object_received_notice": (
        "Keberatan atas predikat {period} diterima server; atasan pejabat penilai akan "
        "memutuskannya.",
        "The objection to the {period} predikat reached the server; the rater's supervisor "
        "will decide it.",
    ),
    # RHK form of the SKP draft
    "rhk.target_too_big": (
        "Target paling besar {limit}.",
        "The target can be at most {limit}.",
    ),
}
