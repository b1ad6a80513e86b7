"""The head of a unit takes the unit's achievement as his or her own Rating Hasil Kerja
(SE MenPANRB 3/2023): the organisation predikat maps to the head's expected Rating Hasil Kerja.

Guidance, not a refusal: the pejabat penilai sees the expected rating, and a warning when the
rating chosen differs; the rating stays a human decision. Pure; the device calls it at rating
time (docs/domain-rules.md, "Rating of a unit head").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from shared_models.enums import OrgPredikat, Rating

__all__ = ["UNIT_HEAD_RATING", "expected_head_rating", "head_rating_warning", "headed_unit"]

UNIT_HEAD_RATING: Final = MappingProxyType[OrgPredikat, Rating](
    {
        OrgPredikat.ISTIMEWA: Rating.DI_ATAS_EKSPEKTASI,
        OrgPredikat.BAIK: Rating.SESUAI_EKSPEKTASI,
        OrgPredikat.BUTUH_PERBAIKAN: Rating.DI_BAWAH_EKSPEKTASI,
        OrgPredikat.KURANG: Rating.DI_BAWAH_EKSPEKTASI,
        OrgPredikat.SANGAT_KURANG: Rating.DI_BAWAH_EKSPEKTASI,
    }
)
"""Predikat Kinerja Organisasi -> the Rating Hasil Kerja of the unit's head: the one level
above expectation, the expected level, and the three levels below it."""


def expected_head_rating(org_predikat: OrgPredikat) -> Rating:
    """The Rating Hasil Kerja the head of a unit with ``org_predikat`` is expected to get."""
    return UNIT_HEAD_RATING[org_predikat]


def head_rating_warning(
    unit_name: str, org_predikat: OrgPredikat, chosen: Rating | None
) -> str | None:
    """Words for the pejabat penilai when the Rating Hasil Kerja chosen for a unit head is not
    the one the unit's predikat gives (None: no rating yet, or the same)."""
    expected = expected_head_rating(org_predikat)
    if chosen is None or chosen is expected:
        return None
    return (
        f"pegawai ini kepala {unit_name}; predikat kinerja organisasinya {org_predikat.label},"
        f" sehingga Rating Hasil Kerja yang diharapkan {expected.label}, bukan {chosen.label}"
        " (SE MenPANRB 3/2023: capaian unit menjadi rating hasil kerja pimpinannya)"
    )


def headed_unit(
    nip: str, units: Iterable[tuple[str, Mapping[str, Any]]], own_unit: str | None = None
) -> str | None:
    """The unit ``nip`` heads: a unit whose ``head_nip`` is ``nip`` (``units``: id and
    fields of each unit record). When several name them, the employee's own unit
    (``own_unit``) if it is one of them, else the first by id. None: not a unit head."""
    headed = sorted(uid for uid, fields in units if fields.get("head_nip") == nip)
    if not headed:
        return None
    return own_unit if own_unit in headed else headed[0]
