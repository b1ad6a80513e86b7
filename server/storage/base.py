"""The one storage interface of the server.

The interface comes in parts (master data, devices, records, tombstones, evidence, audit,
reports, shared state), a reader and a writer protocol each, small enough to implement twice;
:class:`Reader` and :class:`Writer` are all of them. A storage hands out two kinds of session:
:meth:`Storage.read` (a consistent snapshot, any thread, many at once) and
:meth:`Storage.write` (one transaction, committed when the ``with`` block ends normally, rolled
back when it raises; writers run one at a time). A writer can read what it has written. The
implementations are :mod:`server.storage.sqlite` and :mod:`server.storage.postgres` (one SQL
text, a mixin per part: ``server/storage/sql_*.py``); both pass the contract tests
(``tests/unit/server/test_storage_contract.py``).

Record sequence numbers (``seq``) are commit-ordered: a reader that has seen seq N will never
later see a new change with seq <= N (docs/sync.md, "Commit order of seq").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from server.storage.rows import (
    Account,
    AdminGrant,
    AuditBrowse,
    AuditEntry,
    ConflictRow,
    Device,
    Employee,
    EvidenceRow,
    Fact,
    FactGroup,
    FactQuery,
    RecordScope,
    StoredRecord,
    Tombstone,
    Unit,
)
from shared_models.kinds import Role

__all__ = [
    "AuditReader",
    "AuditWriter",
    "DeviceReader",
    "DeviceWriter",
    "EvidenceReader",
    "EvidenceWriter",
    "MasterReader",
    "MasterWriter",
    "Reader",
    "RecordReader",
    "RecordWriter",
    "ReportReader",
    "ReportWriter",
    "StateReader",
    "StateWriter",
    "Storage",
    "TombstoneReader",
    "TombstoneWriter",
    "Writer",
]


class MasterReader(Protocol):
    """Master data: units and employees."""

    def unit(self, unit_id: str) -> Unit | None: ...
    def units(self) -> list[Unit]: ...
    def employee(self, nip: str) -> Employee | None: ...
    def subordinates(self, nip: str) -> list[Employee]:
        """Active employees whose current supervisor is ``nip``."""
        ...

    def top_raters(self) -> list[Employee]:
        """Active employees with no supervisor who rate someone (the Sekda)."""
        ...

    def employee_count(self) -> int: ...

    def employee_units(self, unit_ids: Collection[str] | None = None) -> list[tuple[str, str]]:
        """(NIP, unit id) of every active employee of these units (None: the whole city)."""
        ...

    def employees_in(self, unit_ids: Collection[str] | None = None) -> list[Employee]:
        """Employees (active or not) of these units (None: the whole city), ordered by NIP."""
        ...


class MasterWriter(MasterReader, Protocol):
    """Changes of master data, inside :meth:`Storage.write`."""

    def put_unit(self, unit: Unit) -> None: ...
    def put_employee(self, employee: Employee) -> None: ...


class DeviceReader(Protocol):
    """Accounts, administrative grants, devices and what each device was last sent."""

    def account(self, nip: str) -> Account | None: ...
    def admin_grants(self, nip: str) -> list[AdminGrant]: ...
    def grant_holders(self, role: Role) -> list[str]:
        """NIPs holding a grant of ``role``."""
        ...

    def device(self, device_id: str) -> Device | None: ...
    def device_by_token(self, token_hash: str) -> Device | None: ...
    def devices_of(self, nip: str) -> list[Device]: ...
    def device_key(self, device_id: str) -> str | None:
        """The sha256 of the key that proves a login comes from this install (None: none yet)."""
        ...

    def scope_sent(self, device_id: str) -> tuple[frozenset[str], int, int] | None:
        """The scope an answer sent and the device has not yet shown it applied: the owners
        (as :meth:`visible_owners`), the cursor that answer was for and the one it gave (None:
        no such answer)."""
        ...

    def visible_owners(self, device_id: str) -> frozenset[str]:
        """The owners whose records this device received at its last pull."""
        ...

    def all_devices(self) -> list[Device]:
        """Every registered device (HR's device list), ordered by owner and creation."""
        ...

    def pull_horizon(self, active_since: float) -> int | None:
        """The lowest pull cursor of the devices seen since ``active_since`` and not revoked
        (``None`` when there are none): every active device has pulled up to it."""
        ...


class DeviceWriter(DeviceReader, Protocol):
    """Changes of device data, inside :meth:`Storage.write`."""

    def put_account(self, account: Account) -> None: ...
    def set_admin_grants(self, nip: str, grants: Iterable[AdminGrant]) -> None:
        """Replace every administrative grant of ``nip``."""
        ...

    def add_device(
        self, *, nip: str, token_hash: str, now: float, expires: float, name: str = ""
    ) -> Device:
        """Register a device; its id is minted here and never reused."""
        ...

    def set_device_token(self, device_id: str, *, token_hash: str, expires: float) -> None: ...
    def set_device_key(self, device_id: str, key_hash: str) -> None: ...
    def touch_device(self, device_id: str, now: float) -> None: ...
    def revoke_device(self, device_id: str, now: float) -> None: ...
    def set_pull_cursor(self, device_id: str, seq: int) -> None: ...
    def set_visible_owners(self, device_id: str, owners: Collection[str]) -> None: ...
    def set_scope_sent(
        self, device_id: str, owners: Collection[str] | None, sent_from: int, sent_to: int
    ) -> None:
        """Remember the scope an answer for cursor ``sent_from`` (next cursor ``sent_to``) sent,
        until the device shows it applied it (None: forget it)."""
        ...

    def set_retained_at_start(self, device_id: str, low_water: int) -> None: ...


class RecordReader(Protocol):
    """The commit-ordered log of records, their conflicts, push batches (exactly-once answers),
    final stamps and the server's clock."""

    def record(self, record_id: str) -> StoredRecord | None: ...
    def records_by_id(self, record_ids: Collection[str]) -> dict[str, StoredRecord]:
        """The stored records among ``record_ids`` (one query; missing ids are absent)."""
        ...

    def records_after(self, cursor: int, scope: RecordScope, limit: int) -> list[StoredRecord]:
        """Records with ``seq > cursor`` the scope admits, in seq order, at most ``limit``."""
        ...

    def records_of_owners(
        self, owners: Collection[str], *, max_seq: int, limit: int, kind: str | None = None
    ) -> list[StoredRecord]:
        """Records of these owners (of ``kind`` only, when given) with ``seq <= max_seq`` (a
        backfill), in seq order."""
        ...

    def record_ids_of_owners(self, owners: Collection[str], kind: str | None = None) -> list[str]:
        """Ids of every record of these owners, of ``kind`` only when given (removal notices
        when access is lost)."""
        ...

    def last_seq(self) -> int:
        """The highest seq written so far (0 for an empty store)."""
        ...

    def server_hlc(self) -> int:
        """The newest hybrid logical clock value the server gave (0: none yet)."""
        ...

    def epoch(self) -> int:
        """Which life of the database: 1 from its creation, one more after each restore from a
        backup (devices then send their copies again: :mod:`sync.restore`)."""
        ...

    def conflicts_of(self, record_id: str) -> list[ConflictRow]: ...
    def batch_result(self, device_id: str, batch_seq: int) -> bytes | None:
        """The stored answer to an earlier push batch, for exactly-once replies."""
        ...

    def last_batch_seq(self, device_id: str) -> int:
        """The highest batch sequence processed for this device (0 for none)."""
        ...

    def final_stamp(self, record_id: str) -> float | None:
        """When the server first stored ``record_id`` as final (an appraisal's receipt)."""
        ...


class RecordWriter(RecordReader, Protocol):
    """Changes of record data, inside :meth:`Storage.write`."""

    def put_record(self, record: StoredRecord) -> StoredRecord:
        """Insert or replace a record; returns it with its newly assigned ``seq``."""
        ...

    def put_records(self, records: Sequence[StoredRecord]) -> list[StoredRecord]:
        """:meth:`put_record` for many records at once, in order: they get a contiguous range
        of new ``seq`` (one counter update); returned with their seq."""
        ...

    def add_conflict(self, conflict: ConflictRow) -> bool:
        """Store a conflict; False when one with the same id is already stored."""
        ...

    def add_conflicts(self, conflicts: Sequence[ConflictRow]) -> None:
        """:meth:`add_conflict` for many (ids already stored are left as they are)."""
        ...

    def put_batch_result(self, device_id: str, batch_seq: int, result: bytes) -> None:
        """Remember a batch's answer; only the most recent few per device are kept."""
        ...

    def stamp_final(self, record_id: str, at: float) -> None:
        """Record ``at`` as when ``record_id`` became final (kept when already stamped)."""
        ...

    def set_server_hlc(self, value: int) -> None:
        """Remember the newest clock value the server gave (every process reads it back)."""
        ...

    def new_epoch(self) -> int:
        """Begin the database's next life (after a restore); return its number."""
        ...


class TombstoneReader(Protocol):
    """Tombstones of deleted records and their collection."""

    def tombstones_before(self, seq: int) -> list[Tombstone]: ...
    def tombstone_low_water(self) -> int:
        """The newest collected tombstone's seq plus one (0 when none was ever collected): a
        device whose cursor is below it may have missed a delete."""
        ...


class TombstoneWriter(TombstoneReader, Protocol):
    """Changes of tombstone data, inside :meth:`Storage.write`."""

    def add_tombstone(self, tombstone: Tombstone) -> None: ...
    def add_tombstones(self, tombstones: Sequence[Tombstone]) -> None: ...
    def drop_tombstones(self, record_ids: Collection[str]) -> None: ...
    def collect_tombstones(self, up_to_seq: int) -> int:
        """Forget deleted records (their rows and tombstones) with ``seq <= up_to_seq`` and
        raise the low-water mark past them; returns how many were collected."""
        ...


class EvidenceReader(Protocol):
    """Evidence files, who holds them, which records name them, proofs in progress."""

    def evidence(self, sha256: str) -> EvidenceRow | None: ...
    def evidence_holders(self, sha256: str) -> list[str]:
        """Who proved holding this file's bytes: its uploader, and anyone who later sent the
        same bytes whole (the server keeps one copy)."""
        ...

    def evidence_owners(self, sha256: str) -> list[str]:
        """Owners of the live records whose content names this file (``evidence_refs``)."""
        ...

    def evidence_claims(self, sha256s: Collection[str]) -> list[tuple[str, str, str]]:
        """``(sha256, record id, owner)`` of every live record whose content names one of
        these files (``evidence_refs``), by sha256, owner and record id."""
        ...

    def evidence_proof(self, sha256: str, nip: str) -> int:
        """Bytes of a stored file ``nip`` has proven holding so far (0: none)."""
        ...


class EvidenceWriter(EvidenceReader, Protocol):
    """Changes of evidence data, inside :meth:`Storage.write`."""

    def put_evidence(self, evidence: EvidenceRow) -> None: ...
    def drop_evidence(self, sha256: str) -> None: ...
    def add_evidence_holder(self, sha256: str, nip: str, since: float) -> None: ...
    def put_evidence_proof(
        self, sha256: str, nip: str, *, proven: int, at: float, keep: int
    ) -> None:
        """Remember how far a proof of holding came; past ``keep`` proofs, the least recently
        advanced are forgotten."""
        ...

    def drop_evidence_proof(self, sha256: str, nip: str) -> None: ...


class AuditReader(Protocol):
    """The audit log."""

    def audit_entries(self, *, after_id: int = 0, limit: int = 100) -> list[AuditEntry]: ...
    def browse_audit(
        self,
        *,
        nip: str | None = None,
        subject: str | None = None,
        record_id: str | None = None,
        opd_id: str | None = None,
        before_id: int | None = None,
        limit: int = 50,
    ) -> AuditBrowse:
        """Audit entries newest first, filtered by acting ``nip``, by ``subject`` (acts about or
        by that employee), record, or OPD (actor or subject in it), from at most ``limit`` rows;
        page on with ``before_id`` (the page's ``next_before_id``)."""
        ...


class AuditWriter(AuditReader, Protocol):
    """Changes of audit data, inside :meth:`Storage.write`."""

    def append_audit(self, entry: AuditEntry) -> AuditEntry: ...
    def append_audits(self, entries: Sequence[AuditEntry]) -> None:
        """:meth:`append_audit` for many entries, in order (their ids are not returned)."""
        ...

    def append_audit_group(self, entries: Sequence[AuditEntry]) -> None:
        """Entries of one act about one employee's records, in order, as one row: they share
        time, actor, device and ``subject``, and each names a record (``record_id``) whose
        owner is that subject (so a search by record finds them through its owner). They are
        read back one by one with the row's id. ``ValueError`` when they do not."""
        ...


class ReportReader(Protocol):
    """Report facts (HR): kept in step with records, see server/storage/facts.py; the facts of
    progress logs lag until projected (Storage.project_facts), which every report does first."""

    def facts_lag(self) -> int:
        """Records whose facts are not projected yet (see ``facts.PROJECTED_KINDS``)."""
        ...

    def group_facts(
        self, query: FactQuery, by: Sequence[str], *, with_value: bool = False
    ) -> list[FactGroup]:
        """Count the facts ``query`` admits (and distinct owners; the sum of ``value`` when
        ``with_value``), grouped by columns ``by`` (``opd_id``, ``unit_id``, ``owner``,
        ``status``, ``predikat``, ``ref``, ``period``, ``day``); empty ``by``: one total."""
        ...

    def facts(self, query: FactQuery, *, limit: int | None = None) -> list[Fact]:
        """The facts ``query`` admits, ordered by owner, day and record id."""
        ...

    def fact_records(self, query: FactQuery) -> list[StoredRecord]:
        """The records whose facts ``query`` admits, ordered by owner, day and id."""
        ...


class ReportWriter(ReportReader, Protocol):
    """Changes of report data, inside :meth:`Storage.write`."""

    def project_facts(self, limit: int) -> int:
        """Project the facts of up to ``limit`` records written since the last projection, in
        seq order; returns how many (fewer than ``limit``: caught up)."""
        ...


class StateReader(Protocol):
    """State every server process shares: the login throttle's counts."""

    def throttle_counts(self, keys: Collection[str], now: float) -> dict[str, tuple[int, float]]:
        """``key -> (failures, wait_until)`` of the login throttle's keys among ``keys`` that
        are not forgotten at ``now``."""
        ...

    def throttle_more_than(self, count: int) -> bool:
        """Whether more than ``count`` throttle keys are stored."""
        ...


class StateWriter(StateReader, Protocol):
    """Changes of state data, inside :meth:`Storage.write`."""

    def put_throttle_count(
        self, key: str, *, nip: str | None, failures: int, wait_until: float, forget_at: float
    ) -> None:
        """Store a throttle key's count; ``nip``: the NIP the key is about (None: none)."""
        ...

    def drop_throttle_count(self, key: str) -> None: ...
    def forget_throttle_nip(self, nip: str) -> None:
        """Drop every throttle key about ``nip``."""
        ...

    def prune_throttle(self, now: float, keep: int) -> None:
        """Drop the throttle keys forgotten at ``now``; past ``keep`` keys, those whose wait
        ends first."""
        ...


class Reader(
    MasterReader,
    DeviceReader,
    RecordReader,
    TombstoneReader,
    EvidenceReader,
    AuditReader,
    ReportReader,
    StateReader,
    Protocol,
):
    """Queries available inside any session: every part's reads."""

    def migrations(self) -> list[str]:
        """Names of the schema migrations applied, in order."""
        ...


class Writer(
    Reader,
    MasterWriter,
    DeviceWriter,
    RecordWriter,
    TombstoneWriter,
    EvidenceWriter,
    AuditWriter,
    ReportWriter,
    StateWriter,
    Protocol,
):
    """Changes, available only inside :meth:`Storage.write`: every part's writes."""

    def lock_keys(self, keys: Collection[str]) -> None:
        """Hold a lock on each of ``keys`` (``"record:<id>"``, ``"device:<id>"``) until the
        transaction ends, taken in one order so that two writers never wait for each other in
        a circle: what a :meth:`Storage.write` ``concurrent`` body must do first. A no-op where
        writers run one at a time."""
        ...


class Storage(Protocol):
    """A database behind the server: one writer, many readers."""

    def read(self) -> AbstractContextManager[Reader]: ...
    def write(self, *, concurrent: bool = False) -> AbstractContextManager[Writer]:
        """A write transaction. Writers run one at a time, unless ``concurrent``: then the
        body runs beside other concurrent bodies (never beside an ordinary one) and must first
        :meth:`Writer.lock_keys` everything it reads to decide and everything it writes (the
        records of a push, its device). SQLite has one writer anyway and ignores it."""
        ...

    def project_facts(self, *, chunk: int = ..., pause: float = 0.0) -> int:
        """Bring every report fact up to date, ``chunk`` records per write transaction with
        ``pause`` seconds between them; returns how many records were projected. Reports call
        it before they read."""
        ...

    def chore_lock(self, name: str) -> AbstractContextManager[bool]:
        """Leadership of the chore ``name`` for the ``with`` block: yields True when this
        process got it (no other process or thread runs that chore meanwhile), False when
        another holds it (skip the run). Released when the block ends."""
        ...

    def close(self) -> None: ...
