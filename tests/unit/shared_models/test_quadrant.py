"""The predikat quadrant of PermenPANRB 6/2022, cell by cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_models import Predikat, Rating, predikat

ATAS = Rating.DI_ATAS_EKSPEKTASI
SESUAI = Rating.SESUAI_EKSPEKTASI
BAWAH = Rating.DI_BAWAH_EKSPEKTASI


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku_kerja", "expected"),
    [
        (ATAS, BAWAH, Predikat.KURANG_MISCONDUCT),
        (ATAS, SESUAI, Predikat.BAIK),
        (ATAS, ATAS, Predikat.SANGAT_BAIK),
        (SESUAI, BAWAH, Predikat.KURANG_MISCONDUCT),
        (SESUAI, SESUAI, Predikat.BAIK),
        (SESUAI, ATAS, Predikat.BAIK),
        (BAWAH, BAWAH, Predikat.SANGAT_KURANG),
        (BAWAH, SESUAI, Predikat.BUTUH_PERBAIKAN),
        (BAWAH, ATAS, Predikat.BUTUH_PERBAIKAN),
    ],
)
def test_every_cell(hasil_kerja: Rating, perilaku_kerja: Rating, expected: Predikat) -> None:
    assert predikat(hasil_kerja, perilaku_kerja) is expected


def test_plain_string_values_are_accepted() -> None:
    assert predikat("di_atas_ekspektasi", "di_atas_ekspektasi") is Predikat.SANGAT_BAIK  # type: ignore[arg-type]


@given(st.sampled_from(Rating), st.sampled_from(Rating))
def test_total_and_a_predikat(hasil_kerja: Rating, perilaku_kerja: Rating) -> None:
    assert isinstance(predikat(hasil_kerja, perilaku_kerja), Predikat)


@given(st.sampled_from(Rating), st.sampled_from(Rating), st.sampled_from(Rating))
def test_better_perilaku_never_lowers_the_predikat(
    hasil_kerja: Rating, low: Rating, high: Rating
) -> None:
    order = [BAWAH, SESUAI, ATAS]
    rank = [
        Predikat.SANGAT_KURANG,
        Predikat.KURANG_MISCONDUCT,
        Predikat.BUTUH_PERBAIKAN,
        Predikat.BAIK,
        Predikat.SANGAT_BAIK,
    ]
    if order.index(low) <= order.index(high):
        assert rank.index(predikat(hasil_kerja, low)) <= rank.index(predikat(hasil_kerja, high))
