"""Periods: which triwulan/month a day falls in, first and last days, codes."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_models import (
    Period,
    PeriodError,
    PeriodKind,
    month_of,
    parse_period_code,
    period_of,
    periods_of_year,
    rules,
    triwulan_of,
)


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2026, 1, 1), "2026-T1"),
        (date(2026, 3, 31), "2026-T1"),
        (date(2026, 4, 1), "2026-T2"),
        (date(2026, 6, 30), "2026-T2"),
        (date(2026, 7, 1), "2026-T3"),
        (date(2026, 9, 30), "2026-T3"),
        (date(2026, 10, 1), "2026-T4"),
        (date(2026, 12, 31), "2026-T4"),
        (date(2027, 1, 1), "2027-T1"),
    ],
)
def test_triwulan_boundaries(day: date, code: str) -> None:
    assert triwulan_of(day).code == code
    assert period_of(day, PeriodKind.TRIWULAN).code == code


@pytest.mark.parametrize(
    ("number", "first", "last"),
    [
        (1, date(2026, 1, 1), date(2026, 3, 31)),
        (2, date(2026, 4, 1), date(2026, 6, 30)),
        (3, date(2026, 7, 1), date(2026, 9, 30)),
        (4, date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_triwulan_first_and_last_day(number: int, first: date, last: date) -> None:
    period = Period.of(PeriodKind.TRIWULAN, 2026, number)
    assert (period.first_day, period.last_day) == (first, last)


@pytest.mark.parametrize(
    ("day", "code", "last"),
    [
        (date(2024, 2, 29), "2024-M02", date(2024, 2, 29)),
        (date(2026, 2, 28), "2026-M02", date(2026, 2, 28)),
        (date(2000, 2, 1), "2000-M02", date(2000, 2, 29)),
        (date(2100, 2, 1), "2100-M02", date(2100, 2, 28)),
        (date(2026, 3, 31), "2026-M03", date(2026, 3, 31)),
        (date(2026, 4, 1), "2026-M04", date(2026, 4, 30)),
        (date(2026, 12, 31), "2026-M12", date(2026, 12, 31)),
    ],
)
def test_month_of(day: date, code: str, last: date) -> None:
    period = month_of(day)
    assert period.code == code
    assert period.last_day == last
    assert period.first_day == day.replace(day=1)
    assert period_of(day, PeriodKind.BULANAN) == period


def test_leap_day_is_in_triwulan_one() -> None:
    assert triwulan_of(date(2024, 2, 29)).code == "2024-T1"


def test_year_period() -> None:
    period = period_of(date(2026, 7, 14), PeriodKind.TAHUNAN)
    assert period.code == "2026"
    assert (period.first_day, period.last_day) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period.label == "Tahun 2026"


def test_labels() -> None:
    assert triwulan_of(date(2026, 5, 1)).label == "Triwulan II 2026"
    assert month_of(date(2026, 3, 1)).label == "Maret 2026"


@pytest.mark.parametrize(("kind", "count"), [("tahunan", 1), ("triwulan", 4), ("bulanan", 12)])
def test_periods_of_year_cover_the_year_without_gaps(kind: str, count: int) -> None:
    periods = periods_of_year(2024, PeriodKind(kind))
    assert len(periods) == count
    assert periods[0].first_day == date(2024, 1, 1)
    assert periods[-1].last_day == date(2024, 12, 31)
    for before, after in itertools.pairwise(periods):
        assert after.first_day == before.last_day + timedelta(days=1)


@pytest.mark.parametrize("code", ["2026", "2026-T1", "2026-T4", "2026-M01", "2026-M12"])
def test_code_round_trip(code: str) -> None:
    assert parse_period_code(code).code == code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2026-T5", "kode periode '2026-T5' tidak valid: nomor periode triwulan harus 1 sampai 4"),
        ("2026-T0", "kode periode '2026-T0' tidak valid: nomor periode triwulan harus 1 sampai 4"),
        (
            "2026-M13",
            "kode periode '2026-M13' tidak valid: nomor periode bulanan harus 1 sampai 12",
        ),
        (
            "2026-M00",
            "kode periode '2026-M00' tidak valid: nomor periode bulanan harus 1 sampai 12",
        ),
        ("2026-M3", "kode periode '2026-M3' tidak valid: nomor harus dua angka (M03)"),
        ("2026-T01", "kode periode '2026-T01' tidak valid: nomor harus satu angka (T1)"),
        ("1800", "kode periode '1800' tidak valid: tahun 1800 di luar rentang 1900-9999"),
        (
            "2026-Q1",
            "kode periode '2026-Q1' tidak dikenal; gunakan 2026, 2026-T1 sampai 2026-T4, "
            "atau 2026-M01 sampai 2026-M12",
        ),
        (
            "",
            "kode periode '' tidak dikenal; gunakan 2026, 2026-T1 sampai 2026-T4, "
            "atau 2026-M01 sampai 2026-M12",
        ),
    ],
)
def test_bad_codes(code: str, message: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period_code(code)
    assert str(info.value) == message


def test_period_of_checks_the_number() -> None:
    with pytest.raises(PeriodError, match="harus 1 sampai 12"):
        Period.of(PeriodKind.BULANAN, 2026, 13)


def test_rules_exposes_the_period_helpers() -> None:
    assert rules.triwulan_of is triwulan_of
    assert rules.month_of is month_of
    assert rules.period_of is period_of
    assert rules.periods_of_year is periods_of_year
    assert rules.parse_period_code is parse_period_code


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(PeriodKind)
)
def test_a_day_is_in_exactly_one_period(day: date, kind: PeriodKind) -> None:
    period = period_of(day, kind)
    assert period.contains(day)
    assert parse_period_code(period.code) == period
    others = [p for p in periods_of_year(day.year, kind) if p.contains(day)]
    assert others == [period]
