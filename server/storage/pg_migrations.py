"""Schema migrations of the PostgreSQL store: its own history (the SQLite store's is
:mod:`server.storage.migrations`), recorded in ``_migrations`` and applied at startup.

Column types mirror the SQLite schema the queries were written for: flags stay integers 0/1,
times are seconds as ``double precision``, text compares byte-wise (``COLLATE "C"``, as SQLite
does) so that every ``ORDER BY`` gives the same order on both engines. Several server processes
may start at once: the whole run holds an advisory lock, so one applies and the others find the
migrations done. Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from server.storage.migrations import Migration

if TYPE_CHECKING:
    import psycopg

__all__ = ["MIGRATION_LOCK", "PG_MIGRATIONS", "apply_pg_migrations"]

MIGRATION_LOCK = 0x4B494E4A_00000001
"""Advisory lock key held while migrations run ("KINJ" + 1)."""

_T = 'text COLLATE "C"'

PG_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_schema",
        f"""
        CREATE TABLE units (
            id {_T} PRIMARY KEY,
            name {_T} NOT NULL,
            parent_id {_T} REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
            opd_id {_T},
            kind {_T} NOT NULL DEFAULT ''
        );
        CREATE INDEX units_opd ON units(opd_id);
        CREATE TABLE employees (
            nip {_T} PRIMARY KEY,
            name {_T} NOT NULL,
            unit_id {_T} NOT NULL REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
            supervisor_nip {_T},
            jabatan {_T} NOT NULL DEFAULT '',
            kind {_T} NOT NULL DEFAULT '',
            active integer NOT NULL DEFAULT 1
        );
        CREATE INDEX employees_supervisor ON employees(supervisor_nip);
        CREATE INDEX employees_unit ON employees(unit_id);
        CREATE TABLE accounts (
            nip {_T} PRIMARY KEY REFERENCES employees(nip),
            password_hash {_T} NOT NULL,
            must_change integer NOT NULL DEFAULT 0,
            temporary_until double precision,
            changed_at double precision
        );
        CREATE TABLE admin_grants (
            nip {_T} NOT NULL REFERENCES accounts(nip),
            role {_T} NOT NULL,
            opd_id {_T}
        );
        CREATE UNIQUE INDEX admin_grants_unique ON admin_grants(nip, role, coalesce(opd_id, ''));
        CREATE TABLE counters (name {_T} PRIMARY KEY, value bigint NOT NULL);
        CREATE TABLE devices (
            id {_T} PRIMARY KEY,
            nip {_T} NOT NULL REFERENCES employees(nip),
            token_hash {_T} NOT NULL,
            name {_T} NOT NULL DEFAULT '',
            created double precision NOT NULL,
            last_seen double precision NOT NULL,
            expires double precision NOT NULL,
            revoked integer NOT NULL DEFAULT 0,
            revoked_at double precision,
            pull_cursor bigint NOT NULL DEFAULT 0,
            retained_at_start bigint NOT NULL DEFAULT 0,
            key_hash {_T}
        );
        CREATE UNIQUE INDEX devices_token ON devices(token_hash);
        CREATE INDEX devices_nip ON devices(nip);
        CREATE INDEX devices_last_seen ON devices(last_seen);
        CREATE TABLE device_visible_owners (
            device_id {_T} NOT NULL REFERENCES devices(id),
            owner {_T} NOT NULL,
            PRIMARY KEY (device_id, owner)
        );
        CREATE TABLE records (
            id {_T} PRIMARY KEY,
            kind {_T} NOT NULL,
            owner {_T} NOT NULL,
            fields bytea NOT NULL,
            vv bytea NOT NULL,
            hlc bigint NOT NULL,
            field_clocks bytea NOT NULL,
            author {_T} NOT NULL,
            deleted integer NOT NULL DEFAULT 0,
            seq bigint NOT NULL
        );
        CREATE UNIQUE INDEX records_seq ON records(seq);
        CREATE INDEX records_owner_seq ON records(owner, seq);
        CREATE INDEX records_kind_seq ON records(kind, seq);
        CREATE TABLE conflicts (
            id {_T} PRIMARY KEY,
            record_id {_T} NOT NULL,
            kind {_T} NOT NULL,
            owner {_T} NOT NULL,
            created double precision NOT NULL,
            detail bytea NOT NULL,
            resolved integer NOT NULL DEFAULT 0
        );
        CREATE INDEX conflicts_record ON conflicts(record_id);
        CREATE INDEX conflicts_owner ON conflicts(owner);
        CREATE TABLE tombstones (
            record_id {_T} PRIMARY KEY,
            kind {_T} NOT NULL,
            owner {_T} NOT NULL,
            seq bigint NOT NULL,
            deleted_at double precision NOT NULL
        );
        CREATE INDEX tombstones_seq ON tombstones(seq);
        CREATE TABLE push_batches (
            device_id {_T} NOT NULL REFERENCES devices(id),
            batch_seq bigint NOT NULL,
            result bytea NOT NULL,
            PRIMARY KEY (device_id, batch_seq)
        );
        CREATE TABLE evidence (
            sha256 {_T} PRIMARY KEY,
            size bigint NOT NULL,
            mime {_T} NOT NULL,
            path {_T} NOT NULL,
            received bigint NOT NULL,
            complete integer NOT NULL DEFAULT 0,
            owner {_T} NOT NULL,
            created double precision NOT NULL,
            completed double precision
        );
        CREATE INDEX evidence_owner ON evidence(owner);
        CREATE TABLE evidence_refs (
            sha256 {_T} NOT NULL,
            record_id {_T} NOT NULL,
            owner {_T} NOT NULL,
            PRIMARY KEY (sha256, record_id)
        );
        CREATE INDEX evidence_refs_record ON evidence_refs(record_id);
        CREATE TABLE evidence_holders (
            sha256 {_T} NOT NULL,
            nip {_T} NOT NULL,
            since double precision NOT NULL,
            PRIMARY KEY (sha256, nip)
        );
        CREATE TABLE final_stamps (
            record_id {_T} PRIMARY KEY,
            final_at double precision NOT NULL
        );
        CREATE TABLE audit_log (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            ts double precision NOT NULL,
            nip {_T} NOT NULL,
            device_id {_T},
            action {_T} NOT NULL,
            record_kind {_T},
            record_id {_T},
            detail {_T} NOT NULL DEFAULT '{{}}',
            subject {_T}
        );
        CREATE INDEX audit_log_record ON audit_log(record_id);
        CREATE INDEX audit_log_subject ON audit_log(subject, id);
        CREATE INDEX audit_log_nip ON audit_log(nip, id);
        CREATE TABLE report_facts (
            record_id {_T} PRIMARY KEY,
            kind {_T} NOT NULL,
            owner {_T} NOT NULL,
            unit_id {_T},
            opd_id {_T},
            day {_T},
            period {_T},
            status {_T},
            predikat {_T},
            value double precision,
            ref {_T}
        );
        CREATE INDEX report_facts_day ON report_facts(kind, day, opd_id, unit_id, owner)
            WHERE day IS NOT NULL;
        CREATE INDEX report_facts_unit ON report_facts(kind, unit_id, owner, day);
        CREATE INDEX report_facts_owner ON report_facts(owner, kind, day);
        CREATE INDEX report_facts_period
            ON report_facts(kind, period, status, opd_id, unit_id, owner, predikat)
            WHERE period IS NOT NULL;
        CREATE INDEX report_facts_ref ON report_facts(kind, ref) WHERE ref IS NOT NULL;
        """,
    ),
    Migration(
        "0002_shared_state",
        f"""
        CREATE TABLE login_throttle (
            key {_T} PRIMARY KEY,
            nip {_T},
            failures bigint NOT NULL,
            wait_until double precision NOT NULL,
            forget_at double precision NOT NULL
        );
        CREATE INDEX login_throttle_nip ON login_throttle(nip);
        CREATE INDEX login_throttle_forget ON login_throttle(forget_at);
        CREATE INDEX login_throttle_wait ON login_throttle(wait_until);
        CREATE TABLE evidence_proofs (
            sha256 {_T} NOT NULL,
            nip {_T} NOT NULL,
            proven bigint NOT NULL,
            advanced_at double precision NOT NULL,
            PRIMARY KEY (sha256, nip)
        );
        CREATE INDEX evidence_proofs_at ON evidence_proofs(advanced_at);
        """,
    ),
    Migration(
        "0003_scope_sent",
        f"""
        CREATE TABLE device_sent_owners (
            device_id {_T} NOT NULL REFERENCES devices(id),
            owner {_T} NOT NULL,
            PRIMARY KEY (device_id, owner)
        );
        ALTER TABLE devices ADD COLUMN scope_sent_from bigint NOT NULL DEFAULT -1;
        ALTER TABLE devices ADD COLUMN scope_sent_to bigint NOT NULL DEFAULT -1;
        """,
    ),
)


def apply_pg_migrations(
    conn: psycopg.Connection[Any], migrations: tuple[Migration, ...] = PG_MIGRATIONS
) -> list[str]:
    """Run every migration not yet recorded, all in one transaction under
    :data:`MIGRATION_LOCK`; return the names applied now."""
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations"
            ' (name text COLLATE "C" PRIMARY KEY, applied_at double precision NOT NULL)'
        )
        done = {row[0] for row in conn.execute("SELECT name FROM _migrations").fetchall()}
        for migration in migrations:
            if migration.name in done:
                continue
            conn.execute(migration.sql)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (%s, %s)",
                (migration.name, time.time()),
            )
            applied.append(migration.name)
    return applied
