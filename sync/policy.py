"""Who may write what, per record kind: the one merge-policy table (mirrored in docs/sync.md).

The server computes the actor's :class:`Relation` to the record's owner from master data; a
device never supplies it. Locking looks only at the record itself (``status`` values); rules
that need other records (a self-assessment after the period's appraisal is final) are passed in
by the server as ``context_locked``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shared_models.kinds import RecordKind

__all__ = ["POLICIES", "Policy", "Relation", "Writable", "policy_for"]


class Relation(StrEnum):
    """How the actor stands to the record (computed by the server from master data)."""

    OWNER = "owner"  # the employee the record is about
    SUPERVISOR = "supervisor"  # current Pejabat Penilai of the owner
    ATASAN = "atasan"  # the supervisor's supervisor (Atasan Pejabat Penilai)
    HR = "hr"  # Pengelola Kinerja / BKPP
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Writable:
    """The fields one relation may write: ``only`` these (``None``: all) minus ``exclude``."""

    only: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()

    def allows(self, name: str) -> bool:
        if name in self.exclude:
            return False
        return self.only is None or name in self.only


ALL = Writable()
Transition = tuple[str | None, str]


@dataclass(frozen=True, slots=True)
class Policy:
    """One row of the policy table.

    Attributes:
        kind: the record kind.
        create / delete: relations that may create / delete.
        write: per relation, the fields it may write.
        field_merge: concurrent edits merge field by field (else the whole record is contested
            and the later edit wins every field either side touched).
        status_field / transitions: allowed ``(from, to)`` status changes per relation
            (``from`` is ``None`` on create); unchanged status is always allowed.
        lock_values: the record is locked while ``status`` is one of these.
        unlock: ``(relation, status)``: the one change that may touch a locked record
            (a supervisor returning an approved SKP for revision).
        delete_statuses: statuses in which a delete is allowed (empty: any unlocked status).
    Concurrent delete vs edit: the delete always wins and the edit is kept as a conflict.
    Same field changed on both sides: the higher ``(hlc, replica)`` wins, except that a change
    which locks the record (finalize, approve, decide) wins every contested field.
    """

    kind: RecordKind
    create: frozenset[Relation]
    delete: frozenset[Relation]
    write: Mapping[Relation, Writable]
    field_merge: bool = True
    status_field: str = "status"
    transitions: Mapping[Relation, frozenset[Transition]] = field(default_factory=dict)
    lock_values: frozenset[str] = frozenset()
    unlock: tuple[Relation, str] | None = None
    delete_statuses: frozenset[str] = frozenset()

    def is_locked(self, fields: Mapping[str, Any]) -> bool:
        return bool(self.lock_values) and fields.get(self.status_field) in self.lock_values

    def locks(self, changed: list[str], fields: Mapping[str, Any]) -> bool:
        """True when a change with these fields puts the record into a locked status."""
        return (
            bool(self.lock_values)
            and self.status_field in changed
            and fields.get(self.status_field) in self.lock_values
        )

    def opens(self, relation: Relation, changed: list[str], fields: Mapping[str, Any]) -> bool:
        """True when this change is the allowed way into a locked record (a revision)."""
        return (
            self.unlock is not None
            and relation is self.unlock[0]
            and self.status_field in changed
            and fields.get(self.status_field) == self.unlock[1]
        )


def _r(*relations: Relation) -> frozenset[Relation]:
    return frozenset(relations)


_O, _S, _A, _H = Relation.OWNER, Relation.SUPERVISOR, Relation.ATASAN, Relation.HR
_LOG_SUPERVISOR = frozenset({"acknowledged_by", "supervisor_comment"})
_LOG_SERVER = frozenset({"shared_evidence"})
"""Written by the server alone: the evidence files other employees' logs name too."""
_SKP_SUPERVISOR = frozenset({"status", "return_note", "perilaku"})
_FEEDBACK_OWNER = frozenset({"owner_response", "read_at"})
_OBJECTION_ATASAN = frozenset(
    {
        "status",
        "decided_by",
        "decision_reason",
        "new_predikat",
        "new_hasil_kerja",
        "new_perilaku_kerja",
        "explanation_request",
    }
)
_OBJECTION_SUPERVISOR = frozenset({"supervisor_explanation"})
_APPRAISAL_SERVER = frozenset({"objection_id", "original_predikat"})
"""Written by the server alone, when a granted keberatan fixes the result."""
_OBJECTION_DECIDED = frozenset({"dikabulkan", "ditolak"})


