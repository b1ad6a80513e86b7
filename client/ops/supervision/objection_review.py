"""Objections (keberatan) decided by the Atasan Pejabat Penilai."""

from __future__ import annotations

from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.ops.supervision.messages import DECISION_REASON_EMPTY
from client.ops.supervision.subordinates import employees_by_nip
from client.ops.view_models.supervision import ObjectionItem
from client.store import SYNCED
from shared_models import ObjectionStatus, Predikat, Rating, RecordKind, Role
from shared_models.rules import ratings_for

__all__ = ["decide_objection", "objections"]


def _atasan_of(ctx: Context, nip: str) -> bool:
    """Whether the user decides ``nip``'s keberatan: the supervisor's supervisor, or, when the
    supervisor has none (the Sekda), the decider BKPP named (the server's rule:
    ``server.access.decides_keberatan_of``; the role comes from the server at sign-in)."""
    employees = employees_by_nip(ctx)
    boss = employees.get(nip, {}).get("supervisor_nip")
    if not boss:
        return False
    above = employees.get(str(boss), {}).get("supervisor_nip")
    if above:
        return bool(above == ctx.nip)
    roles = ctx.store.meta.get("roles") or []
    return Role.PEMUTUS_KEBERATAN in roles and ctx.nip not in (nip, boss)


def _rating(value: Any) -> Rating | None:
    return Rating(value) if value else None


def _predikat(value: Any) -> Predikat | None:
    return Predikat(value) if value else None


def objections(ctx: Context, *, include_decided: bool = True) -> list[ObjectionItem]:
    """Keberatan filed against ratings given by the supervisors below the user."""
    employees = employees_by_nip(ctx)
    out = []
    for r in ctx.store.records.of_kind(RecordKind.OBJECTION):
        if r.owner == ctx.nip or not _atasan_of(ctx, r.owner):
            continue
        f = r.fields
        if not include_decided and f.get("status") != ObjectionStatus.DIAJUKAN:
            continue
        appraisal = ctx.store.records.get(str(f.get("appraisal_id")))
        a = {} if appraisal is None else appraisal.fields
        supervisor = str(
            a.get("supervisor_nip") or employees.get(r.owner, {}).get("supervisor_nip")
        )
        out.append(
            ObjectionItem(
                id=r.id,
                nip=r.owner,
                name=employees.get(r.owner, {}).get("name", r.owner),
                supervisor_nip=supervisor,
                supervisor_name=employees.get(supervisor, {}).get("name", supervisor),
                appraisal_id=f["appraisal_id"],
                period_code=a.get("period_code"),
                hasil_kerja=_rating(a.get("hasil_kerja")),
                perilaku_kerja=_rating(a.get("perilaku_kerja")),
                predikat=_predikat(a.get("predikat")),
                appraisal_feedback=a.get("feedback", ""),
                reason=f.get("reason", ""),
                filed_on=f["filed_on"],
                status=ObjectionStatus(f.get("status", ObjectionStatus.DIAJUKAN)),
                decision_reason=f.get("decision_reason", ""),
                new_predikat=_predikat(f.get("new_predikat")),
                sync_state=ctx.store.records.state(r.id) or SYNCED,
            )
        )
    out.sort(key=lambda o: (o.status != ObjectionStatus.DIAJUKAN, o.filed_on, o.id))
    return out


def decide_objection(
    ctx: Context, ref: str, *, uphold: bool, reason: str, new_predikat: str | None = None
) -> dict[str, Any]:
    """Decide a keberatan as Atasan Pejabat Penilai: uphold the predikat (ditolak) or change it
    (dikabulkan, with the new predikat). The decision is final."""
    record = ctx.find(RecordKind.OBJECTION, ref)
    if not _atasan_of(ctx, record.owner):
        raise InvalidInputError(
            "hanya atasan pejabat penilai pegawai ini yang dapat memutus keberatannya"
        )
    if record.fields.get("status") != ObjectionStatus.DIAJUKAN:
        raise InvalidInputError(
            f"keberatan ini sudah diputus ({record.fields.get('status')}); keputusan bersifat final"
        )
    if not reason.strip():
        raise InvalidInputError(DECISION_REASON_EMPTY)
    fields = {**record.fields, "decided_by": ctx.nip, "decision_reason": reason.strip()}
    if uphold:
        if new_predikat:
            raise InvalidInputError("predikat dipertahankan: jangan isi predikat baru")
        fields.update(status=ObjectionStatus.DITOLAK.value, new_predikat=None)
    else:
        try:
            changed = Predikat(new_predikat or "")
        except ValueError:
            raise InvalidInputError(
                "keberatan dikabulkan: pilih predikat baru ("
                + ", ".join(p.value for p in Predikat)
                + ")"
            ) from None
        appraisal = ctx.store.records.get(str(record.fields.get("appraisal_id")))
        if appraisal is not None and appraisal.fields.get("predikat") == changed.value:
            raise InvalidInputError(
                f"predikat baru sama dengan predikat semula ({changed.label}); pilih "
                "'pertahankan' bila predikat tidak berubah"
            )
        # the ratings follow: the fewest changes that give the new predikat (the server
        # writes them into the appraisal: the decided result, everywhere)
        a = {} if appraisal is None else appraisal.fields
        hk, pk = ratings_for(
            changed,
            Rating(a["hasil_kerja"]) if a.get("hasil_kerja") else None,
            Rating(a["perilaku_kerja"]) if a.get("perilaku_kerja") else None,
        )
        fields.update(
            status=ObjectionStatus.DIKABULKAN.value,
            new_predikat=changed.value,
            new_hasil_kerja=hk.value,
            new_perilaku_kerja=pk.value,
        )
    ctx.save(RecordKind.OBJECTION, record.id, record.owner, fields)
    return {"id": record.id, **fields}
