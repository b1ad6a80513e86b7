"""The supervisor's work on the device (Pejabat Penilai and Atasan Pejabat Penilai).

Team overview, SKP review (cascade check, matriks peran hasil, approve or return, Ekspektasi
Khusus Pimpinan), reading and answering progress logs, evidence on demand, the appraisal view,
the predikat spread against the curve, and objections. Every write goes through
``Context.save`` (validated, saved with its outbox entry in one transaction) and only touches
the fields the sync policy gives a supervisor; the server remains the judge. An action that writes
two records (a comment and its feedback note) writes them in one ``Context.action``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from client.context import Context
from client.errors import InvalidInputError
from client.evidence_files import sniff
from client.ops.followup import discipline_view
from client.ops.logs import list_logs
from client.ops.rating_guides import head_expectation
from client.ops.realised import indicators_of, realised
from client.store import SYNCED
from client.transport import Transport
from shared_models import (
    BERAKHLAK_GUIDES,
    BerakhlakValue,
    OrgPredikat,
    Predikat,
    Rating,
    RecordKind,
    Role,
    check_distribution,
    parse_period_code,
)
from shared_models.distribution import small_unit_note, spread_readiness
from shared_models.evidence_checks import lacks_evidence
from shared_models.periods import Period, PeriodError
from shared_models.realisation import aggregation_of, period_target
from shared_models.rules import ratings_for
from sync import hlc
from sync.records import Record

__all__ = [
    "ATTENTION",
    "COMMENT_EMPTY",
    "DECISION_REASON_EMPTY",
    "RETURN_NOTE_EMPTY",
    "acknowledge_log",
    "appraisal_view",
    "approve_skp",
    "comment_log",
    "decide_objection",
    "distribution",
    "fetch_evidence",
    "mark_visited",
    "matrix",
    "objections",
    "return_skp",
    "set_expectations",
    "skp_review",
    "team",
    "team_changes",
]

ATTENTION = ("skp_waiting", "assessment_waiting", "shared_evidence", "quiet", "no_evidence")
"""Why a subordinate needs attention, most urgent first: an SKP or a self-assessment waiting,
an entry whose evidence file other employees' entries name too (the server's check), no entry
for a while, entries without evidence the supervisor has not acknowledged yet."""

COMMENT_EMPTY = "Komentar masih kosong. Tulis umpan balik untuk catatan ini."
RETURN_NOTE_EMPTY = "Catatan pengembalian masih kosong. Tulis apa yang perlu diperbaiki."
DECISION_REASON_EMPTY = "Alasan keputusan masih kosong. Tulis mengapa keberatan diputus begini."
"""Messages a person reads on the device (words about the field they see; the CLI adds the
option to use where it catches them: client/cli.py)."""

_SEEN_KEY = "team_seen"  # {nip: highest records rowid when the supervisor last opened them}
_KNOWN_KEY = "team_known"  # the team at the last look: {nip: name}


def _period(code: str) -> Period:
    try:
        return parse_period_code(code)
    except PeriodError as err:
        raise InvalidInputError(str(err)) from None


def _employees(ctx: Context) -> dict[str, dict[str, Any]]:
    """Employee master data held here, by NIP."""
    return {
        str(r.fields.get("nip")): dict(r.fields)
        for r in ctx.store.records.of_kind(RecordKind.EMPLOYEE)
    }


def _team(ctx: Context) -> list[dict[str, Any]]:
    """Current direct subordinates (active employees whose supervisor of record is the user)."""
    return sorted(
        (
            e
            for e in _employees(ctx).values()
            if e.get("supervisor_nip") == ctx.nip and e.get("active", True)
        ),
        key=lambda e: str(e.get("name", "")),
    )


def _require_direct(ctx: Context, nip: str) -> None:
    if nip not in {e["nip"] for e in _team(ctx)}:
        ctx.require_subordinate(nip)


def _first(ctx: Context, kind: RecordKind, owner: str, **match: Any) -> Record | None:
    for record in ctx.store.records.of_kind(kind, owner=owner):
        if all(record.fields.get(k) == v for k, v in match.items()):
            return record
    return None


def _max_rowid(ctx: Context, nip: str) -> int:
    row = ctx.store.db.execute(
        "SELECT max(rowid) FROM records WHERE kind = 'progress_log' AND owner = ?", [nip]
    ).fetchone()
    return int(row[0] or 0)


def _new_entries(ctx: Context, nip: str, seen: int) -> int:
    row = ctx.store.db.execute(
        "SELECT count(*) FROM records WHERE kind = 'progress_log' AND owner = ? AND deleted = 0 "
        "AND rowid > ?",
        [nip, seen],
    ).fetchone()
    return int(row[0])


def _last_activity(ctx: Context, nip: str) -> str | None:
    """When the subordinate's own device last wrote something that reached this one
    (the clock of their latest synced edit); None when nothing of theirs is known."""
    me, server = ctx.store.outbox.replica, str(ctx.store.meta.get("server_replica", ""))
    row = ctx.store.db.execute(
        "SELECT max(hlc) FROM records WHERE owner = ? AND author NOT IN (?, ?) AND deleted = 0 "
        "AND kind IN ('progress_log', 'self_assessment', 'skp', 'objection')",
        [nip, me, server],
    ).fetchone()
    if not row or not row[0]:
        return None
    ms = hlc.physical(int(row[0]))
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _realised(ctx: Context, nip: str, skp: Record | None, period: Period) -> dict[str, float]:
    return realised(ctx, nip, None if skp is None else skp.fields, period)


def _indicators(skp: Record | None, year_done: Mapping[str, float]) -> list[dict[str, Any]]:
    if skp is None:
        return []
    return [
        {
            "id": i["id"],
            "text": i["text"],
            "aspect": i["aspect"],
            "rhk_kind": r["kind"],
            "target": float(i["target_value"]),
            "unit": i["target_unit"],
            "realised": year_done.get(i["id"], 0.0),
            "aggregation": aggregation_of(i).value,
        }
        for r in skp.fields.get("rhk", [])
        for i in r.get("indicators", [])
    ]


def _share(indicators: list[dict[str, Any]]) -> float:
    shares = [min(1.0, i["realised"] / i["target"]) for i in indicators if i["target"] > 0]
    return sum(shares) / len(shares) if shares else 0.0


def _appraisal_state(ctx: Context, record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    state = ctx.store.records.state(record.id) or SYNCED
    return {
        "id": record.id,
        "status": record.fields.get("status"),
        "predikat": record.fields.get("predikat"),
        "sync_state": state,
        "confirmed": record.fields.get("status") == "final" and state == SYNCED,
    }


def _evidence_flags(ctx: Context, nip: str, year: int) -> tuple[int, int]:
    """(entries of ``year`` without evidence that the user has not acknowledged, entries of
    ``year`` whose evidence other employees' entries name too)."""
    missing = shared = 0
    for log in ctx.store.records.of_kind(RecordKind.PROGRESS_LOG, owner=nip):
        f = log.fields
        if not str(f.get("date", "")).startswith(str(year)):
            continue
        missing += lacks_evidence(f) and not f.get("acknowledged_by")
        shared += bool(f.get("shared_evidence"))
    return missing, shared


def _member(
    ctx: Context, e: dict[str, Any], period: Period, today: dt.date, quiet_days: int
) -> dict[str, Any]:
    nip = str(e["nip"])
    skp = ctx.skp_of(nip, period.year)
    year_done = _realised(ctx, nip, skp, parse_period_code(str(period.year)))
    indicators = _indicators(skp, year_done)
    dates = [
        str(r.fields.get("date", ""))
        for r in ctx.store.records.of_kind(RecordKind.PROGRESS_LOG, owner=nip)
    ]
    past = sorted(d for d in dates if d <= today.isoformat())
    last_entry = past[-1] if past else None
    days_quiet = (today - dt.date.fromisoformat(last_entry)).days if last_entry else None
    sa = _first(ctx, RecordKind.SELF_ASSESSMENT, nip, period_code=period.code)
    submitted = sa is not None and bool(sa.fields.get("submitted"))
    self_assessment = "belum" if sa is None else ("dikirim" if submitted else "draf")
    appraisal = _appraisal_state(
        ctx, _first(ctx, RecordKind.APPRAISAL, nip, period_code=period.code)
    )
    attention = []
    skp_status = None if skp is None else skp.fields.get("status")
    if skp_status == "diajukan":
        attention.append("skp_waiting")
    if self_assessment == "dikirim" and (appraisal is None or appraisal["status"] != "final"):
        attention.append("assessment_waiting")
    no_evidence, shared = _evidence_flags(ctx, nip, period.year)
    if shared:
        attention.append("shared_evidence")
    if days_quiet is None or days_quiet >= quiet_days:
        attention.append("quiet")
    if no_evidence:
        attention.append("no_evidence")
    seen = dict(ctx.store.meta.get(_SEEN_KEY, {}) or {})
    return {
        "nip": nip,
        "name": e.get("name", nip),
        "jabatan": e.get("jabatan_name", ""),
        "skp_id": None if skp is None else skp.id,
        "skp_status": skp_status,
        "indicators": indicators,
        "progress": _share(indicators),
        "entries": len(dates),
        "new_entries": _new_entries(ctx, nip, int(seen.get(nip, 0))),
        "last_entry": last_entry,
        "days_quiet": days_quiet,
        "self_assessment": self_assessment,
        "appraisal": appraisal,
        "last_activity": _last_activity(ctx, nip),
        "attention": attention,
        "no_evidence_entries": no_evidence,
        "shared_evidence_entries": shared,
    }


def team(
    ctx: Context,
    *,
    period_code: str | None = None,
    quiet_days: int = 7,
    only: str = "all",
) -> dict[str, Any]:
    """Tim saya: every current subordinate with progress per indicator for the period's year,
    entries since the last visit, self-assessment and appraisal status, last activity of their
    device; those who need attention first. ``only``: all, attention, or one of ATTENTION."""
    if only not in ("all", "attention", *ATTENTION):
        raise InvalidInputError(
            f"saringan '{only}' tidak dikenal; pilih all, attention, {', '.join(ATTENTION)}"
        )
    today = ctx.today()
    period = _period(period_code) if period_code else parse_period_code(str(today.year))
    members = [_member(ctx, e, period, today, quiet_days) for e in _team(ctx)]
    size = len(members)
    sent = sum(1 for m in members if m["self_assessment"] == "dikirim")
    final = sum(
        1 for m in members if m["appraisal"] is not None and m["appraisal"]["status"] == "final"
    )
    if only == "attention":
        members = [m for m in members if m["attention"]]
    elif only != "all":
        members = [m for m in members if only in m["attention"]]

    def urgency(m: dict[str, Any]) -> tuple[int, ...]:
        return (
            *(0 if a in m["attention"] else 1 for a in ATTENTION),
            -(m["days_quiet"] if m["days_quiet"] is not None else 10_000),
        )

    members.sort(key=lambda m: (urgency(m), m["name"]))
    return {
        "period": period.code,
        "label": period.label,
        "members": members,
        "team_size": size,  # before the filter: an empty filter is not an empty team
        "self_assessments_sent": sent,
        "appraisals_final": final,
    }


def team_changes(ctx: Context) -> dict[str, list[dict[str, str]]]:
    """Who left the team (mutasi) and who arrived since the last call; remembers the team."""
    now = {e["nip"]: str(e.get("name", e["nip"])) for e in _team(ctx)}
    known = ctx.store.meta.get(_KNOWN_KEY)
    with ctx.action():
        ctx.store.meta.set(_KNOWN_KEY, now)
    if known is None:
        return {"left": [], "arrived": []}
    left = [{"nip": n, "name": name} for n, name in sorted(known.items()) if n not in now]
    arrived = [{"nip": n, "name": name} for n, name in sorted(now.items()) if n not in known]
    return {"left": left, "arrived": arrived}


def mark_visited(ctx: Context, nip: str) -> None:
    """The supervisor looked at this subordinate's entries: later ones count as new."""
    seen = dict(ctx.store.meta.get(_SEEN_KEY, {}) or {})
    seen[nip] = _max_rowid(ctx, nip)
    with ctx.action():
        ctx.store.meta.set(_SEEN_KEY, seen)


# SKP --------------------------------------------------------------------------------------------


def _skp(ctx: Context, nip: str, year: int) -> Record:
    _require_direct(ctx, nip)
    skp = ctx.skp_of(nip, year)
    if skp is None:
        raise InvalidInputError(
            f"SKP tahun {year} untuk NIP {nip} tidak ada di perangkat ini; sinkronkan dulu"
        )
    return skp


def _my_rhk(ctx: Context, year: int) -> dict[str, dict[str, Any]]:
    mine = ctx.skp_of(ctx.nip, year)
    return {} if mine is None else {r["id"]: r for r in mine.fields.get("rhk", [])}


def skp_review(ctx: Context, nip: str, year: int) -> dict[str, Any]:
    """A subordinate's SKP with each RHK's cascade link checked against the user's own RHK."""
    skp = _skp(ctx, nip, year)
    f = skp.fields
    mine = _my_rhk(ctx, year)
    year_done = _realised(ctx, nip, skp, parse_period_code(str(year)))
    rhk = []
    for r in f.get("rhk", []):
        parent = r.get("parent_rhk_id")
        rhk.append(
            {
                "id": r["id"],
                "kind": r["kind"],
                "text": r["text"],
                "parent_rhk_id": parent,
                "parent_text": mine[parent]["text"] if parent in mine else "",
                "linked": parent in mine,
                "indicators": [
                    {
                        "id": i["id"],
                        "aspect": i["aspect"],
                        "text": i["text"],
                        "target": float(i["target_value"]),
                        "unit": i["target_unit"],
                        "realised": year_done.get(i["id"], 0.0),
                    }
                    for i in r.get("indicators", [])
                ],
            }
        )
    expectations = {p["value"]: p.get("ekspektasi_khusus", "") for p in f.get("perilaku", [])}
    employee = _employees(ctx).get(nip, {})
    return {
        "id": skp.id,
        "nip": nip,
        "name": employee.get("name", nip),
        "year": year,
        "status": f.get("status"),
        "return_note": f.get("return_note", ""),
        "sync_state": ctx.store.records.state(skp.id) or SYNCED,
        "rhk": rhk,
        "unlinked": sum(1 for r in rhk if not r["linked"]),
        "values": [
            {
                "value": v.value,
                "label": v.label,
                "guides": list(BERAKHLAK_GUIDES[v]),
                "expectation": expectations.get(v.value, ""),
            }
            for v in BerakhlakValue
        ],
        "lampiran": dict(f.get("lampiran") or {}),
    }


def matrix(ctx: Context, year: int) -> dict[str, Any]:
    """Matriks peran hasil: for each of the user's RHK, the subordinates' RHK that support it,
    and the subordinates' RHK that point at none of them."""
    mine = _my_rhk(ctx, year)
    rows = {
        rid: {"id": rid, "text": r["text"], "kind": r["kind"], "supporters": []}
        for rid, r in mine.items()
    }
    unlinked = []
    for e in _team(ctx):
        skp = ctx.skp_of(e["nip"], year)
        if skp is None:
            continue
        for r in skp.fields.get("rhk", []):
            item = {"nip": e["nip"], "name": e.get("name", e["nip"]), "rhk": r["text"]}
            parent = r.get("parent_rhk_id")
            if parent in rows:
                rows[parent]["supporters"].append(item)
            else:
                unlinked.append(item)
    return {
        "year": year,
        "has_own_skp": bool(mine),
        "rows": list(rows.values()),
        "unlinked": unlinked,
    }


def _save_skp(ctx: Context, skp: Record, fields: dict[str, Any]) -> dict[str, Any]:
    ctx.save(RecordKind.SKP, skp.id, skp.owner, fields)
    return {
        "id": skp.id,
        "nip": skp.owner,
        "status": fields.get("status"),
        **{k: fields[k] for k in ("return_note",) if k in fields},
    }


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
) -> dict[str, Any]:
    """Write the Ekspektasi Khusus Pimpinan per BerAKHLAK value (before approval)."""
    skp = _skp(ctx, nip, year)
    if skp.fields.get("status") == "disetujui":
        raise InvalidInputError(
            "SKP ini sudah disetujui dan terkunci; kembalikan dulu untuk mengubah ekspektasi"
        )
    fields = _with_expectations(ctx, dict(skp.fields), expectations)
    return _save_skp(ctx, skp, fields)


