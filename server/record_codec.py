"""Between the sync core's :class:`sync.Record` and the storage's opaque :class:`StoredRecord`."""

from __future__ import annotations

from typing import Any

import msgspec

from server.storage import ConflictRow, StoredRecord
from sync import Conflict, FieldClock, Record
from sync.protocol import Message

__all__ = [
    "WirePullPage",
    "WireRecord",
    "conflict_row",
    "encode_wire",
    "from_stored",
    "to_stored",
    "wire_record",
]

_encoder = msgspec.msgpack.Encoder()
_fields_decoder = msgspec.msgpack.Decoder(dict[str, Any])
_vv_decoder = msgspec.msgpack.Decoder(dict[str, int])
_clocks_decoder = msgspec.msgpack.Decoder(dict[str, FieldClock])


def to_stored(record: Record) -> StoredRecord:
    """The storage row of a record (``seq`` is assigned when it is written)."""
    return StoredRecord(
        id=record.id,
        kind=record.kind,
        owner=record.owner,
        fields=_encoder.encode(record.fields),
        vv=_encoder.encode(record.vv),
        hlc=record.hlc,
        field_clocks=_encoder.encode(record.field_clocks),
        author=record.author,
        deleted=record.deleted,
    )


def from_stored(row: StoredRecord) -> Record:
    """The sync record of a storage row."""
    return Record(
        kind=row.kind,
        id=row.id,
        owner=row.owner,
        fields=_fields_decoder.decode(row.fields),
        vv=_vv_decoder.decode(row.vv),
        hlc=row.hlc,
        author=row.author,
        field_clocks=_clocks_decoder.decode(row.field_clocks),
        deleted=row.deleted,
    )


def conflict_row(conflict: Conflict, created: float) -> ConflictRow:
    """The storage row of a sync conflict (the whole conflict kept as MessagePack)."""
    return ConflictRow(
        id=conflict.id,
        record_id=conflict.record_id,
        kind=conflict.kind,
        owner=conflict.owner,
        created=created,
        detail=_encoder.encode(conflict),
        resolved=conflict.resolved,
    )


class WireRecord(msgspec.Struct, frozen=True, kw_only=True):
    """:class:`sync.Record` as the server sends it: the same fields in the same order, the
    stored MessagePack blobs spliced in as they are (``msgspec.Raw``). Encoded, it is byte for
    byte the encoding of the decoded record; a device decodes it as a ``Record``."""

    kind: str
    id: str
    owner: str
    fields: msgspec.Raw
    vv: msgspec.Raw
    hlc: int
    author: str
    field_clocks: msgspec.Raw
    deleted: bool = False


class WirePullPage(Message, frozen=True, kw_only=True, tag="pull_page"):
    """:class:`sync.PullPage` with :class:`WireRecord` records (MessagePack only)."""

    records: list[WireRecord]
    cursor: int = 0
    removals: list[str] = msgspec.field(default_factory=list)
    tombstones: list[WireRecord] = msgspec.field(default_factory=list)
    next_cursor: int
    more: bool = False
    reset_required: bool = False
    retired: dict[str, int] = msgspec.field(default_factory=dict)
    epoch: int = 0
    restored: bool = False


def wire_record(row: StoredRecord) -> WireRecord:
    """The record of a storage row, ready to encode without decoding its blobs."""
    return WireRecord(
        kind=row.kind,
        id=row.id,
        owner=row.owner,
        fields=msgspec.Raw(row.fields),
        vv=msgspec.Raw(row.vv),
        hlc=row.hlc,
        author=row.author,
        field_clocks=msgspec.Raw(row.field_clocks),
        deleted=row.deleted,
    )


def encode_wire(page: WirePullPage) -> bytes:
    """MessagePack of a :class:`WirePullPage` (JSON cannot splice MessagePack blobs)."""
    return _encoder.encode(page)
