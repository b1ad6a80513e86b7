"""The app's own writes beyond the Device facade: draft an RHK of the own SKP, submit the SKP,
save a self-assessment with a reflection per BerAKHLAK value, rate (and finalize) a subordinate.
Each goes through ``Context.save`` (validated, one transaction with its outbox entry), like every
device edit; one that takes several device operations runs them in one ``Context.action``, so a
button press is saved whole or not at all."""

from __future__ import annotations

from typing import Any

from client.errors import InvalidInputError
from client.service import Device
from shared_models import RecordKind, SkpStatus

__all__ = ["save_assessment", "save_rating", "save_rhk", "submit_skp"]


def save_rhk(device: Device, year: int, rhk_id: str | None, rhk: dict[str, Any]) -> str:
    """Add an RHK to the own SKP (``rhk_id`` None) or change one, while the SKP is a draft or
    was returned. ``rhk`` is what ``client.ui.pegawai.validation.validate_rhk`` returns: the RHK
    with the supervisor's RHK it supports and one indicator with its target (an RHK changed here
    keeps its other indicators). Returns the RHK's id."""
    ctx = device.ctx
    record = ctx.skp_of(ctx.nip, year)
    if record is None:
        raise InvalidInputError(f"SKP tahun {year} tidak ada di perangkat ini; sinkronkan dulu")
    fields = record.fields
    if fields.get("status") not in (SkpStatus.DRAFT, SkpStatus.DIKEMBALIKAN):
        raise InvalidInputError(
            "SKP ini sudah diajukan atau disetujui; RHK hanya dapat diubah selama SKP masih "
            "draf atau dikembalikan atasan"
        )
    supervisor = fields.get("supervisor_nip")
    parent_skp = ctx.skp_of(supervisor, year) if supervisor else None
    if parent_skp is not None:
        parents = {r["id"] for r in parent_skp.fields.get("rhk", [])}
    else:  # not on an employee's device: the supervisor's RHK this SKP already supports
        parents = {r["parent_rhk_id"] for r in fields.get("rhk", []) if r.get("parent_rhk_id")}
    if rhk["parent"] not in parents:
        raise InvalidInputError("RHK atasan yang dipilih tidak ada di SKP atasan; sinkronkan dulu")
    rows = [dict(r) for r in fields.get("rhk", [])]
    old = next((r for r in rows if r["id"] == rhk_id), None) if rhk_id else None
    if rhk_id and old is None:
        raise InvalidInputError(f"RHK {rhk_id} tidak ada di SKP ini")
    indicators = [dict(i) for i in (old or {}).get("indicators", [])]
    first = {
        "id": indicators[0]["id"] if indicators else ctx.new_id(),
        "aspect": rhk["aspect"],
        "text": rhk["indicator"],
        "target_value": rhk["target"],
        "target_unit": rhk["unit"],
    }
    new = {
        **(old or {"id": ctx.new_id(), "rencana_aksi": []}),
        "kind": rhk["kind"],
        "text": rhk["text"],
        "parent_rhk_id": rhk["parent"],
        "indicators": [first, *indicators[1:]],
    }
    rows = [new if r["id"] == new["id"] else r for r in rows] if old else [*rows, new]
    ctx.save(RecordKind.SKP, record.id, ctx.nip, {**fields, "rhk": rows})
    return str(new["id"])


def submit_skp(device: Device, year: int) -> None:
    """The employee submits a draft (or returned) SKP to the supervisor."""
    ctx = device.ctx
    record = ctx.skp_of(ctx.nip, year)
    if record is None:
        raise InvalidInputError(f"SKP tahun {year} tidak ada di perangkat ini; sinkronkan dulu")
    ctx.save(
        RecordKind.SKP, record.id, ctx.nip, {**record.fields, "status": SkpStatus.DIAJUKAN.value}
    )


def save_assessment(
    device: Device,
    period: str,
    *,
    rating: str | None,
    reflection: str,
    perilaku: dict[str, tuple[str, str]],
    submit: bool,
) -> dict[str, Any]:
    """Save (and maybe submit) the self-assessment; ``perilaku`` maps a value to
    ``(rating, reflection)``; values without a rating are left out."""
    rated = {value: r for value, (r, _text) in perilaku.items() if r}
    notes = {value: text for value, (r, text) in perilaku.items() if r and text.strip()}
    ctx = device.ctx
    with ctx.action():  # the ratings (and the submission) only with the reflections
        saved = device.assess(
            period, rating=rating, reflection=reflection, perilaku=rated, submit=submit
        )
        if not notes:
            return saved
        fields = {k: v for k, v in saved.items() if k != "id"}
        fields["perilaku"] = [
            {**row, "reflection": notes.get(row["value"], row.get("reflection", ""))}
            for row in fields.get("perilaku", [])
        ]
        ctx.save(RecordKind.SELF_ASSESSMENT, saved["id"], ctx.nip, fields)
    return {"id": saved["id"], **fields}


def save_rating(
    device: Device,
    nip: str,
    period: str,
    *,
    hasil_kerja: str | None,
    perilaku: str | None,
    note: str | None,
    final: bool,
    realisasi: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Save the supervisor's ratings of a subordinate (a draft), with the realisation they
    confirm per indicator (``realisasi``: id -> the typed text, empty withdraws it), and, when
    ``final``, finalize them: one action, so a finalization that fails leaves the appraisal as
    it was. ``warnings`` of the answer: what the rater should know (a unit head's expected
    rating, a period not ended yet)."""
    with device.ctx.action():
        saved = device.rate(
            nip, period, hasil_kerja=hasil_kerja, perilaku=perilaku, note=note, realisasi=realisasi
        )
        return device.finalize(nip, period) if final else saved
