"""Conflict records: values that lost a merge or were refused, kept until a person resolves them."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlite_utils import Database

from client.store._json import dumps, loads

__all__ = ["ConflictRow", "Conflicts"]

_COLUMNS = (
    "id, record_id, kind, owner, cause, message, fields, losing, winning, losing_replica, "
    "losing_hlc, winning_replica, winning_hlc, resolved, resolution, created_ms"
)


class ConflictRow(msgspec.Struct, frozen=True, kw_only=True):
    """One conflict as the device keeps it (``cause``: field, deleted, locked, transition,
    purged, or ``rejected`` for a change the server refused outright). The screens' view of
    a conflict (``client.ops.view_models.ConflictView``) is this row with words added."""

    id: str
    record_id: str
    kind: str
    owner: str
    cause: str
    message: str
    fields: list[str]
    losing: dict[str, Any]
    winning: dict[str, Any]
    losing_replica: str
    losing_hlc: int
    winning_replica: str
    winning_hlc: int
    resolved: bool = False
    resolution: str | None = None
    created_ms: int = 0

    def as_dict(self) -> dict[str, Any]:
        return msgspec.structs.asdict(self)


def _row(row: tuple[Any, ...]) -> ConflictRow:
    return ConflictRow(
        id=row[0],
        record_id=row[1],
        kind=row[2],
        owner=row[3],
        cause=row[4],
        message=row[5],
        fields=loads(row[6]),
        losing=loads(row[7]),
        winning=loads(row[8]),
        losing_replica=row[9],
        losing_hlc=row[10],
        winning_replica=row[11],
        winning_hlc=row[12],
        resolved=bool(row[13]),
        resolution=row[14],
        created_ms=row[15],
    )


class Conflicts:
    """Access to the ``conflicts`` table. Adding a known id again changes nothing."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, c: ConflictRow) -> bool:
        """Store ``c`` unless a conflict with its id exists; return True when it was new."""
        cursor = self._db.execute(
            f"INSERT OR IGNORE INTO conflicts ({_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                c.id,
                c.record_id,
                c.kind,
                c.owner,
                c.cause,
                c.message,
                dumps(c.fields),
                dumps(c.losing),
                dumps(c.winning),
                c.losing_replica,
                c.losing_hlc,
                c.winning_replica,
                c.winning_hlc,
                int(c.resolved),
                c.resolution,
                c.created_ms,
            ],
        )
        return bool(cursor.rowcount)

    def get(self, conflict_id: str) -> ConflictRow | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM conflicts WHERE id = ?", [conflict_id]
        ).fetchone()
        return None if row is None else _row(row)

    def find(self, prefix: str) -> list[ConflictRow]:
        """Conflicts whose id starts with ``prefix`` (users type short ids)."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM conflicts WHERE id LIKE ? ORDER BY id", [prefix + "%"]
        )
        return [_row(row) for row in rows]

    def all(self, *, include_resolved: bool = False) -> list[ConflictRow]:
        sql = f"SELECT {_COLUMNS} FROM conflicts"
        if not include_resolved:
            sql += " WHERE resolved = 0"
        return [_row(row) for row in self._db.execute(sql + " ORDER BY created_ms, id")]

    def resolve(self, conflict_id: str, resolution: str) -> None:
        self._db.execute(
            "UPDATE conflicts SET resolved = 1, resolution = ? WHERE id = ?",
            [resolution, conflict_id],
        )

    def open_count(self) -> int:
        return int(
            self._db.execute("SELECT count(*) FROM conflicts WHERE resolved = 0").fetchone()[0]
        )
