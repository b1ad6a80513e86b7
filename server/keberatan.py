"""A granted keberatan fixes the result (PP 30/2019 Pasal 59): the server writes the decided
ratings and predikat into the authoritative appraisal, so every report, export, document,
angka kredit and device shows the decided result from then on; the old values stay in the
appraisal (``original_predikat``) and in the audit."""

from __future__ import annotations

from typing import Any

from server.actor import Actor
from server.audit import AuditAction
from server.record_codec import from_stored
from server.reports.writes import write_hr_act
from server.storage import Writer
from shared_models.enums import ObjectionStatus, Predikat, Rating
from shared_models.kinds import RecordKind
from shared_models.rules import ratings_for
from sync import Record

__all__ = ["apply_granted", "is_newly_granted"]


def is_newly_granted(record: Record, previous: Record | None) -> bool:
    """A keberatan whose stored version turns ``dikabulkan`` now."""
    if record.kind != RecordKind.OBJECTION or record.deleted:
        return False
    was = None if previous is None or previous.deleted else previous.fields.get("status")
    return record.fields.get("status") == ObjectionStatus.DIKABULKAN and was != record.fields.get(
        "status"
    )


def decided_ratings(objection: dict[str, Any], appraisal: dict[str, Any]) -> tuple[str, str, str]:
    """(hasil_kerja, perilaku_kerja, predikat) a granted keberatan gives the appraisal."""
    target = Predikat(str(objection.get("new_predikat")))
    hk, pk = objection.get("new_hasil_kerja"), objection.get("new_perilaku_kerja")
    if hk is None or pk is None:
        old_hk, old_pk = appraisal.get("hasil_kerja"), appraisal.get("perilaku_kerja")
        pair = ratings_for(
            target,
            Rating(old_hk) if old_hk else None,
            Rating(old_pk) if old_pk else None,
        )
        hk, pk = pair[0].value, pair[1].value
    return str(hk), str(pk), target.value


def apply_granted(
    tx: Writer, objection: Record, actor: Actor, *, replica: str, now: float
) -> Record | None:
    """Write the decided result into the appraisal the keberatan names (a new server version);
    None when that appraisal is gone."""
    row = tx.record(str(objection.fields.get("appraisal_id", "")))
    if row is None or row.deleted or row.kind != RecordKind.APPRAISAL:
        return None
    appraisal = from_stored(row)
    before = appraisal.fields
    hk, pk, predikat = decided_ratings(objection.fields, before)
    patch = {
        "hasil_kerja": hk,
        "perilaku_kerja": pk,
        "predikat": predikat,
        "objection_id": objection.id,
        "original_predikat": before.get("original_predikat") or before.get("predikat"),
    }
    # one HR-style act of the server: the new version and its audit (values before and after)
    return write_hr_act(
        tx,
        actor,
        kind=RecordKind.APPRAISAL,
        record_id=appraisal.id,
        patch=patch,
        action=AuditAction.KEBERATAN_APPLIED,
        replica=replica,
        now=now,
        owner=appraisal.owner,
        objection=objection.id,
    )
