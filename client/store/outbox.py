"""The outbox: unsynced changes, at most one per record, written with the edit itself.

A second edit of a record before it is synced updates the pending change: its ``vv`` takes the
new bump, ``changed`` becomes the union of the changed fields, ``base_vv`` keeps the version the
first edit started from, and ``revision`` goes up (so that a push answer for an older revision
does not drop a newer edit).

A change sent again after the server was restored (``resend``, :mod:`sync.restore`) stays one
through later edits of the record until the server answered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from client.store._json import dumps, loads, loads_vv
from sync.records import Change

__all__ = ["Outbox", "Pending"]

_COLUMNS = "record_id, kind, owner, fields, changed, base_vv, vv, hlc, deleted, revision, resend"


@dataclass(frozen=True, slots=True)
class Pending:
    """One outbox entry: the change to push and its revision."""

    change: Change
    revision: int


def _pending(row: tuple[Any, ...], replica: str) -> Pending:
    change = Change(
        kind=row[1],
        id=row[0],
        owner=row[2],
        fields=loads(row[3]),
        changed=loads(row[4]),
        base_vv=loads_vv(row[5]),
        vv=loads_vv(row[6]),
        hlc=row[7],
        replica=replica,
        deleted=bool(row[8]),
        resend=bool(row[10]),
    )
    return Pending(change=change, revision=row[9])


class Outbox:
    """Access to the ``outbox`` table. ``replica`` is this device's id (the changes' author)."""

    def __init__(self, db: Database, replica: str) -> None:
        self._db = db
        self.replica = replica

    def get(self, record_id: str) -> Pending | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE record_id = ?", [record_id]
        ).fetchone()
        return None if row is None else _pending(row, self.replica)

    def put(self, change: Change, revision: int, now_ms: int) -> None:
        """Insert or replace the pending change of ``change.id`` (a pending re-send stays one:
        see the module's text)."""
        self._db.execute(
            f"INSERT INTO outbox ({_COLUMNS}, created_ms, updated_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(record_id) DO UPDATE SET fields = excluded.fields, "
            "changed = excluded.changed, base_vv = excluded.base_vv, vv = excluded.vv, "
            "hlc = excluded.hlc, deleted = excluded.deleted, revision = excluded.revision, "
            "resend = max(outbox.resend, excluded.resend), updated_ms = excluded.updated_ms",
            [
                change.id,
                change.kind,
                change.owner,
                dumps(change.fields),
                dumps(change.changed),
                dumps(change.base_vv),
                dumps(change.vv),
                change.hlc,
                int(change.deleted),
                revision,
                int(change.resend),
                now_ms,
                now_ms,
            ],
        )

    def remove(self, record_id: str) -> None:
        self._db.execute("DELETE FROM outbox WHERE record_id = ?", [record_id])

    def batch(self, limit: int) -> list[Pending]:
        """The oldest pending changes, at most ``limit``."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox ORDER BY created_ms, record_id LIMIT ?", [limit]
        )
        return [_pending(row, self.replica) for row in rows]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT record_id FROM outbox")}
