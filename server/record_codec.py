"""Between the sync core's :class:`sync.Record` and the storage's opaque :class:`StoredRecord`."""

from __future__ import annotations

from typing import Any

import msgspec

from server.storage import ConflictRow, StoredRecord
from sync import Conflict, FieldClock, Record

__all__ = ["conflict_row", "from_stored", "to_stored"]

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
