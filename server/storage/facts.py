"""Report facts: the few columns of a record that reports filter and count on.

Record content is an opaque MessagePack blob to the storage, so dashboards over millions of
progress logs cannot read it. Every ``put_record`` therefore also writes one row of
``report_facts`` (or deletes it for a tombstone), extracted here by a pure function: in the same
transaction for every kind but :data:`PROJECTED_KINDS` (progress logs, the bulk of every push),
whose facts are projected afterwards from the commit-ordered ``seq`` (``Storage.project_facts``:
before every report that reads them, and in the background once the pushes pause). The owner's
unit and OPD are filled in by the storage from the employees table, and moved along when an
employee's unit changes (mutasi), so a fact always counts under the owner's current unit. A
PostgreSQL storage would call the same :func:`extract_fact`.

Extraction never fails: content is validated elsewhere (push, admin endpoints); a value of the
wrong type is simply left out of the fact.
"""

from __future__ import annotations

from typing import Any

import msgspec

from server.storage.rows import Fact, StoredRecord

__all__ = ["EVIDENCE_KINDS", "PROJECTED_KINDS", "extract_evidence", "extract_fact"]

PROJECTED_KINDS = ("progress_log",)
"""Kinds whose facts are written behind the push (write-behind projection), in seq order, up to
the ``facts_seq`` counter. Nothing decided in a push reads them; reports project first."""

_fields_decoder = msgspec.msgpack.Decoder(dict[str, Any])


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def extract_fact(record: StoredRecord) -> Fact | None:
    """The fact of a live record, or None (a tombstone, an unreadable blob)."""
    if record.deleted:
        return None
    try:
        f = _fields_decoder.decode(record.fields)
    except msgspec.DecodeError:
        return None
    base: dict[str, Any] = {"record_id": record.id, "kind": record.kind, "owner": record.owner}
    extra = _master(record, f) if record.kind in _MASTER else _work(record.kind, f)
    return Fact(**{**base, **extra})


_MASTER = frozenset({"unit", "employee", "period", "org_predikat"})


def _master(record: StoredRecord, f: dict[str, Any]) -> dict[str, Any]:
    match record.kind:
        case "unit":
            return {
                "unit_id": record.id,
                "opd_id": _text(f.get("opd_id")),
                "ref": _text(f.get("code")),
                "status": _text(f.get("kind")),
            }
        case "employee":
            nip = _text(f.get("nip")) or ""
            active = f.get("active", True) is not False
            return {"owner": nip, "ref": nip, "status": "active" if active else "inactive"}
        case "period":
            return {
                "period": _text(f.get("code")),
                "status": "open" if f.get("open", True) is not False else "closed",
            }
        case "org_predikat":
            return {
                "unit_id": _text(f.get("unit_id")),
                "period": _text(f.get("period_code")),
                "predikat": _text(f.get("predikat")),
            }
        case _:
            return {}


def _work(kind: str, f: dict[str, Any]) -> dict[str, Any]:
    match kind:
        case "skp":
            return {"period": _text(f.get("year")), "status": _text(f.get("status"))}
        case "progress_log":
            return {
                "day": _text(f.get("date")),
                "value": _number(f.get("value")),
                "ref": _text(f.get("indicator_id")),
            }
        case "self_assessment":
            return {
                "period": _text(f.get("period_code")),
                "status": "submitted" if f.get("submitted") is True else "draft",
            }
        case "appraisal":
            return {
                "period": _text(f.get("period_code")),
                "status": _text(f.get("status")),
                "predikat": _text(f.get("predikat")),
                "ref": _text(f.get("kind")),
            }
        case "feedback":
            return {"period": _text(f.get("period_code")), "ref": _text(f.get("author_nip"))}
        case "objection":
            return {"status": _text(f.get("status")), "ref": _text(f.get("appraisal_id"))}
        case "discipline":
            return {
                "period": _text(f.get("period_code")),
                "status": _text(f.get("level")),
                "day": _text(f.get("decided_on")),
                "ref": _text(f.get("kind")),
            }
        case "award":
            return {
                "period": _text(f.get("period_code")),
                "day": _text(f.get("decided_on")),
                "ref": _text(f.get("kind")),
            }
        case _:
            return {}


EVIDENCE_KINDS = frozenset({"progress_log"})
"""Kinds whose content names evidence files (``evidence``: a list of sha256)."""


def extract_evidence(record: StoredRecord) -> list[str]:
    """The sha256 names of evidence a live record's content lists (empty for a tombstone)."""
    if record.deleted or record.kind not in EVIDENCE_KINDS:
        return []
    if _names_no_file(record.fields):
        return []
    try:
        f = _fields_decoder.decode(record.fields)
    except msgspec.DecodeError:
        return []
    names = f.get("evidence")
    if not isinstance(names, list):
        return []
    return sorted({n.lower() for n in names if isinstance(n, str) and len(n) == 64})


_EVIDENCE_NAME = b"evidence"
_NO_EVIDENCE = msgspec.msgpack.encode("evidence") + msgspec.msgpack.encode([])


def _names_no_file(fields: bytes) -> bool:
    """Whether MessagePack content surely names no evidence file, without decoding it (most
    logs name none): the name's bytes appear nowhere, or once, as a key holding an empty list
    (if that one occurrence were inside some other text, there would be no such key at all)."""
    count = fields.count(_EVIDENCE_NAME)
    return count == 0 or (count == 1 and _NO_EVIDENCE in fields)
