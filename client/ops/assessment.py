"""Self-assessment (employee), feedback, ratings and finalization (supervisor), keberatan."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.ops.rating_guides import confirmed_realisation, finalization_warnings, rating_warnings
from client.ops.realised import realised
from client.ops.rule_facts import DeviceFacts
from shared_models import (
    AppraisalKind,
    AppraisalStatus,
    BerakhlakValue,
    FeedbackKind,
    ObjectionStatus,
    PeriodError,
    PeriodKind,
    Rating,
    RecordKind,
    parse_period_code,
    predikat,
    triwulan_of,
)
from shared_models.periods import Period
from shared_models.record_rules import feedback_problem, objection_problem
from sync.records import Record

__all__ = ["assess", "feedback", "file_objection", "finalize", "rate"]

_RATINGS = ", ".join(r.value for r in Rating)
_VALUES = ", ".join(v.value for v in BerakhlakValue)


def _period(code: str) -> Period:
    try:
        return parse_period_code(code)
    except PeriodError as err:
        raise InvalidInputError(str(err)) from None


def _rating(text: str, what: str) -> str:
    try:
        return Rating(text).value
    except ValueError:
        raise InvalidInputError(
            f"{what} '{text}' tidak dikenal; pilih salah satu: {_RATINGS}"
        ) from None


def _find_one(ctx: Context, kind: RecordKind, owner: str, **match: Any) -> Record | None:
    for record in ctx.store.records.of_kind(kind, owner=owner):
        if all(record.fields.get(k) == v for k, v in match.items()):
            return record
    return None


def _realisations(ctx: Context, period: Period) -> dict[str, float]:
    skp = ctx.skp_of(ctx.nip, period.year)
    return realised(ctx, ctx.nip, None if skp is None else skp.fields, period)


def assess(
    ctx: Context,
    period_code: str,
    *,
    rating: str | None,
    reflection: str | None,
    perilaku: dict[str, str],
    submit: bool,
) -> dict[str, Any]:
    """Create or update the user's self-assessment for a period."""
    period = _period(period_code)
    existing = _find_one(ctx, RecordKind.SELF_ASSESSMENT, ctx.nip, period_code=period.code)
    fields: dict[str, Any] = (
        dict(existing.fields)
        if existing
        else {
            "employee_nip": ctx.nip,
            "period_code": period.code,
        }
    )
    if rating is not None:
        fields["hasil_kerja_rating"] = _rating(rating, "rating hasil kerja")
    if reflection is not None:
        fields["hasil_kerja_reflection"] = reflection
    if perilaku:
        rows = {p["value"]: p for p in fields.get("perilaku", [])}
        for value, r in perilaku.items():
            if value not in {v.value for v in BerakhlakValue}:
                raise InvalidInputError(
                    f"nilai BerAKHLAK '{value}' tidak dikenal; pilih: {_VALUES}"
                )
            rows[value] = {**rows.get(value, {"value": value}), "rating": _rating(r, value)}
        fields["perilaku"] = [rows[k] for k in sorted(rows)]
    fields["realisations"] = _realisations(ctx, period)
    if submit:
        fields["submitted"] = True
    if fields.get("submitted") and not fields.get("hasil_kerja_rating"):
        raise InvalidInputError(
            "Rating hasil kerja masih kosong. Penilaian diri yang dikirim harus memilikinya."
        )
    record_id = existing.id if existing else ctx.new_id()
    ctx.save(RecordKind.SELF_ASSESSMENT, record_id, ctx.nip, fields)
    return {"id": record_id, **fields}


def _rhk_id(ctx: Context, nip: str, year: int, ref: str) -> str:
    """An RHK of ``nip``'s SKP of ``year`` named by its id or the start of it (4+ characters)."""
    skp = ctx.skp_of(nip, year)
    ids = [str(r.get("id")) for r in (skp.fields.get("rhk", []) if skp else [])]
    if ref in ids:
        return ref
    found = [i for i in ids if len(ref) >= 4 and i.startswith(ref)]
    if len(found) == 1:
        return found[0]
    if skp is None:
        raise InvalidInputError(
            f"SKP {year} pegawai NIP {nip} tidak ada di perangkat ini; sinkronkan dulu"
        )
    if len(found) > 1:
        raise InvalidInputError(
            f"--rhk '{ref}' cocok dengan lebih dari satu RHK; tulis lebih panjang"
        )
    raise InvalidInputError(
        f"--rhk '{ref}' bukan RHK di SKP {year} pegawai NIP {nip} (lihat skp show --nip {nip})"
    )


def feedback(
    ctx: Context,
    nip: str,
    text: str,
    *,
    period_code: str | None,
    kind: str,
    rhk: str | None = None,
    value: str | None = None,
    log: str | None = None,
) -> dict[str, Any]:
    """A supervisor's umpan balik (or dialog kinerja note) about a subordinate, tied to what it
    is about: one RHK of their SKP (``rhk``), one BerAKHLAK value (``value``), one of their
    progress logs (``log``), or the period in general. Without ``period_code`` the feedback
    belongs to the triwulan of the log's day, else of today: every note has its period, so
    the Dokumen Evaluasi of that period prints it."""
    ctx.require_subordinate(nip)
    try:
        fb_kind = FeedbackKind(kind).value
    except ValueError:
        raise InvalidInputError(
            f"jenis umpan balik '{kind}' tidak dikenal; pilih umpan_balik atau dialog_kinerja"
        ) from None
    if not text.strip():
        raise InvalidInputError("Umpan balik masih kosong. Tulis isinya.")
    fields: dict[str, Any] = {
        "employee_nip": nip,
        "author_nip": ctx.nip,
        "text": text.strip(),
        "kind": fb_kind,
    }
    day = ctx.today()
    if log:
        record = ctx.find(RecordKind.PROGRESS_LOG, log)
        if record.owner != nip:
            raise InvalidInputError(f"catatan progres {log} bukan milik pegawai NIP {nip}")
        fields["related_log_id"] = record.id
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(str(record.fields.get("date")))
    period = _period(period_code) if period_code else triwulan_of(day)
    fields["period_code"] = period.code
    if value:
        try:
            fields["about_value"] = BerakhlakValue(value).value
        except ValueError:
            raise InvalidInputError(
                f"nilai BerAKHLAK '{value}' tidak dikenal; pilih: {_VALUES}"
            ) from None
    if rhk:
        fields["about_rhk_id"] = _rhk_id(ctx, nip, period.year, rhk)
    # the server's own rule (an RHK of that year's SKP, a log of this employee), previewed
    problem = feedback_problem(nip, fields, (), DeviceFacts(ctx), created=True)
    if problem is not None:
        raise InvalidInputError(problem.message)
    record_id = ctx.new_id()
    ctx.save(RecordKind.FEEDBACK, record_id, nip, fields)
    return {"id": record_id, **fields}


