"""The content of each syncable record kind: what travels as a record's ``fields``.

The sync envelope (id, version vector, clock, tombstone) lives in ``sync``; these frozen,
keyword-only Structs are only the content. Decode untrusted content with ``validate_content``.

Schema evolution contract: a field's name and type never change once released; a new field
always has a default; unknown fields are ignored on decode, so an older app and a newer server
still read each other's records. Cross-field rules live in ``__post_init__`` and raise
ValueError with an Indonesian message (msgspec adds the path when decoding).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import msgspec

from shared_models._content import Content
from shared_models.decisions import Appraisal, Objection
from shared_models.kinds import RecordKind
from shared_models.master_data import Employee, Leave, OrgPredikatDecision, PeriodRecord, Unit
from shared_models.skp import (
    Indicator,
    Lampiran,
    PerilakuExpectation,
    RencanaAksi,
    Rhk,
    Skp,
)
from shared_models.work import Feedback, PerilakuSelfRating, ProgressLog, SelfAssessment

__all__ = [
    "CONTENT_TYPES",
    "Appraisal",
    "Content",
    "ContentError",
    "Employee",
    "Feedback",
    "Indicator",
    "Lampiran",
    "Leave",
    "Objection",
    "OrgPredikatDecision",
    "PerilakuExpectation",
    "PerilakuSelfRating",
    "PeriodRecord",
    "ProgressLog",
    "RencanaAksi",
    "Rhk",
    "SelfAssessment",
    "Skp",
    "Unit",
    "encode_content",
    "validate_content",
]

CONTENT_TYPES: Final = MappingProxyType[RecordKind, type[Content]](
    {
        RecordKind.UNIT: Unit,
        RecordKind.EMPLOYEE: Employee,
        RecordKind.PERIOD: PeriodRecord,
        RecordKind.ORG_PREDIKAT: OrgPredikatDecision,
        RecordKind.LEAVE: Leave,
        RecordKind.SKP: Skp,
        RecordKind.PROGRESS_LOG: ProgressLog,
        RecordKind.SELF_ASSESSMENT: SelfAssessment,
        RecordKind.OBJECTION: Objection,
        RecordKind.FEEDBACK: Feedback,
        RecordKind.APPRAISAL: Appraisal,
    }
)
"""The content Struct of every record kind."""

_AT_PATH = re.compile(r"^(?P<detail>.*) - at `(?P<path>\$[^`]*)`$", re.DOTALL)


class ContentError(ValueError):
    """Record content that does not fit its kind.

    Attributes: ``kind`` (the record kind), ``path`` (where, e.g. ``$.rhk[0].indicators[1]``;
    ``$`` for the whole record) and ``detail`` (msgspec's or the cross-field rule's message).
    """

    def __init__(self, kind: RecordKind, path: str, detail: str) -> None:
        self.kind = kind
        self.path = path
        self.detail = detail
        super().__init__(f"isi {kind.value} tidak valid: {path}: {detail}")


def validate_content(kind: RecordKind | str, fields: Mapping[str, Any]) -> Content:
    """Decode ``fields`` (builtin types, as from JSON or MessagePack) into the Struct of ``kind``.

    Raises ``ContentError`` naming the path of the first problem, ``ValueError`` for a kind
    that does not exist.
    """
    target = CONTENT_TYPES.get(kind)  # type: ignore[arg-type]  # StrEnum keys hash as str
    if target is None:
        raise ValueError(f"{kind!r} is not a valid RecordKind")
    try:
        return msgspec.convert(fields, target)
    except msgspec.ValidationError as err:
        match = _AT_PATH.match(str(err))
        path, detail = (match["path"], match["detail"]) if match else ("$", str(err))
        raise ContentError(RecordKind(kind), path, detail) from err


def encode_content(content: Content) -> dict[str, Any]:
    """The builtin-typed ``fields`` of a content Struct (dates as ISO strings, enums as values)."""
    fields: dict[str, Any] = msgspec.to_builtins(content)
    return fields
