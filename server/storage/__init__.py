"""Storage behind the server: one interface (:class:`Storage`), SQLite as the embedded default."""

from server.storage.base import Reader, Storage, Writer
from server.storage.rows import (
    Account,
    AdminGrant,
    AuditBrowse,
    AuditEntry,
    ConflictRow,
    Device,
    Employee,
    EvidenceRow,
    RecordScope,
    StoredRecord,
    Tombstone,
    Unit,
)
from server.storage.sql_devices import epoch_suffix
from server.storage.sqlite import SqliteStorage

__all__ = [
    "Account",
    "AdminGrant",
    "AuditBrowse",
    "AuditEntry",
    "ConflictRow",
    "Device",
    "Employee",
    "EvidenceRow",
    "Reader",
    "RecordScope",
    "SqliteStorage",
    "Storage",
    "StoredRecord",
    "Tombstone",
    "Unit",
    "Writer",
    "epoch_suffix",
]
