"""The distribution curve of SE MenPANRB 3/2023: how an organisation's predikat limits the
spread of its employees' predikat.

``check_distribution`` returns one ``Violation`` per broken clause; it warns, it never blocks
(the signed Penetapan Predikat Kinerja is a human decision). Decisions on the wording, also in
docs/domain-rules.md:

- No employees: nothing to check, no violations.
- "X at most 70 % (the largest group)" is two clauses: the cap, and X must be the largest group
  (no other predikat has strictly more employees; a tie is allowed). Without the second an
  organisation Baik could rate 80 % of its staff Sangat Baik, against the shape of the curve.
- "The rest any" (Istimewa) and "the rest ..." lists that name every predikat not yet named
  (Baik, Butuh Perbaikan, Kurang) add nothing. For Sangat Kurang "no Sangat Baik; the rest Baik"
  is the clause "Sangat Baik tidak boleh ada".
- Percentages are exact fractions; at most/at least include the bound (70 % of 10 is allowed).
- A unit of fewer than :data:`SMALL_UNIT` employees is a "unit kecil": each violation says so
  (one employee is more than 20 % of it, so one rating moves a share across a bound and some
  clauses cannot all hold); the clauses are still checked.
- The curve judges a spread only when enough of the staff counted are rated
  (:func:`spread_readiness`: at least half); before that the counts are shown and nothing is
  judged, neither "fits" nor a violation (issue #16 item 2: "sesuai kurva" with nobody rated,
  a Butuh Perbaikan demanded with 1 of 8 rated).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import msgspec

from shared_models.enums import OrgPredikat, Predikat

__all__ = [
    "SMALL_UNIT",
    "SpreadReadiness",
    "Violation",
    "check_distribution",
    "small_unit_note",
    "spread_readiness",
]

SMALL_UNIT = 5
"""Fewer employees than this make a "unit kecil" (docs/domain-rules.md)."""

_SB = Predikat.SANGAT_BAIK
_B = Predikat.BAIK
_BP = Predikat.BUTUH_PERBAIKAN
_KM = Predikat.KURANG_MISCONDUCT
_SK = Predikat.SANGAT_KURANG


class Violation(msgspec.Struct, frozen=True, kw_only=True):
    """One broken clause of the curve."""

    clause: str
    """Stable code, e.g. ``"istimewa.sangat_baik_maks_70"``."""
    message: str
    """What is wrong and by how much, in Bahasa Indonesia."""
    predikat: tuple[Predikat, ...]
    """The employee predikat the clause counts."""
    count: int
    """Employees with those predikat."""
    total: int
    """All employees of the organisation in the period."""
    actual_percent: Decimal
    """``count`` as a percentage of ``total``, rounded to one decimal."""
    bound_percent: Decimal | None
    """The clause's bound (for "terbesar": the share of the larger group); None for counts."""
    difference: int
    """Employees over the cap or under the minimum (the gap to the larger group for "terbesar")."""
    small_unit: bool = False
    """The unit has fewer than :data:`SMALL_UNIT` employees (the message says "unit kecil")."""


class _Op(enum.Enum):
    MAX = "max"  # share at most bound
    MIN = "min"  # share at least bound
    NONE = "none"  # no employee at all
    ANY = "any"  # at least one employee
    LARGEST = "largest"  # no other predikat has more employees


@dataclass(frozen=True)
class _Clause:
    code: str
    op: _Op
    group: tuple[Predikat, ...]
    bound: int = 0  # percent


