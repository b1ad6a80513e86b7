"""The same evidence file claimed by different employees, flagged in each claiming log.

After a push batch is stored, the server looks at every evidence file the batch's progress logs
name now or named before (``evidence_refs`` is already up to date): for each file, the
employees whose live logs name it. Every log naming a file that others' logs name too carries
them in ``shared_evidence`` (``shared_models.evidence_checks.shared_with``: at most 10, lowest
NIP first); a log whose files nobody else names carries none. The server writes that field
alone (the sync policy gives it to no device), as a new server version of the log, audited as
``evidence_shared``: the log travels to its owner's supervisor (and the Atasan) by the usual
pull, offline afterwards, and a mutasi moves the flag with the log. Both supervisors of two
nurses of different Puskesmas who logged the same photo see it, each on their own subordinate's
entry, naming the other nurse (a name and NIP every device holds as master data), not her log.

Work per push: one query on the primary key of ``evidence_refs`` for the batch's files. The
lists follow from the 11 lowest NIPs among a file's claimants (``shared_top``); only when they
change (a new claimant among them, one leaving) are the other claimants' logs read and
rewritten. A file's first claimant changes nothing: a morning of new photos writes nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from server.actor import Actor
from server.audit import AuditAction, record_audit
from server.record_codec import from_stored
from server.reports.writes import write_server_version
from server.storage import Writer
from shared_models.evidence_checks import shared_top, shared_with
from shared_models.kinds import RecordKind
from sync import Record

__all__ = ["EvidenceTouch", "flag_shared_evidence"]


class EvidenceTouch:
    """What a batch did to the evidence of its logs: for each log it wrote, the files its
    stored version named before the batch (the first time the batch touched it)."""

    def __init__(self) -> None:
        self.before: dict[str, tuple[str, frozenset[str]]] = {}  # id -> (owner, files)
        self.files: set[str] = set()

    def note(self, record: Record, previous: Record | None) -> None:
        """A log version the batch stores (``previous``: what was stored before it)."""
        if record.kind != RecordKind.PROGRESS_LOG:
            return
        if record.id not in self.before:
            named = frozenset() if previous is None or previous.deleted else _files(previous)
            self.before[record.id] = (record.owner, named)
            self.files |= named
        if not record.deleted:
            self.files |= _files(record)


_NONE: frozenset[str] = frozenset()


def _files(record: Record) -> frozenset[str]:
    named = record.fields.get("evidence")
    if not named:  # most logs name no file: no set to build
        return _NONE
    return frozenset(str(s) for s in named)


def flag_shared_evidence(
    tx: Writer,
    touch: EvidenceTouch,
    current: Mapping[str, Record | None],
    *,
    actor: Actor,
    replica: str,
    now: float,
) -> list[Record]:
    """Bring ``shared_evidence`` of every affected log in line with the stored references;
    ``current``: the batch's versions by id (read instead of the storage). The new versions
    written."""
    if not touch.files:
        return []
    claims = tx.evidence_claims(touch.files)
    owners_now: dict[str, set[str]] = defaultdict(set)
    records_now: dict[str, list[str]] = defaultdict(list)
    for sha, record_id, owner in claims:
        owners_now[sha].add(owner)
        records_now[sha].append(record_id)
    tops: dict[str, tuple[str, ...]] = {}
    check: set[str] = set()
    for sha in touch.files:
        tops[sha] = top = shared_top(owners_now[sha])
        if top != shared_top(_owners_before(sha, claims, touch)):
            check.update(records_now[sha])  # every claimant's list may change
        else:
            check.update(r for r in records_now[sha] if r in touch.before)
    check.update(r for r in touch.before if current.get(r) is not None)  # flags to clear
    logs = _logs(tx, check, current)
    written = []
    for log in logs:
        value = _value(log, tops)
        if value != (log.fields.get("shared_evidence") or {}):
            written.append(_write(tx, log, value, actor=actor, replica=replica, now=now))
    return written


def _owners_before(
    sha: str, claims: Iterable[tuple[str, str, str]], touch: EvidenceTouch
) -> set[str]:
    """The claimants of ``sha`` before the batch: the stored claims of logs the batch did not
    touch, and the batch's logs as they were."""
    owners = {owner for s, record_id, owner in claims if s == sha and record_id not in touch.before}
    owners.update(owner for owner, named in touch.before.values() if sha in named)
    return owners


def _logs(tx: Writer, ids: set[str], current: Mapping[str, Record | None]) -> list[Record]:
    """The live versions of these logs: the batch's own, then the storage's, by id."""
    found = {i: r for i in ids if (r := current.get(i)) is not None}
    rows = tx.records_by_id({i for i in ids if i not in current})
    found.update((i, from_stored(row)) for i, row in rows.items())
    live = (r for r in found.values() if not r.deleted and r.kind == RecordKind.PROGRESS_LOG)
    return sorted(live, key=lambda r: r.id)


def _value(log: Record, tops: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The log's ``shared_evidence`` after the batch: the files the batch touched from their
    claimants now, the others as the log holds them (nobody's claims on them changed)."""
    held: dict[str, Any] = dict(log.fields.get("shared_evidence") or {})
    value: dict[str, list[str]] = {}
    for sha in sorted(_files(log)):
        others = shared_with(log.owner, tops[sha]) if sha in tops else held.get(sha, [])
        if others:
            value[sha] = list(others)
    return value


def _write(
    tx: Writer, log: Record, value: dict[str, list[str]], *, actor: Actor, replica: str, now: float
) -> Record:
    before = dict(log.fields.get("shared_evidence") or {})
    record = write_server_version(
        tx,
        kind=RecordKind.PROGRESS_LOG,
        record_id=log.id,
        owner=log.owner,
        patch={"shared_evidence": value},
        replica=replica,
        now=now,
    )
    record_audit(
        tx,
        ts=now,
        nip=actor.nip,
        action=AuditAction.EVIDENCE_SHARED,
        device_id=actor.device_id,
        record_kind=str(RecordKind.PROGRESS_LOG),
        record_id=log.id,
        subject=log.owner,
        before=before,
        after=value,
    )
    return record
