"""The values the storage interface reads and writes: frozen msgspec Structs, no behaviour.

Record payloads (fields, version vector, field clocks) are opaque MessagePack blobs here; the sync
layer decides what they hold. Times are UNIX seconds (float, UTC).
"""

from __future__ import annotations

from typing import Any

import msgspec

from shared_models.kinds import Role

__all__ = [
    "Account",
    "AdminGrant",
    "AuditBrowse",
    "AuditEntry",
    "ConflictRow",
    "Device",
    "Employee",
    "EvidenceRow",
    "Fact",
    "FactGroup",
    "FactQuery",
    "RecordScope",
    "StoredRecord",
    "Tombstone",
    "Unit",
]


class Unit(msgspec.Struct, frozen=True, kw_only=True):
    """An organisational unit: Pemkot, Perangkat Daerah (OPD), Bidang, Seksi, UPTD ..."""

    id: str
    name: str
    parent_id: str | None = None
    opd_id: str | None = None
    """The Perangkat Daerah this unit belongs to (its own id for an OPD; None for Pemkot)."""
    kind: str = ""


class Employee(msgspec.Struct, frozen=True, kw_only=True):
    """An ASN as the master data knows them; the supervisor link changes on mutasi."""

    nip: str
    name: str
    unit_id: str
    supervisor_nip: str | None = None
    jabatan: str = ""
    kind: str = ""
    """Jabatan kind (jpt_pratama, administrator, pengawas, fungsional, pelaksana ...)."""
    active: bool = True


class Account(msgspec.Struct, frozen=True, kw_only=True):
    """Login credentials of one employee: an argon2id hash, never the password."""

    nip: str
    password_hash: str
    must_change: bool = False
    """The password was set for the person (seeded with a flag, created, reset by an admin):
    until they change it, their devices may only change it (403 ``password_change_required``)."""
    temporary_until: float | None = None
    """A temporary password from an admin reset works until then (None: not temporary)."""
    changed_at: float | None = None
    """When the password was last set (None: before migration 0010)."""


class AdminGrant(msgspec.Struct, frozen=True, kw_only=True):
    """An administrative role granted by HR: admin_opd of one OPD, or admin_bkpp (whole city)."""

    nip: str
    role: Role
    opd_id: str | None = None
    """The OPD administered; None means the whole city."""


class Device(msgspec.Struct, frozen=True, kw_only=True):
    """A registered device: a sync replica with one bearer token (only its sha256 is kept)."""

    id: str
    nip: str
    token_hash: str
    created: float
    last_seen: float
    expires: float
    revoked: bool = False
    revoked_at: float | None = None
    name: str = ""
    pull_cursor: int = 0
    """The highest seq this device has acknowledged pulling (for the tombstone horizon)."""
    retained_at_start: int = 0
    """The tombstone low-water mark when this device last pulled from cursor 0: tombstones
    collected before that start cannot concern it (see :func:`sync.needs_reset`)."""


class StoredRecord(msgspec.Struct, frozen=True, kw_only=True):
    """The server's current version of one syncable record."""

    id: str
    kind: str
    owner: str
    fields: bytes
    vv: bytes
    hlc: int
    field_clocks: bytes
    author: str
    deleted: bool = False
    seq: int = 0
    """Commit-ordered change number; assigned by the storage on every write."""


class ConflictRow(msgspec.Struct, frozen=True, kw_only=True):
    """A losing value kept for a person to see and resolve (invariant I2).

    ``id`` is deterministic (``sync.conflict_id``), so a replayed push stores it only once;
    ``detail`` is the conflict as the sync layer encodes it.
    """

    id: str
    record_id: str
    kind: str
    owner: str
    created: float
    detail: bytes
    resolved: bool = False


class Tombstone(msgspec.Struct, frozen=True, kw_only=True):
    """A deletion remembered until every active device has pulled past it."""

    record_id: str
    kind: str
    owner: str
    seq: int
    deleted_at: float


class EvidenceRow(msgspec.Struct, frozen=True, kw_only=True):
    """An evidence file (bukti dukung), content-addressed by sha256, possibly still uploading."""

    sha256: str
    size: int
    """The size announced by the uploader (bytes)."""
    mime: str
    path: str
    """Where the bytes are, relative to the data folder."""
    received: int
    complete: bool
    owner: str
    created: float
    completed: float | None = None


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """Who did what, from which device, when."""

    ts: float
    nip: str
    action: str
    device_id: str | None = None
    record_kind: str | None = None
    record_id: str | None = None
    detail: dict[str, Any] = msgspec.field(default_factory=dict)
    id: int = 0
    subject: str | None = None
    """The employee (NIP) the act is about; taken from ``detail`` (``owner``, ``device_owner``,
    ``employee``) when not given."""


class AuditBrowse(msgspec.Struct, frozen=True, kw_only=True):
    """A page of the audit log, newest first, and where the next older page begins (``None``:
    this is the oldest). Entries written together share an id, so a page ends on a whole
    write and may hold more or fewer entries than the rows it read."""

    entries: list[AuditEntry]
    next_before_id: int | None = None


class RecordScope(msgspec.Struct, frozen=True, kw_only=True):
    """Which records a reader may receive: a filter the storage turns into its own query."""

    everything: bool = False
    owners: frozenset[str] = frozenset()
    opd_ids: frozenset[str] = frozenset()
    """Records owned by employees of units of these OPDs."""
    public_kinds: frozenset[str] = frozenset()
    """Kinds everyone receives whatever the owner (master data)."""
    owner_kinds: frozenset[tuple[str, str]] = frozenset()
    """(owner, kind) pairs received beyond the named owners: an employee's supervisor's SKP
    (what the employee's RHK cascade from)."""


class Fact(msgspec.Struct, frozen=True, kw_only=True):
    """The reportable columns of one live record, kept by the storage in the record's own write
    transaction (see :mod:`server.storage.facts`). ``unit_id``/``opd_id`` are the owner's current
    unit and OPD (updated on mutasi)."""

    record_id: str
    kind: str
    owner: str
    """The employee the record is about ("" for city master data)."""
    unit_id: str | None = None
    opd_id: str | None = None
    day: str | None = None
    """ISO date of a progress log."""
    period: str | None = None
    """Period code (SKP: the year)."""
    status: str | None = None
    predikat: str | None = None
    value: float | None = None
    ref: str | None = None
    """Kind-specific key: a log's indicator id, a unit's code, an employee's NIP."""


class FactQuery(msgspec.Struct, frozen=True, kw_only=True):
    """A filter over facts of one kind; ``None`` means any. Days are ISO dates, both ends in."""

    kind: str
    opd_id: str | None = None
    unit_ids: frozenset[str] | None = None
    owners: frozenset[str] | None = None
    period: str | None = None
    day_from: str | None = None
    day_to: str | None = None
    status: str | None = None
    ref: str | None = None


class FactGroup(msgspec.Struct, frozen=True, kw_only=True):
    """One group of :meth:`Reader.group_facts`: the grouping values, a count and a sum."""

    keys: tuple[str | None, ...]
    count: int
    owners: int
    """Distinct owners in the group."""
    value: float
