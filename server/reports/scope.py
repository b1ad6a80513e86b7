"""Who may see which part of the city in HR reports, and the unit tree those reports walk.

BKPP (``admin_bkpp``) sees the whole city; an ``admin_opd`` sees only the OPDs granted; anyone
else is refused with 403. Everything is computed from the server's master data.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.actor import Actor
from server.errors import ForbiddenError, NotFoundError
from server.storage import Reader, Unit

__all__ = ["OrgTree", "require_hr", "require_hr_for"]

_NOT_HR = "Menu ini hanya untuk admin kepegawaian (admin OPD atau BKPP)."


def require_hr(actor: Actor) -> None:
    """403 unless the actor is admin_opd or admin_bkpp."""
    if not actor.is_hr:
        raise ForbiddenError(_NOT_HR)


def require_hr_for(actor: Actor, opd_id: str | None, *, what: str = "data ini") -> None:
    """403 unless the actor administers ``opd_id`` (BKPP administers every OPD)."""
    require_hr(actor)
    if not actor.is_hr_for(opd_id):
        raise ForbiddenError(
            f"Anda hanya dapat mengelola {what} di OPD yang Anda kelola; "
            "unit ini berada di luar OPD Anda."
        )


@dataclass(frozen=True, slots=True)
class OrgTree:
    """The units of the city, indexed for reports."""

    units: dict[str, Unit]
    children: dict[str, list[str]]

    @classmethod
    def load(cls, reader: Reader) -> OrgTree:
        units = {u.id: u for u in reader.units()}
        children: dict[str, list[str]] = {}
        for unit in units.values():
            if unit.parent_id is not None:
                children.setdefault(unit.parent_id, []).append(unit.id)
        return cls(units=units, children=children)

    def unit(self, unit_id: str, *, field: str = "unit_id") -> Unit:
        """The unit, or 404 naming the parameter."""
        unit = self.units.get(unit_id)
        if unit is None:
            raise NotFoundError(f"Unit {unit_id} tidak ditemukan.", field=field)
        return unit

    def opds(self, actor: Actor) -> list[Unit]:
        """The OPDs the actor may see, by name."""
        found = [u for u in self.units.values() if u.opd_id == u.id and actor.is_hr_for(u.id)]
        return sorted(found, key=lambda u: u.name)

    def units_of_opd(self, opd_id: str) -> list[Unit]:
        """Every unit of an OPD (the OPD itself first, then by name)."""
        found = [u for u in self.units.values() if u.opd_id == opd_id]
        return sorted(found, key=lambda u: (u.id != opd_id, u.name))

    def subtree(self, unit_id: str) -> frozenset[str]:
        """The unit and every unit below it; an OPD's subtree is all its units."""
        unit = self.units.get(unit_id)
        if unit is not None and unit.opd_id == unit.id:
            return frozenset(u.id for u in self.units_of_opd(unit.id))
        found = {unit_id}
        stack = [unit_id]
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return frozenset(found)
