"""Careers of the demo people: golongan, jenjang and retirement follow from the NIP.

A PNS enters at the golongan of the diploma the position asks for (SLTA II/a, D-III II/c,
S1/D-IV III/a, dokter III/b) on the TMT CPNS the NIP records, and rises one grade every
``pace`` years (4 at the fastest: kenaikan pangkat reguler needs four years in the grade, PP
99/2000 Pasal 7), up to the ceiling of the position (the top of a functional ladder, the
highest grade of a diploma for a pelaksana, the eselon's range for a head of unit). A
functional position's jenjang is the step of its ladder whose grades hold the golongan
(PermenPANRB 1/2023): III/a-III/b Ahli Pertama, III/c-III/d Ahli Muda, IV/a-IV/c Ahli Madya,
IV/d-IV/e Ahli Utama; II/a Pemula, II/b-II/d Terampil, III/a-III/b Mahir, III/c-III/d
Penyelia. Nobody has passed the retirement age (batas usia pensiun, PP 11/2017 Pasal 239: 58;
60 for JPT, Ahli Madya and teachers; 65 for Ahli Utama): a PNS retires at the end of the month
of that birthday.

These are the demo's model of a believable career, not rules the server enforces on real data
(a diploma earned in service, a penalty or a transfer moves real careers off it).
"""

from __future__ import annotations

import datetime as dt

from shared_models.enums import Golongan, Jenjang

__all__ = [
    "KEAHLIAN",
    "KETERAMPILAN",
    "LADDERS",
    "PNS_GRADES",
    "grade_index",
    "jenjang_for",
    "promoted",
    "retirement_age",
    "retires_on",
    "years_of_service",
]

PNS_GRADES: tuple[str, ...] = tuple(g.value for g in Golongan if not g.is_pppk)
"""I/a ... IV/e in order."""

KEAHLIAN: tuple[tuple[Jenjang, str, str], ...] = (
    (Jenjang.AHLI_PERTAMA, "III/a", "III/b"),
    (Jenjang.AHLI_MUDA, "III/c", "III/d"),
    (Jenjang.AHLI_MADYA, "IV/a", "IV/c"),
    (Jenjang.AHLI_UTAMA, "IV/d", "IV/e"),
)
"""Jenjang of a functional position of expertise and the grades each one holds."""

KETERAMPILAN: tuple[tuple[Jenjang, str, str], ...] = (
    (Jenjang.PEMULA, "II/a", "II/a"),
    (Jenjang.TERAMPIL, "II/b", "II/d"),
    (Jenjang.MAHIR, "III/a", "III/b"),
    (Jenjang.PENYELIA, "III/c", "III/d"),
)
"""Jenjang of a functional position of skill and the grades each one holds."""

LADDERS = {"keahlian": KEAHLIAN, "keterampilan": KETERAMPILAN}


def grade_index(golongan: str) -> int:
    """Position of a PNS golongan on I/a ... IV/e (0 ... 16); ValueError for any other."""
    return PNS_GRADES.index(golongan)


def years_of_service(tmt: tuple[int, int], today: dt.date) -> int:
    """Whole years from the TMT CPNS (the first of its month) to ``today`` (0 before it)."""
    year, month = tmt
    years = today.year - year - ((today.month, today.day) < (month, 1))
    return max(0, years)


def promoted(entry: str, ceiling: str, years: int, pace: int) -> str:
    """The golongan after ``years`` of service from ``entry``: one grade per ``pace`` years,
    never above ``ceiling``."""
    top = grade_index(ceiling)
    return PNS_GRADES[min(top, grade_index(entry) + years // pace)]


def jenjang_for(ladder: str, golongan: str) -> Jenjang:
    """The step of ``ladder`` (``keahlian`` or ``keterampilan``) whose grades hold
    ``golongan``; ValueError when none does."""
    at = grade_index(golongan)
    for jenjang, lowest, highest in LADDERS[ladder]:
        if grade_index(lowest) <= at <= grade_index(highest):
            return jenjang
    raise ValueError(f"golongan {golongan} is on no step of the {ladder} ladder")


def retirement_age(*, jabatan_kind: str, jenjang: Jenjang | None, teacher: bool) -> int:
    """Batas usia pensiun (PP 11/2017 Pasal 239; teachers: UU 14/2005 Pasal 40)."""
    if jenjang is Jenjang.AHLI_UTAMA:
        return 65
    if jabatan_kind.startswith("jpt") or jenjang is Jenjang.AHLI_MADYA or teacher:
        return 60
    return 58


def retires_on(born: dt.date, age: int) -> dt.date:
    """The first day of the month after the birthday of ``age``: the pension's TMT."""
    year, month = born.year + age, born.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)
