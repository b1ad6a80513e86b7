"""The curve as a picture (shared_models.curve): bands, peak and joint clauses of each
organisation predikat, and the bands agree with check_distribution at their edges."""

from __future__ import annotations

from fractions import Fraction

import pytest

from shared_models.curve import CURVE_ORDER, curve_shape
from shared_models.distribution import check_distribution
from shared_models.enums import OrgPredikat, Predikat

SB, B, BP = Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN
KM, SK = Predikat.KURANG_MISCONDUCT, Predikat.SANGAT_KURANG


@pytest.mark.parametrize(
    ("org", "peak", "limited", "joint"),
    [
        (OrgPredikat.ISTIMEWA, SB, {SB: (0, 70)}, ()),
        (
            OrgPredikat.BAIK,
            B,
            {B: (0, 70)},
            ("Butuh Perbaikan dan/atau Kurang/Misconduct minimal 1 pegawai",),
        ),
        (OrgPredikat.BUTUH_PERBAIKAN, BP, {BP: (60, 100), SB: (0, 10)}, ()),
        (OrgPredikat.KURANG, KM, {KM: (60, 100), BP: (10, 100), SB: (0, 10)}, ()),
        (
            OrgPredikat.SANGAT_KURANG,
            SK,
            {SK: (60, 100), SB: (0, 0)},
            ("Kurang/Misconduct dan/atau Butuh Perbaikan minimal 10 %",),
        ),
    ],
)
def test_the_shape_of_each_curve(
    org: OrgPredikat,
    peak: Predikat,
    limited: dict[Predikat, tuple[int, int]],
    joint: tuple[str, ...],
) -> None:
    shape = curve_shape(org)
    assert shape.peak is peak
    assert shape.joint == joint
    for p in Predikat:
        low, high = limited.get(p, (0, 100))
        assert shape.bands[p] == (Fraction(low), Fraction(high)), p


@pytest.mark.parametrize("org", list(OrgPredikat))
def test_a_share_beyond_a_band_breaks_a_clause_of_that_predikat(org: OrgPredikat) -> None:
    shape = curve_shape(org)
    for p, (low, high) in shape.bands.items():
        others = [q for q in CURVE_ORDER if q is not p]
        if high < 100:  # one more employee than the band allows, of 100
            counts = {p: int(high) + 1, others[0]: 99 - int(high)}
            assert any(p in v.predikat for v in check_distribution(org, counts)), (org, p)
        if low > 0:  # one fewer than the band's minimum
            counts = {p: int(low) - 1, others[0]: 101 - int(low)}
            assert any(p in v.predikat for v in check_distribution(org, counts)), (org, p)
