"""NIP (PNS) and NI PPPK: 18-digit employee numbers and what they encode.

NIP of a PNS: ``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS, one gender digit (1 pria,
2 wanita) and a 3-digit serial from 001, e.g. ``19860926 201505 1 001``.

NI PPPK (issued by BKN) has the same layout except digits 13-14: after the 4-digit year of
TMT PPPK comes a 2-digit series code instead of a month; issued numbers carry ``21``
(``19931228 2025 21 2 001``). The code is accepted when it is 01-99 and kept as the second
item of ``tmt``; the TMT rules below are checked on the year alone.

Nobody is appointed before 18 (PP 11/2017 Pasal 23: a CPNS applicant is at least 18): the TMT
(the first day of its month) is at least 18 years after the birth date. Pure, without a clock:
with ``today`` the TMT must also have begun, and then the birth date lies at least 18 years
back, never in the future. Callers that know the day pass it (the master-data rule of a new
employee); without it (reading stored data, logging in) only the calendar is checked.
"""

from __future__ import annotations

from datetime import date

import msgspec

from shared_models.enums import EmployeeKind, Gender

__all__ = ["MIN_AGE_AT_TMT", "Nip", "NipError", "make_nip", "parse_ni_pppk", "parse_nip"]

_LENGTH = 18
_MIN_YEAR = 1900
MIN_AGE_AT_TMT = 18
"""Youngest age at TMT CPNS / TMT PPPK (PP 11/2017 Pasal 23 ayat 1 huruf a)."""


class NipError(ValueError):
    """A NIP or NI PPPK that is not well formed; the message says what is wrong, in Indonesian."""


class Nip(msgspec.Struct, frozen=True, kw_only=True):
    """A parsed NIP or NI PPPK."""

    value: str
    """The 18 digits, without spaces."""
    kind: EmployeeKind
    birth_date: date
    tmt: tuple[int, int]
    """(year, month) of TMT CPNS; for NI PPPK (year of TMT PPPK, series code such as 21)."""
    gender: Gender
    serial: int

    @property
    def formatted(self) -> str:
        """The number grouped as printed on documents: ``19860926 201505 1 001``."""
        v = self.value
        return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"


def _names(kind: EmployeeKind) -> tuple[str, str]:
    """The document name and the TMT name used in messages."""
    if kind is EmployeeKind.PPPK:
        return "NI PPPK", "TMT PPPK"
    return "NIP", "TMT CPNS"


def _digits(text: str, name: str) -> str:
    digits = "".join(text.split())
    bad = next((ch for ch in digits if not ("0" <= ch <= "9")), None)
    if bad is not None:
        raise NipError(f"{name} harus 18 digit angka (ditemukan karakter '{bad}')")
    if len(digits) != _LENGTH:
        raise NipError(f"{name} harus 18 digit angka (ditemukan {len(digits)})")
    return digits


def _birth_date(digits: str) -> date:
    text = digits[:8]
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        born = None
    if born is None or born.year < _MIN_YEAR:
        raise NipError(f"tanggal lahir {text} tidak valid")
    return born


def _birthday(born: date, years: int) -> date:
    """The day ``born`` turns ``years`` old (29 February: 1 March in a common year)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def _tmt(digits: str, born: date, kind: EmployeeKind, today: date | None) -> tuple[int, int]:
    text = digits[8:14]
    year, second = int(text[:4]), int(text[4:])
    tmt_name = _names(kind)[1]
    if kind is EmployeeKind.PPPK:
        if year < _MIN_YEAR or second == 0:
            raise NipError(f"{tmt_name} {text} tidak valid")
        if year <= born.year:
            raise NipError(f"{tmt_name} harus setelah tanggal lahir")
        if year < born.year + MIN_AGE_AT_TMT:  # the year alone: never refuses a real number
            raise NipError(_too_young(tmt_name, text[:4], digits[:8]))
        if today is not None and year > today.year:
            raise NipError(f"{tmt_name} {text[:4]} belum tiba (hari ini {today:%d-%m-%Y})")
        return year, second
    if year < _MIN_YEAR or not 1 <= second <= 12:
        raise NipError(f"{tmt_name} {text} tidak valid")
    # TMT is the first day of its month; it must come after the day of birth.
    starts = date(year, second, 1)
    if starts <= born:
        raise NipError(f"{tmt_name} harus setelah tanggal lahir")
    if starts < _birthday(born, MIN_AGE_AT_TMT):
        raise NipError(_too_young(tmt_name, text, digits[:8]))
    if today is not None and starts > today:
        raise NipError(f"{tmt_name} {text} belum tiba (hari ini {today:%d-%m-%Y})")
    return year, second


def _too_young(tmt_name: str, tmt: str, born: str) -> str:
    return (
        f"{tmt_name} {tmt} kurang dari {MIN_AGE_AT_TMT} tahun setelah tanggal lahir {born} "
        f"(usia paling rendah saat diangkat {MIN_AGE_AT_TMT} tahun)"
    )


def parse_nip(
    text: str, kind: EmployeeKind = EmployeeKind.PNS, *, today: date | None = None
) -> Nip:
    """Parse a NIP (or, with ``kind=PPPK``, an NI PPPK); spaces are allowed anywhere.

    Raises ``NipError`` naming the first problem found: length or characters, birth date,
    TMT, TMT not after birth, TMT before the age of 18, TMT not begun by ``today`` (only when
    given), gender digit, serial.
    """
    digits = _digits(text, _names(kind)[0])
    born = _birth_date(digits)
    tmt = _tmt(digits, born, kind, today)
    if digits[14] not in "12":
        raise NipError(f"digit ke-15 harus 1 (pria) atau 2 (wanita) (ditemukan {digits[14]})")
    serial = int(digits[15:])
    if serial == 0:
        raise NipError("nomor urut (digit ke-16 sampai 18) tidak boleh 000")
    return Nip(
        value=digits,
        kind=kind,
        birth_date=born,
        tmt=tmt,
        gender=Gender(int(digits[14])),
        serial=serial,
    )


def parse_ni_pppk(text: str, *, today: date | None = None) -> Nip:
    """Parse an NI PPPK (layout in the module docstring)."""
    return parse_nip(text, EmployeeKind.PPPK, today=today)


def make_nip(
    birth_date: date,
    tmt_year: int,
    tmt_month: int,
    gender: Gender | int,
    serial: int,
    kind: EmployeeKind = EmployeeKind.PNS,
) -> str:
    """Build the 18 digits from their parts; raises ``NipError`` if the result is not valid.

    For an NI PPPK ``tmt_month`` is the series code (21 for numbers issued so far).
    """
    if int(gender) not in (1, 2):
        raise NipError(f"digit ke-15 harus 1 (pria) atau 2 (wanita) (ditemukan {int(gender)})")
    if not 1 <= serial <= 999:
        raise NipError(f"nomor urut harus 1 sampai 999 (ditemukan {serial})")
    if not (_MIN_YEAR <= tmt_year <= 9999 and 1 <= tmt_month <= 99):
        raise NipError(f"{_names(kind)[1]} {tmt_year}{tmt_month:02d} tidak valid")
    born = f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}"
    digits = f"{born}{tmt_year:04d}{tmt_month:02d}{int(gender)}{serial:03d}"
    return parse_nip(digits, kind).value
