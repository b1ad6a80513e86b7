"""Who may see and do what, derived from the server's master data only.

The rules here are the single source for roles and supervisor chains; :mod:`server.scope` builds
the pull scope and the evidence download rule from them.
"""

from __future__ import annotations

from collections.abc import Callable

from server.actor import Actor
from server.storage import EvidenceRow, Reader
from shared_models.kinds import Role

__all__ = [
    "MAX_CHAIN",
    "EvidenceRule",
    "decides_keberatan_of",
    "derive_roles",
    "opd_of",
    "supervisor_chain",
]

MAX_CHAIN = 16
"""Longest supervisor chain followed (the city has far fewer levels; guards against cycles)."""

EvidenceRule = Callable[[Reader, Actor, EvidenceRow], bool]
"""An extra reason an actor may download an evidence file (e.g. a visible record names it)."""


def derive_roles(reader: Reader, nip: str) -> tuple[frozenset[Role], frozenset[str], bool]:
    """(roles, administered OPDs, city-wide) of ``nip`` from master data and HR grants.

    pegawai: everyone; pejabat_penilai: supervises an active employee; atasan_pejabat_penilai:
    one of those subordinates supervises someone; admin_opd/admin_bkpp: granted by HR.
    """
    roles = {Role.PEGAWAI}
    subordinates = reader.subordinates(nip)
    if subordinates:
        roles.add(Role.PEJABAT_PENILAI)
        if any(reader.subordinates(s.nip) for s in subordinates):
            roles.add(Role.ATASAN_PEJABAT_PENILAI)
    admin_opds: set[str] = set()
    city_wide = False
    for grant in reader.admin_grants(nip):
        roles.add(grant.role)
        if grant.role is Role.PEMUTUS_KEBERATAN:
            continue  # decides keberatan only; administers nothing
        if grant.role is Role.ADMIN_BKPP or grant.opd_id is None:
            city_wide = True
        else:
            admin_opds.add(grant.opd_id)
    return frozenset(roles), frozenset(admin_opds), city_wide


def opd_of(reader: Reader, nip: str) -> str | None:
    """The Perangkat Daerah of the employee's unit (None when unknown or Pemkot)."""
    employee = reader.employee(nip)
    if employee is None:
        return None
    unit = reader.unit(employee.unit_id)
    return None if unit is None else unit.opd_id


def supervisor_chain(reader: Reader, nip: str, *, depth: int = MAX_CHAIN) -> list[str]:
    """The current supervisor, their supervisor, ... (nearest first, at most ``depth``)."""
    chain: list[str] = []
    current = reader.employee(nip)
    while current is not None and current.supervisor_nip and len(chain) < depth:
        if current.supervisor_nip in chain or current.supervisor_nip == nip:
            break
        chain.append(current.supervisor_nip)
        current = reader.employee(current.supervisor_nip)
    return chain


def decides_keberatan_of(reader: Reader, actor: Actor, owner: str) -> bool:
    """Whether ``actor`` decides ``owner``'s keberatan as the configured decider: the owner's
    pejabat penilai has no supervisor of their own (the Sekda), and the actor holds the
    ``pemutus_keberatan`` grant (never their own keberatan)."""
    if owner == actor.nip or Role.PEMUTUS_KEBERATAN not in actor.roles:
        return False
    employee = reader.employee(owner)
    if employee is None or not employee.supervisor_nip:
        return False
    rater = reader.employee(employee.supervisor_nip)
    return rater is not None and not rater.supervisor_nip and rater.nip != actor.nip
