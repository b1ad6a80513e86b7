"""Importing units and employees from CSV (columns in docs/hr.md).

Every row is checked first; an import with any bad row writes nothing (unless ``partial``, which
imports the good rows). Each written row is a server-replica version of the UNIT or EMPLOYEE
record (devices receive it at their next pull) plus the master tables, and an audit entry, all in
one transaction. A NIP or unit code already known updates that employee or unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import msgspec

from server.actor import Actor
from server.audit import AuditAction
from server.errors import BadRequestError
from server.reports.csv_rows import CsvRow, read_csv
from server.reports.scope import require_hr
from server.reports.writes import (
    MasterRuleError,
    MasterRuleForbiddenError,
    new_record_id,
    write_hr_act,
)
from server.storage import Storage, Writer
from server.storage.rows import FactQuery
from shared_models.enums import EmployeeKind, UnitKind
from shared_models.kinds import RecordKind
from shared_models.nip import NipError, parse_nip
from shared_models.records import ContentError, validate_content
from shared_models.wire import ImportResult, RowError

__all__ = [
    "EMPLOYEE_COLUMNS",
    "UNIT_COLUMNS",
    "ImportResult",
    "import_employees",
    "import_units",
]

UNIT_COLUMNS = ("kode", "nama", "jenis", "kode_induk")
EMPLOYEE_COLUMNS = (
    "nip",
    "nama",
    "jenis_pegawai",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "kode_unit",
)
_EMPLOYEE_OPTIONAL = ("jenjang", "nip_atasan", "aktif", "tmt_jabatan")
_OPD_KINDS = frozenset({UnitKind.PERANGKAT_DAERAH.value, UnitKind.KECAMATAN.value})
_CONTENT_COLUMN = {
    "name": "nama",
    "kind": "jenis_pegawai",
    "golongan": "golongan",
    "jabatan_name": "jabatan",
    "jabatan_kind": "jenis_jabatan",
    "jenjang": "jenjang",
    "tmt_jabatan": "tmt_jabatan",
    "unit_id": "kode_unit",
    "supervisor_nip": "nip_atasan",
    "code": "kode",
    "parent_id": "kode_induk",
}
_TRUE = frozenset({"", "1", "ya", "y", "true", "aktif"})
_FALSE = frozenset({"0", "tidak", "t", "false", "nonaktif", "tidak aktif"})


def _key(value: str) -> str:
    return value.strip().lower().replace(" ", "_")


_MSGSPEC_DETAILS = (
    (
        re.compile(r"Expected `str` of length <= (\d+)"),
        "terlalu panjang: paling banyak {} karakter",
    ),
    (re.compile(r"Expected `str` of length >= 1"), "wajib diisi"),
    (
        re.compile(r"Expected `str` of length >= (\d+)"),
        "terlalu pendek: paling sedikit {} karakter",
    ),
    (re.compile(r"Expected `str` matching regex"), "isinya tidak sesuai format yang diminta"),
    (re.compile(r"Invalid enum value '(.*)'"), "nilai '{}' tidak dikenal"),
    (re.compile(r"Object missing required field `(.*)`"), "kolom {} wajib diisi"),
    (re.compile(r"Expected `.*`, got `.*`"), "jenis isian tidak sesuai"),
)


def _in_indonesian(detail: str) -> str:
    """msgspec's English validation message of a cell in Bahasa Indonesia (the rules' own
    messages already are)."""
    for pattern, message in _MSGSPEC_DETAILS:
        match = pattern.match(detail)
        if match is not None:
            return message.format(*(_CONTENT_COLUMN.get(g, g) for g in match.groups()))
    return detail


def _content_error(line: int, err: ContentError) -> RowError:
    name = err.path.removeprefix("$.").split(".", 1)[0].split("[", 1)[0]
    column = _CONTENT_COLUMN.get(name, name) if err.path != "$" else None
    return RowError(line=line, column=column, message=_in_indonesian(err.detail))


def _finish(
    storage: Storage,
    errors: list[RowError],
    partial: bool,
    write: Callable[[Writer], tuple[int, int]],
    what: str,
) -> ImportResult:
    errors.sort(key=lambda e: e.line)
    if errors and not partial:
        raise BadRequestError(
            f"Impor {what} dibatalkan: {len(errors)} baris bermasalah, tidak ada data yang "
            "diimpor. Perbaiki baris tersebut, atau impor baris yang benar saja.",
            field=f"baris {errors[0].line}",
            # the parameter that imports the good rows, for API clients (apps word it as the
            # control they show: "Impor baris yang benar saja")
            extra={"errors": [msgspec.to_builtins(e) for e in errors], "retry_with": "partial"},
        )
    with storage.write() as tx:
        created, updated = write(tx)
    return ImportResult(imported=created + updated, created=created, updated=updated, errors=errors)


_UNIT_COLUMN = {"parent_id": "kode_induk", "opd_id": "kode_induk", "kind": "jenis"}


def _refused_row(
    errors: list[RowError],
    partial: bool,
    line: int,
    err: MasterRuleError | MasterRuleForbiddenError,
    columns: dict[str, str],
    what: str,
) -> None:
    """A row the rules of master data refuse (checked on the stored state as the import
    writes): skipped with its error when ``partial``, else the whole import is refused (the
    transaction rolls back what was written)."""
    name = (err.field or "").removeprefix("$.")
    error = RowError(line=line, column=columns.get(name, name) or None, message=err.message)
    errors.append(error)
    if not partial:
        raise BadRequestError(
            f"Impor {what} dibatalkan: baris {line} ditolak ({err.message}); tidak ada data "
            "yang diimpor.",
            field=f"baris {line}",
            extra={"errors": [msgspec.to_builtins(error)]},
        ) from err


# --- units ------------------------------------------------------------------------------------
def _parents_first(good: list[tuple[_UnitRow, dict[str, Any]]], by_code: dict[str, Any]) -> None:
    """Order rows so that a unit of the file is written before the units under it."""

    def depth(row: _UnitRow) -> int:
        n, code = 0, row.parent_code
        while code in by_code and n <= 32:
            n, code = n + 1, by_code[code].parent_code
        return n

    good.sort(key=lambda item: depth(item[0]))


class _UnitRow(msgspec.Struct, kw_only=True):
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    id: str = ""
    exists: bool = False


def _unit_rows(rows: Iterable[CsvRow], errors: list[RowError]) -> list[_UnitRow]:
    seen: dict[str, int] = {}
    kinds = {k.value for k in UnitKind}
    out: list[_UnitRow] = []
    for row in rows:
        v = row.values
        code, kind = v["kode"], _key(v["jenis"])
        problem: tuple[str, str] | None = None
        if not code:
            problem = ("kode", "kode unit wajib diisi")
        elif code in seen:
            problem = ("kode", f"kode unit {code} duplikat: sudah ada di baris {seen[code]}")
        elif kind not in kinds:
            problem = ("jenis", f"jenis unit '{v['jenis']}' tidak dikenal")
        elif not v["nama"]:
            problem = ("nama", "nama unit wajib diisi")
        if problem is not None:
            errors.append(RowError(line=row.line, column=problem[0], message=problem[1]))
            continue
        seen[code] = row.line
        out.append(
            _UnitRow(
                line=row.line, code=code, name=v["nama"], kind=kind, parent_code=v["kode_induk"]
            )
        )
    return out


def import_units(
    storage: Storage, actor: Actor, body: bytes, *, partial: bool, replica: str, now: float
) -> ImportResult:
    """Import units (``kode, nama, jenis, kode_induk``); the OPD is derived from the tree."""
    require_hr(actor)
    errors: list[RowError] = []
    rows = _unit_rows(read_csv(body, UNIT_COLUMNS, (), errors), errors)
    with storage.read() as reader:
        known = {
            f.ref: f.record_id
            for f in reader.facts(FactQuery(kind=str(RecordKind.UNIT)))
            if f.ref is not None
        }
        units = {u.id: u for u in reader.units()}
    by_code = {r.code: r for r in rows}
    for r in rows:
        r.exists = r.code in known
        r.id = known.get(r.code) or new_record_id(now)
    ids = {**known, **{r.code: r.id for r in rows}}

    def opd_of(code: str, depth: int = 0) -> str | None:
        row = by_code.get(code)
        if row is None:
            unit = units.get(ids.get(code, ""))
            return None if unit is None else unit.opd_id
        if row.kind in _OPD_KINDS:
            return row.id
        if not row.parent_code or depth > 32:
            return None
        return opd_of(row.parent_code, depth + 1)

    good: list[tuple[_UnitRow, dict[str, Any]]] = []
    for r in rows:
        if r.parent_code and r.parent_code not in ids:
            errors.append(
                RowError(
                    line=r.line,
                    column="kode_induk",
                    message=f"kode induk {r.parent_code} tidak dikenal",
                )
            )
            continue
        opd = opd_of(r.code)
        fields = {
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "parent_id": ids.get(r.parent_code) if r.parent_code else None,
            "opd_id": opd,
        }
        try:
            validate_content(RecordKind.UNIT, fields)
        except ContentError as err:
            errors.append(_content_error(r.line, err))
            continue
        if not actor.is_hr_for(opd):
            errors.append(
                RowError(
                    line=r.line,
                    column="kode_induk",
                    message="unit ini di luar OPD yang Anda kelola",
                )
            )
            continue
        good.append((r, fields))

    _parents_first(good, by_code)

    def write(tx: Writer) -> tuple[int, int]:
        return _write_units(tx, actor, good, errors, partial=partial, replica=replica, now=now)

    return _finish(storage, errors, partial, write, "unit")


def _write_units(
    tx: Writer,
    actor: Actor,
    good: list[tuple[_UnitRow, dict[str, Any]]],
    errors: list[RowError],
    *,
    partial: bool,
    replica: str,
    now: float,
) -> tuple[int, int]:
    created = written = 0
    for r, fields in good:
        try:
            write_hr_act(
                tx,
                actor,
                kind=RecordKind.UNIT,
                record_id=r.id,
                patch=fields,
                action=AuditAction.UNIT_IMPORTED,
                replica=replica,
                now=now,
                code=r.code,
                line=r.line,
            )
        except (MasterRuleError, MasterRuleForbiddenError) as err:
            _refused_row(errors, partial, r.line, err, _UNIT_COLUMN, "unit")
            continue
        created += not r.exists
        written += 1
    return created, written - created


# --- employees --------------------------------------------------------------------------------
def _employee_fields(v: dict[str, str], unit_id: str) -> dict[str, Any]:
    tmt = {"tmt_jabatan": v["tmt_jabatan"] or None} if "tmt_jabatan" in v else {}
    return {
        **tmt,
        "nip": "".join(v["nip"].split()),
        "name": v["nama"],
        "kind": _key(v["jenis_pegawai"]),
        "golongan": v["golongan"].strip(),
        "jabatan_name": v["jabatan"],
        "jabatan_kind": _key(v["jenis_jabatan"]),
        "jenjang": _key(v.get("jenjang", "")) or None,
        "unit_id": unit_id,
        "supervisor_nip": "".join(v.get("nip_atasan", "").split()) or None,
        "active": _key(v.get("aktif", "")) not in _FALSE,
    }


def _iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _check_employee(
    row: CsvRow,
    actor: Actor,
    seen: dict[str, int],
    unit_ids: dict[str, str],
    unit_opd: dict[str, str | None],
    nips: set[str],
) -> tuple[dict[str, Any] | None, RowError | None]:
    v = row.values
    kind = _key(v["jenis_pegawai"])
    if kind not in {k.value for k in EmployeeKind}:
        return None, RowError(
            line=row.line,
            column="jenis_pegawai",
            message=f"jenis pegawai '{v['jenis_pegawai']}' harus pns atau pppk",
        )
    try:
        nip = parse_nip(v["nip"], EmployeeKind(kind)).value
    except NipError as err:
        return None, RowError(line=row.line, column="nip", message=str(err))
    if nip in seen:
        return None, RowError(
            line=row.line,
            column="nip",
            message=f"NIP {nip} duplikat: sudah ada di baris {seen[nip]}",
        )
    seen[nip] = row.line
    code = v["kode_unit"]
    if code not in unit_ids:
        return None, RowError(
            line=row.line, column="kode_unit", message=f"kode unit {code} tidak dikenal"
        )
    unit_id = unit_ids[code]
    if not actor.is_hr_for(unit_opd.get(unit_id)):
        return None, RowError(
            line=row.line, column="kode_unit", message=f"unit {code} di luar OPD yang Anda kelola"
        )
    boss = "".join(v.get("nip_atasan", "").split())
    if boss and boss not in nips:
        return None, RowError(
            line=row.line, column="nip_atasan", message=f"NIP atasan {boss} tidak dikenal"
        )
    if _key(v.get("aktif", "")) not in _TRUE | _FALSE:
        return None, RowError(
            line=row.line, column="aktif", message=f"aktif '{v['aktif']}' harus ya atau tidak"
        )
    if v.get("tmt_jabatan") and not _iso_day(v["tmt_jabatan"]):
        return None, RowError(
            line=row.line,
            column="tmt_jabatan",
            message=f"tmt_jabatan '{v['tmt_jabatan']}' harus tanggal YYYY-MM-DD",
        )
    fields = _employee_fields(v, unit_id)
    try:
        validate_content(RecordKind.EMPLOYEE, fields)
    except ContentError as err:
        return None, _content_error(row.line, err)
    return fields, None


def import_employees(
    storage: Storage, actor: Actor, body: bytes, *, partial: bool, replica: str, now: float
) -> ImportResult:
    """Import employees; a known NIP is updated (its unit and supervisor too: a mutasi)."""
    require_hr(actor)
    errors: list[RowError] = []
    rows = list(read_csv(body, EMPLOYEE_COLUMNS, _EMPLOYEE_OPTIONAL, errors))
    with storage.read() as reader:
        unit_ids = {
            f.ref: f.record_id
            for f in reader.facts(FactQuery(kind=str(RecordKind.UNIT)))
            if f.ref is not None
        }
        unit_opd = {u.id: u.opd_id for u in reader.units()}
        existing = {
            f.owner: f.record_id for f in reader.facts(FactQuery(kind=str(RecordKind.EMPLOYEE)))
        }
        employees = {e.nip for e in reader.employees_in()}
    in_file = {"".join(r.values["nip"].split()) for r in rows}
    nips = employees | in_file
    seen: dict[str, int] = {}
    good: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        fields, error = _check_employee(row, actor, seen, unit_ids, unit_opd, nips)
        if error is not None:
            errors.append(error)
        elif fields is not None:
            good.append((row.line, fields))

    def write(tx: Writer) -> tuple[int, int]:
        created = written = 0
        for line, fields in good:
            nip = fields["nip"]
            record_id = existing.get(nip) or new_record_id(now)
            try:
                write_hr_act(
                    tx,
                    actor,
                    kind=RecordKind.EMPLOYEE,
                    record_id=record_id,
                    patch=fields,
                    action=AuditAction.EMPLOYEE_IMPORTED,
                    replica=replica,
                    now=now,
                    employee=nip,
                    line=line,
                )
            except (MasterRuleError, MasterRuleForbiddenError) as err:
                _refused_row(errors, partial, line, err, _CONTENT_COLUMN, "pegawai")
                continue
            created += nip not in existing
            written += 1
        return created, written - created

    return _finish(storage, errors, partial, write, "pegawai")
