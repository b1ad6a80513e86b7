"""Small builders for the sync unit tests."""

from __future__ import annotations

from typing import Any

import sync
from sync import Relation
from sync.hlc import pack

SERVER = "S"
NOW = pack(1_700_000_000_000)
NIP = "199001012015011001"


def edit(
    local: sync.Record | None,
    patch: dict[str, Any],
    *,
    kind: str = "progress_log",
    rid: str = "r1",
    replica: str = "d1",
    counter: int | None = None,
    ms: int = 1_700_000_000_000,
    pending: sync.Change | None = None,
    delete: bool = False,
    remove: tuple[str, ...] = (),
) -> tuple[sync.Record, sync.Change]:
    if counter is None:
        counter = (local.vv.get(replica, 0) if local else 0) + 1
    return sync.local_edit(
        local,
        pending,
        kind=kind,
        id=rid,
        owner=NIP,
        patch=patch,
        replica=replica,
        counter=counter,
        hlc=pack(ms),
        delete=delete,
        remove=remove,
    )


def decide(
    stored: sync.Record | None,
    change: sync.Change,
    relation: Relation = Relation.OWNER,
    **kw: Any,
) -> sync.Decision:
    return sync.reconcile(
        stored, change, relation=relation, server_replica=SERVER, now_hlc=NOW, **kw
    )


def stored(
    patch: dict[str, Any], *, kind: str = "progress_log", relation: Relation = Relation.OWNER
) -> sync.Record:
    """A record as the server holds it after a clean create."""
    _, change = edit(None, patch, kind=kind, replica="d0", ms=1_699_999_000_000)
    decision = decide(None, change, relation)
    assert isinstance(decision, sync.Applied), decision
    return decision.record
