"""What the shared rules (``shared_models.record_rules``, ``shared_models.master_rules``) read,
answered from what the server stores, never from what a change claims.

One instance lives for one write transaction (a push batch, an import); answers that cannot
change within it (periods, leave days) are read once.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

import msgspec

from server.actor import Actor
from server.storage import Reader
from server.storage.rows import FactQuery
from shared_models.enums import AppraisalStatus, LeaveKind
from shared_models.kinds import RecordKind, Role
from shared_models.master_rules import AdminScope, Placement
from shared_models.periods import PeriodError, parse_period_code
from shared_models.record_rules import AppraisalFact, LogFact
from sync.hlc import DEFAULT_MAX_SKEW_MS

__all__ = ["WIB", "StoredFacts", "admin_scope"]

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
"""Kota Semarang's time zone: days of logs, periods and deadlines are WIB days."""


def _day_segments(
    periods: list[tuple[dt.date, dt.date, str]],
) -> tuple[list[dt.date], list[str | None]]:
    """Days cut where any period starts or ends: (first day of each piece, in order; the label
    of the first period in ``periods`` holding that piece, None for none). No period starts
    or ends inside a piece, so every day of it has that answer: a day's is the piece's at
    ``bisect_right(starts, day) - 1`` (None before the first piece)."""
    starts = sorted({p[0] for p in periods} | {p[1] + dt.timedelta(days=1) for p in periods})
    labels = [
        next((label for first, last, label in periods if first <= day <= last), None)
        for day in starts
    ]
    return starts, labels


def admin_scope(actor: Actor) -> AdminScope:
    return AdminScope(nip=actor.nip, city_wide=actor.city_wide, opds=actor.admin_opds)


