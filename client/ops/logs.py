"""Progress logs (progres harian): add, edit, delete, list; evidence copied in by sha256."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Sequence
from typing import Any

from client.context import Context, parse_date
from client.edits import local_write
from client.errors import InvalidInputError
from client.evidence_files import EvidenceFile, inspect_file
from client.ops.rule_facts import DeviceFacts
from client.ops.view_models.logs import EvidenceOwner, EvidenceState, LogEntry, LogEvidence
from client.store import SYNCED, SyncState
from shared_models import Leave, RecordKind, validate_content
from shared_models.evidence_checks import SHARED_EVIDENCE_LIMIT, lacks_evidence
from shared_models.realisation import whole_numbers_only
from shared_models.record_rules import log_day_problem
from sync.records import Record

__all__ = ["LogInput", "add_log", "delete_log", "edit_log", "list_logs", "log_view"]

LogInput = dict[str, Any]
"""Keys: indicator, date, start, end, value, note, place, evidence (list of paths), and on an
edit keep_evidence (the sha256 of the entry's files to keep; absent: keep them all)."""


def _indicator(ctx: Context, skp: Record, ref: str) -> dict[str, Any]:
    for rhk in skp.fields.get("rhk", []):
        for ind in rhk.get("indicators", []):
            if ind["id"] == ref or (len(ref) >= 4 and ind["id"].startswith(ref)):
                return dict(ind)
    raise InvalidInputError(
        f"indikator '{ref}' tidak ada di SKP Anda tahun {skp.fields.get('year')}; "
        "lihat daftar indikator dengan 'kinerja device skp show'"
    )


def leave_days(ctx: Context) -> dict[dt.date, str]:
    """The user's days of recorded leave (HR's ``leave`` records on this device) -> the kind,
    in words ("cuti tahunan", "diklat (pendidikan dan pelatihan)")."""
    days: dict[dt.date, str] = {}
    for record in ctx.store.records.of_kind(RecordKind.LEAVE, owner=ctx.nip):
        try:
            leave = validate_content(RecordKind.LEAVE, record.fields)
        except ValueError:  # a record this app version cannot read: no check from it
            continue
        assert isinstance(leave, Leave)
        for day in leave.days():
            days[day] = leave.kind.label.lower()
    return days


def _check_day(ctx: Context, day: dt.date) -> Record:
    # the server's own rule (future days, closed periods, leave), on this device's copy
    problem = log_day_problem(ctx.nip, day, DeviceFacts(ctx))
    if problem is not None:
        raise InvalidInputError(problem.message)
    skp = ctx.skp_of(ctx.nip, day.year)
    if skp is None:
        raise InvalidInputError(
            f"tanggal {day} di luar periode SKP Anda: tidak ada SKP tahun {day.year} di perangkat "
            "ini (sinkronkan dulu bila SKP sudah dibuat)"
        )
    return skp


def _evidence(paths: Sequence[str | pathlib.Path]) -> list[EvidenceFile]:
    files = [inspect_file(pathlib.Path(p)) for p in paths]
    return list({f.sha256: f for f in files}.values())


def _value(raw: Any) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InvalidInputError(f"nilai realisasi '{raw}' bukan angka") from None
    if value < 0 or value != value:
        raise InvalidInputError(f"nilai realisasi {raw} tidak boleh negatif; isi 0 atau lebih")
    return value


def _build(
    ctx: Context, base: dict[str, Any], data: LogInput
) -> tuple[dict[str, Any], list[EvidenceFile]]:
    fields = dict(base)
    day = parse_date(data["date"]) if data.get("date") else parse_date(fields["date"])
    skp = _check_day(ctx, day)
    fields["date"] = day.isoformat()
    fields["employee_nip"] = ctx.nip
    fields["skp_id"] = skp.id
    ref = data.get("indicator") or fields.get("indicator_id")
    if not ref:
        raise InvalidInputError("indikator wajib diisi (--indicator ID)")
    indicator = _indicator(ctx, skp, str(ref))
    fields["indicator_id"] = indicator["id"]
    fields["unit"] = indicator["target_unit"]
    if "value" in data and data["value"] is not None:
        fields["value"] = _value(data["value"])
        if whole_numbers_only(indicator) and not float(fields["value"]).is_integer():
            unit = indicator["target_unit"]
            raise InvalidInputError(f"jumlah {unit} harus bilangan bulat, bukan {data['value']}")
    if data.get("note") is not None:
        fields["description"] = data["note"]
    if data.get("place") is not None:
        fields["place"] = data["place"] or None
    for key, name in (("start", "start_time"), ("end", "end_time")):
        if key in data and data[key] is not None:
            fields[name] = data[key] or None
    if (fields.get("start_time") is None) != (fields.get("end_time") is None):
        raise InvalidInputError(
            "isi jam mulai dan jam selesai keduanya (--start HH:MM --end HH:MM)"
        )
    files = _evidence(data.get("evidence") or [])
    known = list(fields.get("evidence") or [])
    if data.get("keep_evidence") is not None:  # files removed from the entry on an edit
        keep = set(data["keep_evidence"])
        known = [sha for sha in known if sha in keep]
    fields["evidence"] = known + [f.sha256 for f in files if f.sha256 not in known]
    fields.setdefault("description", "")
    if not str(fields["description"]).strip():
        raise InvalidInputError("uraian kegiatan wajib diisi (--note TEKS)")
    ctx.validate(RecordKind.PROGRESS_LOG, fields)
    return fields, files


def _save(ctx: Context, record_id: str, fields: dict[str, Any], files: list[EvidenceFile]) -> None:
    for item in files:  # files first: the database never names a file the device lacks
        ctx.evidence.put(item)  # encrypted with the user's key
    with ctx.action():
        for item in files:
            ctx.store.evidence.add_local(item.sha256, item.size, item.mime, ctx.now_ms())
        local_write(
            ctx.store,
            kind=RecordKind.PROGRESS_LOG.value,
            record_id=record_id,
            owner=ctx.nip,
            fields=fields,
            now_ms=ctx.now_ms(),
        )


def add_log(ctx: Context, data: LogInput) -> LogEntry:
    if data.get("value") is None:
        raise InvalidInputError("nilai realisasi wajib diisi (--value N)")
    if not data.get("date"):
        raise InvalidInputError("tanggal wajib diisi (--date YYYY-MM-DD)")
    fields, files = _build(ctx, {}, data)
    record_id = ctx.new_id()
    _save(ctx, record_id, fields, files)
    return log_view(ctx, record_id)


def _own_log(ctx: Context, ref: str) -> Record:
    record = ctx.find(RecordKind.PROGRESS_LOG, ref)
    if record.owner != ctx.nip:
        raise InvalidInputError(
            f"catatan {record.id} milik pegawai lain; hanya pemiliknya yang dapat mengubah"
        )
    return record


def edit_log(ctx: Context, ref: str, data: LogInput) -> LogEntry:
    record = _own_log(ctx, ref)
    fields, files = _build(ctx, record.fields, data)
    _save(ctx, record.id, fields, files)
    return log_view(ctx, record.id)


def delete_log(ctx: Context, ref: str) -> str:
    record = _own_log(ctx, ref)
    ctx.delete(record)
    return record.id


def log_view(ctx: Context, record_id: str) -> LogEntry:
    """An entry held here (just saved: it is there and not deleted)."""
    record = ctx.store.records.get(record_id)
    if record is None or record.deleted:
        raise InvalidInputError(
            f"catatan {record_id} tidak ada di perangkat ini atau sudah dihapus"
        )
    return _view(ctx, record, ctx.store.records.state(record_id) or SYNCED)


def employee_names(ctx: Context, nips: set[str]) -> dict[str, str]:
    """Names of these employees from the master data held here (a NIP without a record: the
    NIP itself)."""
    names = dict.fromkeys(nips, "")
    for r in ctx.store.records.of_kind(RecordKind.EMPLOYEE):
        nip = str(r.fields.get("nip"))
        if nip in names:
            names[nip] = str(r.fields.get("name") or nip)
    return {nip: name or nip for nip, name in names.items()}


def _view(ctx: Context, record: Record, state: SyncState) -> LogEntry:
    f = record.fields
    shared: dict[str, list[str]] = dict(f.get("shared_evidence") or {})
    names = employee_names(ctx, {n for nips in shared.values() for n in nips}) if shared else {}
    evidence = []
    for sha in f.get("evidence") or []:
        row = ctx.store.evidence.get(sha)
        status: EvidenceState = (
            "belum_terunggah" if row is None or row.state == "upload" else "tersimpan"
        )
        if row is not None and row.state == "remote":
            status = "di_server"
        others = shared.get(sha) or []
        evidence.append(
            LogEvidence(
                sha256=sha,
                status=status,
                # other employees whose logs name the very same file (the server's check)
                shared_with=[EvidenceOwner(nip=n, name=names[n]) for n in others],
                shared_more=len(others) >= SHARED_EVIDENCE_LIMIT,
            )
        )
    return LogEntry(
        id=record.id,
        nip=record.owner,
        date=f["date"],
        start=f.get("start_time"),
        end=f.get("end_time"),
        indicator_id=f["indicator_id"],
        value=f["value"],
        unit=f["unit"],
        note=f["description"],
        place=f.get("place"),
        evidence=evidence,
        acknowledged_by=f.get("acknowledged_by"),
        supervisor_comment=f.get("supervisor_comment", ""),
        sync_state=state,
        no_evidence=lacks_evidence(f),
        shared_evidence=any(e.shared_with for e in evidence),
    )


def list_logs(
    ctx: Context,
    *,
    nip: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[LogEntry]:
    owner = nip or ctx.nip
    lo = parse_date(date_from, "tanggal awal").isoformat() if date_from else "0000"
    hi = parse_date(date_to, "tanggal akhir").isoformat() if date_to else "9999"
    out = []
    states = ctx.store.records.states(RecordKind.PROGRESS_LOG, owner)
    for record in ctx.store.records.of_kind(RecordKind.PROGRESS_LOG, owner=owner):
        day = str(record.fields.get("date", ""))
        if lo <= day <= hi:
            out.append(_view(ctx, record, states.get(record.id, SYNCED)))
    out.sort(key=lambda v: (v.date or "", v.start or "", v.id))
    return out
