"""Dates, times and numbers the Indonesian way (client/ui/common/fmt.py; issue #16 item 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from client.ui.common.fmt import (
    format_date_id,
    format_datetime_wib,
    format_decimal_id,
    format_percent,
    format_time_wib,
    number,
    parse_date_id,
    parse_decimal_id,
    parse_time,
)

DEC3 = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    "text",
    [
        "03/12/2026",
        "3/12/2026",
        "3-12-2026",
        "03.12.2026",
        "3/12/26",
        "3 Des 2026",
        "3 des 2026",
        "3 Desember 2026",
        "03 Dec 2026",
        "3 December 2026",
        " 3  Des  2026 ",
        "2026-12-03",
    ],
)
def test_dates_are_read_as_written_in_indonesia(text: str) -> None:
    assert parse_date_id(text) == DEC3


@pytest.mark.parametrize(
    "text", ["", "31/02/2026", "12/31/2026", "3 Foo 2026", "besok", "2026-13-01", "3/12"]
)
def test_what_is_not_a_date_is_none(text: str) -> None:
    assert parse_date_id(text) is None


def test_dates_are_shown_day_month_year() -> None:
    assert format_date_id(DEC3) == "3 Des 2026"
    assert format_date_id("2026-12-03") == "3 Des 2026"
    assert format_date_id(dt.date(2026, 5, 1)) == "1 Mei 2026"
    assert format_date_id(dt.date(2026, 8, 17), "en") == "17 Aug 2026"
    assert format_date_id("kemarin") == "kemarin"
    for day in (dt.date(2026, m, 28) for m in range(1, 13)):
        assert parse_date_id(format_date_id(day)) == day
        assert parse_date_id(format_date_id(day, "en")) == day


@pytest.mark.parametrize(
    ("text", "hhmm"),
    [
        ("08:30", "08:30"),
        ("8:30", "08:30"),
        ("8.30", "08:30"),
        ("08.30", "08:30"),
        ("23:59", "23:59"),
        ("07:05 WIB", "07:05"),
    ],
)
def test_times_take_the_colon_or_the_dot(text: str, hhmm: str) -> None:
    assert parse_time(text) == hhmm


@pytest.mark.parametrize("text", ["", "24:00", "8", "8 pagi", "08:60", "8,30"])
def test_what_is_not_a_time_is_none(text: str) -> None:
    assert parse_time(text) is None


def test_times_are_shown_in_wib() -> None:
    assert format_time_wib("8.30") == "08:30 WIB"
    assert format_time_wib(dt.time(14, 5)) == "14:05 WIB"
    assert format_time_wib(None) == ""
    # the server's timestamps are UTC: Semarang is seven hours ahead, the date may change
    assert format_datetime_wib("2026-12-03T20:15:00Z") == "4 Des 2026 03:15 WIB"
    assert format_datetime_wib("2026-12-03T01:00:00") == "3 Des 2026 08:00 WIB"
    assert format_datetime_wib("2026-08-17T03:00:00+00:00", "en") == "17 Aug 2026 10:00 WIB"
    assert format_datetime_wib(None) == ""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("96,5", 96.5),
        ("2,25", 2.25),
        ("1.500", 1500.0),
        ("1.234,5", 1234.5),
        ("2.5", 2.5),
        ("12", 12.0),
        (" 3 ", 3.0),
        ("-1", -1.0),
        ("0,5", 0.5),
    ],
)
def test_numbers_take_the_decimal_comma(text: str, value: float) -> None:
    assert parse_decimal_id(text) == value


@pytest.mark.parametrize("text", ["", "tiga", "1,2,3", "1.23.4", "nan", "inf", "1e5", ",5", "-"])
def test_what_is_not_a_number_is_none(text: str) -> None:
    assert parse_decimal_id(text) is None


def test_numbers_and_percentages_are_shown_with_the_decimal_comma() -> None:
    assert format_decimal_id(96.5) == "96,5"
    assert format_decimal_id(96.5, "en") == "96.5"
    assert format_decimal_id(12.0) == "12"
    assert format_decimal_id(2.345, digits=1) == "2,3"
    assert format_decimal_id(-0.001) == "0"
    assert number("id", 2.5) == "2,5"
    assert format_percent(96.5) == "96,5 %"
    assert format_percent(96.5, "en") == "96.5%"
    assert format_percent(100.0) == "100 %"
