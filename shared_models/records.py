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
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

import msgspec
import msgspec.inspect

from shared_models._content import Content
from shared_models.decisions import Appraisal, Objection
from shared_models.kinds import RecordKind
from shared_models.master_data import (
    Award,
    Discipline,
    Employee,
    Leave,
    OrgPredikatDecision,
    PeriodRecord,
    Unit,
)
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
    "Award",
    "Content",
    "ContentError",
    "Discipline",
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
    "known_fields",
    "validate_content",
]

CONTENT_TYPES: Final = MappingProxyType[RecordKind, type[Content]](
    {
        RecordKind.UNIT: Unit,
        RecordKind.EMPLOYEE: Employee,
        RecordKind.PERIOD: PeriodRecord,
        RecordKind.ORG_PREDIKAT: OrgPredikatDecision,
        RecordKind.LEAVE: Leave,
        RecordKind.DISCIPLINE: Discipline,
        RecordKind.AWARD: Award,
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


def validate_content(
    kind: RecordKind | str, fields: Mapping[str, Any], *, strict: bool = False
) -> Content:
    """Decode ``fields`` (builtin types, as from JSON or MessagePack) into the Struct of ``kind``.

    Text may not hold control characters (but tab and line breaks) or bidirectional overrides,
    which would hide or reorder what a reader sees. ``strict`` (what the server uses on what a
    device sends): a field the schema does not know is refused too, at any depth; without it,
    unknown fields are ignored (a device reading a newer server's records).

    Raises ``ContentError`` naming the path of the first problem, ``ValueError`` for a kind
    that does not exist.
    """
    target = CONTENT_TYPES.get(kind)  # type: ignore[arg-type]  # StrEnum keys hash as str
    if target is None:
        raise ValueError(f"{kind!r} is not a valid RecordKind")
    try:
        content = msgspec.convert(fields, target)
    except msgspec.ValidationError as err:
        match = _AT_PATH.match(str(err))
        path, detail = (match["path"], match["detail"]) if match else ("$", str(err))
        raise ContentError(RecordKind(kind), path, detail) from err
    problem = None if _plain_text(fields) else _text_problem(fields, "$")
    if problem is None and strict:
        unknown = fields.keys() - known_fields(kind)
        if unknown:
            problem = f"$.{min(unknown)}", "isian ini tidak dikenal"
        elif kind in _NESTED:
            problem = _unknown_problem(fields, msgspec.to_builtins(content), "$")
    if problem is not None:
        raise ContentError(RecordKind(kind), *problem)
    return content


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
"""Control characters (tab, LF and CR allowed) and bidirectional embeddings/overrides."""


def _plain_text(fields: Mapping[str, Any]) -> bool:
    """Whether content surely holds no hidden character, tested at once in the common case:
    no container with something in it, and all its text printable ASCII (False: let
    :func:`_text_problem` walk it)."""
    texts = []
    for item in fields.values():
        if item.__class__ is str:
            texts.append(item)
        elif item and item.__class__ not in _SCALARS:
            return False
    joined = " ".join(texts)
    return joined.isascii() and joined.isprintable()


def _text_problem(value: Any, path: str) -> tuple[str, str] | None:
    """The first text at or under ``value`` with a hidden character (paths are built only on
    the way to a container or a failure: this runs on every pushed record)."""
    if isinstance(value, str):
        if value.isascii() and value.isprintable():
            return None  # the common case, without a regular expression
        bad = _UNSAFE.search(value)
        if bad is None:
            return None
        return (
            path,
            f"teks memuat karakter tersembunyi U+{ord(bad.group()):04X} yang tidak diizinkan",
        )
    if isinstance(value, Mapping):
        items: Iterable[tuple[Any, Any]] = value.items()
        name = "{}.{}"
    elif isinstance(value, list | tuple):
        items = enumerate(value)
        name = "{}[{}]"
    else:
        return None
    for key, item in items:
        if not item or item.__class__ in _SCALARS:
            continue  # None, empty text or containers, numbers
        if item.__class__ is str and item.isascii() and item.isprintable():
            continue
        found = _text_problem(item, name.format(path, key))
        if found is not None:
            return found
    return None


_SCALARS = frozenset({int, float, bool})


def _unknown_problem(sent: Any, known: Any, path: str) -> tuple[str, str] | None:
    """The first key of ``sent`` that the decoded content does not hold (``known`` is the
    content as builtins: every field the schema knows is there, defaults included)."""
    if isinstance(sent, Mapping) and isinstance(known, Mapping):
        for key, item in sent.items():
            if key not in known:
                return f"{path}.{key}", "isian ini tidak dikenal"
            found = _unknown_problem(item, known[key], f"{path}.{key}")
            if found is not None:
                return found
    elif isinstance(sent, list | tuple) and isinstance(known, list | tuple):
        for i, (item, twin) in enumerate(zip(sent, known, strict=False)):
            found = _unknown_problem(item, twin, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def known_fields(kind: RecordKind | str) -> frozenset[str]:
    """The top-level field names of ``kind``'s content (empty for an unknown kind)."""
    return _FIELDS.get(kind, _NO_FIELDS)  # a RecordKind hashes and compares as its text


def _holds_struct(t: Any) -> bool:
    if isinstance(t, msgspec.inspect.StructType):
        return True
    if isinstance(t, msgspec.inspect.UnionType):
        return any(_holds_struct(x) for x in t.types)
    return any(_holds_struct(getattr(t, a)) for a in ("item_type", "value_type") if hasattr(t, a))


_FIELDS: Final = {str(k): frozenset(c.__struct_fields__) for k, c in CONTENT_TYPES.items()}
"""The top-level field names of each kind's content."""
_NO_FIELDS: Final[frozenset[str]] = frozenset()
_NESTED: Final = frozenset(
    str(k)
    for k, c in CONTENT_TYPES.items()
    if any(_holds_struct(f.type) for f in msgspec.inspect.type_info(c).fields)  # type: ignore[attr-defined]
)
"""Kinds whose content holds Structs (an SKP's RHK): unknown fields are looked for inside."""


def encode_content(content: Content) -> dict[str, Any]:
    """The builtin-typed ``fields`` of a content Struct (dates as ISO strings, enums as values)."""
    fields: dict[str, Any] = msgspec.to_builtins(content)
    return fields
