"""Protocol messages: one tagged union per direction, MessagePack on the wire (JSON for curl).

Every message carries ``protocol`` and ``schema``. Evolution contract: new fields get defaults,
a field's type never changes; a peer with another ``protocol`` gets :class:`ProtocolMismatch`
("perbarui aplikasi") instead of a decode error.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from sync._errors import ProtocolDecodeError, ProtocolVersionError
from sync.reconcile import AlreadySeen, Applied, Decision, Merged, RejectReason
from sync.records import MAX_COUNTER, Change, Conflict, Record

BatchSeq = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNTER)]
"""A push batch's sequence number: bounded so that no device can jump to the end of the range."""
Cursor = Annotated[int, msgspec.Meta(le=MAX_COUNTER)]
"""A pull cursor (the server says in words when it is negative)."""
PageLimit = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31)]
MAX_REFETCH = 1000
"""Most ids one pull request asks for again (:attr:`PullRequest.refetch`)."""
Epoch = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNTER)]
"""Which life of the server's database: 1 at its creation, one more at every restore from a
backup (``kinerja restore``, ``kinerja new-epoch``)."""

__all__ = [
    "MAX_REFETCH",
    "PROTOCOL_VERSION",
    "SCHEMA_VERSION",
    "ChangeResult",
    "ErrorAnswer",
    "EvidenceFile",
    "EvidenceManifest",
    "EvidenceStatus",
    "Format",
    "Message",
    "ProtocolMismatch",
    "PullPage",
    "PullRequest",
    "PushBatch",
    "PushResult",
    "RegisterRequest",
    "RegisterResponse",
    "Request",
    "Response",
    "decode_request",
    "decode_response",
    "encode",
    "mismatch_answer",
    "result_of",
]

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1
Format = Literal["msgpack", "json"]
Outcome = Literal["applied", "already_seen", "merged", "rejected"]