def _appraisal(ctx: Context, nip: str, period: Period) -> tuple[str, dict[str, Any], Record | None]:
    existing = _find_one(ctx, RecordKind.APPRAISAL, nip, period_code=period.code)
    if existing is not None:
        # the rater is whoever rates now (a new supervisor after mutasi takes over the draft)
        return existing.id, {**existing.fields, "supervisor_nip": ctx.nip}, existing
    kind = AppraisalKind.TAHUNAN if period.kind is PeriodKind.TAHUNAN else AppraisalKind.PERIODIK
    fields = {
        "employee_nip": nip,
        "supervisor_nip": ctx.nip,
        "period_code": period.code,
        "kind": kind.value,
        "status": AppraisalStatus.DRAFT.value,
    }
    return ctx.new_id(), fields, None


def _locked(record: Record | None) -> None:
    if record is not None and record.fields.get("status") == AppraisalStatus.FINAL:
        raise InvalidInputError("penilaian ini sudah final dan tidak dapat diubah")


def rate(
    ctx: Context,
    nip: str,
    period_code: str,
    *,
    hasil_kerja: str | None,
    perilaku: str | None,
    note: str | None,
    realisasi: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Set the supervisor's Rating Hasil Kerja and/or Perilaku Kerja (draft), and the
    realisation they confirm or correct per indicator (``realisasi``: indicator -> value, an
    empty value withdraws it). ``warnings``: a unit head rated against the unit's predikat."""
    ctx.require_subordinate(nip)
    period = _period(period_code)
    record_id, fields, existing = _appraisal(ctx, nip, period)
    _locked(existing)
    if realisasi:
        confirmed = dict(fields.get("confirmed_realisation") or {})
        for ind, value in confirmed_realisation(ctx, nip, period, realisasi).items():
            if value is None:
                confirmed.pop(ind, None)
            else:
                confirmed[ind] = value
        fields["confirmed_realisation"] = confirmed
    if hasil_kerja is not None:
        fields["hasil_kerja"] = _rating(hasil_kerja, "rating hasil kerja")
    if perilaku is not None:
        fields["perilaku_kerja"] = _rating(perilaku, "rating perilaku kerja")
    if note is not None:
        fields["feedback"] = note
    hk, pk = fields.get("hasil_kerja"), fields.get("perilaku_kerja")
    fields["predikat"] = predikat(Rating(hk), Rating(pk)).value if hk and pk else None
    ctx.save(RecordKind.APPRAISAL, record_id, nip, fields)
    return {"id": record_id, **fields, "warnings": rating_warnings(ctx, nip, period, fields)}


def finalize(ctx: Context, nip: str, period_code: str) -> dict[str, Any]:
    """Make an appraisal final (locks it); both ratings are required. An annual one from
    1 December of its year unless BKPP opened the period early (the server's rule);
    ``warnings``: the period has not ended yet, a unit head rated against the unit's
    predikat."""
    ctx.require_subordinate(nip)
    period = _period(period_code)
    record_id, fields, existing = _appraisal(ctx, nip, period)
    if existing is None:
        raise InvalidInputError(
            f"belum ada penilaian {nip} untuk periode {period.code}; beri rating dulu"
        )
    _locked(existing)
    if not (fields.get("hasil_kerja") and fields.get("perilaku_kerja")):
        raise InvalidInputError(
            "isi rating hasil kerja dan perilaku kerja sebelum finalisasi (kinerja device rate)"
        )
    fields["status"] = AppraisalStatus.FINAL.value
    fields["finalized_at"] = ctx.now_iso()
    warnings = finalization_warnings(ctx, fields, period) + rating_warnings(
        ctx, nip, period, fields
    )
    ctx.save(RecordKind.APPRAISAL, record_id, nip, fields)
    return {"id": record_id, **fields, "warnings": warnings}


def file_objection(ctx: Context, ref: str, reason: str) -> dict[str, Any]:
    """File a keberatan against the user's own final annual appraisal (within 14 days)."""
    appraisal = ctx.find(RecordKind.APPRAISAL, ref)
    fields = {
        "employee_nip": ctx.nip,
        "appraisal_id": appraisal.id,
        "reason": reason,
        "filed_on": ctx.today().isoformat(),
        "status": ObjectionStatus.DIAJUKAN.value,
    }
    # the server's own rule (own final annual appraisal, one objection, 14 days), previewed
    problem = objection_problem("", ctx.nip, fields, DeviceFacts(ctx))
    if problem is not None:
        raise InvalidInputError(problem.message)
    record_id = ctx.new_id()
    ctx.save(RecordKind.OBJECTION, record_id, ctx.nip, fields)
    return {"id": record_id, **fields}
