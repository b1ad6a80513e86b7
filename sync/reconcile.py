"""The reconciliation function: one stored version, one incoming change, one decision.

The server calls :func:`reconcile` for every pushed change; the device runs the same merge
(:mod:`sync.device`) to preview what the server will decide. No I/O: the caller passes the stored
version, the actor's relation, the server's replica id and its current HLC, and persists what
comes back.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from sync._merge import merge_change, new_record, rejected_conflict
from sync.hlc import DEFAULT_MAX_SKEW_MS, ClockSkewError, physical
from sync.policy import POLICIES, Policy, Relation, Writable
from sync.records import Change, Conflict, ConflictCause, Record

__all__ = [
    "AlreadySeen",
    "Applied",
    "Decision",
    "Merged",
    "RejectReason",
    "Rejected",
    "reconcile",
]


class RejectReason(StrEnum):
    """Why a change was refused. The message that goes with it is in Bahasa Indonesia."""

    UNKNOWN_KIND = "unknown_kind"
    INVALID_CHANGE = "invalid_change"
    CLOCK_SKEW = "clock_skew"
    COUNTER_REGRESSION = "counter_regression"
    FORBIDDEN = "forbidden"
    FIELD_FORBIDDEN = "field_forbidden"
    INVALID_TRANSITION = "invalid_transition"
    LOCKED = "locked"
    RECORD_PURGED = "record_purged"


class Applied(msgspec.Struct, frozen=True, kw_only=True, tag="applied"):
    """The change applied cleanly; store ``record``. ``created``: the server had no version,
    so ``record`` is the change's first version (:func:`sync.first_version` rebuilds it from the
    change and the vector alone, which lets the push answer leave the record out)."""

    record: Record
    created: bool = False


class AlreadySeen(msgspec.Struct, frozen=True, kw_only=True, tag="already_seen"):
    """The stored version already includes the change (a retry or duplicate): store nothing."""

    record: Record


class Merged(msgspec.Struct, frozen=True, kw_only=True, tag="merged"):
    """The change was concurrent with stored writes; store ``record`` and ``conflicts``."""

    record: Record
    conflicts: list[Conflict]


class Rejected(msgspec.Struct, frozen=True, kw_only=True, tag="rejected"):
    """The change was refused.

    When ``conflicts`` is not empty the refused values are kept as conflicts and
    ``authoritative`` is a new version (its vector now covers the change, so a retry is
    :class:`AlreadySeen`): the server stores both. Otherwise nothing is stored.
    """

    reason: RejectReason
    message: str
    authoritative: Record | None
    conflicts: list[Conflict] = []


Decision = Applied | AlreadySeen | Merged | Rejected

_LABEL = {
    "progress_log": "progres harian",
    "self_assessment": "penilaian mandiri",
    "feedback": "umpan balik",
    "appraisal": "penilaian kinerja",
    "objection": "keberatan",
    "skp": "SKP",
    "unit": "unit kerja",
    "employee": "data pegawai",
    "period": "periode penilaian",
    "org_predikat": "predikat organisasi",
}


def _label(kind: str) -> str:
    return _LABEL.get(kind, kind)


def _reject(reason: RejectReason, message: str, stored: Record | None) -> Rejected:
    return Rejected(reason=reason, message=message, authoritative=stored)


def _keep(
    reason: RejectReason,
    message: str,
    stored: Record | None,
    change: Change,
    own: int,
    cause: ConflictCause,
    server_replica: str,
) -> Rejected:
    """Refuse, but keep the refused values as a conflict and mark the change as seen."""
    conflict = rejected_conflict(stored, change, own, cause)
    if stored is None:
        return Rejected(reason=reason, message=message, authoritative=None, conflicts=[conflict])
    vv = dict(stored.vv)
    for replica, count in change.vv.items():
        if count > vv.get(replica, 0):
            vv[replica] = count
    vv[server_replica] = vv.get(server_replica, 0) + 1
    record = msgspec.structs.replace(stored, vv=vv)
    return Rejected(reason=reason, message=message, authoritative=record, conflicts=[conflict])


def _structure_error(stored: Record | None, change: Change, own: int) -> str | None:
    if own <= change.base_vv.get(change.replica, 0):
        return f"vektor versi tidak menaikkan penghitung replika {change.replica}"
    base = change.base_vv
    vv = change.vv
    for replica, count in base.items():
        if vv.get(replica, 0) < count:
            return f"vektor versi lebih tua dari versi dasarnya pada replika {replica}"
    if stored is not None and (stored.kind != change.kind or stored.owner != change.owner):
        return "jenis atau pemilik catatan tidak boleh diubah"
    return None


def _foreign_entry_error(stored: Record | None, change: Change) -> str | None:
    """A change raises only its own device's entry (I10): every other entry of its vectors is
    at most what the stored version holds (nothing, for a new record). A device learns other
    entries only from the server, so a higher one is forged or corrupt; stored, it would make
    the other replicas' later edits look already seen."""
    if stored is None and change.base_vv:
        return None  # an edit of a purged record: kept as a conflict only, never stored
    known = {} if stored is None else stored.vv
    me = change.replica
    for vector in (change.vv, change.base_vv):
        for replica, count in vector.items():
            if replica != me and count > known.get(replica, 0):
                return (
                    f"vektor versi memuat penghitung replika {replica} ({count}) di atas yang"
                    f" tersimpan di server ({known.get(replica, 0)})"
                )
    return None


