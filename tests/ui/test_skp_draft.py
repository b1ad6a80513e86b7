"""The checks of the RHK form on "SKP saya" (client.ui.pegawai.validation.validate_rhk), no browser.

The browser step (tests/ui/test_journeys.py::test_draft_an_rhk_of_the_returned_skp) drafts an
RHK end to end; these check every message of the form in both languages.
"""

from __future__ import annotations

import pytest

from client.ui.pegawai.validation import RhkForm, validate_rhk

PARENTS = ["rhk-kapus-1", "rhk-kapus-2"]
GOOD = RhkForm(
    text=" Kunjungan rumah lansia terlaksana ",
    kind="utama",
    parent="rhk-kapus-2",
    aspect="kuantitas",
    indicator="Jumlah lansia yang dikunjungi",
    target="24,5",
    unit="kunjungan",
)


def test_a_complete_rhk() -> None:
    data, errors = validate_rhk("id", GOOD, PARENTS)
    assert errors == {}
    assert data == {
        "text": "Kunjungan rumah lansia terlaksana",
        "kind": "utama",
        "parent": "rhk-kapus-2",
        "aspect": "kuantitas",
        "indicator": "Jumlah lansia yang dikunjungi",
        "target": 24.5,
        "unit": "kunjungan",
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": "  "}, "text", "Tulis rencana hasil kerjanya."),
        ({"kind": None}, "kind", "Pilih RHK utama atau tambahan."),
        ({"parent": None}, "parent", "Pilih RHK atasan yang didukung RHK ini."),
        ({"parent": "rhk-lain"}, "parent", "Pilih RHK atasan yang didukung RHK ini."),
        ({"aspect": "mutu"}, "aspect", "Pilih aspek indikatornya."),
        ({"indicator": ""}, "indicator", "Tulis indikator kinerjanya."),
        ({"target": "-5"}, "target", "Target harus angka lebih dari nol (mis. 120), bukan '-5'."),
        ({"target": "0"}, "target", "Target harus angka lebih dari nol (mis. 120), bukan '0'."),
        ({"target": "banyak"}, "target", "bukan 'banyak'"),
        ({"target": "nan"}, "target", "bukan 'nan'"),
        ({"unit": " "}, "unit", "Tulis satuan targetnya."),
    ],
)
def test_each_problem_in_words(change: dict[str, object], field: str, message: str) -> None:
    data, errors = validate_rhk("id", _with(change), PARENTS)
    assert data is None
    assert list(errors) == [field]
    assert message in errors[field]


def test_no_supervisor_rhk_on_the_device_and_english() -> None:
    data, errors = validate_rhk("en", _with({"target": "x"}), [])
    assert data is None
    assert errors == {
        "parent": "Your supervisor's RHK are not on this device yet; sync first.",
        "target": "The target must be a number above zero (e.g. 120), not 'x'.",
    }


def _with(change: dict[str, object]) -> RhkForm:
    values = {name: getattr(GOOD, name) for name in RhkForm.__slots__}
    return RhkForm(**{**values, **change})