_CURVE: dict[OrgPredikat, tuple[_Clause, ...]] = {
    OrgPredikat.ISTIMEWA: (
        _Clause("istimewa.sangat_baik_maks_70", _Op.MAX, (_SB,), 70),
        _Clause("istimewa.sangat_baik_terbesar", _Op.LARGEST, (_SB,)),
    ),
    OrgPredikat.BAIK: (
        _Clause("baik.baik_maks_70", _Op.MAX, (_B,), 70),
        _Clause("baik.baik_terbesar", _Op.LARGEST, (_B,)),
        _Clause("baik.butuh_perbaikan_atau_kurang_min_1", _Op.ANY, (_BP, _KM)),
    ),
    OrgPredikat.BUTUH_PERBAIKAN: (
        _Clause("butuh_perbaikan.butuh_perbaikan_min_60", _Op.MIN, (_BP,), 60),
        _Clause("butuh_perbaikan.sangat_baik_maks_10", _Op.MAX, (_SB,), 10),
    ),
    OrgPredikat.KURANG: (
        _Clause("kurang.kurang_min_60", _Op.MIN, (_KM,), 60),
        _Clause("kurang.butuh_perbaikan_min_10", _Op.MIN, (_BP,), 10),
        _Clause("kurang.sangat_baik_maks_10", _Op.MAX, (_SB,), 10),
    ),
    OrgPredikat.SANGAT_KURANG: (
        _Clause("sangat_kurang.sangat_kurang_min_60", _Op.MIN, (_SK,), 60),
        _Clause("sangat_kurang.kurang_atau_butuh_perbaikan_min_10", _Op.MIN, (_KM, _BP), 10),
        _Clause("sangat_kurang.tanpa_sangat_baik", _Op.NONE, (_SB,)),
    ),
}


def check_distribution(
    org_predikat: OrgPredikat, counts: Mapping[Predikat, int]
) -> list[Violation]:
    """Every clause of the curve for ``org_predikat`` that ``counts`` breaks; empty = allowed.

    ``counts`` maps each employee predikat to its number of employees (missing = 0).
    Raises ValueError for a count that is not a whole number (``True``, ``2.5``, ``"3"``:
    a bool is an int to Python, never a head count) and for a negative count.
    """
    full = {p: counts.get(p, 0) for p in Predikat}
    for p, n in full.items():
        if isinstance(n, bool) or not isinstance(n, int):
            raise ValueError(f"jumlah pegawai {p.label} harus bilangan bulat (ditemukan {n!r})")
    if any(n < 0 for n in full.values()):
        raise ValueError("jumlah pegawai tidak boleh negatif")
    total = sum(full.values())
    if total == 0:
        return []
    found = (_check(clause, org_predikat, full, total) for clause in _CURVE[org_predikat])
    return [v for v in found if v is not None]


def small_unit_note(total: int) -> str | None:
    """What a spread of ``total`` employees adds to any curve message: "unit kecil" below
    :data:`SMALL_UNIT` (None for an empty or larger unit)."""
    if not 0 < total < SMALL_UNIT:
        return None
    one = _fmt(Fraction(100, total))
    return f"unit kecil ({total} pegawai): satu pegawai = {one} %, ketentuan kurva ini panduan"


class SpreadReadiness(msgspec.Struct, frozen=True, kw_only=True):
    """Whether a spread of ``rated`` out of ``staff`` employees can be judged against the curve."""

    rated: int
    staff: int
    needed: int
    """How many must be rated before the curve judges (half of ``staff``, rounded up, >= 1)."""
    ready: bool
    """``rated >= needed``: the clauses are checked."""
    complete: bool
    """Everyone counted is rated: the result cannot change any more."""
    note: str
    """In words: how many of how many are rated, and what that means for the check."""


