"""The device database schema: migrations registered with sqlite-utils, run when the store opens.

Each migration runs in its own transaction and is recorded in ``_sqlite_migrations``. Append new
migrations at the end; never edit one that has shipped. A step's script is run statement by
statement, split on ``;`` (``executescript`` would commit sqlite-utils' transaction): no ``;``
inside a statement (no triggers, none in string literals). Why the server has a runner of its
own: docs/server.md "Two migration runners, on purpose".
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["MIGRATIONS", "apply_migrations"]

MIGRATIONS = Migrations("kinerja-device")


def _run(db: Database, script: str) -> None:
    """Run a script statement by statement inside the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@MIGRATIONS(name="0001_device_store")
def _device_store(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- every record the user may see, at its local version (server version + unsynced edit)
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            fields TEXT NOT NULL,
            vv TEXT NOT NULL,
            hlc INTEGER NOT NULL,
            author TEXT NOT NULL,
            field_clocks TEXT NOT NULL DEFAULT '{}',
            deleted INTEGER NOT NULL DEFAULT 0,
            sync_state TEXT NOT NULL DEFAULT 'synced'
        );
        CREATE INDEX records_kind_owner ON records(kind, owner);
        -- unsynced edits: at most one (coalesced) change per record
        CREATE TABLE outbox (
            record_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            fields TEXT NOT NULL,
            changed TEXT NOT NULL,
            base_vv TEXT NOT NULL,
            vv TEXT NOT NULL,
            hlc INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            revision INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL
        );
        -- the push batch sent but not yet answered: replayed byte for byte after a crash
        CREATE TABLE push_inflight (
            batch_seq INTEGER PRIMARY KEY,
            body BLOB NOT NULL,
            revisions TEXT NOT NULL
        );
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY,
            record_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            cause TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            fields TEXT NOT NULL,
            losing TEXT NOT NULL,
            winning TEXT NOT NULL,
            losing_replica TEXT NOT NULL,
            losing_hlc INTEGER NOT NULL,
            winning_replica TEXT NOT NULL,
            winning_hlc INTEGER NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0,
            resolution TEXT,
            created_ms INTEGER NOT NULL
        );
        CREATE INDEX conflicts_record ON conflicts(record_id);
        -- evidence files kept by sha256 in the device's evidence folder
        CREATE TABLE evidence (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mime TEXT NOT NULL,
            state TEXT NOT NULL,
            sent INTEGER NOT NULL DEFAULT 0,
            added_ms INTEGER NOT NULL
        );
        CREATE INDEX evidence_state ON evidence(state);
        """,
    )


@MIGRATIONS(name="0002_outbox_resend")
def _outbox_resend(db: Database) -> None:
    # 1: the change is this device's copy sent again after the server was restored from a
    # backup (sync.restore); it stays so through later edits until the server answered it
    db.execute("ALTER TABLE outbox ADD COLUMN resend INTEGER NOT NULL DEFAULT 0")


def apply_migrations(db: Database) -> list[str]:
    """Run every pending migration; return the names applied."""
    names = [m.name for m in MIGRATIONS.pending(db)]
    MIGRATIONS.apply(db)
    return names
