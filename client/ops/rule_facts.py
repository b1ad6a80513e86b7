"""What the shared rules of ``shared_models.record_rules`` read, answered from this device's
own copy: the device runs the server's rules before saving, so the user hears beforehand, in
the same words, what the server will decide.

The device cannot know when the server received a final appraisal; it takes the rater's
finalization time (the server decides from its own receipt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from client.context import Context
from shared_models import AppraisalStatus, Leave, RecordKind, parse_period_code, validate_content
from shared_models.periods import PeriodError
from shared_models.record_rules import AppraisalFact, LogFact

__all__ = ["DeviceFacts"]


class DeviceFacts:
    """:class:`~shared_models.record_rules.RecordFacts` over the user's store."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def today(self) -> dt.date:
        return self._ctx.today()

    def closed_period(self, day: dt.date) -> str | None:
        for period in self._ctx.store.records.of_kind(RecordKind.PERIOD):
            f = period.fields
            if f.get("open") is not False:
                continue
            try:
                found = parse_period_code(str(f.get("code", "")))
            except PeriodError:
                continue
            if found.first_day <= day <= found.last_day:
                return found.label
        return None

    def leave_on(self, owner: str, day: dt.date) -> str | None:
        for record in self._ctx.store.records.of_kind(RecordKind.LEAVE, owner=owner):
            try:
                leave = validate_content(RecordKind.LEAVE, record.fields)
            except ValueError:  # a record this app version cannot read: no check from it
                continue
            assert isinstance(leave, Leave)
            if leave.start <= day <= leave.end:
                return leave.kind.label.lower()
        return None

    def final_appraisals(self, owner: str, period_code: str, kind: str) -> Collection[str]:
        return [
            r.id
            for r in self._ctx.store.records.of_kind(RecordKind.APPRAISAL, owner=owner)
            if r.fields.get("status") == AppraisalStatus.FINAL
            and r.fields.get("period_code") == period_code
            and r.fields.get("kind") == kind
        ]

    def appraisal(self, record_id: str) -> AppraisalFact | None:
        record = self._ctx.store.records.get(record_id)
        if record is None or record.deleted or record.kind != RecordKind.APPRAISAL:
            return None
        f = record.fields
        try:
            final_on = dt.datetime.fromisoformat(str(f.get("finalized_at"))).date()
        except ValueError:
            final_on = None
        return AppraisalFact(
            owner=record.owner,
            kind=str(f.get("kind", "")),
            status=str(f.get("status", "")),
            final_on=final_on,
        )

    def objections_on(self, appraisal_id: str) -> Collection[str]:
        return [
            r.id
            for r in self._ctx.store.records.of_kind(RecordKind.OBJECTION)
            if r.fields.get("appraisal_id") == appraisal_id
        ]

    def period_final(self, owner: str, period_code: str) -> bool:
        return any(
            r.fields.get("status") == AppraisalStatus.FINAL
            and r.fields.get("period_code") == period_code
            for r in self._ctx.store.records.of_kind(RecordKind.APPRAISAL, owner=owner)
        )

    def early_final(self, period_code: str) -> bool:
        return any(
            r.fields.get("code") == period_code and r.fields.get("early_final") is True
            for r in self._ctx.store.records.of_kind(RecordKind.PERIOD)
        )

    def rhk_ids(self, owner: str, year: int) -> Collection[str]:
        return {
            str(r.get("id"))
            for skp in self._ctx.store.records.of_kind(RecordKind.SKP, owner=owner)
            if skp.fields.get("year") == year
            for r in skp.fields.get("rhk", [])
            if r.get("id")
        }

    def progress_log(self, record_id: str) -> LogFact | None:
        record = self._ctx.store.records.get(record_id)
        if record is None or record.deleted or record.kind != RecordKind.PROGRESS_LOG:
            return None
        try:
            day: dt.date | None = dt.date.fromisoformat(str(record.fields.get("date")))
        except ValueError:
            day = None
        return LogFact(owner=record.owner, day=day)
