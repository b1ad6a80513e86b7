"""The audit log: every accepted change and every administrative act, with who, device and when.

Entries are written inside the same write transaction as the act itself, so an act is never
committed without its entry (and a rolled-back act leaves none). Details never hold passwords or
tokens: callers pass only identifiers and outcomes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from server.storage import AuditEntry, Writer

__all__ = ["AuditAction", "audit_entry", "record_audit"]

_FORBIDDEN_KEYS = frozenset({"password", "token", "password_hash", "token_hash"})


class AuditAction(StrEnum):
    """What can appear in the ``action`` column."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    DEVICE_REGISTERED = "device_registered"
    TOKEN_REFRESHED = "token_refreshed"
    DEVICE_REVOKED = "device_revoked"
    LOGGED_OUT = "logged_out"
    """A device ended its own session (its token stops working; the device stays)."""
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_CHANGE_FAILED = "password_change_failed"
    PASSWORD_RESET = "password_reset"
    """An admin set a temporary password (it is never recorded; only that it happened)."""
    EVIDENCE_UPLOADED = "evidence_uploaded"
    EVIDENCE_REJECTED = "evidence_rejected"
    EVIDENCE_HELD = "evidence_held"
    """Someone sent the whole bytes of a file the server already had: they hold it too."""
    CHANGE_ACCEPTED = "change_accepted"
    CHANGE_MERGED = "change_merged"
    CHANGE_REJECTED = "change_rejected"
    OBJECTION_DECIDER_SET = "objection_decider_set"
    """BKPP named who decides keberatan against the ratings of a pejabat penilai without one."""
    KEBERATAN_APPLIED = "keberatan_applied"
    """A granted keberatan fixed the appraisal's ratings and predikat (the server's version)."""
    EVIDENCE_SHARED = "evidence_shared"
    """The server wrote which other employees' logs name a log's evidence files too (or that
    none does any more) into that log (``shared_evidence``)."""
    SEEDED = "seeded"
    TOMBSTONES_COLLECTED = "tombstones_collected"
    # HR acts (server/controllers/admin.py, server/reports)
    UNIT_IMPORTED = "unit_imported"
    EMPLOYEE_IMPORTED = "employee_imported"
    EMPLOYEE_EDITED = "employee_edited"
    MUTASI = "mutasi"
    PERIOD_OPENED = "period_opened"
    PERIOD_CLOSED = "period_closed"
    ORG_PREDIKAT_SET = "org_predikat_set"
    LEAVE_RECORDED = "leave_recorded"
    LEAVE_DELETED = "leave_deleted"
    DISCIPLINE_RECORDED = "discipline_recorded"
    DISCIPLINE_DELETED = "discipline_deleted"
    AWARD_RECORDED = "award_recorded"
    AWARD_DELETED = "award_deleted"
    REPORT_EXPORTED = "report_exported"
    DOCUMENT_PRINTED = "document_printed"


def record_audit(
    tx: Writer,
    *,
    ts: float,
    nip: str,
    action: AuditAction,
    device_id: str | None = None,
    record_kind: str | None = None,
    record_id: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append one entry inside the caller's write transaction."""
    return tx.append_audit(
        audit_entry(
            ts=ts,
            nip=nip,
            action=action,
            device_id=device_id,
            record_kind=record_kind,
            record_id=record_id,
            **detail,
        )
    )


def audit_entry(
    *,
    ts: float,
    nip: str,
    action: AuditAction,
    device_id: str | None = None,
    record_kind: str | None = None,
    record_id: str | None = None,
    subject: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """One entry, checked, for :meth:`Writer.append_audits` (many written in one statement).
    ``subject``: whom it is about (found from the detail's owner/employee when not given)."""
    leaked = _FORBIDDEN_KEYS.intersection(detail)
    if leaked:
        raise ValueError(f"audit detail must not contain secrets: {sorted(leaked)}")
    return AuditEntry(
        ts=ts,
        nip=nip,
        action=str(action),
        device_id=device_id,
        record_kind=record_kind,
        record_id=record_id,
        detail=detail,
        subject=subject,
    )