def approve_skp(
    ctx: Context, nip: str, year: int, *, expectations: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Approve a submitted SKP (diajukan -> disetujui), with the expectations if given."""
    skp = _skp(ctx, nip, year)
    status = skp.fields.get("status")
    if status != "diajukan":
        raise InvalidInputError(
            f"SKP {nip} berstatus '{status}'; hanya SKP yang diajukan dapat disetujui"
        )
    fields = _with_expectations(ctx, dict(skp.fields), expectations or {})
    fields["status"] = "disetujui"
    fields["return_note"] = ""
    return _save_skp(ctx, skp, fields)


def return_skp(ctx: Context, nip: str, year: int, note: str) -> dict[str, Any]:
    """Return a submitted or approved SKP for revision with a note."""
    if not note.strip():
        raise InvalidInputError(RETURN_NOTE_EMPTY)
    skp = _skp(ctx, nip, year)
    status = skp.fields.get("status")
    if status not in ("diajukan", "disetujui"):
        raise InvalidInputError(
            f"SKP {nip} berstatus '{status}'; yang dapat dikembalikan hanya SKP yang diajukan "
            "atau disetujui"
        )
    fields = {**skp.fields, "status": "dikembalikan", "return_note": note.strip()}
    return _save_skp(ctx, skp, fields)


# progress logs and evidence ----------------------------------------------------------------------


def _subordinate_log(ctx: Context, ref: str) -> Record:
    record = ctx.find(RecordKind.PROGRESS_LOG, ref)
    if record.owner == ctx.nip:
        raise InvalidInputError("catatan Anda sendiri tidak dapat Anda konfirmasi atau komentari")
    _require_direct(ctx, record.owner)
    return record


def _log_out(ctx: Context, record_id: str) -> dict[str, Any]:
    record = ctx.store.records.get(record_id)
    assert record is not None
    for view in list_logs(ctx, nip=record.owner):
        if view["id"] == record_id:
            return view
    return {"id": record_id}


def acknowledge_log(ctx: Context, ref: str) -> dict[str, Any]:
    """Mark a subordinate's entry as read and accepted (acknowledged_by = the supervisor)."""
    record = _subordinate_log(ctx, ref)
    ctx.save(
        RecordKind.PROGRESS_LOG,
        record.id,
        record.owner,
        {**record.fields, "acknowledged_by": ctx.nip},
    )
    return _log_out(ctx, record.id)


def comment_log(ctx: Context, ref: str, text: str, *, acknowledge: bool = False) -> dict[str, Any]:
    """Comment on a subordinate's entry (umpan balik berkelanjutan): the comment is kept on the
    entry and as a feedback note the employee sees among their feedback."""
    if not text.strip():
        raise InvalidInputError(COMMENT_EMPTY)
    record = _subordinate_log(ctx, ref)
    fields = {**record.fields, "supervisor_comment": text.strip()}
    if acknowledge:
        fields["acknowledged_by"] = ctx.nip
    feedback = {
        "employee_nip": record.owner,
        "author_nip": ctx.nip,
        "text": text.strip(),
        "kind": "umpan_balik",
        "related_log_id": record.id,
    }
    ctx.validate(RecordKind.PROGRESS_LOG, fields)
    ctx.validate(RecordKind.FEEDBACK, feedback)
    with ctx.action():  # both or neither: a comment synced without its note is lost for good
        ctx.save(RecordKind.PROGRESS_LOG, record.id, record.owner, fields)
        ctx.save(RecordKind.FEEDBACK, ctx.new_id(), record.owner, feedback)
    return _log_out(ctx, record.id)


def fetch_evidence(
    ctx: Context, sha256: str, open_transport: Callable[[], Transport]
) -> dict[str, Any]:
    """An evidence file on this device, downloaded from the server when it is not here yet
    (then kept, encrypted: the evidence folder is the cache). Returns its content (``data``),
    size and type."""
    sha256 = sha256.strip().lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise InvalidInputError(f"'{sha256}' bukan sha256 berkas bukti (64 karakter heksadesimal)")
    vault = ctx.evidence
    downloaded = False
    if not vault.has(sha256):
        with open_transport() as transport:
            transport.download(sha256, vault.receive(sha256))
        downloaded = True
    data = vault.read(sha256)
    mime = sniff(data[:16]) or "application/octet-stream"
    size = len(data)
    with ctx.action():
        if ctx.store.evidence.get(sha256) is None:
            ctx.store.evidence.add_remote(sha256, ctx.now_ms())
        row = ctx.store.evidence.get(sha256)
        if row is not None and row.state == "remote":
            ctx.store.evidence.set_file(sha256, size, mime)
    return {
        "sha256": sha256,
        "data": data,
        "size": size,
        "mime": mime,
        "downloaded": downloaded,
    }


# appraisal ------------------------------------------------------------------------------------


def appraisal_view(ctx: Context, nip: str, period_code: str) -> dict[str, Any]:
    """What the supervisor needs to rate one subordinate for a period: realisation against
    targets, the self-assessment, the current appraisal (draft or final, confirmed or queued)
    and the periodic history."""
    _require_direct(ctx, nip)
    period = _period(period_code)
    skp = ctx.skp_of(nip, period.year)
    in_period = _realised(ctx, nip, skp, period)
    year_done = _realised(ctx, nip, skp, parse_period_code(str(period.year)))
    record = _first(ctx, RecordKind.APPRAISAL, nip, period_code=period.code)
    confirmed = dict((record.fields if record else {}).get("confirmed_realisation") or {})
    targets = {
        str(i["id"]): period_target(i, period)
        for i in indicators_of(None if skp is None else skp.fields)
    }
    indicators = [
        {
            **i,
            "period_realised": in_period.get(i["id"], 0.0),
            "period_target": targets.get(i["id"], i["target"]),
            "confirmed": confirmed.get(i["id"]),
        }
        for i in _indicators(skp, year_done)
    ]
    sa = _first(ctx, RecordKind.SELF_ASSESSMENT, nip, period_code=period.code)
    history = []
    for r in ctx.store.records.of_kind(RecordKind.APPRAISAL, owner=nip):
        code = str(r.fields.get("period_code"))
        if code != period.code and code.startswith(str(period.year)):
            history.append(
                {
                    "period_code": code,
                    "label": _period(code).label,
                    "status": r.fields.get("status"),
                    "predikat": r.fields.get("predikat"),
                }
            )
    history.sort(key=lambda h: str(h["period_code"]))
    employee = _employees(ctx).get(nip, {})
    return {
        "nip": nip,
        "name": employee.get("name", nip),
        "jabatan": employee.get("jabatan_name", ""),
        "period": period.code,
        "label": period.label,
        "indicators": indicators,
        "self_assessment": None if sa is None else dict(sa.fields),
        "appraisal": None
        if record is None
        else {**record.fields, **(_appraisal_state(ctx, record) or {})},
        "history": history,
        "unit_head": head_expectation(ctx, nip, period),
        "discipline": discipline_view(ctx, nip, period.code),
    }


def distribution(
    ctx: Context, period_code: str, *, org_predikat: str | None = None
) -> dict[str, Any]:
    """Sebaran predikat of the user's team for a period (drafts and final) against the curve of
    the organisation predikat, with every violated clause in words (a warning, never a block).
    Without an organisation predikat (none chosen, none set by HR for the user's unit) the
    counts are given, nothing is checked and ``note`` says so; a small team adds "unit kecil"."""
    period = _period(period_code)
    me = _employees(ctx).get(ctx.nip, {})
    unit_id = me.get("unit_id")
    source = "dipilih"
    if org_predikat is None:
        decided = next(
            (
                r.fields.get("predikat")
                for r in ctx.store.records.of_kind(RecordKind.ORG_PREDIKAT)
                if r.fields.get("unit_id") == unit_id and r.fields.get("period_code") == period.code
            ),
            None,
        )
        org_predikat, source = (str(decided), "server") if decided else (None, "belum_ditetapkan")
    try:
        org = None if org_predikat is None else OrgPredikat(org_predikat)
    except ValueError:
        raise InvalidInputError(
            f"predikat organisasi '{org_predikat}' tidak dikenal; pilih: "
            + ", ".join(o.value for o in OrgPredikat)
        ) from None
    counts = dict.fromkeys(Predikat, 0)
    rated = final = 0
    members = _team(ctx)
    for e in members:
        r = _first(ctx, RecordKind.APPRAISAL, e["nip"], period_code=period.code)
        if r is None or not r.fields.get("predikat"):
            continue
        counts[Predikat(r.fields["predikat"])] += 1
        rated += 1
        final += r.fields.get("status") == "final"
    readiness = spread_readiness(rated, len(members))
    # the curve judges only enough ratings (shared_models.distribution.spread_readiness)
    violations = [] if org is None or not readiness.ready else check_distribution(org, counts)
    notes = [readiness.note]
    if org is None:
        notes.append(
            f"predikat kinerja organisasi untuk periode {period.label} belum ditetapkan; sebaran"
            " tidak diperiksa terhadap kurva (pilih predikat untuk simulasi)"
        )
    small = small_unit_note(rated)
    if small is not None:
        notes.append(small)
    return {
        "period": period.code,
        "label": period.label,
        "org_predikat": None if org is None else org.value,
        "org_label": None if org is None else org.label,
        "org_source": source,
        "note": "; ".join(notes),
        "small_unit": small is not None,
        "team": len(members),
        "rated": rated,
        "final": final,
        "needed": readiness.needed,
        "ready": readiness.ready,
        "complete": readiness.complete,
        "judged": org is not None and readiness.ready,
        "counts": [{"predikat": p.value, "label": p.label, "count": counts[p]} for p in Predikat],
        "violations": [{"clause": v.clause, "message": v.message} for v in violations],
    }


# objections (Atasan Pejabat Penilai) ----------------------------------------------------------


def _atasan_of(ctx: Context, nip: str) -> bool:
    """Whether the user decides ``nip``'s keberatan: the supervisor's supervisor, or, when the
    supervisor has none (the Sekda), the decider BKPP named (the server's rule:
    ``server.access.decides_keberatan_of``; the role comes from the server at sign-in)."""
    employees = _employees(ctx)
    boss = employees.get(nip, {}).get("supervisor_nip")
    if not boss:
        return False
    above = employees.get(str(boss), {}).get("supervisor_nip")
    if above:
        return bool(above == ctx.nip)
    roles = ctx.store.meta.get("roles") or []
    return Role.PEMUTUS_KEBERATAN in roles and ctx.nip not in (nip, boss)


def objections(ctx: Context, *, include_decided: bool = True) -> list[dict[str, Any]]:
    """Keberatan filed against ratings given by the supervisors below the user."""
    employees = _employees(ctx)
    out = []
    for r in ctx.store.records.of_kind(RecordKind.OBJECTION):
        if r.owner == ctx.nip or not _atasan_of(ctx, r.owner):
            continue
        f = r.fields
        if not include_decided and f.get("status") != "diajukan":
            continue
        appraisal = ctx.store.records.get(str(f.get("appraisal_id")))
        a = {} if appraisal is None else appraisal.fields
        supervisor = str(
            a.get("supervisor_nip") or employees.get(r.owner, {}).get("supervisor_nip")
        )
        out.append(
            {
                "id": r.id,
                "nip": r.owner,
                "name": employees.get(r.owner, {}).get("name", r.owner),
                "supervisor_nip": supervisor,
                "supervisor_name": employees.get(supervisor, {}).get("name", supervisor),
                "appraisal_id": f.get("appraisal_id"),
                "period_code": a.get("period_code"),
                "hasil_kerja": a.get("hasil_kerja"),
                "perilaku_kerja": a.get("perilaku_kerja"),
                "predikat": a.get("predikat"),
                "appraisal_feedback": a.get("feedback", ""),
                "reason": f.get("reason", ""),
                "filed_on": f.get("filed_on"),
                "status": f.get("status"),
                "decision_reason": f.get("decision_reason", ""),
                "new_predikat": f.get("new_predikat"),
                "sync_state": ctx.store.records.state(r.id) or SYNCED,
            }
        )
    out.sort(key=lambda o: (o["status"] != "diajukan", str(o["filed_on"]), o["id"]))
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
    if record.fields.get("status") != "diajukan":
        raise InvalidInputError(
            f"keberatan ini sudah diputus ({record.fields.get('status')}); keputusan bersifat final"
        )
    if not reason.strip():
        raise InvalidInputError(DECISION_REASON_EMPTY)
    fields = {**record.fields, "decided_by": ctx.nip, "decision_reason": reason.strip()}
    if uphold:
        if new_predikat:
            raise InvalidInputError("predikat dipertahankan: jangan isi predikat baru")
        fields.update(status="ditolak", new_predikat=None)
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
            status="dikabulkan",
            new_predikat=changed.value,
            new_hasil_kerja=hk.value,
            new_perilaku_kerja=pk.value,
        )
    ctx.save(RecordKind.OBJECTION, record.id, record.owner, fields)
    return {"id": record.id, **fields}
