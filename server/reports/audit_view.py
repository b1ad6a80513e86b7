"""HR's views of the audit log and of devices, scoped like every report."""

from __future__ import annotations

from typing import Any

from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import BadRequestError, ForbiddenError
from server.messages import iso
from server.reports.scope import OrgTree, require_hr, require_hr_for
from server.storage import Storage
from shared_models.wire import AuditEntry, AuditPage, DeviceList, DeviceRow

__all__ = ["audit_page", "device_list", "log_act"]

MAX_PAGE = 200


def log_act(storage: Storage, actor: Actor, action: AuditAction, now: float, **detail: Any) -> None:
    """Audit a read-only HR act (an export, a printed document)."""
    with storage.write() as tx:
        record_audit(tx, ts=now, nip=actor.nip, action=action, device_id=actor.device_id, **detail)


def audit_page(
    storage: Storage,
    actor: Actor,
    *,
    nip: str | None = None,
    subject: str | None = None,
    record_id: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> AuditPage:
    """One page of audit entries, newest first. An admin_opd sees entries by or about people
    of their OPD and must name a filter inside it."""
    require_hr(actor)
    if not 1 <= limit <= MAX_PAGE:
        raise BadRequestError(f"limit harus 1 sampai {MAX_PAGE}.", field="limit")
    with storage.read() as reader:
        opd: str | None = None
        if not actor.city_wide:
            if len(actor.admin_opds) != 1 and not (nip or subject or record_id):
                raise BadRequestError(
                    "Sebutkan nip, subject atau record_id untuk menelusuri log audit.", field="nip"
                )
            for who in (nip, subject):
                if who is not None:
                    employee = reader.employee(who)
                    unit = reader.unit(employee.unit_id) if employee else None
                    require_hr_for(actor, unit.opd_id if unit else None, what="log audit")
            if record_id is not None:
                row = reader.record(record_id)
                owner = reader.employee(row.owner) if row and row.owner else None
                unit = reader.unit(owner.unit_id) if owner else None
                if unit is None or not actor.is_hr_for(unit.opd_id):
                    raise ForbiddenError("Catatan ini berada di luar OPD yang Anda kelola.")
            if nip is None and subject is None and record_id is None:
                opd = next(iter(actor.admin_opds))
        page = reader.browse_audit(
            nip=nip,
            subject=subject,
            record_id=record_id,
            opd_id=opd,
            before_id=before_id,
            limit=limit,
        )
    items = [
        AuditEntry(
            id=e.id,
            at=iso(e.ts),
            nip=e.nip,
            device_id=e.device_id,
            action=e.action,
            record_kind=e.record_kind,
            record_id=e.record_id,
            subject=e.subject,
            detail=e.detail,
        )
        for e in page.entries
    ]
    return AuditPage(entries=items, next_before_id=page.next_before_id)


def device_list(storage: Storage, actor: Actor, *, opd_id: str | None, now: float) -> DeviceList:
    """Devices of the OPD (or of every OPD in scope) with their last contact."""
    require_hr(actor)
    with storage.read() as reader:
        tree = OrgTree.load(reader)
        if opd_id is not None:
            require_hr_for(actor, tree.unit(opd_id, field="opd_id").opd_id, what="perangkat")
            allowed = {opd_id}
        else:
            allowed = {u.id for u in tree.opds(actor)}
        unit_ids = [u.id for u in tree.units.values() if u.opd_id in allowed]
        people = {e.nip: e for e in reader.employees_in(unit_ids)}
        devices = [d for d in reader.all_devices() if d.nip in people]
    rows: list[DeviceRow] = []
    for d in sorted(devices, key=lambda d: d.last_seen):
        e = people[d.nip]
        unit = tree.units.get(e.unit_id)
        rows.append(
            DeviceRow(
                id=d.id,
                nip=d.nip,
                name=e.name,
                device_name=d.name,
                unit_id=e.unit_id,
                unit_name=unit.name if unit else "",
                opd_id=unit.opd_id if unit else None,
                created_at=iso(d.created),
                last_seen_at=iso(d.last_seen),
                days_since_contact=int((now - d.last_seen) // 86400),
                revoked=d.revoked,
            )
        )
    return DeviceList(devices=rows)
