"""The pure sync core: version vectors, hybrid logical clock, merge policies, protocol.

No I/O, no clock reads, no randomness: time, ids and stored state come in as arguments and
decisions come out as values. The server and the device run the same code.
"""

from __future__ import annotations

from shared_models.ids import uuid7
from shared_models.kinds import RecordKind
from sync import hlc, protocol, tombstones, vv
from sync._errors import (
    ClockSkewError,
    EditError,
    ProtocolDecodeError,
    ProtocolVersionError,
    SyncError,
    VectorRegression,
)
from sync.device import Integration, first_version, integrate_pull, integrate_result, local_edit
from sync.policy import POLICIES, Policy, Relation, Writable, policy_for
from sync.protocol import (
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    ChangeResult,
    ErrorAnswer,
    EvidenceBatch,
    EvidenceBatchResult,
    EvidenceBlob,
    EvidenceFile,
    EvidenceManifest,
    EvidenceStatus,
    EvidenceUploadResult,
    ProtocolMismatch,
    PullPage,
    PullRequest,
    PushBatch,
    PushResult,
    RegisterRequest,
    RegisterResponse,
    Request,
    Response,
    decode_request,
    decode_response,
    encode,
    mismatch_answer,
    result_of,
)
from sync.reconcile import (
    AlreadySeen,
    Applied,
    Decision,
    Merged,
    Rejected,
    RejectReason,
    reconcile,
)
from sync.records import Change, Conflict, ConflictCause, FieldClock, Record, conflict_id
from sync.session import BatchAdmission, admit_batch
from sync.tombstones import active_devices, can_drop, horizon, needs_reset
from sync.vv import Order, VersionVector

__all__ = [
    "POLICIES",
    "PROTOCOL_VERSION",
    "SCHEMA_VERSION",
    "AlreadySeen",
    "Applied",
    "BatchAdmission",
    "Change",
    "ChangeResult",
    "ClockSkewError",
    "Conflict",
    "ConflictCause",
    "Decision",
    "EditError",
    "ErrorAnswer",
    "EvidenceBatch",
    "EvidenceBatchResult",
    "EvidenceBlob",
    "EvidenceFile",
    "EvidenceManifest",
    "EvidenceStatus",
    "EvidenceUploadResult",
    "FieldClock",
    "Integration",
    "Merged",
    "Order",
    "Policy",
    "ProtocolDecodeError",
    "ProtocolMismatch",
    "ProtocolVersionError",
    "PullPage",
    "PullRequest",
    "PushBatch",
    "PushResult",
    "Record",
    "RecordKind",
    "RegisterRequest",
    "RegisterResponse",
    "RejectReason",
    "Rejected",
    "Relation",
    "Request",
    "Response",
    "SyncError",
    "VectorRegression",
    "VersionVector",
    "Writable",
    "active_devices",
    "admit_batch",
    "can_drop",
    "conflict_id",
    "decode_request",
    "decode_response",
    "encode",
    "first_version",
    "hlc",
    "horizon",
    "integrate_pull",
    "integrate_result",
    "local_edit",
    "mismatch_answer",
    "needs_reset",
    "policy_for",
    "protocol",
    "reconcile",
    "result_of",
    "tombstones",
    "uuid7",
    "vv",
]
