"""Exports of appraisals (with angka kredit and hukuman disiplin), progress logs, completion,
hukuman disiplin and penghargaan, by unit and period, as CSV or XLSX.

Rows are produced in bounded pieces: employees are walked OPD by OPD, unit by unit, a few dozen at
a time, each piece read in its own short snapshot and written out before the next is read, so
memory stays flat however large the city. CSV is streamed as it is produced; XLSX is written by
XlsxWriter in ``constant_memory`` mode to a temporary file (a zip cannot be streamed while it is
built), then streamed and deleted. ``X-Total-Rows`` announces the row count; the export jobs
(:mod:`server.reports.jobs`) report rows written while a large file is being built.

Cells are written by their Python type, never by their content: numbers as numbers, everything
else as text. In XLSX a string cell (never a formula, a link or a number); in CSV, text starting
like a formula gets a leading ``'`` (:func:`server.reports.csv_rows.csv_cell`).
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import msgspec
import xlsxwriter

from server.actor import Actor
from server.errors import BadRequestError
from server.reports.csv_rows import CsvWriter
from server.reports.followup import employee_fields, followup_in_period
from server.reports.scope import OrgTree, require_hr, require_hr_for
from server.storage import Employee, Reader, Storage
from server.storage.rows import FactQuery
from shared_models.enums import (
    AwardKind,
    DisciplineKind,
    DisciplineLevel,
    Predikat,
    Rating,
    SkpStatus,
)
from shared_models.followup import angka_kredit_of, discipline_text, periods_overlap
from shared_models.kinds import RecordKind
from shared_models.periods import Period, PeriodError, parse_period_code

__all__ = ["DATASETS", "ExportPlan", "csv_chunks", "file_chunks", "plan_export", "write_xlsx"]

DATASETS = ("appraisals", "progress-logs", "completion", "discipline", "awards")
_CHUNK = 50  # employees read per snapshot
_SHEET_ROWS = 1_048_575  # Excel's limit, minus the header
_fields = msgspec.msgpack.Decoder(dict[str, Any])

_HEADERS = {
    "appraisals": [
        "OPD", "Unit", "NIP", "Nama", "Jabatan", "Periode", "Jenis", "Hasil Kerja",
        "Perilaku Kerja", "Predikat", "Status", "NIP Pejabat Penilai", "Angka Kredit",
        "Hukuman Disiplin",
    ],
    "progress-logs": [
        "OPD", "Unit", "NIP", "Nama", "Tanggal", "Jam", "Uraian", "Realisasi", "Satuan",
        "Tempat", "Jumlah Bukti",
    ],
    "completion": [
        "OPD", "Unit", "NIP", "Nama", "Jabatan", "Status SKP", "Catatan Kemajuan",
        "Penilaian Mandiri", "Penilaian Final", "Predikat",
    ],
    "discipline": [
        "OPD", "Unit", "NIP", "Nama", "Jabatan", "Periode", "Tingkat", "Jenis Hukuman",
        "Tanggal Keputusan", "Nomor Keputusan", "Keterangan",
    ],
    "awards": [
        "OPD", "Unit", "NIP", "Nama", "Jabatan", "Periode", "Jenis Penghargaan", "Dasar",
        "Tanggal Keputusan", "Dicatat oleh (NIP)",
    ],
}  # fmt: skip
_FOLLOWUP = {"discipline": RecordKind.DISCIPLINE, "awards": RecordKind.AWARD}


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """What one export will write: its header, row count and a row iterator."""

    dataset: str
    period: Period
    header: list[str]
    total: int
    rows: Callable[[], Iterator[list[Any]]]
    scope: str

    def filename(self, fmt: str) -> str:
        return f"{self.dataset}-{self.scope}-{self.period.code}.{fmt}"


def _label(enum: Any, value: Any) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return "" if value is None else str(value)


def plan_export(
    storage: Storage,
    actor: Actor,
    *,
    dataset: str,
    period: str,
    opd_id: str | None = None,
    unit_id: str | None = None,
) -> ExportPlan:
    """Check access and parameters, count the rows; nothing is read until rows are pulled."""
    if dataset not in DATASETS:
        raise BadRequestError(
            f"Data ekspor '{dataset}' tidak dikenal; pilih {', '.join(DATASETS)}.", field="dataset"
        )
    try:
        p = parse_period_code(period)
    except PeriodError as err:
        raise BadRequestError(f"Parameter tidak valid: period: {err}", field="period") from err
    require_hr(actor)
    storage.project_facts()  # the rows of progress logs come from their facts
    with storage.read() as reader:
        tree = OrgTree.load(reader)
        if unit_id is not None:
            unit = tree.unit(unit_id)
            require_hr_for(actor, unit.opd_id, what="laporan")
            unit_ids, scope = tree.subtree(unit.id), unit_id
        elif opd_id is not None:
            opd = tree.unit(opd_id, field="opd_id")
            require_hr_for(actor, opd.opd_id, what="laporan")
            unit_ids, scope = frozenset(u.id for u in tree.units_of_opd(opd.id)), opd_id
        else:
            allowed = {u.id for u in tree.opds(actor)}
            unit_ids = frozenset(u.id for u in tree.units.values() if u.opd_id in allowed)
            scope = "kota" if actor.city_wide else "opd"
        staff = reader.employees_in(unit_ids)
        total = _count(reader, dataset, p, unit_ids, len(staff))
    order = {u.id: (tree.units.get(u.opd_id or "", u).name, u.name) for u in tree.units.values()}
    staff.sort(key=lambda e: (*order.get(e.unit_id, ("", "")), e.name, e.nip))
    names = order

    def rows() -> Iterator[list[Any]]:
        produce = {
            "appraisals": _appraisals,
            "progress-logs": _logs,
            "completion": _completion,
            "discipline": _discipline,
            "awards": _awards,
        }
        for start in range(0, len(staff), _CHUNK):
            yield from produce[dataset](storage, staff[start : start + _CHUNK], p, names)

    return ExportPlan(
        dataset=dataset, period=p, header=_HEADERS[dataset], total=total, rows=rows, scope=scope
    )


def _count(reader: Reader, dataset: str, p: Period, unit_ids: frozenset[str], staff: int) -> int:
    if dataset == "completion":
        return staff
    if dataset in _FOLLOWUP:
        groups = reader.group_facts(
            FactQuery(kind=str(_FOLLOWUP[dataset]), unit_ids=unit_ids), ("period",)
        )
        return sum(g.count for g in groups if periods_overlap(str(g.keys[0] or ""), p.code))
    if dataset == "appraisals":
        query = FactQuery(kind=str(RecordKind.APPRAISAL), period=p.code, unit_ids=unit_ids)
    else:
        query = FactQuery(
            kind=str(RecordKind.PROGRESS_LOG),
            unit_ids=unit_ids,
            day_from=p.first_day.isoformat(),
            day_to=p.last_day.isoformat(),
        )
    return sum(g.count for g in reader.group_facts(query, ()))


def _records(
    storage: Storage, people: list[Employee], query: FactQuery
) -> list[tuple[str, dict[str, Any]]]:
    owners = frozenset(e.nip for e in people)
    with storage.read() as reader:
        rows = reader.fact_records(msgspec.structs.replace(query, owners=owners))
    return [(r.owner, _fields.decode(r.fields)) for r in rows if not r.deleted]


def _who(e: Employee, names: dict[str, tuple[str, str]]) -> list[Any]:
    opd, unit = names.get(e.unit_id, ("", ""))
    return [opd, unit, e.nip, e.name]


def _appraisals(
    storage: Storage, people: list[Employee], p: Period, names: dict[str, tuple[str, str]]
) -> Iterator[list[Any]]:
    by_owner: dict[str, list[dict[str, Any]]] = {}
    query = FactQuery(kind=str(RecordKind.APPRAISAL), period=p.code)
    for owner, f in _records(storage, people, query):
        by_owner.setdefault(owner, []).append(f)
    nips = [e.nip for e in people]
    with storage.read() as reader:
        employees = employee_fields(reader, nips)
        discipline = followup_in_period(reader, RecordKind.DISCIPLINE, nips, p.code)
    for e in people:
        sanctions = "; ".join(discipline_text(d) for d in discipline.get(e.nip, []))
        for f in by_owner.get(e.nip, []):
            credit = angka_kredit_of(employees.get(e.nip), f)
            yield [
                *_who(e, names),
                e.jabatan,
                p.code,
                str(f.get("kind", "")),
                _label(Rating, f.get("hasil_kerja")),
                _label(Rating, f.get("perilaku_kerja")),
                _label(Predikat, f.get("predikat")),
                str(f.get("status", "")),
                str(f.get("supervisor_nip", "")),
                float(credit.value) if credit is not None else "",
                sanctions,
            ]


def _logs(
    storage: Storage, people: list[Employee], p: Period, names: dict[str, tuple[str, str]]
) -> Iterator[list[Any]]:
    query = FactQuery(
        kind=str(RecordKind.PROGRESS_LOG),
        day_from=p.first_day.isoformat(),
        day_to=p.last_day.isoformat(),
    )
    by_owner: dict[str, list[dict[str, Any]]] = {}
    for owner, f in _records(storage, people, query):
        by_owner.setdefault(owner, []).append(f)
    for e in people:
        for f in sorted(
            by_owner.get(e.nip, []), key=lambda f: (f.get("date"), f.get("start_time") or "")
        ):
            hours = f"{f['start_time']}-{f['end_time']}" if f.get("start_time") else ""
            yield [
                *_who(e, names),
                str(f.get("date", "")),
                hours,
                str(f.get("description", "")),
                f.get("value", 0),
                str(f.get("unit", "")),
                str(f.get("place") or ""),
                len(f.get("evidence") or []),
            ]


def _completion(
    storage: Storage, people: list[Employee], p: Period, names: dict[str, tuple[str, str]]
) -> Iterator[list[Any]]:
    owners = frozenset(e.nip for e in people)
    with storage.read() as reader:
        skp = {
            f.owner: f.status
            for f in reader.facts(FactQuery(kind="skp", owners=owners, period=str(p.year)))
        }
        logs = {
            str(g.keys[0]): g.count
            for g in reader.group_facts(
                FactQuery(
                    kind="progress_log",
                    owners=owners,
                    day_from=p.first_day.isoformat(),
                    day_to=p.last_day.isoformat(),
                ),
                ("owner",),
            )
        }
        selfs = {
            f.owner
            for f in reader.facts(
                FactQuery(kind="self_assessment", owners=owners, period=p.code, status="submitted")
            )
        }
        finals = {
            f.owner: f.predikat
            for f in reader.facts(
                FactQuery(kind="appraisal", owners=owners, period=p.code, status="final")
            )
        }
    for e in people:
        yield [
            *_who(e, names),
            e.jabatan,
            _label(SkpStatus, skp.get(e.nip)) or "Belum ada",
            logs.get(e.nip, 0),
            "Sudah" if e.nip in selfs else "Belum",
            "Sudah" if e.nip in finals else "Belum",
            _label(Predikat, finals.get(e.nip)),
        ]


def _followup_rows(
    storage: Storage, people: list[Employee], p: Period, kind: RecordKind
) -> dict[str, list[dict[str, Any]]]:
    with storage.read() as reader:
        return followup_in_period(reader, kind, [e.nip for e in people], p.code)


def _discipline(
    storage: Storage, people: list[Employee], p: Period, names: dict[str, tuple[str, str]]
) -> Iterator[list[Any]]:
    found = _followup_rows(storage, people, p, RecordKind.DISCIPLINE)
    for e in people:
        for f in found.get(e.nip, []):
            yield [
                *_who(e, names),
                e.jabatan,
                str(f.get("period_code", "")),
                _label(DisciplineLevel, f.get("level")),
                _label(DisciplineKind, f.get("kind")),
                str(f.get("decided_on", "")),
                str(f.get("decree_number", "")),
                str(f.get("note") or ""),
            ]


def _awards(
    storage: Storage, people: list[Employee], p: Period, names: dict[str, tuple[str, str]]
) -> Iterator[list[Any]]:
    found = _followup_rows(storage, people, p, RecordKind.AWARD)
    for e in people:
        for f in found.get(e.nip, []):
            yield [
                *_who(e, names),
                e.jabatan,
                str(f.get("period_code", "")),
                _label(AwardKind, f.get("kind")),
                str(f.get("basis", "")),
                str(f.get("decided_on", "")),
                str(f.get("decided_by", "")),
            ]


def csv_chunks(
    plan: ExportPlan, *, progress: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """The CSV (UTF-8 with BOM, so Excel reads it) in chunks of about a thousand rows; every
    cell through :class:`CsvWriter` (text that looks like a formula neutralised)."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    buffer.write("\ufeff")
    writer.writeheader(plan.header)
    written = 0
    for row in plan.rows():
        writer.writerow(row)
        written += 1
        if written % 1000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            if progress is not None:
                progress(written)
    yield buffer.getvalue().encode("utf-8")
    if progress is not None:
        progress(written)


