"""Angka kredit = koefisien x share of the predikat x months / 12 (PermenPANRB 1/2023)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared_models import Jenjang, Predikat, angka_kredit

KOEF = {
    Jenjang.AHLI_PERTAMA: "12.5",
    Jenjang.AHLI_MUDA: "25",
    Jenjang.AHLI_MADYA: "37.5",
    Jenjang.AHLI_UTAMA: "50",
    Jenjang.PEMULA: "3.75",
    Jenjang.TERAMPIL: "5",
    Jenjang.MAHIR: "12.5",
    Jenjang.PENYELIA: "25",
}
SHARE = {
    Predikat.SANGAT_BAIK: "1.5",
    Predikat.BAIK: "1",
    Predikat.BUTUH_PERBAIKAN: "0.75",
    Predikat.KURANG_MISCONDUCT: "0.5",
    Predikat.SANGAT_KURANG: "0.25",
}
# A full year, written out (not computed) so that a wrong table fails.
FULL_YEAR = {
    Jenjang.AHLI_PERTAMA: ["18.750", "12.500", "9.375", "6.250", "3.125"],
    Jenjang.AHLI_MUDA: ["37.500", "25.000", "18.750", "12.500", "6.250"],
    Jenjang.AHLI_MADYA: ["56.250", "37.500", "28.125", "18.750", "9.375"],
    Jenjang.AHLI_UTAMA: ["75.000", "50.000", "37.500", "25.000", "12.500"],
    Jenjang.PEMULA: ["5.625", "3.750", "2.813", "1.875", "0.938"],
    Jenjang.TERAMPIL: ["7.500", "5.000", "3.750", "2.500", "1.250"],
    Jenjang.MAHIR: ["18.750", "12.500", "9.375", "6.250", "3.125"],
    Jenjang.PENYELIA: ["37.500", "25.000", "18.750", "12.500", "6.250"],
}


@pytest.mark.parametrize(
    ("jenjang", "predikat", "expected"),
    [
        (jenjang, predikat, Decimal(value))
        for jenjang, values in FULL_YEAR.items()
        for predikat, value in zip(SHARE, values, strict=True)
    ],
)
def test_every_jenjang_and_predikat_for_a_year(
    jenjang: Jenjang, predikat: Predikat, expected: Decimal
) -> None:
    assert angka_kredit(jenjang, predikat) == expected
    assert angka_kredit(jenjang, predikat, 12) == expected


@pytest.mark.parametrize("months", range(1, 13))
@pytest.mark.parametrize("jenjang", list(Jenjang))
@pytest.mark.parametrize("predikat", list(Predikat))
def test_months_are_proportional(jenjang: Jenjang, predikat: Predikat, months: int) -> None:
    exact = Decimal(KOEF[jenjang]) * Decimal(SHARE[predikat]) * months / 12
    assert abs(angka_kredit(jenjang, predikat, months) - exact) <= Decimal("0.0005")


@pytest.mark.parametrize(
    ("jenjang", "predikat", "months", "expected"),
    [
        (Jenjang.AHLI_PERTAMA, Predikat.BAIK, 5, "5.208"),
        (Jenjang.AHLI_MUDA, Predikat.SANGAT_BAIK, 6, "18.750"),
        (Jenjang.TERAMPIL, Predikat.SANGAT_KURANG, 1, "0.104"),
        (Jenjang.PEMULA, Predikat.BUTUH_PERBAIKAN, 7, "1.641"),
    ],
)
def test_part_of_a_year_is_rounded_half_up_to_three_decimals(
    jenjang: Jenjang, predikat: Predikat, months: int, expected: str
) -> None:
    assert angka_kredit(jenjang, predikat, months) == Decimal(expected)


@pytest.mark.parametrize("months", [0, 13, -1])
def test_months_out_of_range(months: int) -> None:
    with pytest.raises(
        ValueError, match=f"jumlah bulan harus 1 sampai 12 \\(ditemukan {months}\\)"
    ):
        angka_kredit(Jenjang.AHLI_MUDA, Predikat.BAIK, months)


@pytest.mark.parametrize("months", [6.5, Decimal("6.5"), float("nan"), Decimal("NaN"), "6", True])
def test_months_that_are_not_whole_numbers_are_refused_in_words(months: object) -> None:
    """6.5 used to pass the range check and fail with an untranslated TypeError; a Decimal
    6.5 used to pass altogether (and give a fraction of a month's credit)."""
    with pytest.raises(ValueError, match=r"^jumlah bulan harus bilangan bulat \(ditemukan "):
        angka_kredit(Jenjang.AHLI_PERTAMA, Predikat.BAIK, months)  # type: ignore[arg-type]


@pytest.mark.parametrize("months", [Decimal("6"), 6.0])
def test_whole_months_of_another_numeric_type_count(months: object) -> None:
    assert angka_kredit(Jenjang.AHLI_PERTAMA, Predikat.BAIK, months) == Decimal("6.250")  # type: ignore[arg-type]
