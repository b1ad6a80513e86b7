"""The distribution curve of SE MenPANRB 3/2023 as a shape to draw ("Pola Distribusi" of the
Dokumen Evaluasi Kinerja Pegawai): read from the same clauses ``check_distribution`` checks
(``shared_models.distribution``), never a second copy of them.

For one organisation predikat: the band of each employee predikat (the lowest and highest
share its own clauses allow), the predikat the curve peaks on (the one that must be the
largest group or hold at least 60 %), and the clauses that count several predikat together,
in words.
"""

from __future__ import annotations

from fractions import Fraction

import msgspec

from shared_models.distribution import _CURVE, _Op
from shared_models.enums import OrgPredikat, Predikat

__all__ = ["CURVE_ORDER", "CurveShape", "curve_shape"]

CURVE_ORDER = (
    Predikat.SANGAT_KURANG,
    Predikat.KURANG_MISCONDUCT,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.BAIK,
    Predikat.SANGAT_BAIK,
)
"""Employee predikat from the lowest to the highest: the x axis of the curve."""


class CurveShape(msgspec.Struct, frozen=True, kw_only=True):
    """What the curve of one organisation predikat allows."""

    org: OrgPredikat
    bands: dict[Predikat, tuple[Fraction, Fraction]]
    """Each employee predikat's allowed share in percent, (lowest, highest); 0-100 when no
    clause of its own limits it."""
    peak: Predikat
    """The predikat the curve peaks on: the one that must be the largest group, or hold the
    highest minimum share."""
    joint: tuple[str, ...]
    """Clauses over several predikat together, in words (``Butuh Perbaikan dan/atau
    Kurang/Misconduct minimal 1 pegawai``)."""


def curve_shape(org: OrgPredikat) -> CurveShape:
    """The shape of the curve for ``org``."""
    bands = {p: (Fraction(0), Fraction(100)) for p in Predikat}
    peak: Predikat | None = None
    peak_floor = -1  # a "largest group" clause, or the highest "at least" bound, makes the peak
    joint: list[str] = []
    for clause in _CURVE[org]:
        if len(clause.group) > 1:
            name = " dan/atau ".join(p.label for p in clause.group)
            if clause.op is _Op.ANY:
                joint.append(f"{name} minimal 1 pegawai")
            elif clause.op is _Op.MIN:
                joint.append(f"{name} minimal {clause.bound} %")
            continue
        (p,) = clause.group
        low, high = bands[p]
        match clause.op:
            case _Op.MAX:
                high = min(high, Fraction(clause.bound))
            case _Op.MIN:
                low = max(low, Fraction(clause.bound))
                if peak_floor < clause.bound:
                    peak, peak_floor = p, clause.bound
            case _Op.NONE:
                high = Fraction(0)
            case _Op.LARGEST:
                peak, peak_floor = p, 100
        bands[p] = (low, high)
    assert peak is not None, f"the curve of {org} names no peak"
    return CurveShape(org=org, bands=bands, peak=peak, joint=tuple(joint))