_XLSX_OPTIONS = {
    # what a device or an admin typed is text, never a formula, a link or a number
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _write_row(sheet: Any, line: int, row: list[Any]) -> None:
    """One row, each cell by its Python type: a number as a number, anything else as text."""
    for column, value in enumerate(row):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and math.isfinite(value):
            sheet.write_number(line, column, value)
        elif value is None or value == "":
            sheet.write_blank(line, column, None)
        else:
            sheet.write_string(line, column, str(value))


def write_xlsx(
    plan: ExportPlan, directory: str | None = None, *, progress: Callable[[int], None] | None = None
) -> str:
    """Write the workbook to a temporary file (constant memory) and return its path."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=directory)
    os.close(handle)
    workbook = xlsxwriter.Workbook(
        path,
        {"constant_memory": True, "tmpdir": directory or tempfile.gettempdir(), **_XLSX_OPTIONS},
    )
    try:
        bold = workbook.add_format({"bold": True})
        sheet = None
        line = 0
        written = 0
        for row in plan.rows():
            if sheet is None or line > _SHEET_ROWS:
                sheet = workbook.add_worksheet(f"Data {len(workbook.worksheets()) + 1}")
                sheet.write_row(0, 0, plan.header, bold)
                line = 1
            _write_row(sheet, line, row)
            line += 1
            written += 1
            if progress is not None and written % 5000 == 0:
                progress(written)
        if sheet is None:
            workbook.add_worksheet("Data 1").write_row(0, 0, plan.header, bold)
        workbook.close()
    except BaseException:
        workbook.close()
        os.unlink(path)
        raise
    if progress is not None:
        progress(written)
    return path


def file_chunks(path: str, *, size: int = 256 * 1024, remove: bool = True) -> Iterator[bytes]:
    """The file's bytes in chunks; the file is deleted at the end (or when the client leaves)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(size):
                yield chunk
    finally:
        if remove:
            os.unlink(path)
