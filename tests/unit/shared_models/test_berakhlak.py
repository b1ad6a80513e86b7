"""BerAKHLAK: seven core values, three official behaviour guides each."""

from __future__ import annotations

import pytest

from shared_models import BERAKHLAK_GUIDES, BerakhlakValue


def test_every_value_has_three_guides() -> None:
    assert list(BERAKHLAK_GUIDES) == list(BerakhlakValue)
    assert all(len(guides) == 3 for guides in BERAKHLAK_GUIDES.values())
    assert all(g and g[0].isupper() for guides in BERAKHLAK_GUIDES.values() for g in guides)


@pytest.mark.parametrize(
    ("value", "guide"),
    [
        (BerakhlakValue.BERORIENTASI_PELAYANAN, "Memahami dan memenuhi kebutuhan masyarakat"),
        (BerakhlakValue.BERORIENTASI_PELAYANAN, "Ramah, cekatan, solutif, dan dapat diandalkan"),
        (BerakhlakValue.BERORIENTASI_PELAYANAN, "Melakukan perbaikan tiada henti"),
        (BerakhlakValue.AKUNTABEL, "Tidak menyalahgunakan kewenangan jabatan"),
        (BerakhlakValue.KOMPETEN, "Membantu orang lain belajar"),
        (BerakhlakValue.HARMONIS, "Suka menolong orang lain"),
        (BerakhlakValue.LOYAL, "Menjaga rahasia jabatan dan negara"),
        (BerakhlakValue.ADAPTIF, "Bertindak proaktif"),
        (BerakhlakValue.KOLABORATIF, "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
    ],
)
def test_official_wording(value: BerakhlakValue, guide: str) -> None:
    assert guide in BERAKHLAK_GUIDES[value]


def test_guides_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        BERAKHLAK_GUIDES[BerakhlakValue.LOYAL] = ("a", "b", "c")  # type: ignore[index]
