"""Column lists of the store's tables, the functions that turn a selected row into a value, and
the connection protocol the queries run on (``sqlite3`` and the PostgreSQL adapter both fit).

Shared by the session (sync, master data) and the report queries so that a table's columns are
named in one place.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, Protocol

import msgspec

from server.storage.rows import (
    AuditEntry,
    ConflictRow,
    Device,
    Employee,
    EvidenceRow,
    StoredRecord,
    Unit,
)

__all__ = [
    "AUDIT_COLS",
    "CONFLICT_COLS",
    "DEVICE_COLS",
    "EMPLOYEE_COLS",
    "EVIDENCE_COLS",
    "RECORD_COLS",
    "TOMBSTONE_COLS",
    "UNIT_COLS",
    "SqlConnection",
    "SqlCursor",
    "audit_from_row",
    "conflict_from_row",
    "content_from_row",
    "device_from_row",
    "employee_from_row",
    "evidence_from_row",
    "insert_rows",
    "json_list",
    "record_from_row",
    "unit_from_row",
    "upsert_sql",
]

UNIT_COLS = "id, name, parent_id, opd_id, kind"
EMPLOYEE_COLS = "nip, name, unit_id, supervisor_nip, jabatan, kind, active"
DEVICE_COLS = (
    "id, nip, token_hash, created, last_seen, expires, revoked, revoked_at, name, pull_cursor,"
    " retained_at_start"
)
RECORD_COLS = "id, kind, owner, fields, vv, hlc, field_clocks, author, deleted, seq"
CONFLICT_COLS = "id, record_id, kind, owner, created, detail, resolved"
EVIDENCE_COLS = "sha256, size, mime, path, received, complete, owner, created, completed"
AUDIT_COLS = "id, ts, nip, device_id, action, record_kind, record_id, detail, subject"
TOMBSTONE_COLS = "record_id, kind, owner, seq, deleted_at"


class SqlCursor(Protocol):
    """What the queries use of a cursor (``sqlite3.Cursor`` and psycopg's both have it)."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...
    def close(self) -> None: ...


class SqlConnection(Protocol):
    """What the queries use of a connection: SQLite's placeholders (``?``, ``?N``)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> SqlCursor: ...
    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> SqlCursor: ...


def upsert_sql(table: str, cols: str, key: str) -> str:
    """``INSERT`` of one row of ``cols`` that replaces the columns of the row with the same
    ``key`` (an upsert: the row stays where it is, both engines run it)."""
    names = [c.strip() for c in cols.split(",")]
    keys = {k.strip() for k in key.split(",")}
    sets = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
    marks = ", ".join("?" * len(names))
    return f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT({key}) DO UPDATE SET {sets}"


_ROWS_PER_STATEMENT = 100
"""Rows written by one multi-row ``INSERT``. One statement is one ``sqlite3_step``, during
which Python's sqlite3 module lets other threads run; ``executemany`` steps once per row, and
a writer whose every row must win the interpreter lock back from the threads decoding the next
requests crawls."""


@functools.lru_cache(maxsize=64)
def _values_sql(head: str, width: int, rows: int, tail: str) -> str:
    one = "(" + ", ".join("?" * width) + ")"
    return f"{head} VALUES {', '.join([one] * rows)}{tail}"


_json_encode = msgspec.json.encode


def json_list(values: Iterable[str]) -> str:
    """``values`` as a JSON array, for ``json_each(?)`` (msgspec: a push sends 500 ids at once,
    and ``json.dumps`` took ~0.4 us of server CPU a record for them)."""
    return _json_encode(list(values)).decode()


def insert_rows(
    conn: SqlConnection, head: str, rows: Sequence[tuple[Any, ...]], tail: str = ""
) -> None:
    """``head VALUES (...), (...) tail`` for every row, in order, up to a hundred rows a
    statement (``head``: ``INSERT INTO t (a, b)``; ``tail``: an ``ON CONFLICT`` clause)."""
    if not rows:
        return
    own = getattr(conn, "insert_rows", None)
    if own is not None:  # a connection with a better bulk path (PostgreSQL: a pipeline)
        own(head, rows, tail)
        return
    width = len(rows[0])
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        conn.execute(_values_sql(head, width, len(chunk), tail), list(chain.from_iterable(chunk)))


def unit_from_row(row: tuple[Any, ...]) -> Unit:
    return Unit(id=row[0], name=row[1], parent_id=row[2], opd_id=row[3], kind=row[4])


def employee_from_row(row: tuple[Any, ...]) -> Employee:
    return Employee(
        nip=row[0],
        name=row[1],
        unit_id=row[2],
        supervisor_nip=row[3],
        jabatan=row[4],
        kind=row[5],
        active=bool(row[6]),
    )


def device_from_row(row: tuple[Any, ...]) -> Device:
    return Device(
        id=row[0],
        nip=row[1],
        token_hash=row[2],
        created=row[3],
        last_seen=row[4],
        expires=row[5],
        revoked=bool(row[6]),
        revoked_at=row[7],
        name=row[8],
        pull_cursor=row[9],
        retained_at_start=row[10],
    )


def record_from_row(row: tuple[Any, ...]) -> StoredRecord:
    return StoredRecord(
        id=row[0],
        kind=row[1],
        owner=row[2],
        fields=bytes(row[3]),
        vv=bytes(row[4]),
        hlc=row[5],
        field_clocks=bytes(row[6]),
        author=row[7],
        deleted=bool(row[8]),
        seq=row[9],
    )


def conflict_from_row(row: tuple[Any, ...]) -> ConflictRow:
    return ConflictRow(
        id=row[0],
        record_id=row[1],
        kind=row[2],
        owner=row[3],
        created=row[4],
        detail=bytes(row[5]),
        resolved=bool(row[6]),
    )


def evidence_from_row(row: tuple[Any, ...]) -> EvidenceRow:
    return EvidenceRow(
        sha256=row[0],
        size=row[1],
        mime=row[2],
        path=row[3],
        received=row[4],
        complete=bool(row[5]),
        owner=row[6],
        created=row[7],
        completed=row[8],
    )


def audit_from_row(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(
        id=row[0],
        ts=row[1],
        nip=row[2],
        device_id=row[3],
        action=row[4],
        record_kind=row[5],
        record_id=row[6],
        detail=json.loads(row[7]),
        subject=row[8],
    )


def content_from_row(row: tuple[Any, ...]) -> StoredRecord:
    """A record from ``id, kind, owner, fields, deleted`` only: enough to derive facts from."""
    return StoredRecord(
        id=row[0],
        kind=row[1],
        owner=row[2],
        fields=bytes(row[3]),
        vv=b"",
        hlc=0,
        field_clocks=b"",
        author="",
        deleted=bool(row[4]),
    )
