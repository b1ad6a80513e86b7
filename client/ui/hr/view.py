"""Pure view models of the HR screens (no flet): percentages with the decimal comma, the
Indonesian name of a downloaded file, the city chart's sorted bars, the employee profile read
from the exports' rows, which unit "Cek sebaran" opens on, and the import's refusal in words.
Tested by tests/unit/client/test_hr_view.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from client.hr_api import DashboardRow
from client.ui.common.fmt import number
from client.ui.common.i18n import tr
from shared_models.calendar_words import month_long, month_short

__all__ = [
    "Bar",
    "PeriodLine",
    "Profile",
    "completion_bars",
    "download_name",
    "import_refusal",
    "pct",
    "period_words",
    "profile_of",
    "spread_start",
]

_DATASET_NAMES = {
    "appraisals": "Rekap_Kinerja",
    "progress-logs": "Catatan_Kemajuan",
    "completion": "Kelengkapan_Kinerja",
    "discipline": "Hukuman_Disiplin",
    "awards": "Penghargaan",
    "evaluation": "Dokumen_Evaluasi",
}


def pct(lang: str, part: float, whole: float) -> str:
    """``part`` of ``whole`` as a percentage with one decimal at most: "96,5 %" ("96.5%")."""
    share = round(100 * part / whole, 1) if whole else 0.0
    text = number(lang, share)
    return f"{text} %" if lang == "id" else f"{text}%"


def _words(text: str) -> str:
    """Letters and digits of ``text`` joined by underscores (accents dropped, no path)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[A-Za-z0-9]+", plain))


def _period_part(period: str) -> str:
    """``2026-T4`` -> ``T4_2026``, ``2026-10`` -> ``Okt_2026``, ``2026`` -> ``2026``."""
    year, _, rest = period.partition("-")
    if rest.startswith("T") and rest[1:].isdigit():
        return f"{rest}_{year}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return f"{month_short(int(rest))}_{year}"
    return _words(period)


def download_name(kind: str, scope: str, period: str, ext: str) -> str:
    """The file name the browser saves, in Indonesian: ``Rekap_Kinerja_Dinas_Kesehatan_T4_2026
    .xlsx``; ``scope`` is the OPD, unit or person it covers."""
    parts = [_DATASET_NAMES.get(kind, _words(kind)), _words(scope)[:80], _period_part(period)]
    return "_".join(p for p in parts if p) + "." + ext.lower().lstrip(".")


def period_words(lang: str, period: str) -> str:
    """``2026-T4`` -> "Triwulan IV 2026", ``2026`` -> "Tahun 2026", ``2026-10`` -> "Oktober
    2026" (English: "Quarter IV 2026", "Year 2026")."""
    year, _, rest = period.partition("-")
    if not rest:
        return f"{'Year' if lang == 'en' else 'Tahun'} {year}"
    if rest.startswith("T") and rest[1:].isdigit():
        roman = ("I", "II", "III", "IV")[min(3, max(0, int(rest[1:]) - 1))]
        return f"{'Quarter' if lang == 'en' else 'Triwulan'} {roman} {year}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return f"{month_long(int(rest))} {year}"
    return period


@dataclass(frozen=True)
class Bar:
    """One row of the city chart: the full name and each series' share (0-100) and text."""

    id: str
    name: str
    employees: int
    shares: tuple[float, float, float]
    texts: tuple[str, str, str]


def completion_bars(lang: str, rows: Sequence[DashboardRow]) -> list[Bar]:
    """The dashboard rows as horizontal bars, highest share of approved SKP first (then final
    appraisals, then name): SKP approved, self-assessments, final appraisals, each as a share
    of the row's employees."""
    bars = []
    for r in rows:
        counts = (r.skp.disetujui, r.self_assessments_submitted, r.appraisals_final)
        shares = tuple(round(100 * c / r.employees, 1) if r.employees else 0.0 for c in counts)
        texts = tuple(f"{c} ({pct(lang, c, r.employees)})" for c in counts)
        bars.append(Bar(r.id, r.name, r.employees, shares, texts))  # type: ignore[arg-type]
    return sorted(bars, key=lambda b: (-b.shares[0], -b.shares[2], b.name))


@dataclass(frozen=True)
class PeriodLine:
    """The employee's state in one period (from the ``completion`` export)."""

    period: str
    skp: str
    logs: str
    self_assessment: str
    final: str
    predikat: str


@dataclass(frozen=True)
class Profile:
    nip: str
    name: str
    jabatan: str
    unit: str
    opd: str
    periods: list[PeriodLine]
    logs: list[dict[str, str]]
    """The period's progress logs, newest first (columns of the ``progress-logs`` export)."""
    appraisals: list[dict[str, str]]
    devices: list[tuple[str, str, str]]
    """(device name, last contact, state)."""


def profile_of(
    nip: str,
    completion: Sequence[tuple[str, Sequence[dict[str, str]]]],
    logs: Sequence[dict[str, str]],
    appraisals: Sequence[dict[str, str]],
    devices: Sequence[tuple[str, str, str]],
) -> Profile | None:
    """An employee's profile from the export rows of each period (``completion``: pairs of
    period and rows), or None when no export knows the NIP (out of scope or unknown)."""
    who: dict[str, str] = {}
    lines = []
    for period, rows in completion:
        mine = [r for r in rows if r.get("NIP") == nip]
        if not mine:
            continue
        row = mine[0]
        who = who or row
        lines.append(
            PeriodLine(
                period=period,
                skp=row.get("Status SKP", ""),
                logs=row.get("Catatan Kemajuan", ""),
                self_assessment=row.get("Penilaian Mandiri", ""),
                final=row.get("Penilaian Final", ""),
                predikat=row.get("Predikat", "") or "-",
            )
        )
    if not who:
        return None
    newest = sorted(
        (r for r in logs if r.get("NIP") == nip),
        key=lambda r: (r.get("Tanggal", ""), r.get("Jam", "")),
        reverse=True,
    )
    return Profile(
        nip=nip,
        name=who.get("Nama", ""),
        jabatan=who.get("Jabatan", ""),
        unit=who.get("Unit", ""),
        opd=who.get("OPD", ""),
        periods=lines,
        logs=newest,
        appraisals=[r for r in appraisals if r.get("NIP") == nip],
        devices=list(devices),
    )


def spread_start(route: str, remembered: str, rows: Sequence[DashboardRow]) -> str:
    """The unit "Cek sebaran" opens on: the OPD or unit of ``route`` (``/hr/opd/x``,
    ``/hr/unit/x``), else the one last viewed on the dashboard (``remembered``), else the OPD
    with the most final appraisals (so it never opens on an empty one by name order)."""
    for prefix in ("/hr/opd/", "/hr/unit/", "/hr/sebaran/"):
        if route.startswith(prefix) and route[len(prefix) :]:
            return route[len(prefix) :]
    if remembered:
        return remembered
    best = sorted(rows, key=lambda r: (-r.appraisals_final, -r.employees, r.name))
    return best[0].id if best else ""


def import_refusal(lang: str, what: str, bad_rows: int) -> str:
    """An import refused because of bad rows, in words about the checkbox on the screen."""
    kind = tr(lang, "hrx.imp.what_" + ("units" if what == "units" else "employees"))
    return tr(lang, "hrx.imp.refused_all", what=kind, n=bad_rows)
