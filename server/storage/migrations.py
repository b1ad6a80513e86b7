"""Schema migrations of the SQLite store, registered in order and recorded in ``_migrations``.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass

__all__ = ["MIGRATIONS", "Migration", "apply_migrations"]

_NAME = re.compile(r"^[0-9]{4}_[a-z0-9_]+$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a name recorded in the database and the SQL script it runs."""

    name: str
    sql: str

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"migration name {self.name!r} must look like 0001_what_it_does")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_master_data",
        """
        CREATE TABLE units (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent_id TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
            opd_id TEXT,
            kind TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX units_opd ON units(opd_id);
        CREATE TABLE employees (
            nip TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            unit_id TEXT NOT NULL REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
            supervisor_nip TEXT,
            jabatan TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX employees_supervisor ON employees(supervisor_nip);
        CREATE INDEX employees_unit ON employees(unit_id);
        """,
    ),
    Migration(
        "0002_accounts_devices",
        """
        CREATE TABLE accounts (
            nip TEXT PRIMARY KEY REFERENCES employees(nip),
            password_hash TEXT NOT NULL
        );
        CREATE TABLE admin_grants (
            nip TEXT NOT NULL REFERENCES accounts(nip),
            role TEXT NOT NULL,
            opd_id TEXT
        );
        CREATE UNIQUE INDEX admin_grants_unique ON admin_grants(nip, role, coalesce(opd_id, ''));
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            nip TEXT NOT NULL REFERENCES employees(nip),
            token_hash TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            last_seen REAL NOT NULL,
            expires REAL NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0,
            revoked_at REAL,
            pull_cursor INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX devices_token ON devices(token_hash);
        CREATE INDEX devices_nip ON devices(nip);
        CREATE TABLE device_visible_owners (
            device_id TEXT NOT NULL REFERENCES devices(id),
            owner TEXT NOT NULL,
            PRIMARY KEY (device_id, owner)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        "0003_records",
        """
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            fields BLOB NOT NULL,
            vv BLOB NOT NULL,
            hlc INTEGER NOT NULL,
            field_clocks BLOB NOT NULL,
            author TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            seq INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX records_seq ON records(seq);
        CREATE INDEX records_owner_seq ON records(owner, seq);
        CREATE INDEX records_kind_seq ON records(kind, seq);
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY,
            record_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            created REAL NOT NULL,
            detail BLOB NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX conflicts_record ON conflicts(record_id);
        CREATE INDEX conflicts_owner ON conflicts(owner);
        CREATE TABLE tombstones (
            record_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            seq INTEGER NOT NULL,
            deleted_at REAL NOT NULL
        );
        CREATE INDEX tombstones_seq ON tombstones(seq);
        CREATE TABLE push_batches (
            device_id TEXT NOT NULL REFERENCES devices(id),
            batch_seq INTEGER NOT NULL,
            result BLOB NOT NULL,
            PRIMARY KEY (device_id, batch_seq)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        "0004_evidence_audit",
        """
        CREATE TABLE evidence (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mime TEXT NOT NULL,
            path TEXT NOT NULL,
            received INTEGER NOT NULL,
            complete INTEGER NOT NULL DEFAULT 0,
            owner TEXT NOT NULL,
            created REAL NOT NULL,
            completed REAL
        );
        CREATE INDEX evidence_owner ON evidence(owner);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts REAL NOT NULL,
            nip TEXT NOT NULL,
            device_id TEXT,
            action TEXT NOT NULL,
            record_kind TEXT,
            record_id TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_log_record ON audit_log(record_id);
        """,
    ),
    Migration(
        "0005_report_facts",
        """
        CREATE TABLE report_facts (
            record_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            owner TEXT NOT NULL,
            unit_id TEXT,
            opd_id TEXT,
            day TEXT,
            period TEXT,
            status TEXT,
            predikat TEXT,
            value REAL,
            ref TEXT
        );
        CREATE INDEX report_facts_day ON report_facts(kind, day, opd_id, unit_id, owner)
            WHERE day IS NOT NULL;
        CREATE INDEX report_facts_unit ON report_facts(kind, unit_id, owner, day);
        CREATE INDEX report_facts_owner ON report_facts(owner, kind, day);
        CREATE INDEX report_facts_period
            ON report_facts(kind, period, status, opd_id, unit_id, owner, predikat)
            WHERE period IS NOT NULL;
        CREATE INDEX report_facts_ref ON report_facts(kind, ref) WHERE ref IS NOT NULL;
        ALTER TABLE audit_log ADD COLUMN subject TEXT;
        CREATE INDEX audit_log_subject ON audit_log(subject, id);
        CREATE INDEX audit_log_nip ON audit_log(nip, id);
        CREATE INDEX devices_last_seen ON devices(last_seen);
        """,
    ),
    Migration(
        "0006_evidence_refs",
        """
        CREATE TABLE evidence_refs (
            sha256 TEXT NOT NULL,
            record_id TEXT NOT NULL,
            owner TEXT NOT NULL,
            PRIMARY KEY (sha256, record_id)
        ) WITHOUT ROWID;
        CREATE INDEX evidence_refs_record ON evidence_refs(record_id);
        """,
    ),
    Migration(
        "0007_tombstone_horizon",
        """
        ALTER TABLE devices ADD COLUMN retained_at_start INTEGER NOT NULL DEFAULT 0;
        """,
    ),
    Migration(
        "0008_evidence_holders",
        """
        CREATE TABLE evidence_holders (
            sha256 TEXT NOT NULL,
            nip TEXT NOT NULL,
            since REAL NOT NULL,
            PRIMARY KEY (sha256, nip)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO evidence_holders (sha256, nip, since)
            SELECT sha256, owner, coalesce(completed, created) FROM evidence WHERE complete = 1;
        """,
    ),
    Migration(
        "0009_facts_projection",
        """
        INSERT OR IGNORE INTO counters (name, value)
            SELECT 'facts_seq', coalesce(max(seq), 0) FROM records;
        """,
    ),
    Migration(
        "0010_account_security",
        """
        ALTER TABLE accounts ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE accounts ADD COLUMN temporary_until REAL;
        ALTER TABLE accounts ADD COLUMN changed_at REAL;
        ALTER TABLE devices ADD COLUMN key_hash TEXT;
        """,
    ),
    Migration(
        "0011_final_stamps",
        """
        CREATE TABLE final_stamps (
            record_id TEXT PRIMARY KEY,
            final_at REAL NOT NULL
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        "0012_shared_state",
        """
        CREATE TABLE login_throttle (
            key TEXT PRIMARY KEY,
            nip TEXT,
            failures INTEGER NOT NULL,
            wait_until REAL NOT NULL,
            forget_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX login_throttle_nip ON login_throttle(nip);
        CREATE INDEX login_throttle_forget ON login_throttle(forget_at);
        CREATE INDEX login_throttle_wait ON login_throttle(wait_until);
        CREATE TABLE evidence_proofs (
            sha256 TEXT NOT NULL,
            nip TEXT NOT NULL,
            proven INTEGER NOT NULL,
            advanced_at REAL NOT NULL,
            PRIMARY KEY (sha256, nip)
        ) WITHOUT ROWID;
        CREATE INDEX evidence_proofs_at ON evidence_proofs(advanced_at);
        """,
    ),
    Migration(
        "0013_scope_sent",
        """
        CREATE TABLE device_sent_owners (
            device_id TEXT NOT NULL REFERENCES devices(id),
            owner TEXT NOT NULL,
            PRIMARY KEY (device_id, owner)
        ) WITHOUT ROWID;
        ALTER TABLE devices ADD COLUMN scope_sent_from INTEGER NOT NULL DEFAULT -1;
        ALTER TABLE devices ADD COLUMN scope_sent_to INTEGER NOT NULL DEFAULT -1;
        """,
    ),
)


def apply_migrations(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[str]:
    """Run every migration not yet recorded, each in its own transaction; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        # executescript() runs the whole step as one script; the BEGIN/COMMIT inside it make the
        # step atomic, and a failure rolls the half-done step back before re-raising.
        record = f"INSERT INTO _migrations VALUES ('{migration.name}', {time.time()});"
        script = f"BEGIN IMMEDIATE;\n{migration.sql}\n{record}\nCOMMIT;"
        try:
            conn.executescript(script)
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(migration.name)
    return applied
