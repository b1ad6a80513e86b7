"""The pure domain rules: predikat quadrant, distribution curve, angka kredit, periods.

Every function here is pure and deterministic; none reads a clock or stored state.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Final

from shared_models.distribution import Violation, check_distribution
from shared_models.enums import Jenjang, Predikat, Rating, RhkKind
from shared_models.periods import (
    Period,
    PeriodError,
    month_of,
    parse_period_code,
    period_of,
    periods_of_year,
    triwulan_of,
)

__all__ = [
    "ANGKA_KREDIT_SHARE",
    "KOEFISIEN",
    "OBJECTION_DAYS",
    "Period",
    "PeriodError",
    "Violation",
    "angka_kredit",
    "check_distribution",
    "hasil_kerja_guidance",
    "month_of",
    "objection_deadline",
    "parse_period_code",
    "period_of",
    "periods_of_year",
    "predikat",
    "ratings_for",
    "triwulan_of",
]

_ATAS = Rating.DI_ATAS_EKSPEKTASI
_SESUAI = Rating.SESUAI_EKSPEKTASI
_BAWAH = Rating.DI_BAWAH_EKSPEKTASI

# (Rating Hasil Kerja, Rating Perilaku Kerja) -> Predikat Kinerja Pegawai (PermenPANRB 6/2022).
_QUADRANT: Final = MappingProxyType[tuple[Rating, Rating], Predikat](
    {
        (_ATAS, _BAWAH): Predikat.KURANG_MISCONDUCT,
        (_ATAS, _SESUAI): Predikat.BAIK,
        (_ATAS, _ATAS): Predikat.SANGAT_BAIK,
        (_SESUAI, _BAWAH): Predikat.KURANG_MISCONDUCT,
        (_SESUAI, _SESUAI): Predikat.BAIK,
        (_SESUAI, _ATAS): Predikat.BAIK,
        (_BAWAH, _BAWAH): Predikat.SANGAT_KURANG,
        (_BAWAH, _SESUAI): Predikat.BUTUH_PERBAIKAN,
        (_BAWAH, _ATAS): Predikat.BUTUH_PERBAIKAN,
    }
)

KOEFISIEN: Final = MappingProxyType[Jenjang, Decimal](
    {
        Jenjang.AHLI_PERTAMA: Decimal("12.5"),
        Jenjang.AHLI_MUDA: Decimal("25"),
        Jenjang.AHLI_MADYA: Decimal("37.5"),
        Jenjang.AHLI_UTAMA: Decimal("50"),
        Jenjang.PEMULA: Decimal("3.75"),
        Jenjang.TERAMPIL: Decimal("5"),
        Jenjang.MAHIR: Decimal("12.5"),
        Jenjang.PENYELIA: Decimal("25"),
    }
)
"""Koefisien angka kredit per year of each jenjang (PermenPANRB 1/2023)."""

ANGKA_KREDIT_SHARE: Final = MappingProxyType[Predikat, Decimal](
    {
        Predikat.SANGAT_BAIK: Decimal("1.50"),
        Predikat.BAIK: Decimal("1.00"),
        Predikat.BUTUH_PERBAIKAN: Decimal("0.75"),
        Predikat.KURANG_MISCONDUCT: Decimal("0.50"),
        Predikat.SANGAT_KURANG: Decimal("0.25"),
    }
)
"""Share of the koefisien earned with each predikat."""

OBJECTION_DAYS: Final = 14
"""Days after the final annual predikat within which a keberatan may be filed (PP 30/2019)."""

_AK_PLACES = Decimal("0.001")


def predikat(hasil_kerja: Rating, perilaku_kerja: Rating) -> Predikat:
    """Predikat Kinerja Pegawai from the two ratings (the 3x3 quadrant)."""
    return _QUADRANT[(Rating(hasil_kerja), Rating(perilaku_kerja))]


def angka_kredit(jenjang: Jenjang, predikat: Predikat, months: int = 12) -> Decimal:
    """Angka kredit earned: koefisien x share of the predikat x months / 12.

    ``months`` is the number of whole months in the position during the year, 1 to 12 (an
    ``int``, or a ``Decimal`` or ``float`` holding a whole number); anything else raises
    ValueError in words. The result is rounded half up to three decimals, as angka kredit is
    written.
    """
    whole = _whole_months(months)
    value = KOEFISIEN[jenjang] * ANGKA_KREDIT_SHARE[predikat] * whole / 12
    return value.quantize(_AK_PLACES, rounding=ROUND_HALF_UP)


def _whole_months(months: object) -> int:
    """``months`` as an int when it is a whole number 1 to 12, else ValueError in words (a
    fraction used to pass the range check and fail later with an untranslated TypeError)."""
    whole: int | None = None
    if isinstance(months, int | Decimal | float) and not isinstance(months, bool):
        try:
            if months == int(months):
                whole = int(months)
        except (ArithmeticError, ValueError):  # NaN, infinity
            whole = None
    if whole is None:
        raise ValueError(f"jumlah bulan harus bilangan bulat (ditemukan {months})")
    if not 1 <= whole <= 12:
        raise ValueError(f"jumlah bulan harus 1 sampai 12 (ditemukan {months})")
    return whole


def hasil_kerja_guidance(results: Iterable[tuple[RhkKind, Rating]]) -> Rating | None:
    """A suggested Rating Hasil Kerja from the rating of each RHK's result; the supervisor decides.

    Di atas: more than half of the results above expectation and no RHK utama below.
    Di bawah: more than half below. Otherwise sesuai. None when there are no results.
    """
    items = list(results)
    if not items:
        return None
    above = sum(1 for _, rating in items if rating == _ATAS)
    below = sum(1 for _, rating in items if rating == _BAWAH)
    utama_below = any(kind == RhkKind.UTAMA and rating == _BAWAH for kind, rating in items)
    if 2 * above > len(items) and not utama_below:
        return _ATAS
    if 2 * below > len(items):
        return _BAWAH
    return _SESUAI


def ratings_for(
    target: Predikat, hasil_kerja: Rating | None, perilaku_kerja: Rating | None
) -> tuple[Rating, Rating]:
    """The ratings a granted keberatan gives when the Atasan names only the new predikat: of
    the pairs whose quadrant is ``target``, the one that changes the given ratings least
    (steps on the three-point scale); a tie keeps Rating Hasil Kerja as given and moves
    Perilaku Kerja. Raises ValueError for a predikat no pair gives."""
    order = list(Rating)

    def distance(pair: tuple[Rating, Rating]) -> tuple[int, int, int]:
        hk_steps = (
            0 if hasil_kerja is None else abs(order.index(pair[0]) - order.index(hasil_kerja))
        )
        pk_steps = (
            0 if perilaku_kerja is None else abs(order.index(pair[1]) - order.index(perilaku_kerja))
        )
        return hk_steps + pk_steps, hk_steps, order.index(pair[0]) * 3 + order.index(pair[1])

    pairs = [pair for pair, result in _QUADRANT.items() if result is Predikat(target)]
    if not pairs:
        raise ValueError(f"predikat {target} tidak dikenal")
    return min(pairs, key=distance)


def objection_deadline(finalized_on: date) -> date:
    """Last day to file a keberatan against a predikat made final on ``finalized_on``."""
    return finalized_on + timedelta(days=OBJECTION_DAYS)
