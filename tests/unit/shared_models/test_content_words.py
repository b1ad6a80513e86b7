"""ContentError in words (shared_models/content_words.py): what a device shows when a record
does not fit its kind. Each case is a real ContentError from validate_content."""

from __future__ import annotations

from typing import Any

import pytest

from shared_models import ContentError, RecordKind, validate_content
from shared_models.content_words import content_words, field_label, reason_words
from tests.ui.wording import assert_words

NIP = "198702042009021536"
LOG: dict[str, Any] = {
    "employee_nip": NIP,
    "skp_id": "skp-1",
    "indicator_id": "ind-1",
    "date": "2026-12-03",
    "value": 1,
    "unit": "kunjungan",
    "description": "Kunjungan rumah",
}


def words(kind: RecordKind, fields: dict[str, Any], *, strict: bool = False) -> str:
    with pytest.raises(ContentError) as caught:
        validate_content(kind, fields, strict=strict)
    text = content_words(caught.value)
    assert_words(text, f"{kind} {fields}")
    return text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"description": "x" * 2001},
            "Uraian kegiatan terlalu panjang: paling banyak 2.000 karakter",
        ),
        ({"value": -1}, "Realisasi tidak boleh kurang dari 0"),
        ({"value": "satu"}, "Realisasi harus berupa angka"),
        ({"date": "03/12/2026"}, "Tanggal "),
        ({"start_time": "8.30", "end_time": "09:00"}, "Jam mulai bentuknya tidak sesuai"),
        ({"place": "Kedung\u202emundu"}, "Tempat teks memuat karakter tersembunyi"),
        ({"start_time": "10:00", "end_time": "09:00"}, "Jam selesai 09:00 harus setelah"),
    ],
)
def test_a_progress_log_that_does_not_fit(change: dict[str, Any], expected: str) -> None:
    text = words(RecordKind.PROGRESS_LOG, {**LOG, **change})
    assert text.startswith(expected) or expected in text, text


def test_a_missing_field_is_named_by_its_label() -> None:
    fields = dict(LOG)
    del fields["description"]
    assert words(RecordKind.PROGRESS_LOG, fields) == "Uraian kegiatan wajib diisi"


def test_an_unknown_field_asks_for_an_update() -> None:
    text = words(RecordKind.PROGRESS_LOG, {**LOG, "mood": "baik"}, strict=True)
    assert "perbarui aplikasi" in text


def test_labels_come_from_the_innermost_known_name() -> None:
    assert field_label("$.rhk[0].indicators[1].target") == "Target"
    assert field_label("$.perilaku[2].rating") == "Rating"
    assert field_label("$.zzz") == "Isian ini"


def test_a_servers_refusal_names_the_field_not_its_path() -> None:
    text = reason_words(
        "Perubahan ditolak: RHK rhk-palsu tidak ada di SKP 2026 pegawai "
        "198702042009021536 (di $.about_rhk_id)"
    )
    assert text == (
        "RHK rhk-palsu tidak ada di SKP 2026 pegawai 198702042009021536 (RHK yang dibahas)"
    )
    assert_words(text)
    assert reason_words("Perubahan ditolak: tanggal di masa depan (di $.date)") == (
        "Tanggal di masa depan (Tanggal)"
    )
