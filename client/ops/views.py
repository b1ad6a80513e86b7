"""Read-only views: the SKP with progress so far, the sync status, and the full export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from client.context import Context
from client.errors import InvalidInputError
from client.ops.conflicts import conflict_view
from client.ops.realised import realised
from client.ops.view_models.device import DeviceStatus
from client.ops.view_models.skp import SkpIndicator, SkpRhk, SkpView
from shared_models import SkpStatus, parse_period_code
from shared_models.realisation import aggregation_of

__all__ = ["export", "skp_view", "status"]


def skp_view(ctx: Context, *, year: int | None = None, nip: str | None = None) -> SkpView:
    owner = nip or ctx.nip
    if owner != ctx.nip:
        ctx.require_subordinate(owner)
    year = year or ctx.today().year
    skp = ctx.skp_of(owner, year)
    if skp is None:
        raise InvalidInputError(
            f"SKP tahun {year} untuk NIP {owner} tidak ada di perangkat ini; sinkronkan dulu"
        )
    f = skp.fields
    done = realised(ctx, owner, f, parse_period_code(str(year)))
    rhk = []
    for r in f.get("rhk", []):
        indicators = [
            SkpIndicator(
                id=i["id"],
                aspect=i["aspect"],
                text=i["text"],
                target=i["target_value"],
                unit=i["target_unit"],
                realised=done.get(i["id"], 0.0),
                aggregation=aggregation_of(i).value,
            )
            for i in r.get("indicators", [])
        ]
        rhk.append(SkpRhk(id=r["id"], kind=r["kind"], text=r["text"], indicators=indicators))
    status = f.get("status")
    return SkpView(
        id=skp.id,
        nip=owner,
        year=f.get("year"),
        status=SkpStatus(status) if status else None,
        supervisor_nip=f.get("supervisor_nip"),
        rhk=rhk,
    )


def _iso(ms: int | None) -> str | None:
    if not ms:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status(ctx: Context) -> DeviceStatus:
    meta = ctx.store.meta
    return DeviceStatus(
        nip=ctx.nip,
        name=meta.get("name", ""),
        roles=meta.get("roles", []),
        server=meta.get("server_url"),
        device_id=meta.get("device_id"),
        pending_changes=ctx.store.outbox.count(),
        unanswered_batch=ctx.store.inflight.get() is not None,
        open_conflicts=ctx.store.conflicts.open_count(),
        records=ctx.store.records.count(),
        evidence_to_upload=len(ctx.store.evidence.in_state("upload")),
        evidence_to_download=len(ctx.store.evidence.in_state("remote")),
        last_sync=_iso(meta.get("last_sync_ms")),
        cursor=int(meta.get("pull_cursor", 0)),
        sync_blocked=meta.get("sync_block"),
    )


def export(ctx: Context) -> dict[str, Any]:
    """Everything the device holds: records with vectors and state, outbox, conflicts, evidence."""
    records = [
        {
            "kind": r.kind,
            "id": r.id,
            "owner": r.owner,
            "fields": r.fields,
            "vv": r.vv,
            "hlc": r.hlc,
            "author": r.author,
            "deleted": r.deleted,
            "sync_state": state,
        }
        for r, state in ctx.store.records.rows()
    ]
    outbox = [
        {
            "record_id": p.change.id,
            "kind": p.change.kind,
            "changed": p.change.changed,
            "base_vv": p.change.base_vv,
            "vv": p.change.vv,
            "deleted": p.change.deleted,
            "revision": p.revision,
        }
        for p in ctx.store.outbox.batch(1_000_000)
    ]
    me = ctx.store.outbox.replica
    return {
        "device": msgspec.to_builtins(status(ctx)),
        "records": records,
        "outbox": outbox,
        "conflicts": [
            msgspec.to_builtins(conflict_view(c, me))
            for c in ctx.store.conflicts.all(include_resolved=True)
        ],
        "evidence": [
            {"sha256": e.sha256, "size": e.size, "mime": e.mime, "state": e.state, "sent": e.sent}
            for e in ctx.store.evidence.all()
        ],
    }
