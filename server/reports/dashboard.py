"""Completion dashboard: counts for the city, an OPD or a unit, one row per part below it.

Levels drill down city -> OPD -> unit -> employee. Every count comes from the ``report_facts``
table (indexed; kept by the storage in each record's write transaction) and the master tables,
never from decoding record blobs, so a query stays fast on a whole city.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import msgspec

from server.actor import Actor
from server.errors import BadRequestError
from server.reports.scope import OrgTree, require_hr, require_hr_for
from server.storage import Reader, Storage
from server.storage.rows import FactQuery
from shared_models.enums import SkpStatus
from shared_models.kinds import RecordKind
from shared_models.periods import PeriodError, parse_period_code, triwulan_of
from shared_models.wire import Dashboard, DashboardRow, SkpCounts

__all__ = ["Dashboard", "DashboardRow", "SkpCounts", "dashboard"]


class _Level(msgspec.Struct, frozen=True, kw_only=True):
    kind: str  # level of the rows
    name: str  # of the scope (unit, OPD or city)
    column: str  # fact column that names a row
    query: dict[str, object]  # extra FactQuery filters
    rows: list[tuple[str, str]]  # (id, name)
    key_of: dict[str, str]  # active employee nip -> row id


def _level(reader: Reader, actor: Actor, opd_id: str | None, unit_id: str | None) -> _Level:
    tree = OrgTree.load(reader)
    if unit_id is not None:
        unit = tree.unit(unit_id)
        require_hr_for(actor, unit.opd_id, what="laporan")
        staff = [e for e in reader.employees_in([unit.id]) if e.active]
        return _Level(
            name=unit.name,
            kind="employee",
            column="owner",
            query={"unit_ids": frozenset({unit.id})},
            rows=[(e.nip, e.name) for e in sorted(staff, key=lambda e: e.name)],
            key_of={e.nip: e.nip for e in staff},
        )
    if opd_id is not None:
        opd = tree.unit(opd_id, field="opd_id")
        if opd.opd_id != opd.id:
            raise BadRequestError(f"Unit {opd_id} bukan Perangkat Daerah.", field="opd_id")
        require_hr_for(actor, opd.id, what="laporan")
        units = tree.units_of_opd(opd.id)
        members = reader.employee_units([u.id for u in units])
        return _Level(
            name=opd.name,
            kind="unit",
            column="unit_id",
            query={"opd_id": opd.id},
            rows=[(u.id, u.name) for u in units],
            key_of=dict(members),
        )
    require_hr(actor)
    opds = tree.opds(actor)
    allowed = {u.id for u in opds}
    units_in = [u.id for u in tree.units.values() if u.opd_id in allowed]
    members = reader.employee_units(None if actor.city_wide else units_in)
    opd_of = {u.id: u.opd_id or "" for u in tree.units.values()}
    return _Level(
        name="Kota Semarang" if actor.city_wide else ", ".join(u.name for u in opds),
        kind="opd",
        column="opd_id",
        query={},
        rows=[(u.id, u.name) for u in opds],
        key_of={nip: opd_of.get(unit, "") for nip, unit in members if opd_of.get(unit) in allowed},
    )


def _by_key(groups: Iterable[tuple[str | None, int]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for key, n in groups:
        if key is not None:
            counts[key] += n
    return counts


def _parse_period(period: str | None, today: dt.date) -> str:
    if period is None:
        return triwulan_of(today).code
    try:
        return parse_period_code(period).code
    except PeriodError as err:
        raise BadRequestError(f"Parameter tidak valid: period: {err}", field="period") from err


def dashboard(
    storage: Storage,
    actor: Actor,
    *,
    today: dt.date,
    now: float,
    opd_id: str | None = None,
    unit_id: str | None = None,
    period: str | None = None,
    year: int | None = None,
    stale_days: int = 7,
) -> Dashboard:
    """The dashboard at the level the parameters name (unit beats OPD beats city)."""
    if stale_days < 0:
        raise BadRequestError("stale_days tidak boleh negatif.", field="stale_days")
    code = _parse_period(period, today)
    year = today.year if year is None else year
    week_from = today - dt.timedelta(days=today.weekday())
    storage.project_facts()  # this week's logs count, pushed a moment ago or not
    with storage.read() as reader:
        level = _level(reader, actor, opd_id, unit_id)
        col = level.column
        base = dict(level.query)

        def group(kind: RecordKind, *extra: str, **filters: object) -> list[tuple[object, ...]]:
            query = FactQuery(kind=str(kind), **{**base, **filters})  # type: ignore[arg-type]
            return [(*g.keys, g.count, g.owners) for g in reader.group_facts(query, (col, *extra))]

        skp = group(RecordKind.SKP, "status", period=str(year))
        logs = group(
            RecordKind.PROGRESS_LOG, day_from=week_from.isoformat(), day_to=today.isoformat()
        )
        selfs = group(RecordKind.SELF_ASSESSMENT, period=code, status="submitted")
        finals = group(RecordKind.APPRAISAL, period=code, status="final")
        devices = reader.all_devices()
    cutoff = now - stale_days * 86400
    stale = _by_key(
        (level.key_of.get(d.nip), 1) for d in devices if not d.revoked and d.last_seen < cutoff
    )
    staff = _by_key((key, 1) for key in level.key_of.values())
    skp_counts: dict[str, Counter[str]] = {}
    for key, status, n, _ in skp:
        skp_counts.setdefault(str(status), Counter())[str(key)] += int(str(n))
    log_n = {str(k): (int(str(n)), int(str(o))) for k, n, o in logs}
    self_n = {str(k): int(str(o)) for k, _, o in selfs}
    final_n = {str(k): int(str(o)) for k, _, o in finals}

    def row(row_id: str, name: str, kind: str) -> DashboardRow:
        skp_row = {s.value: skp_counts.get(s.value, Counter())[row_id] for s in SkpStatus}
        return DashboardRow(
            id=row_id,
            name=name,
            level=kind,
            employees=staff[row_id],
            skp=SkpCounts(**skp_row, belum_ada=max(0, staff[row_id] - sum(skp_row.values()))),
            logs_this_week=log_n.get(row_id, (0, 0))[0],
            employees_logging_this_week=log_n.get(row_id, (0, 0))[1],
            self_assessments_submitted=self_n.get(row_id, 0),
            appraisals_final=final_n.get(row_id, 0),
            devices_stale=stale[row_id],
        )

    rows = [row(rid, name, level.kind) for rid, name in level.rows]
    totals = _total(rows, level, unit_id or opd_id)
    return Dashboard(
        level={"opd": "city", "unit": "opd", "employee": "unit"}[level.kind],
        id=unit_id or opd_id,
        name=totals.name,
        today=today.isoformat(),
        week_from=week_from.isoformat(),
        week_to=today.isoformat(),
        period=code,
        year=year,
        stale_days=stale_days,
        totals=totals,
        rows=rows,
    )


def _total(rows: list[DashboardRow], level: _Level, scope_id: str | None) -> DashboardRow:
    def total(name: str) -> int:
        return sum(int(getattr(r, name)) for r in rows)

    skp = SkpCounts(
        **{f: sum(getattr(r.skp, f) for r in rows) for f in SkpCounts.__struct_fields__}
    )
    return DashboardRow(
        id=scope_id or "kota",
        name=level.name,
        level={"opd": "city", "unit": "opd", "employee": "unit"}[level.kind],
        employees=total("employees"),
        skp=skp,
        logs_this_week=total("logs_this_week"),
        employees_logging_this_week=total("employees_logging_this_week"),
        self_assessments_submitted=total("self_assessments_submitted"),
        appraisals_final=total("appraisals_final"),
        devices_stale=total("devices_stale"),
    )