def _master(kind: RecordKind) -> Policy:
    return Policy(kind=kind, create=_r(_H), delete=_r(_H), write={_H: ALL})


POLICIES: Mapping[str, Policy] = {
    p.kind: p
    for p in (
        Policy(
            kind=RecordKind.PROGRESS_LOG,
            create=_r(_O),
            delete=_r(_O),
            write={
                _O: Writable(exclude=_LOG_SUPERVISOR | _LOG_SERVER),
                _S: Writable(only=_LOG_SUPERVISOR),
            },
        ),
        Policy(
            kind=RecordKind.SELF_ASSESSMENT,
            create=_r(_O),
            delete=_r(_O),
            write={_O: ALL},
        ),
        Policy(
            kind=RecordKind.FEEDBACK,
            create=_r(_S),
            delete=_r(_S),
            write={_S: Writable(exclude=_FEEDBACK_OWNER), _O: Writable(only=_FEEDBACK_OWNER)},
        ),
        Policy(
            kind=RecordKind.APPRAISAL,
            create=_r(_S),
            delete=_r(_S),
            write={_S: Writable(exclude=_APPRAISAL_SERVER)},
            field_merge=False,
            transitions={
                _S: frozenset({(None, "draft"), (None, "final"), ("draft", "final")}),
            },
            lock_values=frozenset({"final"}),
        ),
        Policy(
            kind=RecordKind.OBJECTION,
            create=_r(_O),
            delete=_r(_O),
            write={
                _O: Writable(exclude=(_OBJECTION_ATASAN - {"status"}) | _OBJECTION_SUPERVISOR),
                _A: Writable(only=_OBJECTION_ATASAN),
                _S: Writable(only=_OBJECTION_SUPERVISOR),
            },
            transitions={
                _O: frozenset({(None, "diajukan")}),
                _A: frozenset({("diajukan", "dikabulkan"), ("diajukan", "ditolak")}),
            },
            lock_values=_OBJECTION_DECIDED,
        ),
        Policy(
            kind=RecordKind.SKP,
            create=_r(_O),
            delete=_r(_O),
            write={
                _O: Writable(exclude=_SKP_SUPERVISOR - {"status"}),
                _S: Writable(only=_SKP_SUPERVISOR),
            },
            transitions={
                _O: frozenset(
                    {
                        (None, "draft"),
                        (None, "diajukan"),
                        ("draft", "diajukan"),
                        ("diajukan", "draft"),
                        ("dikembalikan", "draft"),
                        ("dikembalikan", "diajukan"),
                    }
                ),
                _S: frozenset(
                    {
                        ("diajukan", "disetujui"),
                        ("diajukan", "dikembalikan"),
                        ("disetujui", "dikembalikan"),
                    }
                ),
            },
            lock_values=frozenset({"disetujui"}),
            unlock=(_S, "dikembalikan"),
            delete_statuses=frozenset({"draft", "dikembalikan"}),
        ),
        _master(RecordKind.UNIT),
        _master(RecordKind.EMPLOYEE),
        _master(RecordKind.PERIOD),
        _master(RecordKind.ORG_PREDIKAT),
        _master(RecordKind.LEAVE),  # owned by the employee, written by HR of their OPD
        _master(RecordKind.DISCIPLINE),  # the same: owned by the employee, HR writes
        _master(RecordKind.AWARD),  # the same: owned by the employee, HR writes
    )
}


def policy_for(kind: str) -> Policy | None:
    """The policy row of ``kind``, or ``None`` for an unknown kind."""
    return POLICIES.get(kind)
