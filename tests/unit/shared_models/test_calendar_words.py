"""The month names live once in shared_models.calendar_words; every writer uses them."""

from __future__ import annotations

import datetime as dt

import pytest

from client.ui.common.fmt import format_date_id, parse_date_id
from client.ui.hr.view import download_name, period_words
from server.reports.pdf import format_date
from shared_models.calendar_words import (
    MONTHS_LONG,
    MONTHS_SHORT,
    MONTHS_SHORT_OLD,
    month_long,
    month_short,
)
from shared_models.enums import PeriodKind
from shared_models.periods import Period


def test_twelve_of_each() -> None:
    assert len(MONTHS_LONG) == len(MONTHS_SHORT) == len(MONTHS_SHORT_OLD) == 12
    assert (MONTHS_LONG[0], MONTHS_LONG[7], MONTHS_LONG[11]) == ("Januari", "Agustus", "Desember")
    assert (MONTHS_SHORT[7], MONTHS_SHORT[11]) == ("Agu", "Des")
    assert (MONTHS_SHORT_OLD[7], MONTHS_SHORT_OLD[8], MONTHS_SHORT_OLD[10]) == (
        "Ags",
        "Sept",
        "Nop",
    )


def test_every_short_form_is_the_start_of_its_long_form() -> None:
    for short, old, long in zip(MONTHS_SHORT, MONTHS_SHORT_OLD, MONTHS_LONG, strict=True):
        assert long.startswith(short)
        assert long.startswith(old[:2])


@pytest.mark.parametrize("month", [0, 13, -1])
def test_outside_the_year_is_refused(month: int) -> None:
    with pytest.raises(ValueError, match="bulan harus 1 sampai 12"):
        month_long(month)
    with pytest.raises(ValueError, match="bulan harus 1 sampai 12"):
        month_short(month)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_writer_uses_the_same_names(month: int) -> None:
    day = dt.date(2026, month, 3)
    assert format_date_id(day) == f"3 {MONTHS_SHORT[month - 1]} 2026"
    assert format_date(day) == f"3 {MONTHS_LONG[month - 1]} 2026"
    assert period_words("id", f"2026-{month:02d}") == f"{MONTHS_LONG[month - 1]} 2026"
    assert download_name("awards", "X", f"2026-{month:02d}", "csv") == (
        f"Penghargaan_X_{MONTHS_SHORT[month - 1]}_2026.csv"
    )
    assert Period.of(PeriodKind.BULANAN, 2026, month).label == f"{MONTHS_LONG[month - 1]} 2026"


@pytest.mark.parametrize("names", [MONTHS_SHORT, MONTHS_LONG, MONTHS_SHORT_OLD])
def test_every_form_is_read_back(names: tuple[str, ...]) -> None:
    for month, name in enumerate(names, start=1):
        assert parse_date_id(f"3 {name} 2026") == dt.date(2026, month, 3)
