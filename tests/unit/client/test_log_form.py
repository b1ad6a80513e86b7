"""Every error path of the log form, in words (issue #16 items 3 and 5): the form's checks
(client/ui/pegawai/validation.py), the picked files (client/ui/pegawai/evidence.py) and what the
device says when it refuses a save (through ``save_problem``), in both languages; none shows a
JSON path, a CLI flag, a URL query or msgspec's English. And the rules the form shares with the
device: whole numbers for counts, the note's length from the record's Struct."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

import msgspec
import pytest

from client import Device, InvalidInputError
from client.evidence_files import MAX_EVIDENCE_BYTES
from client.ui.pegawai.evidence import Picked, picked_problem
from client.ui.pegawai.validation import (
    NOTE_MAX,
    PLACE_MAX,
    ClosedPeriod,
    FormContext,
    LogForm,
    save_problem,
    validate_log,
)
from shared_models.realisation import whole_numbers_only
from shared_models.work import ProgressLog
from tests.ui.wording import assert_words
from tests.unit.client.conftest import IND, JPEG

TODAY = dt.date(2026, 12, 4)
COUNT = {"target_unit": "kunjungan", "text": "Jumlah kunjungan rumah", "aspect": "kuantitas"}
LEVEL = {"target_unit": "%", "text": "Persentase asuhan terdokumentasi", "aspect": "kualitas"}
CTX = FormContext(
    today=TODAY,
    skp_years=frozenset({2026}),
    closed=(ClosedPeriod(dt.date(2026, 7, 1), dt.date(2026, 9, 30), "Triwulan III 2026"),),
    leave={dt.date(2026, 11, 26): "cuti melahirkan (persalinan anak ketiga)"},
    indicators={"count": COUNT, "level": LEVEL},
)


def form(**changes: Any) -> LogForm:
    base: dict[str, Any] = {
        "indicator": "count",
        "date": "3 Des 2026",
        "start": "08.30",
        "end": "10:00",
        "value": "2",
        "note": "Kunjungan rumah lansia",
        "place": "RW 03",
    }
    return LogForm(**(base | changes))


ERROR_PATHS: list[tuple[dict[str, Any], str, str]] = [
    ({"indicator": None}, "indicator", "Pilih indikator"),
    ({"date": ""}, "date", "Isi tanggal"),
    ({"date": "32/12/2026"}, "date", "tidak dikenali"),
    ({"date": "besok"}, "date", "tidak dikenali"),
    ({"date": "05/12/2026"}, "date", "Tanggal 5 Des 2026 belum terjadi"),
    ({"date": "2025-12-31"}, "date", "di luar periode SKP 2025"),
    ({"date": "15 Agu 2026"}, "date", "Triwulan III 2026 sudah ditutup"),
    ({"date": "26/11/2026"}, "date", "Pada 26 Nov 2026 Anda tercatat cuti melahirkan"),
    ({"value": ""}, "value", "Isi nilai realisasi"),
    ({"value": "dua"}, "value", "bukan angka"),
    ({"value": "-1"}, "value", "di bawah nol"),
    ({"value": "1e99"}, "value", "bukan angka"),
    ({"value": "9.999.999.999.999"}, "value", "terlalu besar"),
    ({"value": "1,5"}, "value", "Jumlah kunjungan harus bilangan bulat"),
    ({"start": "8 pagi"}, "start", "tidak dikenali"),
    ({"end": "25:00"}, "end", "tidak dikenali"),
    ({"end": ""}, "end", "keduanya"),
    ({"start": "", "end": "09:00"}, "start", "keduanya"),
    ({"end": "08:00"}, "end", "setelah jam mulai"),
    ({"note": "  "}, "note", "Tulis uraian"),
    ({"note": "x" * (NOTE_MAX + 1)}, "note", f"paling banyak {NOTE_MAX} karakter"),
    ({"place": "y" * (PLACE_MAX + 5)}, "place", f"paling banyak {PLACE_MAX} karakter"),
]


@pytest.mark.parametrize(("changes", "key", "words"), ERROR_PATHS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_error_of_the_form_is_a_sentence_under_its_field(
    lang: str, changes: dict[str, Any], key: str, words: str
) -> None:
    data, errors = validate_log(lang, form(**changes), CTX)
    assert data is None
    assert key in errors, errors
    for message in errors.values():
        assert_words(message, f"the log form's {key} ({lang})")
        assert message.endswith(".")
    if lang == "id":
        assert words.lower() in errors[key].lower()


def test_the_leave_message_is_whole() -> None:
    _, errors = validate_log("id", form(date="26/11/2026"), CTX)
    assert errors["date"] == (
        "Pada 26 Nov 2026 Anda tercatat cuti melahirkan (persalinan anak ketiga); catatan"
        " progres tidak bisa dibuat pada hari itu."
    )


def test_a_good_form_is_read_the_indonesian_way() -> None:
    data, errors = validate_log("id", form(), CTX)
    assert errors == {}
    assert data == {
        "indicator": "count",
        "date": "2026-12-03",
        "start": "08:30",
        "end": "10:00",
        "value": 2.0,
        "note": "Kunjungan rumah lansia",
        "place": "RW 03",
    }
    data, _ = validate_log("id", form(indicator="level", value="96,5", date="03/12/2026"), CTX)
    assert data is not None
    assert (data["value"], data["date"]) == (96.5, "2026-12-03")


def test_the_limits_are_the_records_own() -> None:
    fields = {f.name: f.type for f in msgspec.inspect.type_info(ProgressLog).fields}  # type: ignore[attr-defined]
    assert NOTE_MAX == fields["description"].max_length == 2000
    data, _ = validate_log("id", form(note="x" * NOTE_MAX), CTX)
    assert data is not None


def test_counts_take_whole_numbers_levels_and_measures_take_decimals() -> None:
    assert whole_numbers_only(COUNT)
    assert whole_numbers_only({"target_unit": "dokumen", "text": "Dokumen", "aspect": "kuantitas"})
    assert not whole_numbers_only(LEVEL)
    assert not whole_numbers_only({"target_unit": "jam", "text": "Jam pelatihan"})
    assert not whole_numbers_only({"target_unit": "bulan", "text": "Ketepatan", "aspect": "waktu"})
    assert not whole_numbers_only({**COUNT, "aggregation": "rata_rata"})


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_picked_file_that_cannot_be_evidence_is_named_in_words(
    lang: str, tmp_path: pathlib.Path
) -> None:
    assert picked_problem(lang, Picked("foto.jpg", JPEG)) is None
    for item in (
        Picked("catatan.txt", b"bukan foto"),
        Picked("besar.jpg", JPEG + bytes(MAX_EVIDENCE_BYTES)),
        Picked("hilang.jpg", None, str(tmp_path / "tidak-ada.jpg")),
    ):
        message = picked_problem(lang, item)
        assert message is not None
        assert item.name in message
        assert_words(message, f"the evidence of the log form ({lang})")
    assert "batasnya 10 MB" in (picked_problem("id", Picked("b.jpg", JPEG + bytes(11 << 20))) or "")


@pytest.mark.parametrize(
    "data",
    [
        {"indicator": "zzzz-none", "date": "2026-11-20", "value": 1, "note": "x"},
        {"indicator": IND, "date": "2026-11-20", "note": "x"},
        {"indicator": IND, "value": 1, "note": "x"},
        {"indicator": IND, "date": "2026-11-20", "value": 1, "note": " "},
        {"indicator": IND, "date": "2026-11-20", "value": 1.5, "note": "x"},
        {"indicator": IND, "date": "2026-11-20", "value": 1, "note": "x", "start": "08:00"},
        {"indicator": IND, "date": "2026-11-20", "value": 1, "note": "x", "evidence": ["/no"]},
    ],
)
def test_what_the_device_refuses_reaches_the_form_in_words(
    device: Device, data: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        device.add_log(data)
    for lang in ("id", "en"):
        message = save_problem(lang, str(refused.value))
        assert_words(message, "the log form's save")
        assert len(message) > len("Catatan belum tersimpan: ") + 3


def test_the_device_refuses_a_fraction_of_a_count(device: Device) -> None:
    with pytest.raises(InvalidInputError, match="bilangan bulat"):
        device.add_log({"indicator": IND, "date": "2026-11-20", "value": 1.5, "note": "x"})


def test_an_edit_removes_one_file_and_keeps_the_other(
    device: Device, tmp_path: pathlib.Path
) -> None:
    one, two = tmp_path / "a.jpg", tmp_path / "b.jpg"
    one.write_bytes(JPEG)
    two.write_bytes(JPEG + b"\x01")
    entry = {"indicator": IND, "date": "2026-11-20", "value": 1, "note": "x"}
    saved = device.add_log(entry | {"evidence": [one, two]})
    first, second = (e.sha256 for e in saved.evidence)
    edited = device.edit_log(saved.id, {"keep_evidence": [second]})
    assert [e.sha256 for e in edited.evidence] == [second]
    again = device.edit_log(saved.id, {"keep_evidence": [], "evidence": [one]})
    assert [e.sha256 for e in again.evidence] == [first]
