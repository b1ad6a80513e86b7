"""The app's own writes beyond the Device facade: submit the SKP, save a self-assessment with
a reflection per BerAKHLAK value. Each goes through ``Context.save`` (validated, one
transaction with its outbox entry), like every device edit."""

from __future__ import annotations

from typing import Any

from client.errors import InvalidInputError
from client.service import Device
from shared_models import RecordKind

__all__ = ["save_assessment", "submit_skp"]


def submit_skp(device: Device, year: int) -> None:
    """The employee submits a draft (or returned) SKP to the supervisor."""
    ctx = device.ctx
    record = ctx.skp_of(ctx.nip, year)
    if record is None:
        raise InvalidInputError(f"SKP tahun {year} tidak ada di perangkat ini; sinkronkan dulu")
    ctx.save(RecordKind.SKP, record.id, ctx.nip, {**record.fields, "status": "diajukan"})


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
    saved = device.assess(
        period, rating=rating, reflection=reflection, perilaku=rated, submit=submit
    )
    notes = {value: text for value, (r, text) in perilaku.items() if r and text.strip()}
    if not notes:
        return saved
    ctx = device.ctx
    fields = {k: v for k, v in saved.items() if k != "id"}
    fields["perilaku"] = [
        {**row, "reflection": notes.get(row["value"], row.get("reflection", ""))}
        for row in fields.get("perilaku", [])
    ]
    ctx.save(RecordKind.SELF_ASSESSMENT, saved["id"], ctx.nip, fields)
    return {"id": saved["id"], **fields}
