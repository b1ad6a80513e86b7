"""A unit head's Rating Hasil Kerja follows the organisation predikat (SE MenPANRB 3/2023):
the mapping, the warning when the rating chosen differs, and who heads a unit."""

from __future__ import annotations

import pytest

from shared_models import OrgPredikat, Rating
from shared_models.unit_head import expected_head_rating, head_rating_warning, headed_unit

ATAS, SESUAI, BAWAH = (
    Rating.DI_ATAS_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_BAWAH_EKSPEKTASI,
)


@pytest.mark.parametrize(
    ("org", "rating"),
    [
        (OrgPredikat.ISTIMEWA, ATAS),
        (OrgPredikat.BAIK, SESUAI),
        (OrgPredikat.BUTUH_PERBAIKAN, BAWAH),
        (OrgPredikat.KURANG, BAWAH),
        (OrgPredikat.SANGAT_KURANG, BAWAH),
    ],
)
def test_every_organisation_predikat_gives_one_rating(org: OrgPredikat, rating: Rating) -> None:
    assert expected_head_rating(org) is rating
    assert head_rating_warning("Puskesmas Pandanaran", org, rating) is None


def test_a_different_rating_is_named_with_the_expected_one() -> None:
    text = head_rating_warning("Puskesmas Pandanaran", OrgPredikat.BAIK, ATAS)
    assert text is not None
    assert "kepala Puskesmas Pandanaran" in text
    assert "Rating Hasil Kerja yang diharapkan Sesuai Ekspektasi, bukan Di Atas Ekspektasi" in text
    assert "SE MenPANRB 3/2023" in text
    assert head_rating_warning("X", OrgPredikat.BAIK, None) is None


def test_the_head_is_the_head_nip_of_a_unit() -> None:
    units = [
        ("u-pkm", {"head_nip": "1"}),
        ("u-dinkes", {"head_nip": "2"}),
        ("u-bidang", {"head_nip": "2"}),
        ("u-seksi", {"head_nip": None}),
    ]
    assert headed_unit("1", units) == "u-pkm"
    assert headed_unit("2", units) == "u-bidang"  # the first by id
    assert headed_unit("2", units, own_unit="u-dinkes") == "u-dinkes"  # their own unit first
    assert headed_unit("3", units) is None
