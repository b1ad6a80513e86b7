"""Assessment periods: a year, a triwulan (quarter) or a month, and their codes.

Codes: ``"2026"`` (tahunan), ``"2026-T1"`` .. ``"2026-T4"`` (triwulan), ``"2026-M01"`` ..
``"2026-M12"`` (bulanan). Triwulan I is January-March: 31 March is T1, 1 April is T2.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import msgspec

from shared_models.calendar_words import month_long
from shared_models.enums import PeriodKind

__all__ = [
    "Period",
    "PeriodError",
    "month_of",
    "parse_period_code",
    "period_of",
    "periods_of_year",
    "triwulan_of",
]

_MIN_YEAR, _MAX_YEAR = 1900, 9999
_CODE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<letter>[TM])(?P<number>[0-9]{1,2}))?$")
_COUNT = {PeriodKind.TAHUNAN: 1, PeriodKind.TRIWULAN: 4, PeriodKind.BULANAN: 12}


class PeriodError(ValueError):
    """A period code or number that does not name a period; the message is in Indonesian."""


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """One assessment period. Build it with ``Period.of`` or the helpers below."""

    kind: PeriodKind
    year: int
    number: int
    """1 for a year, 1..4 for a triwulan, 1..12 for a month."""
    first_day: date
    last_day: date

    @classmethod
    def of(cls, kind: PeriodKind, year: int, number: int = 1) -> Period:
        """The period ``number`` of ``kind`` in ``year``; raises ``PeriodError`` if out of range."""
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise PeriodError(f"tahun {year} di luar rentang {_MIN_YEAR}-{_MAX_YEAR}")
        count = _COUNT[kind]
        if not 1 <= number <= count:
            raise PeriodError(f"nomor periode {kind.label.lower()} harus 1 sampai {count}")
        months = 12 // count
        first_month = (number - 1) * months + 1
        last_month = first_month + months - 1
        last_day = calendar.monthrange(year, last_month)[1]
        return cls(
            kind=kind,
            year=year,
            number=number,
            first_day=date(year, first_month, 1),
            last_day=date(year, last_month, last_day),
        )

    @property
    def code(self) -> str:
        """``"2026"``, ``"2026-T1"`` or ``"2026-M03"``."""
        if self.kind is PeriodKind.TRIWULAN:
            return f"{self.year:04d}-T{self.number}"
        if self.kind is PeriodKind.BULANAN:
            return f"{self.year:04d}-M{self.number:02d}"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """Display text: ``"Tahun 2026"``, ``"Triwulan I 2026"``, ``"Maret 2026"``."""
        if self.kind is PeriodKind.TRIWULAN:
            return f"Triwulan {_ROMAN[self.number]} {self.year}"
        if self.kind is PeriodKind.BULANAN:
            return f"{month_long(self.number)} {self.year}"
        return f"Tahun {self.year}"

    def contains(self, day: date) -> bool:
        """True if ``day`` falls in this period (both ends included)."""
        return self.first_day <= day <= self.last_day


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def triwulan_of(day: date) -> Period:
    """The triwulan ``day`` falls in."""
    return Period.of(PeriodKind.TRIWULAN, day.year, (day.month - 1) // 3 + 1)


def month_of(day: date) -> Period:
    """The month ``day`` falls in."""
    return Period.of(PeriodKind.BULANAN, day.year, day.month)


def period_of(day: date, kind: PeriodKind) -> Period:
    """The period of ``kind`` that ``day`` falls in."""
    months = 12 // _COUNT[kind]
    return Period.of(kind, day.year, (day.month - 1) // months + 1)


def periods_of_year(year: int, kind: PeriodKind) -> list[Period]:
    """All periods of ``kind`` in ``year``, in order."""
    return [Period.of(kind, year, number) for number in range(1, _COUNT[kind] + 1)]


def parse_period_code(code: str) -> Period:
    """The period a code names; raises ``PeriodError`` saying what is wrong."""
    match = _CODE.match(code)
    if match is None:
        raise PeriodError(
            f"kode periode '{code}' tidak dikenal; gunakan 2026, 2026-T1 sampai 2026-T4, "
            "atau 2026-M01 sampai 2026-M12"
        )
    year = int(match["year"])
    letter, number = match["letter"], match["number"]
    if letter is None:
        kind, value = PeriodKind.TAHUNAN, 1
    elif letter == "T" and len(number) == 1:
        kind, value = PeriodKind.TRIWULAN, int(number)
    elif letter == "M" and len(number) == 2:
        kind, value = PeriodKind.BULANAN, int(number)
    else:
        form = "satu angka (T1)" if letter == "T" else "dua angka (M03)"
        raise PeriodError(f"kode periode '{code}' tidak valid: nomor harus {form}")
    try:
        return Period.of(kind, year, value)
    except PeriodError as err:
        raise PeriodError(f"kode periode '{code}' tidak valid: {err}") from err
