"""How an actor stands to a record's owner, and which records a device may receive.

Computed from the server's master data only; nothing a device sends can widen it (I5).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.access import opd_of
from server.actor import Actor
from server.storage import Reader, RecordScope
from shared_models.kinds import RecordKind
from sync import Relation

__all__ = ["PUBLIC_KINDS", "pull_scope", "relation_to", "visible_owners"]

PUBLIC_KINDS = frozenset({RecordKind.UNIT, RecordKind.EMPLOYEE, RecordKind.PERIOD})
"""Master data every signed-in user receives."""

_CITY_KINDS = frozenset({RecordKind.PERIOD, RecordKind.ORG_PREDIKAT})


def _master_relation(
    reader: Reader, actor: Actor, kind: str, fields: Mapping[str, Any]
) -> Relation:
    """HR of the city writes all master data; HR of an OPD its own units and employees."""
    if actor.city_wide:
        return Relation.HR
    if not actor.admin_opds or kind in _CITY_KINDS:
        return Relation.NONE
    if kind == RecordKind.UNIT:
        opd = fields.get("opd_id")
    elif kind == RecordKind.EMPLOYEE:
        unit = reader.unit(str(fields.get("unit_id", "")))
        opd = None if unit is None else unit.opd_id
    else:
        opd = None
    return Relation.HR if isinstance(opd, str) and actor.is_hr_for(opd) else Relation.NONE


def relation_to(
    reader: Reader, actor: Actor, owner: str, *, kind: str = "", fields: Mapping[str, Any] = {}
) -> Relation:
    """OWNER, SUPERVISOR (owner's current supervisor), ATASAN (supervisor's supervisor), HR
    (administers the owner's OPD), else NONE. ``owner == ""`` is city master data, judged by
    ``kind`` and ``fields`` (the stored version's when there is one)."""
    if owner == "":
        return _master_relation(reader, actor, kind, fields)
    if owner == actor.nip:
        return Relation.OWNER
    employee = reader.employee(owner)
    if employee is not None and employee.supervisor_nip:
        if employee.supervisor_nip == actor.nip:
            return Relation.SUPERVISOR
        boss = reader.employee(employee.supervisor_nip)
        if boss is not None and boss.supervisor_nip == actor.nip:
            return Relation.ATASAN
    if actor.is_hr and actor.is_hr_for(opd_of(reader, owner)):
        return Relation.HR
    return Relation.NONE


def visible_owners(reader: Reader, actor: Actor) -> frozenset[str]:
    """The owners whose records the actor receives by name: self, subordinates and theirs."""
    owners = {actor.nip}
    for sub in reader.subordinates(actor.nip):
        owners.add(sub.nip)
        owners.update(s.nip for s in reader.subordinates(sub.nip))
    return frozenset(owners)


def pull_scope(reader: Reader, actor: Actor) -> RecordScope:
    """The filter of a pull: named owners, administered OPDs (or the city) and master data."""
    return RecordScope(
        everything=actor.city_wide,
        owners=visible_owners(reader, actor),
        opd_ids=actor.admin_opds,
        public_kinds=frozenset(str(k) for k in PUBLIC_KINDS),
    )
