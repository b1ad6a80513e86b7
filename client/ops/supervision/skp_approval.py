"""SKP review: the cascade check, matriks peran hasil, approve or return, Ekspektasi Khusus
Pimpinan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.ops.supervision.messages import RETURN_NOTE_EMPTY
from client.ops.supervision.subordinates import (
    direct_team,
    employees_by_nip,
    realised_in,
    require_direct,
)
from client.ops.view_models.supervision import (
    CascadeMatrix,
    CascadeRow,
    ReviewIndicator,
    ReviewRhk,
    SkpReview,
    SkpSaved,
    Supporter,
    ValueExpectation,
)
from client.store import SYNCED
from shared_models import (
    BERAKHLAK_GUIDES,
    BerakhlakValue,
    RecordKind,
    SkpStatus,
    parse_period_code,
)
from sync.records import Record

__all__ = ["approve_skp", "matrix", "return_skp", "set_expectations", "skp_review"]


def _skp(ctx: Context, nip: str, year: int) -> Record:
    require_direct(ctx, nip)
    skp = ctx.skp_of(nip, year)
    if skp is None:
        raise InvalidInputError(
            f"SKP tahun {year} untuk NIP {nip} tidak ada di perangkat ini; sinkronkan dulu"
        )
    return skp


def _my_rhk(ctx: Context, year: int) -> dict[str, dict[str, Any]]:
    mine = ctx.skp_of(ctx.nip, year)
    return {} if mine is None else {r["id"]: r for r in mine.fields.get("rhk", [])}


def skp_review(ctx: Context, nip: str, year: int) -> SkpReview:
    """A subordinate's SKP with each RHK's cascade link checked against the user's own RHK."""
    skp = _skp(ctx, nip, year)
    f = skp.fields
    mine = _my_rhk(ctx, year)
    year_done = realised_in(ctx, nip, skp, parse_period_code(str(year)))
    rhk = []
    for r in f.get("rhk", []):
        parent = r.get("parent_rhk_id")
        rhk.append(
            ReviewRhk(
                id=r["id"],
                kind=r["kind"],
                text=r["text"],
                parent_rhk_id=parent,
                parent_text=mine[parent]["text"] if parent in mine else "",
                linked=parent in mine,
                indicators=[
                    ReviewIndicator(
                        id=i["id"],
                        aspect=i["aspect"],
                        text=i["text"],
                        target=float(i["target_value"]),
                        unit=i["target_unit"],
                        realised=year_done.get(i["id"], 0.0),
                    )
                    for i in r.get("indicators", [])
                ],
            )
        )
    expectations = {p["value"]: p.get("ekspektasi_khusus", "") for p in f.get("perilaku", [])}
    employee = employees_by_nip(ctx).get(nip, {})
    return SkpReview(
        id=skp.id,
        nip=nip,
        name=employee.get("name", nip),
        year=year,
        status=SkpStatus(f.get("status", SkpStatus.DRAFT)),
        return_note=f.get("return_note", ""),
        sync_state=ctx.store.records.state(skp.id) or SYNCED,
        rhk=rhk,
        unlinked=sum(1 for r in rhk if not r.linked),
        values=[
            ValueExpectation(
                value=v,
                label=v.label,
                guides=list(BERAKHLAK_GUIDES[v]),
                expectation=expectations.get(v.value, ""),
            )
            for v in BerakhlakValue
        ],
        lampiran=dict(f.get("lampiran") or {}),
    )


def matrix(ctx: Context, year: int) -> CascadeMatrix:
    """Matriks peran hasil: for each of the user's RHK, the subordinates' RHK that support it,
    and the subordinates' RHK that point at none of them."""
    mine = _my_rhk(ctx, year)
    supporters: dict[str, list[Supporter]] = {rid: [] for rid in mine}
    unlinked = []
    for e in direct_team(ctx):
        skp = ctx.skp_of(e["nip"], year)
        if skp is None:
            continue
        for r in skp.fields.get("rhk", []):
            item = Supporter(nip=e["nip"], name=e.get("name", e["nip"]), rhk=r["text"])
            parent = r.get("parent_rhk_id")
            if parent in supporters:
                supporters[parent].append(item)
            else:
                unlinked.append(item)
    rows = [
        CascadeRow(id=rid, text=r["text"], kind=r["kind"], supporters=supporters[rid])
        for rid, r in mine.items()
    ]
    return CascadeMatrix(year=year, has_own_skp=bool(mine), rows=rows, unlinked=unlinked)


def _save_skp(ctx: Context, skp: Record, fields: dict[str, Any]) -> SkpSaved:
    ctx.save(RecordKind.SKP, skp.id, skp.owner, fields)
    status = fields.get("status")
    return SkpSaved(
        id=skp.id,
        nip=skp.owner,
        status=SkpStatus(status) if status else None,
        return_note=fields.get("return_note"),
    )


def _with_expectations(
    ctx: Context, fields: dict[str, Any], expectations: Mapping[str, str]
) -> dict[str, Any]:
    known = {v.value for v in BerakhlakValue}
    rows = {p["value"]: dict(p) for p in fields.get("perilaku", [])}
    for value, text in expectations.items():
        if value not in known:
            raise InvalidInputError(
                f"nilai BerAKHLAK '{value}' tidak dikenal; pilih: {', '.join(sorted(known))}"
            )
        rows[value] = {"value": value, "ekspektasi_khusus": text.strip()}
    order = [v.value for v in BerakhlakValue]
    return {**fields, "perilaku": [rows[v] for v in order if v in rows]}


def set_expectations(
    ctx: Context, nip: str, year: int, expectations: Mapping[str, str]
) -> SkpSaved:
    """Write the Ekspektasi Khusus Pimpinan per BerAKHLAK value (before approval)."""
    skp = _skp(ctx, nip, year)
    if skp.fields.get("status") == SkpStatus.DISETUJUI:
        raise InvalidInputError(
            "SKP ini sudah disetujui dan terkunci; kembalikan dulu untuk mengubah ekspektasi"
        )
    fields = _with_expectations(ctx, dict(skp.fields), expectations)
    return _save_skp(ctx, skp, fields)


def approve_skp(
    ctx: Context, nip: str, year: int, *, expectations: Mapping[str, str] | None = None
) -> SkpSaved:
    """Approve a submitted SKP (diajukan -> disetujui), with the expectations if given."""
    skp = _skp(ctx, nip, year)
    status = skp.fields.get("status")
    if status != SkpStatus.DIAJUKAN:
        raise InvalidInputError(
            f"SKP {nip} berstatus '{status}'; hanya SKP yang diajukan dapat disetujui"
        )
    fields = _with_expectations(ctx, dict(skp.fields), expectations or {})
    fields["status"] = SkpStatus.DISETUJUI.value
    fields["return_note"] = ""
    return _save_skp(ctx, skp, fields)


def return_skp(ctx: Context, nip: str, year: int, note: str) -> SkpSaved:
    """Return a submitted or approved SKP for revision with a note."""
    if not note.strip():
        raise InvalidInputError(RETURN_NOTE_EMPTY)
    skp = _skp(ctx, nip, year)
    status = skp.fields.get("status")
    if status not in (SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI):
        raise InvalidInputError(
            f"SKP {nip} berstatus '{status}'; yang dapat dikembalikan hanya SKP yang diajukan "
            "atau disetujui"
        )
    fields = {**skp.fields, "status": SkpStatus.DIKEMBALIKAN.value, "return_note": note.strip()}
    return _save_skp(ctx, skp, fields)
