"""The in-app guide (Panduan): how the year works, evidence, the quadrant, the curve."""

from __future__ import annotations

from typing import Final

__all__ = ["GUIDE"]

# (title, body) per language; bodies are short paragraphs a field worker reads on a phone.
GUIDE: Final[dict[str, list[tuple[str, str]]]] = {
    "id": [
        (
            "Bagaimana satu tahun berjalan",
            "Januari: Anda dan atasan menyusun SKP (rencana hasil kerja, indikator, target). "
            "Sepanjang tahun: catat kemajuan harian dengan bukti; atasan memberi umpan balik. "
            "Tiap triwulan: Anda mengisi penilaian diri, atasan memberi rating periodik. "
            "Akhir tahun: atasan memutuskan rating tahunan; hasilnya predikat kinerja.",
        ),
        (
            "Apa yang dihitung sebagai bukti",
            "Bukti dukung menunjukkan bahwa kegiatan benar terjadi: foto kegiatan di lapangan, "
            "daftar hadir, laporan, surat tugas, tangkapan layar aplikasi layanan. Satu bukti "
            "untuk satu kegiatan Anda sendiri. Catatan tanpa bukti tetap tersimpan, tetapi "
            "ditandai untuk atasan Anda. Bila foto atau berkas yang persis sama juga dipakai "
            "dalam catatan pegawai lain, server menandai catatan kalian berdua dan atasan "
            "masing-masing melihat tandanya. Catatan pada hari cuti atau diklat ditolak. Atasan "
            "memeriksa apakah angka cocok dengan bukti.",
        ),
        (
            "Bagaimana dua rating menjadi predikat (kuadran)",
            "Atasan memberi dua rating: Hasil Kerja dan Perilaku Kerja, masing-masing Di Atas, "
            "Sesuai, atau Di Bawah Ekspektasi. Keduanya bertemu di satu kotak: Di Atas + Di Atas = "
            "Sangat Baik; Sesuai atau Di Atas pada keduanya = Baik; Hasil Kerja Di Bawah dengan "
            "perilaku Sesuai/Di Atas = Butuh Perbaikan; Perilaku Di Bawah dengan hasil Sesuai/Di "
            "Atas = Kurang/Misconduct; keduanya Di Bawah = Sangat Kurang. Tidak ada angka atau "
            "rata-rata: predikat dibaca dari kotaknya.",
        ),
        (
            "Mengapa ada kurva distribusi",
            "Predikat pegawai mengikuti predikat unit kerjanya (SE MenPANRB 3/2023). Unit yang "
            "kinerjanya Baik tidak bisa menilai semua pegawainya Sangat Baik; unit yang Istimewa "
            "boleh punya lebih banyak Sangat Baik. Kurva ini mencegah nilai yang seragam tinggi "
            "sehingga pegawai yang benar-benar menonjol terlihat. Kurva memberi peringatan, bukan "
            "keputusan: atasan tetap menilai tiap orang dari catatan dan bukti Anda.",
        ),
        (
            "Bila Anda merasa tidak adil",
            "Bacalah umpan balik per RHK dan per nilai BerAKHLAK; tanyakan dalam dialog kinerja. "
            "Atas predikat tahunan yang sudah final Anda boleh mengajukan keberatan dalam 14 hari "
            "kepada atasan pejabat penilai; keputusannya final dan setiap langkah tercatat. "
            "Catatan harian dengan bukti adalah pembela terbaik Anda.",
        ),
    ],
    "en": [
        (
            "How the year works",
            "January: you and your supervisor draft the SKP (work results, indicators, targets). "
            "All year: log daily progress with evidence; your supervisor gives feedback. Each "
            "quarter: you fill in a self-assessment, your supervisor gives a periodic rating. "
            "Year end: your supervisor decides the annual rating; it yields your predikat.",
        ),
        (
            "What counts as evidence",
            "Evidence shows the activity really happened: photos from the field, attendance "
            "lists, reports, assignment letters, screenshots of service apps. One piece of "
            "evidence for your own activity. An entry without evidence is kept, but flagged to "
            "your supervisor. When the very same photo or file is also used in another "
            "employee's entry, the server flags both entries and each supervisor sees the flag. "
            "Entries on days of leave or training are refused. Your supervisor checks that the "
            "numbers match the evidence.",
        ),
        (
            "How two ratings become a predikat (the quadrant)",
            "Your supervisor gives two ratings: Work Results and Work Behaviour, each Above, "
            "Meets or Below Expectations. They meet in one box: Above + Above = Sangat Baik; "
            "Meets or Above on both = Baik; results Below with behaviour Meets/Above = Butuh "
            "Perbaikan; behaviour Below with results Meets/Above = Kurang/Misconduct; both Below "
            "= Sangat Kurang. There are no scores or averages: the box is the predikat.",
        ),
        (
            "Why there is a distribution curve",
            "Employee predikat follow the predikat of their unit (SE MenPANRB 3/2023). A unit "
            "rated Baik cannot rate everyone Sangat Baik; an outstanding unit may have more. The "
            "curve prevents uniformly high marks so that truly outstanding staff stand out. It "
            "warns, it does not decide: your supervisor still rates each person from their "
            "entries and evidence.",
        ),
        (
            "If you feel it is unfair",
            "Read the feedback per work result and per BerAKHLAK value; ask in a performance "
            "dialogue. You may object to a final annual predikat within 14 days to your "
            "supervisor's supervisor; the decision is final and every step is recorded. Daily "
            "entries with evidence are your best defence.",
        ),
    ],
}