def _rights_error(
    policy: Policy,
    stored: Record | None,
    change: Change,
    relation: Relation,
    *,
    edit: bool = False,
) -> Rejected | None:
    """Whether ``relation`` may make ``change``: create, delete or write rights (``edit``: the
    change edits a record the server no longer has, judged as an edit)."""
    if stored is None and not edit:
        allowed, verb = relation in policy.create, "membuat"
    elif change.deleted:
        allowed, verb = relation in policy.delete, "menghapus"
    else:
        allowed, verb = relation in policy.write, "mengubah"
    if not allowed:
        return _reject(
            RejectReason.FORBIDDEN, f"Anda tidak berhak {verb} {_label(change.kind)} ini.", stored
        )
    if change.deleted:
        return None
    name = _forbidden_field(policy.write.get(relation), tuple(change.changed))
    if name is not None:
        return _reject(
            RejectReason.FIELD_FORBIDDEN,
            f"Anda tidak berhak mengubah isian '{name}' pada {_label(change.kind)}.",
            stored,
        )
    return None


_FORBIDDEN: dict[tuple[Writable | None, tuple[str, ...]], str | None] = {}
"""Memo of :func:`_forbidden_field`: a push names the same few field sets again and again."""
_FORBIDDEN_MAX = 4096


def _forbidden_field(rule: Writable | None, changed: tuple[str, ...]) -> str | None:
    """The first of ``changed`` that ``rule`` does not allow (every one when ``rule`` is None)."""
    key = (rule, changed)
    if key in _FORBIDDEN:
        return _FORBIDDEN[key]
    found = next((n for n in changed if rule is None or not rule.allows(n)), None)
    if len(_FORBIDDEN) >= _FORBIDDEN_MAX:
        _FORBIDDEN.clear()
    _FORBIDDEN[key] = found
    return found


def _transition_error(
    policy: Policy, stored: Record | None, change: Change, relation: Relation
) -> str | None:
    key = policy.status_field
    if not change.deleted and (not policy.transitions or key not in change.changed):
        return None
    current = None if stored is None else stored.fields.get(key)
    label = _label(change.kind)  # only reached on a delete or a status change
    if change.deleted:
        if policy.delete_statuses and current not in policy.delete_statuses:
            return f"{label} dengan status '{current}' tidak dapat dihapus."
        return None
    target = change.fields.get(key)
    if target == current:
        return None
    if (current, target) in policy.transitions.get(relation, frozenset()):
        return None
    return f"Status {label} tidak dapat diubah dari '{current}' ke '{target}'."


_STATUS_WORDS = {
    "final": "penilaian sudah final",
    "disetujui": "SKP sudah disetujui atasan",
    "dikabulkan": "keberatan sudah diputus (dikabulkan)",
    "ditolak": "keberatan sudah diputus (ditolak)",
}


def _lock_words(policy: Policy, stored: Record) -> str:
    """Why a record is locked, in words (never a raw status value)."""
    status = stored.fields.get(policy.status_field)
    if isinstance(status, str) and status in _STATUS_WORDS:
        return _STATUS_WORDS[status]
    return "periode penilaiannya sudah final"


