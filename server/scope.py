"""How an actor stands to a record's owner, and which records a device may receive.

Computed from the server's master data only; nothing a device sends can widen it (I5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from server.access import EvidenceRule, decides_keberatan_of, opd_of
from server.actor import Actor
from server.storage import EvidenceRow, Reader, RecordScope
from shared_models.kinds import RecordKind, Role
from sync import Relation

__all__ = [
    "PUBLIC_KINDS",
    "may_read_evidence",
    "may_see_owner",
    "pull_scope",
    "relation_to",
    "scope_admits",
    "supervisor_kinds",
    "visible_owners",
]

PUBLIC_KINDS = frozenset(
    {RecordKind.UNIT, RecordKind.EMPLOYEE, RecordKind.PERIOD, RecordKind.ORG_PREDIKAT}
)
"""Master data every signed-in user receives (the organisation predikat too: a supervisor's
spread check reads its unit's from the device, offline)."""

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
        if decides_keberatan_of(reader, actor, owner):
            # the Sekda's ratings: the configured decider stands as the Atasan
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


_DECIDER_KINDS = (str(RecordKind.OBJECTION), str(RecordKind.APPRAISAL))


def supervisor_kinds(reader: Reader, actor: Actor) -> frozenset[tuple[str, str]]:
    """The records of other owners the actor receives by kind: the current supervisor's SKP,
    so that the actor's RHK can cascade from (intervene) the supervisor's RHK, offline; and for
    the configured keberatan decider, the keberatan and appraisals of those rated by a pejabat
    penilai with no supervisor (the Sekda's direct reports)."""
    pairs: set[tuple[str, str]] = set()
    me = reader.employee(actor.nip)
    if me is not None and me.supervisor_nip:
        pairs.add((me.supervisor_nip, str(RecordKind.SKP)))
    if Role.PEMUTUS_KEBERATAN in actor.roles:
        for rater in reader.top_raters():
            for rated in reader.subordinates(rater.nip):
                if rated.nip != actor.nip:
                    pairs.update((rated.nip, kind) for kind in _DECIDER_KINDS)
    return frozenset(pairs)


def pull_scope(reader: Reader, actor: Actor) -> RecordScope:
    """The filter of a pull: named owners, administered OPDs (or the city), master data, and
    the supervisor's SKP."""
    return RecordScope(
        everything=actor.city_wide,
        owners=visible_owners(reader, actor),
        opd_ids=actor.admin_opds,
        public_kinds=frozenset(str(k) for k in PUBLIC_KINDS),
        owner_kinds=supervisor_kinds(reader, actor),
    )


def scope_admits(reader: Reader, scope: RecordScope, owner: str, kind: str) -> bool:
    """Whether a record of ``owner`` and ``kind`` lies in ``scope``: in Python, the filter that
    :meth:`Reader.records_after` applies in SQL (a pull's records asked for by id)."""
    if scope.everything or kind in scope.public_kinds or owner in scope.owners:
        return True
    if (owner, kind) in scope.owner_kinds:
        return True
    return bool(scope.opd_ids) and opd_of(reader, owner) in scope.opd_ids


def may_see_owner(reader: Reader, actor: Actor, owner: str) -> bool:
    """Whether a pull of ``actor`` admits the records of ``owner`` (the :func:`pull_scope`
    test for one owner: the city, a named owner, or an employee of an administered OPD)."""
    if actor.city_wide or owner == actor.nip:
        return True
    if owner in visible_owners(reader, actor):
        return True
    return bool(actor.admin_opds) and opd_of(reader, owner) in actor.admin_opds


def may_read_evidence(
    reader: Reader, actor: Actor, row: EvidenceRow, rules: Sequence[EvidenceRule] = ()
) -> bool:
    """A holder of the file, anyone who may see a holder's live record naming it, or any extra
    rule.

    Holders are those who proved having the bytes: the uploader, and anyone who later sent the
    same bytes whole (the server keeps one copy; ``Reader.evidence_holders``). "May see" is the
    pull scope: the same owners a pull of ``actor`` would deliver records of. A holder keeps
    access before the record naming the file is synced. Only a holder's record counts: naming a
    hash in one's own record proves nothing about having the file, so it opens it to nobody.
    """
    if row.owner == actor.nip:
        return True
    holders = reader.evidence_holders(row.sha256)
    if actor.nip in holders:
        return True
    naming = set(reader.evidence_owners(row.sha256))
    if any(h in naming and may_see_owner(reader, actor, h) for h in holders):
        return True
    return any(rule(reader, actor, row) for rule in rules)
