"""Who may change which master data: one rule for every path (a record pushed through sync, a
CSV import, a mutasi or an edit by HR).

An OPD admin acts on a person or a unit only where both the stored state and the new state lie
in their OPD; moves between OPDs and anything touching a BKPP account are for BKPP; one employee
record per NIP, whose NIP never changes; a supervisor is a known, active employee and never makes
a cycle. Pure: the stored state comes from a :class:`MasterFacts` the caller passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple, Protocol

from shared_models.enums import EmployeeKind, UnitKind
from shared_models.nip import NipError, parse_nip
from shared_models.record_rules import Problem

__all__ = [
    "MAX_CHAIN",
    "AdminScope",
    "MasterFacts",
    "Placement",
    "employee_problem",
    "supervisor_problem",
    "unit_problem",
]

MAX_CHAIN = 16
"""Longest supervisor chain followed (the city has far fewer levels)."""

_OUTSIDE = "di luar OPD yang Anda kelola; perpindahan antar-OPD dan akun BKPP diurus oleh BKPP"


class AdminScope(NamedTuple):
    """What an admin administers: the whole city, or some OPDs."""

    nip: str
    city_wide: bool
    opds: frozenset[str]

    def covers(self, opd: str | None) -> bool:
        return self.city_wide or (opd is not None and opd in self.opds)


class Placement(NamedTuple):
    """Where an employee stands in the master tables now."""

    unit_id: str
    supervisor_nip: str | None
    active: bool


class MasterFacts(Protocol):
    """The stored master data the rules read."""

    def unit_known(self, unit_id: str) -> bool: ...

    def unit_opd(self, unit_id: str) -> str | None:
        """The OPD of a unit (None: unknown unit, or Pemkot)."""
        ...

    def placement(self, nip: str) -> Placement | None:
        """Where ``nip`` stands now (None: not an employee)."""
        ...

    def employee_record_id(self, nip: str) -> str | None:
        """The id of the live employee record of ``nip`` (None: none)."""
        ...

    def is_bkpp(self, nip: str) -> bool:
        """Whether ``nip`` holds a city-wide admin grant (a BKPP account)."""
        ...

    def today(self) -> date:
        """Today in Semarang (a new employee's TMT must have begun)."""
        ...


def supervisor_problem(nip: str, boss: str, facts: MasterFacts) -> Problem | None:
    """``boss`` may rate ``nip``: not themselves, a known active employee, no cycle."""
    field = "$.supervisor_nip"
    if boss == nip:
        return Problem(field, "pegawai tidak dapat menjadi atasannya sendiri")
    current = facts.placement(boss)
    if current is None or not current.active:
        return Problem(field, f"NIP atasan {boss} tidak dikenal atau tidak aktif")
    seen = {boss}
    while current is not None and current.supervisor_nip and len(seen) <= MAX_CHAIN:
        up = current.supervisor_nip
        if up == nip:
            return Problem(
                field, f"{boss} berada di bawah {nip} dalam rantai atasan; ini membuat lingkaran"
            )
        if up in seen:
            break
        seen.add(up)
        current = facts.placement(up)
    return None


def employee_problem(
    scope: AdminScope,
    record_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    facts: MasterFacts,
) -> Problem | None:
    """An employee record going from ``before`` (None: new) to ``after`` (None: deleted)."""
    nip = str((after or before or {}).get("nip", ""))
    problem = _nip_problem(before, after, facts)
    if problem is not None:
        return problem
    if after is not None:
        existing = facts.employee_record_id(nip)
        if existing is not None and existing != record_id:
            return Problem("$.nip", f"pegawai dengan NIP {nip} sudah ada (satu data per NIP)")
        unit = str(after.get("unit_id", ""))
        if not facts.unit_known(unit):
            return Problem("$.unit_id", f"unit {unit} tidak dikenal")
    if not scope.city_wide:
        if facts.is_bkpp(nip):
            return Problem(
                "$.nip", f"data pegawai {nip} (akun BKPP) hanya diubah oleh BKPP", forbidden=True
            )
        placed = facts.placement(nip)
        units = [placed.unit_id if placed else None]
        units += [str(v.get("unit_id", "")) for v in (before, after) if v is not None]
        for unit_id in units:
            if unit_id is not None and not scope.covers(facts.unit_opd(unit_id)):
                return Problem("$.unit_id", f"pegawai {nip} {_OUTSIDE}", forbidden=True)
    if after is not None:
        boss = after.get("supervisor_nip")
        moved = before is None or before.get("supervisor_nip") != boss
        placed = facts.placement(nip)
        moved = moved or placed is None or placed.supervisor_nip != boss
        if isinstance(boss, str) and boss and moved:
            return supervisor_problem(nip, boss, facts)
    return None


def _nip_problem(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, facts: MasterFacts
) -> Problem | None:
    """The NIP never changes; a new employee's TMT has begun (see :func:`_new_nip_problem`)."""
    if before is not None and after is not None and after.get("nip") != before.get("nip"):
        return Problem("$.nip", "NIP pegawai tidak dapat diubah; buat data pegawai baru")
    if before is None and after is not None:
        return _new_nip_problem(str(after.get("nip", "")), str(after.get("kind")), facts.today())
    return None


def _new_nip_problem(nip: str, kind: str, today: date) -> Problem | None:
    """A new employee's NIP against today: the TMT has begun (so the birth date lies at least
    18 years back). The rest of the NIP is the content's own check."""
    try:
        parse_nip(nip, EmployeeKind(kind))
    except ValueError:  # a bad NIP or kind: the content check names it
        return None
    try:
        parse_nip(nip, EmployeeKind(kind), today=today)
    except NipError as err:
        return Problem("$.nip", str(err))
    return None


def unit_problem(
    scope: AdminScope,
    record_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    facts: MasterFacts,
) -> Problem | None:
    """A unit record going from ``before`` (None: new) to ``after`` (None: deleted). Its OPD
    follows from the tree (an OPD is its own; another unit takes its parent's), never from
    what the sender claims."""
    if after is not None:
        kind = after.get("kind")
        parent = after.get("parent_id")
        if kind in (UnitKind.PERANGKAT_DAERAH, UnitKind.KECAMATAN):
            expected: str | None = record_id
        elif kind == UnitKind.PEMKOT:
            expected = after.get("opd_id")
        elif isinstance(parent, str) and facts.unit_known(parent):
            expected = facts.unit_opd(parent)
        else:
            return Problem("$.parent_id", f"unit induk {parent} tidak dikenal")
        if after.get("opd_id") != expected:
            return Problem("$.opd_id", "Perangkat Daerah unit harus sama dengan unit induknya")
    if not scope.city_wide:
        if after is not None and after.get("kind") == UnitKind.PEMKOT:
            return Problem("$.kind", "unit Pemerintah Kota hanya diubah oleh BKPP", forbidden=True)
        opds = [facts.unit_opd(record_id) if facts.unit_known(record_id) else None]
        opds += [v.get("opd_id") for v in (before, after) if v is not None]
        for opd in opds:
            if opd is not None and not scope.covers(opd):
                return Problem("$.opd_id", f"unit ini {_OUTSIDE}", forbidden=True)
        if before is None and after is not None and not scope.covers(after.get("opd_id")):
            return Problem("$.opd_id", f"unit ini {_OUTSIDE}", forbidden=True)
    return None
