"""Write a dataset (the demo data, or a hand-built one in tests) into the server's storage.

Master data goes into the master tables and, as server-replica versions, into the records that
devices pull; accounts get argon2id hashes (each distinct password hashed once, so a whole city
seeds in seconds); HR grants become administrative roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import msgspec

from server.audit import AuditAction, record_audit
from server.record_codec import to_stored
from server.security import Passwords
from server.storage import Account, AdminGrant, Employee, Storage, Unit, Writer
from shared_models.kinds import RecordKind, Role
from sync import Record, hlc

__all__ = ["SeedSummary", "seed_dataset"]


class _RecordLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...


class _AccountLike(Protocol):
    @property
    def nip(self) -> str: ...
    @property
    def password(self) -> str: ...


class _GrantLike(Protocol):
    @property
    def nip(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def unit_id(self) -> str: ...


class Dataset(Protocol):
    """The shape of ``shared_models.demo.DemoDataset`` that seeding relies on."""

    @property
    def units(self) -> Sequence[_RecordLike]: ...
    @property
    def employees(self) -> Sequence[_RecordLike]: ...
    @property
    def accounts(self) -> Sequence[_AccountLike]: ...
    @property
    def grants(self) -> Sequence[_GrantLike]: ...
    @property
    def records(self) -> Sequence[_RecordLike]: ...


class SeedSummary(msgspec.Struct, frozen=True, kw_only=True):
    """What was written."""

    units: int
    employees: int
    accounts: int
    grants: int
    records: int
    last_seq: int


def _server_version(item: _RecordLike, replica: str, stamp: int) -> Record:
    fields = dict(item.fields)
    return Record(
        kind=str(item.kind),
        id=item.id,
        owner=item.owner,
        fields=fields,
        vv={replica: 1},
        hlc=stamp,
        author=replica,
        field_clocks=dict.fromkeys(fields, (stamp, replica, 1)),
    )


def _unit(item: _RecordLike) -> Unit:
    f = item.fields
    return Unit(
        id=item.id,
        name=str(f.get("name", "")),
        parent_id=f.get("parent_id"),
        opd_id=f.get("opd_id"),
        kind=str(f.get("kind", "")),
    )


def _employee(item: _RecordLike) -> Employee:
    f = item.fields
    return Employee(
        nip=str(f["nip"]),
        name=str(f.get("name", "")),
        unit_id=str(f["unit_id"]),
        supervisor_nip=f.get("supervisor_nip"),
        jabatan=str(f.get("jabatan_name", "")),
        kind=str(f.get("jabatan_kind", "")),
        active=bool(f.get("active", True)),
    )


def _grants(tx: Writer, grants: Iterable[_GrantLike]) -> dict[str, list[AdminGrant]]:
    by_nip: dict[str, list[AdminGrant]] = {}
    for grant in grants:
        role = Role(grant.role)
        if role in (Role.ADMIN_BKPP, Role.PEMUTUS_KEBERATAN):
            opd_id = None
        else:
            unit = tx.unit(grant.unit_id)
            opd_id = unit.opd_id if unit is not None and unit.opd_id else grant.unit_id
        by_nip.setdefault(grant.nip, []).append(AdminGrant(nip=grant.nip, role=role, opd_id=opd_id))
    return by_nip


def seed_dataset(
    storage: Storage,
    dataset: Dataset,
    *,
    passwords: Passwords,
    server_replica: str,
    now: float,
    must_change: bool = False,
) -> SeedSummary:
    """Write ``dataset`` in one transaction (all or nothing).

    ``must_change`` flags every account so that its first login must change the password (the
    demo leaves it off: its shared password is documented, and refused as a new password)."""
    stamp = hlc.pack(int(now * 1000))
    hashes: dict[str, str] = {}
    with storage.write() as tx:
        for item in dataset.units:
            tx.put_unit(_unit(item))
            tx.put_record(to_stored(_server_version(item, server_replica, stamp)))
        for item in dataset.employees:
            tx.put_employee(_employee(item))
            tx.put_record(to_stored(_server_version(item, server_replica, stamp)))
        for account in dataset.accounts:
            if account.password not in hashes:
                hashes[account.password] = passwords.hash(account.password)
            tx.put_account(
                Account(
                    nip=account.nip,
                    password_hash=hashes[account.password],
                    must_change=must_change,
                    changed_at=now,
                )
            )
        grants = _grants(tx, dataset.grants)
        for nip, granted in grants.items():
            tx.set_admin_grants(nip, granted)
        kinds = {str(k) for k in RecordKind}
        for item in dataset.records:
            if str(item.kind) not in kinds:
                raise ValueError(f"record {item.id}: unknown kind {item.kind!r}")
            tx.put_record(to_stored(_server_version(item, server_replica, stamp)))
        summary = SeedSummary(
            units=len(dataset.units),
            employees=len(dataset.employees),
            accounts=len(dataset.accounts),
            grants=sum(len(g) for g in grants.values()),
            records=len(dataset.records),
            last_seq=tx.last_seq(),
        )
        record_audit(
            tx,
            ts=now,
            nip="system",
            action=AuditAction.SEEDED,
            units=summary.units,
            employees=summary.employees,
            records=summary.records,
        )
    return summary
