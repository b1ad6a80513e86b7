"""The log form's checks, answered in words."""

from __future__ import annotations

import datetime as dt

import pytest

from client.ui.pegawai.validation import ClosedPeriod, FormContext, LogForm, validate_log

TODAY = dt.date(2026, 5, 20)
CTX = FormContext(
    today=TODAY,
    skp_years=frozenset({2026}),
    closed=(ClosedPeriod(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Triwulan I 2026"),),
    leave={dt.date(2026, 5, 18): "cuti tahunan"},
)


def _form(**changes: str | None) -> LogForm:
    base: dict[str, str | None] = {
        "indicator": "ind-1",
        "date": "2026-05-19",
        "start": "08:00",
        "end": "10:30",
        "value": "2,5",
        "note": "Kunjungan rumah",
        "place": " Kedungmundu ",
    }
    base.update(changes)
    return LogForm(**base)  # type: ignore[arg-type]


def test_a_good_form_becomes_log_input() -> None:
    data, errors = validate_log("id", _form(), CTX)
    assert errors == {}
    assert data == {
        "indicator": "ind-1",
        "date": "2026-05-19",
        "start": "08:00",
        "end": "10:30",
        "value": 2.5,
        "note": "Kunjungan rumah",
        "place": "Kedungmundu",
    }


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"value": "-1"}, "value", "tidak boleh di bawah nol"),
        ({"value": "tiga"}, "value", "bukan angka"),
        ({"value": ""}, "value", "Isi nilai realisasi"),
        ({"date": "2025-12-31"}, "date", "di luar periode SKP 2025"),
        ({"date": "2026-05-21"}, "date", "belum terjadi"),
        ({"date": "2026-02-02"}, "date", "Triwulan I 2026 sudah ditutup"),
        ({"date": "2026-05-18"}, "date", "tercatat cuti tahunan"),
        ({"date": "19/13/2026"}, "date", "tidak dikenali"),
        ({"end": ""}, "end", "keduanya"),
        ({"end": "07:00"}, "end", "setelah jam mulai"),
        ({"start": "8 pagi"}, "start", "tidak dikenali"),
        ({"note": "  "}, "note", "uraian"),
        ({"indicator": None}, "indicator", "Pilih indikator"),
    ],
)
def test_problems_are_named_in_words(changes: dict[str, str], field: str, words: str) -> None:
    data, errors = validate_log("id", _form(**changes), CTX)
    assert data is None
    assert words.lower() in errors[field].lower()


def test_times_may_both_be_empty_and_dots_are_accepted() -> None:
    data, _ = validate_log("id", _form(start="", end=""), CTX)
    assert data is not None
    assert (data["start"], data["end"]) == ("", "")
    data, _ = validate_log("id", _form(start="7.05", end="9.00"), CTX)
    assert data is not None
    assert (data["start"], data["end"]) == ("07:05", "09:00")


def test_english_messages() -> None:
    _, errors = validate_log("en", _form(value="-3"), CTX)
    assert errors["value"] == "The realised value cannot be below zero."
