"""A ``ContentError`` said in words for a person: the field by its name on the form, the problem
in Indonesian, never a JSON path or msgspec's English (issue #16 item 3).

API clients keep ``path`` and ``detail`` (the server's 4xx bodies name them); a screen or the
command line shows ``content_words(err)``. Forms check lengths, numbers and required fields
before saving, so this is the last line: what reaches it still reads as a sentence.
"""

from __future__ import annotations

import re
from typing import Final

from shared_models.records import ContentError

__all__ = ["FIELD_LABELS", "content_words", "field_label", "reason_words"]

FIELD_LABELS: Final[dict[str, str]] = {
    "description": "Uraian kegiatan",
    "text": "Isi catatan",
    "note": "Catatan",
    "place": "Tempat",
    "value": "Realisasi",
    "unit": "Satuan",
    "date": "Tanggal",
    "start_time": "Jam mulai",
    "end_time": "Jam selesai",
    "evidence": "Bukti dukung",
    "supervisor_comment": "Komentar atasan",
    "hasil_kerja_rating": "Rating hasil kerja",
    "hasil_kerja_reflection": "Refleksi hasil kerja",
    "reflection": "Refleksi",
    "rating": "Rating",
    "perilaku": "Perilaku kerja",
    "realisations": "Realisasi",
    "reason": "Alasan keberatan",
    "owner_response": "Tanggapan",
    "target": "Target",
    "target_text": "Target",
    "name": "Nama",
    "title": "Judul",
    "indicators": "Indikator",
    "rhk": "Rencana hasil kerja",
    "predikat": "Predikat",
    "period_code": "Periode",
    "employee_nip": "NIP pegawai",
    "supervisor_nip": "NIP atasan",
    "author_nip": "NIP penulis",
    "jabatan": "Jabatan",
    "latitude": "Lintang",
    "longitude": "Bujur",
    "about_rhk_id": "RHK yang dibahas",
    "about_value": "Nilai BerAKHLAK",
    "related_log_id": "Catatan terkait",
    "indicator_id": "Indikator",
    "skp_id": "SKP",
}

_KNOWN_TYPES: Final[dict[str, str]] = {
    "str": "teks",
    "int": "bilangan bulat",
    "float": "angka",
    "bool": "ya atau tidak",
    "array": "daftar",
    "object": "isian",
    "null": "kosong",
}


def field_label(path: str) -> str:
    """The form's name of the field at ``path`` (``$.rhk[0].indicators[1].target`` -> Target)."""
    names = [n for n in re.split(r"[.\[\]$]+", path) if n and not n.isdigit()]
    for name in reversed(names):
        if name in FIELD_LABELS:
            return FIELD_LABELS[name]
    return "Isian ini"


def _number(text: str) -> str:
    value = float(text)
    return f"{int(value):,}".replace(",", ".") if value.is_integer() else text.replace(".", ",")


def _problem(detail: str) -> str:
    """msgspec's (or a rule's) detail in words, without the field's name."""
    rules: list[tuple[str, str]] = [
        (r"Expected `str` of length <= (\d+)", "terlalu panjang: paling banyak {} karakter"),
        (r"Expected `str` of length >= (\d+)", "terlalu pendek: paling sedikit {} karakter"),
        (r"Expected `array` of length <= (\d+)", "terlalu banyak: paling banyak {}"),
        (r"Expected `array` of length >= (\d+)", "wajib diisi (paling sedikit {})"),
        (r"Expected `[a-z]+` >= (-?[\d.]+)", "tidak boleh kurang dari {}"),
        (r"Expected `[a-z]+` > (-?[\d.]+)", "harus lebih dari {}"),
        (r"Expected `[a-z]+` <= (-?[\d.]+)", "tidak boleh lebih dari {}"),
        (r"Expected `[a-z]+` < (-?[\d.]+)", "harus kurang dari {}"),
    ]
    for pattern, words in rules:
        m = re.search(pattern, detail)
        if m:
            return words.format(_number(m.group(1)))
    if re.search(r"Expected `str` matching regex", detail):
        return "bentuknya tidak sesuai"
    m = re.search(r"Expected `([a-z]+)(?: \| ([a-z]+))?`, got `([a-z]+)`", detail)
    if m:
        wanted = _KNOWN_TYPES.get(m.group(1), "isian lain")
        return "harus diisi" if m.group(3) == "null" else f"harus berupa {wanted}"
    if "Invalid enum value" in detail:
        return "pilihannya tidak dikenal"
    if "Invalid" in detail or "Expected" in detail:
        return "tidak valid"
    return detail  # the rules' own messages are Indonesian sentences already


def content_words(err: ContentError) -> str:
    """``err`` as one sentence: "Uraian kegiatan terlalu panjang: paling banyak 2.000 karakter"."""
    missing = re.search(r"Object missing required field `([a-z_]+)`", err.detail)
    if missing:
        return f"{FIELD_LABELS.get(missing.group(1), 'Isian wajib')} wajib diisi"
    unknown = re.search(r"Object contains unknown field `([a-z_]+)`", err.detail)
    if unknown or err.detail == "isian ini tidak dikenal":
        return "Catatan memuat isian yang tidak dikenal aplikasi ini; perbarui aplikasi"
    problem = _problem(err.detail)
    if err.path in ("", "$"):  # a rule about the whole record: its sentence alone
        return problem[:1].upper() + problem[1:]
    return f"{field_label(err.path)} {problem}"


_AT_PATH = re.compile(r"\s*\(di (\$[^)]*)\)")


def reason_words(message: str) -> str:
    """A server's refusal of a change (``Perubahan ditolak: ... (di $.about_rhk_id)``) as a
    person reads it: the field by its form name instead of the path API clients get."""
    text = message.removeprefix("Perubahan ditolak: ")
    text = _AT_PATH.sub(lambda m: f" ({field_label(m.group(1))})", text)
    return text[:1].upper() + text[1:]
