"""The rules of a record that need more than the record: dates against today, closed periods
and leave, one final appraisal, the keberatan window, who may be named as author or rater.

Pure: what a rule needs beyond the record comes from a :class:`RecordFacts` the caller passes
(the server reads it from what it stores, a device from its own copy), so the device shows
beforehand what the server will decide, with the same words (invariant I10). Each check returns a
:class:`Problem` naming the field, or None.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple, Protocol

from shared_models.enums import AppraisalKind, AppraisalStatus, PeriodKind
from shared_models.kinds import RecordKind
from shared_models.periods import PeriodError, parse_period_code
from shared_models.realisation import whole_numbers_only
from shared_models.rules import OBJECTION_DAYS

__all__ = [
    "ANNUAL_FINAL_FROM",
    "AUTHOR_FIELDS",
    "EARLIEST_DAY",
    "FEEDBACK_ABOUT",
    "LOG_VALUE_FIELDS",
    "AppraisalFact",
    "LogFact",
    "Problem",
    "RecordFacts",
    "author_problem",
    "check_record",
    "decision_day_problem",
    "feedback_problem",
    "finalization_problem",
    "finalization_warning",
    "log_day_problem",
    "log_value_problem",
    "objection_problem",
    "one_final_problem",
    "self_assessment_lock",
]

EARLIEST_DAY = date(2019, 1, 1)
"""No work before PP 30/2019 is logged in this system."""

ANNUAL_FINAL_FROM = (12, 1)
"""(month, day) from which an annual appraisal of the year may be finalized: December, the last
month of the period and of Triwulan IV (docs/domain-rules.md, "Finalization")."""

AUTHOR_FIELDS: Mapping[str, tuple[str, ...]] = {
    RecordKind.APPRAISAL: ("supervisor_nip",),
    RecordKind.FEEDBACK: ("author_nip",),
    RecordKind.OBJECTION: ("decided_by",),
    RecordKind.PROGRESS_LOG: ("acknowledged_by",),
    RecordKind.ORG_PREDIKAT: ("decided_by",),
    RecordKind.AWARD: ("decided_by",),
}
"""Fields that name who wrote or decided: whoever writes them names only themselves."""


class Problem(NamedTuple):
    """Why a record is refused: ``field`` is its path (``$.date``), ``message`` in words."""

    field: str
    message: str
    forbidden: bool = False
    """The writer may not do this at all (an HTTP 403), rather than a wrong value (a 400)."""


class AppraisalFact(NamedTuple):
    """What the keberatan rules read of an appraisal."""

    owner: str
    kind: str
    status: str
    final_on: date | None
    """The day the final version reached the server (when the employee received it)."""


class LogFact(NamedTuple):
    """What the feedback rule reads of a progress log."""

    owner: str
    day: date | None


class RecordFacts(Protocol):
    """What the rules need to know besides the record (read from the reader's own store)."""

    def today(self) -> date:
        """Today in WIB (the server's clock on the server, the device's on the device)."""
        ...

    def closed_period(self, day: date) -> str | None:
        """The label of a closed assessment period that holds ``day`` (None: none)."""
        ...

    def leave_on(self, owner: str, day: date) -> str | None:
        """The kind of leave ``owner`` is recorded on ``day``, in words (None: at work)."""
        ...

    def final_appraisals(self, owner: str, period_code: str, kind: str) -> Collection[str]:
        """Ids of the final appraisals of ``owner`` for the period and kind."""
        ...

    def appraisal(self, record_id: str) -> AppraisalFact | None:
        """The appraisal ``record_id`` (None: unknown or deleted)."""
        ...

    def objections_on(self, appraisal_id: str) -> Collection[str]:
        """Ids of the live objections against ``appraisal_id``."""
        ...

    def period_final(self, owner: str, period_code: str) -> bool:
        """Whether ``owner``'s appraisal for the period is final (self-assessments lock)."""
        ...

    def early_final(self, period_code: str) -> bool:
        """Whether BKPP opened finalization of the period early (its PERIOD record's
        ``early_final``; False without a record)."""
        ...

    def rhk_ids(self, owner: str, year: int) -> Collection[str]:
        """Ids of the RHK in ``owner``'s SKP of ``year`` (empty: no SKP)."""
        ...

    def progress_log(self, record_id: str) -> LogFact | None:
        """The live progress log ``record_id`` (None: unknown or deleted)."""
        ...


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def log_day_problem(owner: str, day: date, facts: RecordFacts) -> Problem | None:
    """A progress log's day: not in the future, not before 2019, not in a closed period, not
    on a day of recorded leave."""
    today = facts.today()
    if day > today:
        return Problem(
            "$.date", f"tanggal {day:%d-%m-%Y} belum terjadi (hari ini {today:%d-%m-%Y})"
        )
    if day < EARLIEST_DAY:
        return Problem("$.date", f"tanggal {day:%d-%m-%Y} terlalu lama (paling awal 2019)")
    closed = facts.closed_period(day)
    if closed is not None:
        return Problem(
            "$.date", f"tanggal {day:%d-%m-%Y} berada di periode {closed} yang sudah ditutup"
        )
    away = facts.leave_on(owner, day)
    if away is not None:
        return Problem(
            "$.date",
            f"pada {day:%d-%m-%Y} pegawai tercatat {away}; catatan progres tidak bisa dibuat"
            " pada hari itu",
        )
    return None


LOG_VALUE_FIELDS = ("value", "indicator_id", "skp_id")
"""The fields of a PROGRESS_LOG that decide whether its value must be a whole number."""


def log_value_problem(
    fields: Mapping[str, Any],
    indicator: Mapping[str, Any] | None,
    changed: Collection[str],
    *,
    created: bool,
) -> Problem | None:
    """A progress log of an indicator that counts things (kunjungan, pasien, dokumen:
    :func:`~shared_models.realisation.whole_numbers_only`) holds a whole number: "1,5
    kunjungan" means nothing; a measure (1,5 jam) or a level (87,5 %) takes decimals.
    ``indicator`` is the one the log names, as the reader's own copy of the owner's SKP holds
    it (never the log's ``unit``); None (no such indicator there) leaves the value to the
    content check, as a log of no indicator counts toward no realisation. Checked when written
    (created, or one of :data:`LOG_VALUE_FIELDS` changed), so a supervisor's comment on an old
    log never fails on a later SKP change."""
    if indicator is None or not (created or any(n in changed for n in LOG_VALUE_FIELDS)):
        return None
    raw = fields.get("value")
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None  # the content check names a value that is no number
    value = float(raw)
    if value.is_integer() or not whole_numbers_only(indicator):
        return None
    unit = str(indicator.get("target_unit") or "").strip()
    shown = f"{value:g}".replace(".", ",")
    return Problem("$.value", f"jumlah {unit} harus bilangan bulat, bukan {shown}")


def author_problem(
    kind: str,
    fields: Mapping[str, Any],
    changed: Collection[str],
    actor_nip: str,
    *,
    created: bool,
) -> Problem | None:
    """A field naming the author or rater, when written, names the writer; a final appraisal
    names the one who finalizes it."""
    for name in AUTHOR_FIELDS.get(kind, ()):
        value = fields.get(name)
        if value is None or not (created or name in changed):
            continue
        if value != actor_nip:
            return Problem(
                f"$.{name}", f"{name} harus NIP Anda sendiri ({actor_nip}), bukan {value}"
            )
    if (
        kind == RecordKind.APPRAISAL
        and "status" in changed
        and fields.get("status") == AppraisalStatus.FINAL
        and fields.get("supervisor_nip") != actor_nip
    ):
        return Problem(
            "$.supervisor_nip", "penilaian difinalkan oleh pejabat penilai yang mengisinya"
        )
    return None


def one_final_problem(
    record_id: str, owner: str, fields: Mapping[str, Any], facts: RecordFacts
) -> Problem | None:
    """One final appraisal per employee, period and kind."""
    if fields.get("status") != AppraisalStatus.FINAL:
        return None
    period, kind = str(fields.get("period_code", "")), str(fields.get("kind", ""))
    others = set(facts.final_appraisals(owner, period, kind)) - {record_id}
    if others:
        return Problem(
            "$.status",
            f"sudah ada penilaian final untuk periode {_period_words(period)}; perubahan"
            " sesudahnya hanya melalui keberatan yang dikabulkan",
        )
    return None


def finalization_problem(
    fields: Mapping[str, Any], changed: Collection[str], facts: RecordFacts, *, created: bool
) -> Problem | None:
    """An annual appraisal is finalized from 1 December of its year (the period's last working
    days), or earlier only when BKPP opened the period for it (``early_final``). Checked when
    the status becomes final, against today (never against the ``finalized_at`` a device
    claims)."""
    if fields.get("status") != AppraisalStatus.FINAL or not (created or "status" in changed):
        return None
    try:
        period = parse_period_code(str(fields.get("period_code", "")))
    except PeriodError:
        return None
    if period.kind is not PeriodKind.TAHUNAN:
        return None
    month, day = ANNUAL_FINAL_FROM
    opens = date(period.year, month, day)
    if facts.today() >= opens or facts.early_final(period.code):
        return None
    return Problem(
        "$.status",
        f"penilaian tahunan {period.year} baru dapat difinalkan mulai {opens:%d-%m-%Y} (hari"
        f" kerja terakhir periode), kecuali BKPP membuka finalisasi lebih awal",
    )


def finalization_warning(period_code: str, today: date) -> str | None:
    """A warning, not a refusal: the period has not ended yet on ``today`` (the keberatan
    window of an annual result then starts before the year is over)."""
    try:
        period = parse_period_code(period_code)
    except PeriodError:
        return None
    if today > period.last_day:
        return None
    return (
        f"periode {period.label} belum berakhir (berakhir {period.last_day:%d-%m-%Y}); hasil"
        " kerja sampai akhir periode belum ikut dinilai"
    )


def objection_problem(
    record_id: str, owner: str, fields: Mapping[str, Any], facts: RecordFacts
) -> Problem | None:
    """A new keberatan: against the owner's own final annual appraisal, the only one against
    it, filed within :data:`~shared_models.rules.OBJECTION_DAYS` days of receiving it."""
    appraisal_id = str(fields.get("appraisal_id", ""))
    found = facts.appraisal(appraisal_id)
    if found is None or found.owner != owner:
        return Problem("$.appraisal_id", "penilaian yang diajukan keberatan tidak ditemukan")
    if found.kind != AppraisalKind.TAHUNAN or found.status != AppraisalStatus.FINAL:
        return Problem("$.appraisal_id", "keberatan hanya untuk predikat tahunan yang sudah final")
    if set(facts.objections_on(appraisal_id)) - {record_id}:
        return Problem("$.appraisal_id", "keberatan atas penilaian ini sudah pernah diajukan")
    received = found.final_on
    today = facts.today()
    if received is not None:
        deadline = received + timedelta(days=OBJECTION_DAYS)
        if today > deadline:
            return Problem(
                "$.filed_on",
                f"batas waktu keberatan sudah lewat ({deadline:%d-%m-%Y}, {OBJECTION_DAYS} hari"
                f" setelah predikat diterima pada {received:%d-%m-%Y})",
            )
    filed = _day(fields.get("filed_on"))
    if filed is None or filed > today or (received is not None and filed < received):
        return Problem(
            "$.filed_on",
            f"tanggal pengajuan harus antara tanggal predikat diterima dan hari ini"
            f" ({today:%d-%m-%Y})",
        )
    return None


FEEDBACK_ABOUT = ("about_rhk_id", "related_log_id", "period_code")
"""The fields of a FEEDBACK that tie it to what it is about."""


def feedback_problem(
    owner: str,
    fields: Mapping[str, Any],
    changed: Collection[str],
    facts: RecordFacts,
    *,
    created: bool,
) -> Problem | None:
    """Feedback is tied to entries of the employee it is about: ``related_log_id`` names a
    live progress log of that employee, ``about_rhk_id`` an RHK of their SKP of the
    feedback's year (the year of ``period_code``; without one, of the related log's day, else
    of today). Checked when written (created, or one of those fields changed), so the
    employee's reply to old feedback never fails on a later SKP change."""
    if not (created or any(name in changed for name in FEEDBACK_ABOUT)):
        return None
    day = None
    log_id = fields.get("related_log_id")
    if log_id:
        log = facts.progress_log(str(log_id))
        if log is None or log.owner != owner:
            return Problem(
                "$.related_log_id",
                f"catatan progres {log_id} tidak ditemukan di antara catatan pegawai {owner}",
            )
        day = log.day
    rhk = fields.get("about_rhk_id")
    if not rhk:
        return None
    year = None
    if fields.get("period_code"):
        try:
            year = parse_period_code(str(fields["period_code"])).year
        except PeriodError:
            return None  # the content check names a bad period code
    year = year or (day.year if day is not None else facts.today().year)
    if str(rhk) not in set(facts.rhk_ids(owner, year)):
        return Problem("$.about_rhk_id", f"RHK {rhk} tidak ada di SKP {year} pegawai {owner}")
    return None


def self_assessment_lock(owner: str, periods: Sequence[str], facts: RecordFacts) -> str | None:
    """Why a self-assessment is locked, in words: the stored period's or the new period's
    appraisal is final (None: open)."""
    for code in dict.fromkeys(p for p in periods if p):
        if facts.period_final(owner, code):
            return f"penilaian kinerja periode {_period_words(code)} sudah final"
    return None


def check_record(
    kind: str,
    record_id: str,
    owner: str,
    fields: Mapping[str, Any],
    *,
    changed: Collection[str],
    created: bool,
    actor_nip: str,
    facts: RecordFacts,
) -> Problem | None:
    """Every rule above that applies to a record version about to be stored (not a delete)."""
    problem = author_problem(kind, fields, changed, actor_nip, created=created)
    if problem is not None:
        return problem
    if kind == RecordKind.PROGRESS_LOG and actor_nip == owner:
        # the employee's own writes (a supervisor's comment on an old log stays possible)
        day = _day(fields.get("date"))
        if day is not None:
            return log_day_problem(owner, day, facts)
    elif kind == RecordKind.APPRAISAL:
        return one_final_problem(record_id, owner, fields, facts) or finalization_problem(
            fields, changed, facts, created=created
        )
    elif kind == RecordKind.OBJECTION and created:
        return objection_problem(record_id, owner, fields, facts)
    elif kind == RecordKind.FEEDBACK:
        return feedback_problem(owner, fields, changed, facts, created=created)
    elif kind in (RecordKind.DISCIPLINE, RecordKind.AWARD):
        return decision_day_problem(fields, facts.today())
    return None


def decision_day_problem(fields: Mapping[str, Any], today: date) -> Problem | None:
    """A hukuman disiplin or a penghargaan is a decision already taken: its ``decided_on`` is
    not after today."""
    day = _day(fields.get("decided_on"))
    if day is not None and day > today:
        return Problem(
            "$.decided_on",
            f"tanggal keputusan {day:%d-%m-%Y} belum terjadi (hari ini {today:%d-%m-%Y})",
        )
    return None


def _period_words(code: str) -> str:
    try:
        return parse_period_code(code).label
    except PeriodError:
        return code
