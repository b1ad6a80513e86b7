"""The BerAKHLAK core values of the ASN and their behaviour guides (panduan perilaku).

Wording from SE MenPANRB 20/2021 (Implementasi Core Values dan Employer Branding ASN), as the
SKP shows it under Perilaku Kerja.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from shared_models.enums import BerakhlakValue

__all__ = ["BERAKHLAK_GUIDES"]

BERAKHLAK_GUIDES: Final = MappingProxyType[BerakhlakValue, tuple[str, str, str]](
    {
        BerakhlakValue.BERORIENTASI_PELAYANAN: (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
        BerakhlakValue.AKUNTABEL: (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, "
            "dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
            "dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
        BerakhlakValue.KOMPETEN: (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
        BerakhlakValue.HARMONIS: (
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
        BerakhlakValue.LOYAL: (
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
            "Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan "
            "yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
        BerakhlakValue.ADAPTIF: (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
        BerakhlakValue.KOLABORATIF: (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    }
)
"""Each core value's three official behaviour guides, in the order of the SE."""
