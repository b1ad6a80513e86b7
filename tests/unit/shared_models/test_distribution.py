"""The distribution curve (SE MenPANRB 3/2023): each clause under, at and over its bound."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_models import OrgPredikat, Predikat, check_distribution
from shared_models.distribution import SMALL_UNIT, small_unit_note

SB = Predikat.SANGAT_BAIK
B = Predikat.BAIK
BP = Predikat.BUTUH_PERBAIKAN
KM = Predikat.KURANG_MISCONDUCT
SK = Predikat.SANGAT_KURANG
ORG = OrgPredikat


def clauses(org: OrgPredikat, counts: dict[Predikat, int]) -> list[str]:
    return [v.clause for v in check_distribution(org, counts)]


# Each case: org, counts (out of 100 unless noted), the clauses expected to be broken.
CASES = [
    # Istimewa: Sangat Baik at most 70 %
    pytest.param(ORG.ISTIMEWA, {SB: 69, B: 31}, [], id="istimewa-sb-69"),
    pytest.param(ORG.ISTIMEWA, {SB: 70, B: 30}, [], id="istimewa-sb-70"),
    pytest.param(
        ORG.ISTIMEWA, {SB: 71, B: 29}, ["istimewa.sangat_baik_maks_70"], id="istimewa-sb-71"
    ),
    # Istimewa: Sangat Baik the largest group (ties allowed)
    pytest.param(
        ORG.ISTIMEWA, {SB: 49, B: 51}, ["istimewa.sangat_baik_terbesar"], id="istimewa-sb-49-b-51"
    ),
    pytest.param(ORG.ISTIMEWA, {SB: 50, B: 50}, [], id="istimewa-sb-50-b-50"),
    pytest.param(ORG.ISTIMEWA, {SB: 51, B: 49}, [], id="istimewa-sb-51-b-49"),
    pytest.param(ORG.ISTIMEWA, {SB: 40, B: 20, BP: 20, KM: 10, SK: 10}, [], id="istimewa-rest-any"),
    # Baik: Baik at most 70 %
    pytest.param(ORG.BAIK, {B: 69, BP: 1, SB: 30}, [], id="baik-b-69"),
    pytest.param(ORG.BAIK, {B: 70, BP: 1, SB: 29}, [], id="baik-b-70"),
    pytest.param(ORG.BAIK, {B: 71, BP: 1, SB: 28}, ["baik.baik_maks_70"], id="baik-b-71"),
    # Baik: Baik the largest group
    pytest.param(ORG.BAIK, {B: 40, SB: 41, BP: 19}, ["baik.baik_terbesar"], id="baik-b-40-sb-41"),
    pytest.param(ORG.BAIK, {B: 40, SB: 40, BP: 20}, [], id="baik-b-40-sb-40"),
    pytest.param(ORG.BAIK, {B: 41, SB: 40, BP: 19}, [], id="baik-b-41-sb-40"),
    # Baik: at least one Butuh Perbaikan and/or Kurang/Misconduct
    pytest.param(
        ORG.BAIK,
        {B: 60, SB: 30, SK: 10},
        ["baik.butuh_perbaikan_atau_kurang_min_1"],
        id="baik-none-bp-km",
    ),
    pytest.param(ORG.BAIK, {B: 60, SB: 30, SK: 9, KM: 1}, [], id="baik-one-km"),
    pytest.param(ORG.BAIK, {B: 60, SB: 30, SK: 8, BP: 1, KM: 1}, [], id="baik-bp-and-km"),
    # Butuh Perbaikan: Butuh Perbaikan at least 60 %
    pytest.param(
        ORG.BUTUH_PERBAIKAN,
        {BP: 59, B: 41},
        ["butuh_perbaikan.butuh_perbaikan_min_60"],
        id="bp-bp-59",
    ),
    pytest.param(ORG.BUTUH_PERBAIKAN, {BP: 60, B: 40}, [], id="bp-bp-60"),
    pytest.param(ORG.BUTUH_PERBAIKAN, {BP: 61, B: 39}, [], id="bp-bp-61"),
    # Butuh Perbaikan: Sangat Baik at most 10 %
    pytest.param(ORG.BUTUH_PERBAIKAN, {BP: 60, SB: 9, B: 31}, [], id="bp-sb-9"),
    pytest.param(ORG.BUTUH_PERBAIKAN, {BP: 60, SB: 10, KM: 20, SK: 10}, [], id="bp-sb-10"),
    pytest.param(
        ORG.BUTUH_PERBAIKAN,
        {BP: 60, SB: 11, B: 29},
        ["butuh_perbaikan.sangat_baik_maks_10"],
        id="bp-sb-11",
    ),
    # Kurang: Kurang/Misconduct at least 60 %
    pytest.param(ORG.KURANG, {KM: 59, BP: 10, B: 31}, ["kurang.kurang_min_60"], id="k-km-59"),
    pytest.param(ORG.KURANG, {KM: 60, BP: 10, B: 30}, [], id="k-km-60"),
    pytest.param(ORG.KURANG, {KM: 61, BP: 10, SK: 29}, [], id="k-km-61"),
    # Kurang: Butuh Perbaikan at least 10 %
    pytest.param(
        ORG.KURANG, {KM: 60, BP: 9, B: 31}, ["kurang.butuh_perbaikan_min_10"], id="k-bp-9"
    ),
    pytest.param(ORG.KURANG, {KM: 60, BP: 10, SK: 30}, [], id="k-bp-10"),
    pytest.param(ORG.KURANG, {KM: 60, BP: 11, B: 29}, [], id="k-bp-11"),
    # Kurang: Sangat Baik at most 10 %
    pytest.param(ORG.KURANG, {KM: 60, BP: 10, SB: 9, B: 21}, [], id="k-sb-9"),
    pytest.param(ORG.KURANG, {KM: 60, BP: 10, SB: 10, B: 20}, [], id="k-sb-10"),
    pytest.param(
        ORG.KURANG, {KM: 60, BP: 10, SB: 11, B: 19}, ["kurang.sangat_baik_maks_10"], id="k-sb-11"
    ),
    # Sangat Kurang: Sangat Kurang at least 60 %
    pytest.param(
        ORG.SANGAT_KURANG,
        {SK: 59, KM: 10, B: 31},
        ["sangat_kurang.sangat_kurang_min_60"],
        id="sk-sk-59",
    ),
    pytest.param(ORG.SANGAT_KURANG, {SK: 60, KM: 10, B: 30}, [], id="sk-sk-60"),
    pytest.param(ORG.SANGAT_KURANG, {SK: 61, KM: 10, B: 29}, [], id="sk-sk-61"),
    # Sangat Kurang: Kurang/Misconduct and/or Butuh Perbaikan at least 10 % (counted together)
    pytest.param(
        ORG.SANGAT_KURANG,
        {SK: 60, KM: 5, BP: 4, B: 31},
        ["sangat_kurang.kurang_atau_butuh_perbaikan_min_10"],
        id="sk-kmbp-9",
    ),
    pytest.param(ORG.SANGAT_KURANG, {SK: 60, KM: 5, BP: 5, B: 30}, [], id="sk-kmbp-10"),
    pytest.param(ORG.SANGAT_KURANG, {SK: 60, BP: 11, B: 29}, [], id="sk-kmbp-11"),
    # Sangat Kurang: no Sangat Baik
    pytest.param(ORG.SANGAT_KURANG, {SK: 60, KM: 10, B: 30, SB: 0}, [], id="sk-sb-0"),
    pytest.param(
        ORG.SANGAT_KURANG,
        {SK: 60, KM: 10, B: 29, SB: 1},
        ["sangat_kurang.tanpa_sangat_baik"],
        id="sk-sb-1",
    ),
    # several clauses at once, in the order of the table
    pytest.param(
        ORG.KURANG,
        {SB: 50, B: 50},
        ["kurang.kurang_min_60", "kurang.butuh_perbaikan_min_10", "kurang.sangat_baik_maks_10"],
        id="k-all-broken",
    ),
]


@pytest.mark.parametrize(("org", "counts", "expected"), CASES)
def test_clause_bounds(org: OrgPredikat, counts: dict[Predikat, int], expected: list[str]) -> None:
    assert sum(counts.values()) == 100
    assert clauses(org, counts) == expected


@pytest.mark.parametrize("org", list(OrgPredikat))
def test_no_employees_no_violations(org: OrgPredikat) -> None:
    assert check_distribution(org, {}) == []
    assert check_distribution(org, dict.fromkeys(Predikat, 0)) == []


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        check_distribution(ORG.BAIK, {B: -1})


def test_max_message_and_numbers() -> None:
    [v] = check_distribution(ORG.ISTIMEWA, {SB: 8, B: 2})
    assert v.message == (
        "Sangat Baik 80 % melebihi batas 70 % untuk organisasi Istimewa "
        "(8 dari 10 pegawai, kelebihan 1 pegawai)"
    )
    assert (v.count, v.total, v.difference) == (8, 10, 1)
    assert v.actual_percent == Decimal("80.0")
    assert v.bound_percent == Decimal("70.0")
    assert v.predikat == (SB,)


def test_min_message_and_numbers() -> None:
    [v] = check_distribution(ORG.BUTUH_PERBAIKAN, {BP: 4, B: 6})
    assert v.message == (
        "Butuh Perbaikan 40 % kurang dari minimal 60 % untuk organisasi Butuh Perbaikan "
        "(4 dari 10 pegawai, kekurangan 2 pegawai)"
    )
    assert v.difference == 2


def test_percent_is_rounded_to_one_decimal_with_a_comma() -> None:
    [v] = check_distribution(ORG.BUTUH_PERBAIKAN, {BP: 5, B: 4})  # 5/9 = 55.55...%
    assert v.message.startswith("Butuh Perbaikan 55,6 % kurang dari minimal 60 %")
    assert v.actual_percent == Decimal("55.6")


def test_a_tiny_excess_is_shown_with_enough_decimals() -> None:
    [v] = check_distribution(ORG.ISTIMEWA, {SB: 701, B: 300})  # 70.03 %
    assert v.message.startswith("Sangat Baik 70,03 % melebihi batas 70 %")


def test_combined_group_message() -> None:
    [v] = check_distribution(ORG.SANGAT_KURANG, {SK: 19, KM: 1})
    assert v.message == (
        "Kurang/Misconduct dan/atau Butuh Perbaikan 5 % kurang dari minimal 10 % untuk "
        "organisasi Sangat Kurang (1 dari 20 pegawai, kekurangan 1 pegawai)"
    )


def test_forbidden_message() -> None:
    [v] = check_distribution(ORG.SANGAT_KURANG, {SK: 17, KM: 3, SB: 1})
    assert v.message == (
        "Sangat Baik tidak boleh ada untuk organisasi Sangat Kurang (ditemukan 1 dari 21 pegawai)"
    )
    assert v.bound_percent is None


def test_at_least_one_message() -> None:
    [v] = check_distribution(ORG.BAIK, {B: 7, SB: 3})
    assert v.message == (
        "Butuh Perbaikan dan/atau Kurang/Misconduct minimal 1 pegawai untuk organisasi Baik "
        "(ditemukan 0 dari 10 pegawai)"
    )


def test_largest_group_message() -> None:
    [v] = check_distribution(ORG.ISTIMEWA, {SB: 3, B: 7})
    assert v.message == (
        "Sangat Baik 30 % bukan kelompok terbesar untuk organisasi Istimewa: "
        "Baik 70 % (7 pegawai) lebih banyak"
    )
    assert v.difference == 4
    assert v.bound_percent == Decimal("70.0")


counts_strategy = st.dictionaries(st.sampled_from(Predikat), st.integers(0, 60))


@given(st.sampled_from(OrgPredikat), counts_strategy, st.integers(2, 9))
def test_clauses_depend_only_on_proportions(
    org: OrgPredikat, counts: dict[Predikat, int], factor: int
) -> None:
    scaled = {p: n * factor for p, n in counts.items()}
    assert clauses(org, scaled) == clauses(org, counts)


@given(st.sampled_from(OrgPredikat), counts_strategy)
def test_clause_codes_are_named_for_the_organisation(
    org: OrgPredikat, counts: dict[Predikat, int]
) -> None:
    for violation in check_distribution(org, counts):
        assert violation.clause.startswith(f"{org.value}.")
        assert org.label in violation.message
        assert violation.difference >= 1


def test_a_small_unit_says_unit_kecil_in_every_message() -> None:
    violations = check_distribution(ORG.BAIK, {B: 4})
    assert {v.clause for v in violations} == {
        "baik.baik_maks_70",
        "baik.butuh_perbaikan_atau_kurang_min_1",
    }
    for v in violations:
        assert v.small_unit
        assert v.message.endswith(
            "unit kecil (4 pegawai): satu pegawai = 25 %, ketentuan kurva ini panduan"
        )
    (five,) = [v for v in check_distribution(ORG.BAIK, {B: 4, SB: 1}) if "min_1" in v.clause]
    assert not five.small_unit
    assert "unit kecil" not in five.message


def test_the_small_unit_note_starts_below_five() -> None:
    assert small_unit_note(0) is None
    assert (
        small_unit_note(3)
        == "unit kecil (3 pegawai): satu pegawai = 33,3 %, ketentuan kurva ini panduan"
    )
    assert small_unit_note(SMALL_UNIT) is None


@pytest.mark.parametrize("count", [True, False, 2.5, 3.0, "3", None])
def test_a_count_that_is_not_a_whole_number_is_refused(count: object) -> None:
    # a bool is an int to Python: True must not count as one employee
    with pytest.raises(ValueError, match="jumlah pegawai Baik harus bilangan bulat"):
        check_distribution(ORG.BAIK, {B: count, KM: 1})  # type: ignore[dict-item]
