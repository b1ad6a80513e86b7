"""The Indonesian names of the months, written once for every screen, file name and document.

``MONTHS_LONG[0]`` is "Januari"; ``MONTHS_SHORT[0]`` is "Jan" (the abbreviations the app shows:
"3 Des 2026"). ``MONTHS_SHORT_OLD`` holds the older spellings people still type ("Ags", "Sept",
"Nop"), accepted when a date is read, never written.
"""

from __future__ import annotations

__all__ = ["MONTHS_LONG", "MONTHS_SHORT", "MONTHS_SHORT_OLD", "month_long", "month_short"]

MONTHS_LONG: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
"""The full names, January first."""

MONTHS_SHORT: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
"""The abbreviations written on screen and in file names, January first."""

MONTHS_SHORT_OLD: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Ags",
    "Sept",
    "Okt",
    "Nop",
    "Des",
)
"""Older abbreviations (EYD-era forms) still typed by people; read, never written."""


def month_long(month: int) -> str:
    """``12`` -> "Desember"; raises ``ValueError`` outside 1..12."""
    return MONTHS_LONG[_index(month)]


def month_short(month: int) -> str:
    """``12`` -> "Des"; raises ``ValueError`` outside 1..12."""
    return MONTHS_SHORT[_index(month)]


def _index(month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"bulan harus 1 sampai 12, bukan {month}")
    return month - 1