def spread_readiness(rated: int, staff: int, *, what: str = "dinilai") -> SpreadReadiness:
    """Whether the curve may judge a spread of ``rated`` employees (those with a predikat:
    final on the server's report, drafts and finals on a supervisor's device) out of ``staff``
    (everyone the spread counts: the team, the unit's active employees). The curve describes
    an organisation's staff: until at least half of them are rated the shares describe a few
    people, not the organisation, so nothing is judged (docs/domain-rules.md, "Enough rated").
    ``what`` names the rating counted ("dinilai", "dinilai final")."""
    staff = max(staff, rated, 0)
    needed = max(1, math.ceil(staff / 2))
    ready = staff > 0 and rated >= needed
    complete = ready and rated == staff
    if staff == 0:
        note = "belum ada pegawai untuk dinilai"
    elif rated == 0:
        note = f"belum ada pegawai yang {what} (0 dari {staff}); sebaran belum diperiksa"
    elif not ready:
        note = (
            f"baru {rated} dari {staff} pegawai {what}; sebaran diperiksa terhadap kurva setelah"
            f" minimal {needed} pegawai {what}"
        )
    elif complete:
        note = f"semua {staff} pegawai {what}"
    else:
        note = (
            f"{rated} dari {staff} pegawai {what}; yang belum {what} dapat mengubah hasil"
            " pemeriksaan"
        )
    return SpreadReadiness(
        rated=rated, staff=staff, needed=needed, ready=ready, complete=complete, note=note
    )


def _check(
    clause: _Clause, org: OrgPredikat, counts: dict[Predikat, int], total: int
) -> Violation | None:
    count = sum(counts[p] for p in clause.group)
    share = Fraction(100 * count, total)
    bound = Fraction(clause.bound)
    name = " dan/atau ".join(p.label for p in clause.group)
    org_text = f"untuk organisasi {org.label}"
    of_total = f"{count} dari {total} pegawai"
    match clause.op:
        case _Op.MAX if share > bound:
            diff = count - math.floor(bound * total / 100)
            shown, cap = _distinct(share, bound)
            text = f"{name} {shown} % melebihi batas {cap} % {org_text} ({of_total}, "
            text += f"kelebihan {diff} pegawai)"
        case _Op.MIN if share < bound:
            diff = math.ceil(bound * total / 100) - count
            shown, floor_ = _distinct(share, bound)
            text = f"{name} {shown} % kurang dari minimal {floor_} % {org_text} ({of_total}, "
            text += f"kekurangan {diff} pegawai)"
        case _Op.NONE if count > 0:
            diff = count
            text = f"{name} tidak boleh ada {org_text} (ditemukan {of_total})"
        case _Op.ANY if count == 0:
            diff = 1
            text = f"{name} minimal 1 pegawai {org_text} (ditemukan 0 dari {total} pegawai)"
        case _Op.LARGEST:
            top = max((p for p in Predikat if p not in clause.group), key=counts.__getitem__)
            if counts[top] <= count:
                return None
            diff = counts[top] - count
            bound = Fraction(100 * counts[top], total)
            text = f"{name} {_fmt(share)} % bukan kelompok terbesar {org_text}: "
            text += f"{top.label} {_fmt(bound)} % ({counts[top]} pegawai) lebih banyak"
        case _:
            return None
    note = small_unit_note(total)
    if note is not None:
        text += f"; {note}"
    has_bound = clause.op in (_Op.MAX, _Op.MIN, _Op.LARGEST)
    return Violation(
        clause=clause.code,
        message=text,
        predikat=clause.group,
        count=count,
        total=total,
        actual_percent=_round(share, 1),
        bound_percent=_round(bound, 1) if has_bound else None,
        difference=diff,
        small_unit=note is not None,
    )


def _round(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _fmt(value: Fraction, places: int = 1) -> str:
    """A percentage the Indonesian way: ``80``, ``66,7``."""
    rounded = _round(value, places).normalize()
    text = f"{rounded:f}" if rounded != rounded.to_integral_value() else f"{int(rounded)}"
    return text.replace(".", ",")


def _distinct(actual: Fraction, bound: Fraction) -> tuple[str, str]:
    """Format two different percentages with enough decimals that they do not look equal."""
    places = 1
    while _fmt(actual, places) == _fmt(bound, places) and places < 6:
        places += 1
    return _fmt(actual, places), _fmt(bound)