class StoredFacts:
    """:class:`~shared_models.record_rules.RecordFacts` and
    :class:`~shared_models.master_rules.MasterFacts` over one reader (or writer)."""

    def __init__(self, reader: Reader, now: float, *, flush: Callable[[], None] = lambda: None):
        self._reader = reader
        self._now = now
        self._flush = flush  # writes a batch's buffered records before a query reads facts
        self._closed: tuple[list[dt.date], list[str | None]] | None = None
        """The closed periods as :func:`_day_segments` (read once, asked for every log)."""
        self._leave: dict[str, dict[dt.date, str]] = {}
        self._today: dt.date | None = None
        self._early: dict[str, bool] = {}
        self._indicators: dict[str, tuple[str, dict[str, dict[str, Any]]] | None] = {}
        """Per SKP id read: its owner and indicators by id (None: no live SKP)."""
        self._unflushed: set[str] = set()
        """Ids the batch has buffered but not written yet (see :meth:`note_written`)."""

    def note_written(self, record_id: str) -> None:
        """The batch buffered a new version of ``record_id``: facts read from it again must
        see it (the buffer is flushed first), and what was cached of it is stale."""
        self._unflushed.add(record_id)
        self._indicators.pop(record_id, None)

    # --- record facts ----------------------------------------------------------------------
    def today(self) -> dt.date:
        # a device clock may run up to the allowed skew ahead: its "today" is no forgery
        if self._today is None:
            ahead = self._now + DEFAULT_MAX_SKEW_MS / 1000
            self._today = dt.datetime.fromtimestamp(ahead, WIB).date()
        return self._today

    def closed_period(self, day: dt.date) -> str | None:
        if self._closed is None:
            self._flush()
            closed = []
            for fact in self._reader.facts(FactQuery(kind=str(RecordKind.PERIOD), status="closed")):
                try:
                    period = parse_period_code(fact.period or "")
                except PeriodError:
                    continue
                closed.append((period.first_day, period.last_day, period.label))
            self._closed = _day_segments(closed)
        starts, labels = self._closed
        at = bisect.bisect_right(starts, day) - 1
        return None if at < 0 else labels[at]

    def leave_on(self, owner: str, day: dt.date) -> str | None:
        days = self._leave.get(owner)
        if days is None:
            self._flush()
            days = self._leave[owner] = {}
            for row in self._reader.records_of_owners(
                [owner], max_seq=2**62, limit=10_000, kind=str(RecordKind.LEAVE)
            ):
                _add_leave(days, row.fields, deleted=row.deleted)
        return days.get(day)

    def final_appraisals(self, owner: str, period_code: str, kind: str) -> Collection[str]:
        self._flush()
        query = FactQuery(
            kind=str(RecordKind.APPRAISAL),
            owners=frozenset({owner}),
            period=period_code,
            status=str(AppraisalStatus.FINAL),
            ref=kind,
        )
        return [f.record_id for f in self._reader.facts(query)]

    def appraisal(self, record_id: str) -> AppraisalFact | None:
        self._flush()
        row = self._reader.record(record_id)
        if row is None or row.deleted or row.kind != RecordKind.APPRAISAL:
            return None
        fields = _decode(row.fields)
        stamp = self._reader.final_stamp(record_id)
        final_on = None if stamp is None else dt.datetime.fromtimestamp(stamp, WIB).date()
        if final_on is None and fields.get("finalized_at"):
            # finalized before the server stamped receipts: the rater's own time, as recorded
            try:
                final_on = dt.datetime.fromisoformat(str(fields["finalized_at"])).date()
            except ValueError:
                final_on = None
        return AppraisalFact(
            owner=row.owner,
            kind=str(fields.get("kind", "")),
            status=str(fields.get("status", "")),
            final_on=final_on,
        )

    def objections_on(self, appraisal_id: str) -> Collection[str]:
        self._flush()
        query = FactQuery(kind=str(RecordKind.OBJECTION), ref=appraisal_id)
        return [f.record_id for f in self._reader.facts(query)]

    def period_final(self, owner: str, period_code: str) -> bool:
        self._flush()
        query = FactQuery(
            kind=str(RecordKind.APPRAISAL),
            owners=frozenset({owner}),
            period=period_code,
            status=str(AppraisalStatus.FINAL),
        )
        return bool(self._reader.facts(query, limit=1))

    def early_final(self, period_code: str) -> bool:
        found = self._early.get(period_code)
        if found is None:
            self._flush()
            found = False
            query = FactQuery(kind=str(RecordKind.PERIOD), period=period_code)
            for fact in self._reader.facts(query):
                row = self._reader.record(fact.record_id)
                if row is not None and not row.deleted:
                    found = found or _decode(row.fields).get("early_final") is True
            self._early[period_code] = found
        return found

    def rhk_ids(self, owner: str, year: int) -> Collection[str]:
        self._flush()
        query = FactQuery(kind=str(RecordKind.SKP), owners=frozenset({owner}), period=str(year))
        found: set[str] = set()
        for fact in self._reader.facts(query):
            row = self._reader.record(fact.record_id)
            if row is None or row.deleted:
                continue
            rhk = _decode(row.fields).get("rhk")
            for item in rhk if isinstance(rhk, list) else []:
                if isinstance(item, dict) and item.get("id"):
                    found.add(str(item["id"]))
        return found

    def progress_log(self, record_id: str) -> LogFact | None:
        self._flush()
        row = self._reader.record(record_id)
        if row is None or row.deleted or row.kind != RecordKind.PROGRESS_LOG:
            return None
        try:
            day: dt.date | None = dt.date.fromisoformat(str(_decode(row.fields).get("date")))
        except ValueError:
            day = None
        return LogFact(owner=row.owner, day=day)

    def indicator(self, owner: str, skp_id: str, indicator_id: str) -> dict[str, Any] | None:
        """The indicator ``indicator_id`` of ``owner``'s live SKP ``skp_id``, as stored (None:
        no such SKP of that owner, or no such indicator in it). Not one of the protocol's facts:
        the device reads its own SKP where it builds the log. Each SKP is read once per batch
        (a batch of 500 logs of one SKP reads it once), again only after the batch wrote it."""
        if skp_id in self._unflushed:
            self._flush()
            self._unflushed.clear()
        if skp_id not in self._indicators:
            self._indicators[skp_id] = self._read_indicators(skp_id)
        found = self._indicators[skp_id]
        if found is None or found[0] != owner:
            return None
        return found[1].get(indicator_id)

    def _read_indicators(self, skp_id: str) -> tuple[str, dict[str, dict[str, Any]]] | None:
        row = self._reader.record(skp_id)
        if row is None or row.deleted or row.kind != RecordKind.SKP:
            return None
        by_id: dict[str, dict[str, Any]] = {}
        rhk = _decode(row.fields).get("rhk")
        for item in rhk if isinstance(rhk, list) else []:
            indicators = item.get("indicators") if isinstance(item, dict) else None
            for found in indicators if isinstance(indicators, list) else []:
                if isinstance(found, dict) and isinstance(found.get("id"), str):
                    by_id.setdefault(found["id"], found)
        return row.owner, by_id

    # --- master facts ----------------------------------------------------------------------
    def unit_known(self, unit_id: str) -> bool:
        return self._reader.unit(unit_id) is not None

    def unit_opd(self, unit_id: str) -> str | None:
        unit = self._reader.unit(unit_id)
        return None if unit is None else unit.opd_id

    def placement(self, nip: str) -> Placement | None:
        e = self._reader.employee(nip)
        return None if e is None else Placement(e.unit_id, e.supervisor_nip, e.active)

    def employee_record_id(self, nip: str) -> str | None:
        self._flush()
        query = FactQuery(kind=str(RecordKind.EMPLOYEE), owners=frozenset({nip}))
        return max((f.record_id for f in self._reader.facts(query)), default=None)

    def is_bkpp(self, nip: str) -> bool:
        return any(
            g.role is Role.ADMIN_BKPP or (g.role is Role.ADMIN_OPD and g.opd_id is None)
            for g in self._reader.admin_grants(nip)
        )


def _decode(blob: bytes) -> dict[str, object]:
    try:
        value = msgspec.msgpack.decode(blob)
    except msgspec.DecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _add_leave(days: dict[dt.date, str], blob: bytes, *, deleted: bool) -> None:
    if deleted:
        return
    f = _decode(blob)
    try:
        start = dt.date.fromisoformat(str(f.get("start")))
        end = dt.date.fromisoformat(str(f.get("end")))
        label = LeaveKind(str(f.get("kind"))).label.lower()
    except ValueError:
        return
    if (end - start).days > 366:
        return
    for n in range((end - start).days + 1):
        days[start + dt.timedelta(days=n)] = label