class Message(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    """Base of every message."""

    protocol: int = PROTOCOL_VERSION
    schema: int = SCHEMA_VERSION


# device -> server ----------------------------------------------------------------------------


class RegisterRequest(Message, frozen=True, kw_only=True, tag="register"):
    """Register a device; the server mints its replica id (a reinstall is a new device)."""

    device_name: str
    platform: str
    app_version: str


class PushBatch(Message, frozen=True, kw_only=True, tag="push"):
    """Changes from one device; ``batch_seq`` grows by one per new batch (exactly-once)."""

    device_id: str
    batch_seq: BatchSeq
    changes: list[Change]
    epoch: Epoch = 0
    """The server epoch the device last learned (0: none yet); another one than the server's
    means the server was restored since: the batch is not decided (``PushResult.restored``)."""


class PullRequest(Message, frozen=True, kw_only=True, tag="pull"):
    """Ask for changes after ``cursor`` (a server commit sequence, never a timestamp)."""

    device_id: str
    cursor: Cursor
    limit: PageLimit = 500
    epoch: Epoch = 0
    """As :attr:`PushBatch.epoch`; another one than the server's gets ``PullPage.restored``."""
    refetch: Annotated[list[str], msgspec.Meta(max_length=MAX_REFETCH)] = []
    """Ids whose copy the device dropped when a change of it was refused without the record
    (outside its scope then): the page carries those it may see now, whatever the cursor (its
    scope may have come back before this pull, and the records are older than the cursor)."""


class EvidenceFile(msgspec.Struct, frozen=True, kw_only=True):
    """One evidence file named by records: content-addressed, checked on arrival."""

    sha256: str
    size: int
    media_type: str
    record_id: str


class EvidenceManifest(Message, frozen=True, kw_only=True, tag="evidence_manifest"):
    """The evidence files a device holds; the server answers which ones it still needs."""

    device_id: str
    files: list[EvidenceFile]


class EvidenceBlob(msgspec.Struct, frozen=True, kw_only=True):
    """A whole evidence file inside an :class:`EvidenceBatch`."""

    sha256: str
    data: bytes


class EvidenceBatch(Message, frozen=True, kw_only=True, tag="evidence_batch"):
    """Several small evidence files in one request, each checked and stored as a whole upload
    would be (hash, size, real type); the server answers one result per file, in order."""

    device_id: str
    files: list[EvidenceBlob]


# server -> device ----------------------------------------------------------------------------


class RegisterResponse(Message, frozen=True, kw_only=True, tag="registered"):
    device_id: str
    server_replica: str
    server_time_ms: int
    max_skew_ms: int


class ChangeResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The decision about one pushed change.

    ``record``: the server's version after the decision. An ``applied`` change that created the
    record carries ``vv`` instead (the server's vector of it): the version is the sent change's
    first version, which the device rebuilds with :func:`sync.first_version` (most of a push is
    new entries; their answer is a vector, not the record sent back). ``applied`` or ``merged``
    with neither: the record is gone from the server (purged).
    """

    id: str
    outcome: Outcome
    record: Record | None = None
    vv: dict[str, int] | None = None
    conflicts: list[Conflict] = []
    reason: RejectReason | None = None
    message: str = ""


class PushResult(Message, frozen=True, kw_only=True, tag="push_result"):
    """One result per change, in order. ``replayed``: a repeated batch answered from memory.

    ``restored``: the batch named another epoch than the server's (it was restored from a
    backup since the device last synced); nothing was decided (``results`` is empty): the
    device sends its copies again (``Change.resend``) under the new ``epoch``.
    """

    batch_seq: int
    results: list[ChangeResult]
    replayed: bool = False
    epoch: int = 0
    restored: bool = False


class PullPage(Message, frozen=True, kw_only=True, tag="pull_page"):
    """One page of the pull. Apply it in one transaction, then store ``next_cursor``.

    ``removals``: ids the device must drop (no longer in its scope). ``tombstones``: deleted
    records (with their vectors). ``reset_required``: the device was away past the tombstone
    horizon; it must wipe its copies (keeping its outbox), pull from 0 and push again.
    ``retired``: final counters of retired replicas, for ``sync.vv.fold``. A device applies a
    page only when ``cursor`` equals its own cursor, so a late duplicate page is ignored.
    ``epoch``: the server's (the device keeps it and names it in its requests). ``restored``:
    the request named another epoch: the server was restored from a backup since; the page is
    empty, and the device sends its copies again (``Change.resend``) and pulls from 0.
    """

    records: list[Record]
    cursor: int = 0  # the request's cursor, echoed: a page for another cursor is stale
    removals: list[str] = []
    tombstones: list[Record] = []
    next_cursor: int
    more: bool = False
    reset_required: bool = False
    retired: dict[str, int] = {}
    epoch: int = 0
    restored: bool = False


class EvidenceStatus(Message, frozen=True, kw_only=True, tag="evidence_status"):
    """The answer to an :class:`EvidenceManifest`: the files the server still needs, and for
    those the device had begun uploading, how many bytes it already holds (resume there)."""

    missing: list[str]
    received: dict[str, int] = {}


EvidenceOutcome = Literal["stored", "present", "rejected"]


class EvidenceUploadResult(msgspec.Struct, frozen=True, kw_only=True):
    """One file of an :class:`EvidenceBatch`: ``stored`` (this request completed it),
    ``present`` (the server had it already) or ``rejected`` (``code`` and ``message`` say why,
    as the single-file upload's error answer would)."""

    sha256: str
    outcome: EvidenceOutcome
    code: str = ""
    message: str = ""


class EvidenceBatchResult(Message, frozen=True, kw_only=True, tag="evidence_batch_result"):
    results: list[EvidenceUploadResult]


class ProtocolMismatch(Message, frozen=True, kw_only=True, tag="protocol_mismatch"):
    client_protocol: int
    message: str = "Versi aplikasi ini sudah tidak didukung. Silakan perbarui aplikasi."


class ErrorAnswer(Message, frozen=True, kw_only=True, tag="error"):
    """A request that could not be decoded or served; ``message`` names the path."""

    code: str
    message: str


Request = RegisterRequest | PushBatch | PullRequest | EvidenceManifest | EvidenceBatch
Response = (
    RegisterResponse
    | PushResult
    | PullPage
    | EvidenceStatus
    | EvidenceBatchResult
    | ProtocolMismatch
    | ErrorAnswer
)


class _Peek(msgspec.Struct):
    protocol: int = 0


_msgpack_encoder = msgspec.msgpack.Encoder()
_json_encoder = msgspec.json.Encoder()
_peek_decoders: dict[str, msgspec.msgpack.Decoder[_Peek] | msgspec.json.Decoder[_Peek]] = {
    "msgpack": msgspec.msgpack.Decoder(_Peek),
    "json": msgspec.json.Decoder(_Peek),
}
_request_decoders: dict[str, msgspec.msgpack.Decoder[Request] | msgspec.json.Decoder[Request]] = {
    "msgpack": msgspec.msgpack.Decoder(Request),
    "json": msgspec.json.Decoder(Request),
}
_response_decoders: dict[
    str, msgspec.msgpack.Decoder[Response] | msgspec.json.Decoder[Response]
] = {
    "msgpack": msgspec.msgpack.Decoder(Response),
    "json": msgspec.json.Decoder(Response),
}


def encode(msg: Message, fmt: Format = "msgpack") -> bytes:
    """Encode a message as MessagePack (default) or JSON."""
    if fmt == "msgpack":
        return _msgpack_encoder.encode(msg)
    return _json_encoder.encode(msg)


def _check_version(data: bytes, fmt: Format) -> None:
    try:
        version = _peek_decoders[fmt].decode(data).protocol
    except msgspec.DecodeError as err:
        raise ProtocolDecodeError(f"pesan tidak dapat dibaca: {err}") from err
    except RecursionError as err:
        raise ProtocolDecodeError("pesan tidak sah: isian bersarang terlalu dalam") from err
    if version != PROTOCOL_VERSION:
        raise ProtocolVersionError(version)


def decode_request(data: bytes, fmt: Format = "msgpack") -> Request:
    """Decode a device->server message.

    Raises:
        ProtocolVersionError: another protocol version (answer with :func:`mismatch_answer`).
        ProtocolDecodeError: malformed; the text carries msgspec's path (``$.changes[0].vv``).
    """
    _check_version(data, fmt)
    try:
        return _request_decoders[fmt].decode(data)
    except msgspec.DecodeError as err:
        raise ProtocolDecodeError(f"pesan tidak sah: {err}") from err
    except RecursionError as err:
        raise ProtocolDecodeError("pesan tidak sah: isian bersarang terlalu dalam") from err


def decode_response(data: bytes, fmt: Format = "msgpack") -> Response:
    """Decode a server->device message (same errors as :func:`decode_request`)."""
    _check_version(data, fmt)
    try:
        return _response_decoders[fmt].decode(data)
    except msgspec.DecodeError as err:
        raise ProtocolDecodeError(f"pesan tidak sah: {err}") from err
    except RecursionError as err:
        raise ProtocolDecodeError("pesan tidak sah: isian bersarang terlalu dalam") from err


def mismatch_answer(err: ProtocolVersionError) -> ProtocolMismatch:
    """The answer to a peer that speaks another protocol version."""
    return ProtocolMismatch(client_protocol=err.client_protocol)


def result_of(change_id: str, decision: Decision) -> ChangeResult:
    """The wire form of a :func:`sync.reconcile` decision."""
    match decision:
        case Applied(record=record, created=True):
            # the first version: the device rebuilds it from what it sent (sync.first_version)
            return ChangeResult(id=change_id, outcome="applied", vv=record.vv)
        case Applied(record=record):
            return ChangeResult(id=change_id, outcome="applied", record=record)
        case AlreadySeen(record=record):
            return ChangeResult(id=change_id, outcome="already_seen", record=record)
        case Merged(record=record, conflicts=conflicts):
            return ChangeResult(id=change_id, outcome="merged", record=record, conflicts=conflicts)
    return ChangeResult(
        id=change_id,
        outcome="rejected",
        record=decision.authoritative,
        conflicts=decision.conflicts,
        reason=decision.reason,
        message=decision.message,
    )
