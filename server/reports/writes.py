"""Server-side edits of master records: a new server-replica version, stored as a push stores it.

HR's edits (import, mutasi, periods, organisation predikat) are written exactly like an accepted
push: the record's version vector gets the server's bump, the edited fields get fresh field
clocks, the storage assigns a new ``seq`` (so every device in scope pulls it), and unit and employee
records update the master tables in the same transaction (so scopes change at once).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.errors import BadRequestError, ForbiddenError, ServerError
from server.record_codec import from_stored, to_stored
from server.rule_facts import StoredFacts, admin_scope
from server.storage import Employee, StoredRecord, Tombstone, Unit, Writer
from server.storage.rows import FactQuery
from shared_models.kinds import RecordKind
from shared_models.master_rules import employee_problem, unit_problem
from shared_models.record_rules import Problem
from shared_models.records import ContentError, validate_content
from sync import Record, hlc, local_edit, uuid7

__all__ = [
    "MasterRuleError",
    "delete_server_version",
    "find_record_id",
    "master_rule_error",
    "new_record_id",
    "write_hr_act",
    "write_server_version",
]


class MasterRuleError(BadRequestError):
    """A master-data write that breaks a rule of ``shared_models.master_rules``."""


class MasterRuleForbiddenError(ForbiddenError):
    """A master-data write outside the actor's administration."""


def master_rule_error(problem: Problem) -> ServerError:
    """The HTTP error of a broken master-data rule (403 for scope, 400 for a wrong value)."""
    message = problem.message[0].upper() + problem.message[1:] + "."
    if problem.forbidden:
        return MasterRuleForbiddenError(message, field=problem.field)
    return MasterRuleError(message, field=problem.field)


def new_record_id(now: float) -> str:
    """A fresh UUIDv7 for a record the server creates."""
    return uuid7(int(now * 1000), os.urandom(10))


def find_record_id(tx: Writer, kind: RecordKind, **where: str) -> str | None:
    """The id of the live record of ``kind`` whose fact matches (the newest when several)."""
    owner = where.pop("owner", None)
    found = tx.facts(
        FactQuery(
            kind=str(kind),
            owners=frozenset({owner}) if owner is not None else None,
            unit_ids=frozenset({where["unit_id"]}) if "unit_id" in where else None,
            period=where.get("period"),
            ref=where.get("ref"),
        )
    )
    return max((f.record_id for f in found), default=None)


def write_server_version(
    tx: Writer,
    *,
    kind: RecordKind,
    record_id: str,
    owner: str,
    patch: Mapping[str, Any],
    replica: str,
    now: float,
    field_prefix: str = "$",
) -> Record:
    """Validate and store the record after ``patch``; raises 400 naming the bad field."""
    row = tx.record(record_id)
    stored = None if row is None or row.deleted else from_stored(row)
    counter = (0 if row is None else from_stored(row).vv.get(replica, 0)) + 1
    last = 0 if row is None else row.hlc
    record, _ = local_edit(
        stored,
        None,
        kind=str(kind),
        id=record_id,
        owner=owner,
        patch=dict(patch),
        replica=replica,
        counter=counter,
        hlc=hlc.tick(last, int(now * 1000)),
    )
    try:
        validate_content(kind, record.fields)
    except ContentError as err:
        path = field_prefix + err.path[1:]
        raise BadRequestError(f"Isi tidak valid di {path}: {err.detail}", field=path) from err
    tx.put_record(to_stored(record))
    _project(tx, record)
    return record


def delete_server_version(tx: Writer, row: StoredRecord, *, replica: str, now: float) -> None:
    """Delete ``row`` as the server (a new server-replica version that is a tombstone, with its
    tombstone row): every device in scope drops the record at its next pull."""
    stored = from_stored(row)
    record, _ = local_edit(
        stored,
        None,
        kind=row.kind,
        id=row.id,
        owner=row.owner,
        patch={},
        replica=replica,
        counter=stored.vv.get(replica, 0) + 1,
        hlc=hlc.tick(row.hlc, int(now * 1000)),
        delete=True,
    )
    written = tx.put_record(to_stored(record))
    tx.add_tombstone(
        Tombstone(record_id=row.id, kind=row.kind, owner=row.owner, seq=written.seq, deleted_at=now)
    )


def write_hr_act(
    tx: Writer,
    actor: Actor,
    *,
    kind: RecordKind,
    record_id: str,
    patch: Mapping[str, Any],
    action: AuditAction,
    replica: str,
    now: float,
    owner: str = "",
    **detail: Any,
) -> Record:
    """One HR act on a master record (the city's, or ``owner``'s: a leave): its new server
    version and its audit entry (whom it is about, and the values before and after).

    Every HR path (import, mutasi, edit) comes through here, so the rules of
    ``shared_models.master_rules`` run on the stored state and the new state of every unit
    and employee record HR writes; a broken rule raises :func:`master_rule_error`'s error.
    """
    row = tx.record(record_id)
    before = None if row is None or row.deleted else from_stored(row).fields
    after = {**(before or {}), **patch}  # what the new version will hold (a patch on top)
    facts = StoredFacts(tx, now)
    problem = None
    if kind == RecordKind.EMPLOYEE:
        problem = employee_problem(admin_scope(actor), record_id, before, after, facts)
    elif kind == RecordKind.UNIT:
        problem = unit_problem(admin_scope(actor), record_id, before, after, facts)
    if problem is not None:
        raise master_rule_error(problem)  # nothing of this act is written
    record = write_server_version(
        tx, kind=kind, record_id=record_id, owner=owner, patch=patch, replica=replica, now=now
    )
    names = sorted(patch)
    record_audit(
        tx,
        ts=now,
        nip=actor.nip,
        action=action,
        device_id=actor.device_id,
        record_kind=str(kind),
        record_id=record.id,
        subject=owner
        or str(record.fields.get("nip") or record.fields.get("employee_nip") or "")
        or None,
        before={n: (before or {}).get(n) for n in names},
        after={n: record.fields.get(n) for n in names},
        **detail,
    )
    return record


def _project(tx: Writer, record: Record) -> None:
    f = record.fields
    if record.kind == RecordKind.UNIT:
        tx.put_unit(
            Unit(
                id=record.id,
                name=str(f["name"]),
                parent_id=f.get("parent_id"),
                opd_id=f.get("opd_id"),
                kind=str(f.get("kind", "")),
            )
        )
    elif record.kind == RecordKind.EMPLOYEE:
        tx.put_employee(
            Employee(
                nip=str(f["nip"]),
                name=str(f["name"]),
                unit_id=str(f["unit_id"]),
                supervisor_nip=f.get("supervisor_nip"),
                jabatan=str(f.get("jabatan_name", "")),
                kind=str(f.get("jabatan_kind", "")),
                active=bool(f.get("active", True)),
            )
        )
