"""Who decides the keberatan against ratings given by a pejabat penilai with no supervisor (the
Sekda rating Kepala OPD and Camat): the Pejabat Pembina Kepegawaian (the Wali Kota) or the
official BKPP names in that role (PP 30/2019 Pasal 59; docs/domain-rules.md "Keberatan"). The
role is a grant, set by BKPP alone, audited; at most one person holds it."""

from __future__ import annotations

from typing import Any

import msgspec

from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import BadRequestError, ForbiddenError
from server.storage import Storage
from server.storage.rows import AdminGrant
from shared_models.kinds import Role

__all__ = ["DeciderRequest", "objection_decider", "set_objection_decider"]

_ROLE = Role.PEMUTUS_KEBERATAN


class DeciderRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    nip: str | None
    """The decider's NIP; null: nobody (those keberatan then wait for one)."""


def objection_decider(storage: Storage) -> dict[str, Any]:
    """The current decider (``nip`` null when none is set)."""
    with storage.read() as reader:
        holders = reader.grant_holders(_ROLE)
        employee = reader.employee(holders[0]) if holders else None
    return {"nip": holders[0] if holders else None, "name": employee.name if employee else None}


def set_objection_decider(
    storage: Storage, actor: Actor, request: DeciderRequest, *, now: float
) -> dict[str, Any]:
    """Name the decider (BKPP only): the grant moves from whoever held it."""
    if not actor.city_wide:
        raise ForbiddenError("Pemutus keberatan ditetapkan oleh BKPP.", field="$.nip")
    with storage.write() as tx:
        if request.nip is not None:
            employee = tx.employee(request.nip)
            if employee is None or not employee.active:
                raise BadRequestError(
                    f"NIP {request.nip} tidak dikenal atau tidak aktif.", field="$.nip"
                )
        before = tx.grant_holders(_ROLE)
        for holder in before:
            kept = [g for g in tx.admin_grants(holder) if g.role is not _ROLE]
            tx.set_admin_grants(holder, kept)
        if request.nip is not None:
            grants = [g for g in tx.admin_grants(request.nip) if g.role is not _ROLE]
            tx.set_admin_grants(
                request.nip, [*grants, AdminGrant(nip=request.nip, role=_ROLE, opd_id=None)]
            )
        record_audit(
            tx,
            ts=now,
            nip=actor.nip,
            action=AuditAction.OBJECTION_DECIDER_SET,
            device_id=actor.device_id,
            subject=request.nip,
            before={"nip": before[0] if before else None},
            after={"nip": request.nip},
        )
    return objection_decider(storage)