def _precheck(
    stored: Record | None, change: Change, own: int, now_ms: int, max_skew_ms: int
) -> Decision | None:
    """Structure, clock skew and idempotency: the checks that need no rights."""
    problem = _structure_error(stored, change, own)
    if problem is not None:
        return _reject(RejectReason.INVALID_CHANGE, f"Perubahan tidak sah: {problem}.", stored)
    ahead = physical(change.hlc) - now_ms
    if ahead > max_skew_ms:
        return _reject(RejectReason.CLOCK_SKEW, str(ClockSkewError(ahead, max_skew_ms)), stored)
    if stored is not None and stored.vv.get(change.replica, 0) >= own:
        svv = stored.vv
        if all(svv.get(r, 0) >= c for r, c in change.vv.items()):
            return AlreadySeen(record=stored)
        return _reject(
            RejectReason.COUNTER_REGRESSION,
            f"Penghitung versi perangkat {change.replica} mundur (perangkat dipulihkan dari"
            " cadangan?). Daftarkan ulang perangkat ini; perubahan yang belum terkirim akan"
            " diunggah ulang.",
            stored,
        )
    problem = _foreign_entry_error(stored, change)
    if problem is not None:
        return _reject(RejectReason.INVALID_CHANGE, f"Perubahan tidak sah: {problem}.", stored)
    return None


def reconcile(
    stored: Record | None,
    change: Change,
    *,
    relation: Relation,
    server_replica: str,
    now_hlc: int,
    max_skew_ms: int = DEFAULT_MAX_SKEW_MS,
    context_locked: bool | str = False,
    now_ms: int | None = None,
) -> Decision:
    """Decide one pushed change against the stored version (``None``: the server has none).

    Order of checks: kind, structure (a vector raises only the change's own entry), clock skew,
    idempotency (before rights, so that a retry after a role change still answers
    :class:`AlreadySeen`), rights, tombstone (delete wins), lock, status transition, then the
    merge. ``context_locked`` lets the server lock a record for reasons outside it (a
    self-assessment once the period's appraisal is final); a string says that reason in words.
    ``now_ms``: the wall clock the change's clock is held against (the physical part of
    ``now_hlc`` when not given; a server passes its wall clock, so that accepting a clock ahead
    never moves the bound).
    """
    policy = POLICIES.get(change.kind)
    if policy is None:
        return _reject(
            RejectReason.UNKNOWN_KIND, f"Jenis catatan '{change.kind}' tidak dikenal.", stored
        )
    own = change.vv.get(change.replica, 0)
    wall = physical(now_hlc) if now_ms is None else now_ms
    early = _precheck(stored, change, own, wall, max_skew_ms)
    if early is not None:
        return early
    if stored is None and change.base_vv:
        # an edit of a purged record is kept as a conflict for its writer, only if the writer
        # had the right to make it: nothing of a forbidden change is stored
        refused = _rights_error(policy, None, change, relation, edit=True)
        if refused is not None:
            return refused
        return _keep(
            RejectReason.RECORD_PURGED,
            f"{_label(change.kind).capitalize()} ini sudah dihapus dari server; perubahan Anda"
            " disimpan sebagai konflik.",
            None,
            change,
            own,
            ConflictCause.PURGED,
            server_replica,
        )
    refused = _rights_error(policy, stored, change, relation)
    if refused is not None:
        return refused
    if stored is None:
        problem = _transition_error(policy, None, change, relation)
        if problem is not None:
            return _reject(RejectReason.INVALID_TRANSITION, problem, None)
        return Applied(record=new_record(change, own, server_replica), created=True)
    force = False
    if not stored.deleted:
        locked = bool(context_locked) or policy.is_locked(stored.fields)
        if locked and (change.deleted or not policy.opens(relation, change.changed, change.fields)):
            why = (
                context_locked
                if isinstance(context_locked, str) and context_locked
                else _lock_words(policy, stored)
            )
            return _keep(
                RejectReason.LOCKED,
                f"{_label(change.kind).capitalize()} sudah dikunci: {why};"
                " perubahan Anda disimpan sebagai konflik.",
                stored,
                change,
                own,
                ConflictCause.LOCKED,
                server_replica,
            )
        force = locked  # the one change allowed into a locked record wins every contest
        problem = _transition_error(policy, stored, change, relation)
        if problem is not None:
            return _keep(
                RejectReason.INVALID_TRANSITION,
                problem + " Perubahan Anda disimpan sebagai konflik.",
                stored,
                change,
                own,
                ConflictCause.TRANSITION,
                server_replica,
            )
    record, conflicts, concurrent = merge_change(
        stored, change, policy, own, server_replica, force=force
    )
    if concurrent:
        return Merged(record=record, conflicts=conflicts)
    return Applied(record=record)
