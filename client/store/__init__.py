"""The device's local store: records, outbox, conflicts, evidence and sync state in one file,
encrypted with the user's key (:mod:`client.store.crypto`, :mod:`client.store.keycache`)."""

from client.store._store import (
    Store,
    encrypt_plain_database,
    is_plain_sqlite,
    open_connection,
    private_file,
)
from client.store.conflicts import ConflictRow, Conflicts
from client.store.crypto import StoreKey
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
    "StoreKey",
    "SyncState",
    "encrypt_plain_database",
    "is_plain_sqlite",
    "open_connection",
    "private_file",
]
