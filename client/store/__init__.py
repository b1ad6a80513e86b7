"""The device's local store: records, outbox, conflicts, evidence and sync state in one file."""

from client.store._store import Store
from client.store.conflicts import ConflictRow, Conflicts
from client.store.evidence import EvidenceRow, EvidenceState, EvidenceTable
from client.store.inflight import Inflight, InflightBatch
from client.store.meta import Meta
from client.store.outbox import Outbox, Pending
from client.store.records import PENDING, SYNCED, Records, SyncState

__all__ = [
    "PENDING",
    "SYNCED",
    "ConflictRow",
    "Conflicts",
    "EvidenceRow",
    "EvidenceState",
    "EvidenceTable",
    "Inflight",
    "InflightBatch",
    "Meta",
    "Outbox",
    "Pending",
    "Records",
    "Store",
    "SyncState",
]
