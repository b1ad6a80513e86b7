"""Tindak lanjut of the appraisal (pure): the angka kredit of a final annual predikat, and the
words every layer shows for it, for a hukuman disiplin and for a penghargaan.

Inputs are record ``fields`` as both sides hold them (the server's stored versions, a device's
copies), so the document, the exports, the app and the command line compute and say the same.
Nothing here reads a clock or stored state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from shared_models.enums import (
    AppraisalKind,
    AppraisalStatus,
    AwardKind,
    DisciplineKind,
    JabatanKind,
    Jenjang,
    Predikat,
)
from shared_models.periods import PeriodError, parse_period_code
from shared_models.rules import ANGKA_KREDIT_SHARE, KOEFISIEN, angka_kredit

__all__ = [
    "AngkaKredit",
    "angka_kredit_months",
    "angka_kredit_of",
    "award_text",
    "discipline_text",
    "number_id",
    "periods_overlap",
]


class AngkaKredit(NamedTuple):
    """The angka kredit of one final annual predikat, with what it was computed from."""

    value: Decimal
    year: int
    jenjang: Jenjang
    predikat: Predikat
    months: int
    koefisien: Decimal
    share: Decimal

    def text(self) -> str:
        """``12,500 (Ahli Pertama: koefisien 12,5 x 100 % x 12/12 bulan)``."""
        return (
            f"{number_id(self.value, 3)} ({self.jenjang.label}: koefisien "
            f"{number_id(self.koefisien)} x {number_id(self.share * 100)} % x "
            f"{self.months}/12 bulan)"
        )


def number_id(value: Decimal | float, places: int | None = None) -> str:
    """A number as Indonesians write it: decimal comma, no trailing zeros unless ``places``."""
    number = Decimal(str(value))
    text = f"{number:.{places}f}" if places is not None else f"{number.normalize():f}"
    return text.replace(".", ",")


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def angka_kredit_months(year: int, tmt_jabatan: date | None) -> int:
    """Whole months of ``year`` in the position that began on ``tmt_jabatan``: 12 without a TMT
    or with one before the year; from the TMT's month when it is the 1st, else from the next
    month; 0 when the position began after the year (or in its last month, after the 1st)."""
    if tmt_jabatan is None or tmt_jabatan.year < year:
        return 12
    if tmt_jabatan.year > year:
        return 0
    first = tmt_jabatan.month if tmt_jabatan.day == 1 else tmt_jabatan.month + 1
    return max(0, 13 - first)


def angka_kredit_of(
    employee: Mapping[str, Any] | None, appraisal: Mapping[str, Any] | None
) -> AngkaKredit | None:
    """The angka kredit (PermenPANRB 1/2023) of ``appraisal`` for ``employee`` (both record
    fields), or None: only a final annual appraisal with a predikat (the decided one, after a
    granted keberatan) of a functional position with a jenjang, held some months of the year.
    """
    if not employee or not appraisal:
        return None
    if (
        appraisal.get("kind") != AppraisalKind.TAHUNAN
        or appraisal.get("status") != AppraisalStatus.FINAL
        or employee.get("jabatan_kind") != JabatanKind.FUNGSIONAL
    ):
        return None
    try:
        jenjang = Jenjang(str(employee.get("jenjang")))
        predikat = Predikat(str(appraisal.get("predikat")))
        year = parse_period_code(str(appraisal.get("period_code"))).year
    except (ValueError, PeriodError):
        return None
    months = angka_kredit_months(year, _date(employee.get("tmt_jabatan")))
    if months == 0:
        return None
    return AngkaKredit(
        value=angka_kredit(jenjang, predikat, months),
        year=year,
        jenjang=jenjang,
        predikat=predikat,
        months=months,
        koefisien=KOEFISIEN[jenjang],
        share=ANGKA_KREDIT_SHARE[predikat],
    )


def periods_overlap(first: str, second: str) -> bool:
    """Whether two period codes share a day (``2026`` overlaps ``2026-T3``); False for a code
    that is not a period."""
    try:
        a, b = parse_period_code(first), parse_period_code(second)
    except PeriodError:
        return False
    return a.first_day <= b.last_day and b.first_day <= a.last_day


def discipline_text(fields: Mapping[str, Any]) -> str:
    """``Hukuman disiplin sedang: Pemotongan ... (keputusan 800/12/2026, 12-03-2026)``."""
    try:
        kind = DisciplineKind(str(fields.get("kind")))
        what = f"Hukuman disiplin {kind.level.label.lower()}: {kind.label}"
    except ValueError:
        what = f"Hukuman disiplin: {fields.get('kind', '-')}"
    day = _date(fields.get("decided_on"))
    when = f", {day:%d-%m-%Y}" if day else ""
    text = f"{what} (keputusan {fields.get('decree_number') or '-'}{when})"
    note = fields.get("note")
    return f"{text}; {note}" if note else text


def award_text(fields: Mapping[str, Any]) -> str:
    """``Prioritas program pengembangan talenta, 2026 (dasar: ...; 15-01-2027)``."""
    try:
        what = AwardKind(str(fields.get("kind"))).label
    except ValueError:
        what = str(fields.get("kind", "Penghargaan"))
    try:
        period = parse_period_code(str(fields.get("period_code"))).label
    except PeriodError:
        period = str(fields.get("period_code", ""))
    day = _date(fields.get("decided_on"))
    when = f"; {day:%d-%m-%Y}" if day else ""
    return f"{what}, {period} (dasar: {fields.get('basis') or '-'}{when})"
