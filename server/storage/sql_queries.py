"""The SQL of the server's store: one :class:`SqlQueries` answers every Reader and Writer call
on the connection it was given. Transactions belong to the storage (:mod:`server.storage.sqlite`,
:mod:`server.storage.postgres`).

The statements are written in the subset SQLite and PostgreSQL share (upserts with
``ON CONFLICT``, ``CASE`` instead of two-argument ``max``); what remains of SQLite's dialect
(``?`` and ``?N`` placeholders, ``json_each``) is translated for PostgreSQL in one place,
:mod:`server.storage.pg_connection`, and the few statements that must differ are overridden in
:class:`server.storage.pg_queries.PgQueries`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from server.storage.report_sql import ReportSql
from server.storage.sql_audit import AuditSql
from server.storage.sql_devices import DeviceSql, mint_device_id
from server.storage.sql_evidence import EvidenceSql
from server.storage.sql_master import MasterSql
from server.storage.sql_records import RecordSql
from server.storage.sql_tombstones import TombstoneSql
from server.storage.state_sql import StateSql

__all__ = ["SqlQueries", "mint_device_id"]


class SqlQueries(
    MasterSql, DeviceSql, RecordSql, TombstoneSql, EvidenceSql, AuditSql, ReportSql, StateSql
):
    """Reader and Writer over one connection (the caller holds the transaction): one mixin per
    part of the storage interface (:mod:`server.storage.base`)."""


if TYPE_CHECKING:  # each part's mixin is structurally that part's writer (mypy checks these)
    from server.storage import base

    def _parts(
        master: MasterSql,
        device: DeviceSql,
        record: RecordSql,
        tombstone: TombstoneSql,
        evidence: EvidenceSql,
        audit: AuditSql,
        report: ReportSql,
        state: StateSql,
    ) -> tuple[
        base.MasterWriter,
        base.DeviceWriter,
        base.RecordWriter,
        base.TombstoneWriter,
        base.EvidenceWriter,
        base.AuditWriter,
        base.ReportWriter,
        base.StateWriter,
    ]:
        return master, device, record, tombstone, evidence, audit, report, state

    def _whole(queries: SqlQueries) -> base.Writer:
        return queries
