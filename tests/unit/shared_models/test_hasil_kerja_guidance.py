"""The suggested Rating Hasil Kerja and the keberatan deadline."""

from __future__ import annotations

from datetime import date

import pytest

from shared_models import Rating, RhkKind, hasil_kerja_guidance, objection_deadline

U, T = RhkKind.UTAMA, RhkKind.TAMBAHAN
ATAS, SESUAI, BAWAH = (
    Rating.DI_ATAS_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_BAWAH_EKSPEKTASI,
)


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([], None),
        ([(U, ATAS)], ATAS),
        ([(U, ATAS), (U, ATAS), (T, SESUAI)], ATAS),
        ([(U, ATAS), (U, ATAS), (T, BAWAH)], ATAS),  # only a tambahan below
        ([(U, ATAS), (U, ATAS), (U, BAWAH)], SESUAI),  # an RHK utama below
        ([(U, ATAS), (U, SESUAI)], SESUAI),  # half is not most
        ([(U, SESUAI), (U, SESUAI), (T, ATAS)], SESUAI),
        ([(U, BAWAH), (U, BAWAH), (U, SESUAI)], BAWAH),
        ([(U, BAWAH), (U, ATAS)], SESUAI),
        ([(T, BAWAH), (U, BAWAH), (U, ATAS), (U, SESUAI)], SESUAI),
    ],
)
def test_guidance(results: list[tuple[RhkKind, Rating]], expected: Rating | None) -> None:
    assert hasil_kerja_guidance(results) == expected


def test_objection_deadline_is_14_days() -> None:
    assert objection_deadline(date(2027, 1, 20)) == date(2027, 2, 3)
    assert objection_deadline(date(2026, 12, 25)) == date(2027, 1, 8)
