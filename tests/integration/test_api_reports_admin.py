"""HR's master data over HTTP (in-process): CSV import, edit, mutasi, periods, org predikat."""

from __future__ import annotations

from datetime import date

from server.record_codec import from_stored
from shared_models import make_nip, parse_nip
from shared_models.nip import NipError
from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login, pull
from tests.unit.server import dataset as ds

HEADER = "nip,nama,jenis_pegawai,golongan,jabatan,jenis_jabatan,kode_unit,nip_atasan\n"
NEW1 = make_nip(date(1993, 5, 1), 2019, 3, 2, 11)
NEW2 = make_nip(date(1994, 6, 2), 2020, 3, 1, 12)
BAD_NIP = "19930501201903201"  # 17 digits


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def _row(nip: str, unit: str = "U_PKM", boss: str = ds.KAPUS) -> str:
    return f"{nip},Perawat Baru,pns,III/a,Perawat Ahli Pertama,fungsional,{unit},{boss}"


async def _count(api: InProcess) -> int:
    with api.services.storage.read() as reader:
        return reader.employee_count()


async def test_import_with_one_bad_row_imports_nothing(api: InProcess) -> None:
    admin = bearer(await login(api.client, ds.ADMIN_DINKES))
    before = await _count(api)
    body = _csv(_row(NEW1), _row(BAD_NIP), _row(NEW2, unit="U_NOPE"), _row(NEW1))
    answer = await api.client.post(
        "/api/v1/admin/import/employees",
        content=body,
        headers={**admin, "content-type": "text/csv"},
    )
    assert answer.status_code == 400
    error = answer.json()
    assert "tidak ada data yang diimpor" in error["message"]
    assert error["field"] == "baris 3"
    try:
        parse_nip(BAD_NIP)
    except NipError as err:
        nip_message = str(err)
    assert error["errors"] == [
        {"line": 3, "column": "nip", "message": nip_message},
        {"line": 4, "column": "kode_unit", "message": "kode unit U_NOPE tidak dikenal"},
        {"line": 5, "column": "nip", "message": f"NIP {NEW1} duplikat: sudah ada di baris 2"},
    ]
    assert await _count(api) == before
    partial = await api.client.post(
        "/api/v1/admin/import/employees?partial=true",
        content=body,
        headers={**admin, "content-type": "text/csv"},
    )
    assert partial.status_code == 200, partial.text
    assert partial.json()["imported"] == 1
    assert len(partial.json()["errors"]) == 3
    assert await _count(api) == before + 1


async def test_import_checks_supervisor_and_opd(api: InProcess) -> None:
    admin = bearer(await login(api.client, ds.ADMIN_DINKES))
    unknown_boss = make_nip(date(1960, 1, 1), 1985, 3, 1, 99)
    body = _csv(_row(NEW1, boss=unknown_boss), _row(NEW2, unit="U_DISDIK"))
    answer = await api.client.post("/api/v1/admin/import/employees", content=body, headers=admin)
    assert answer.status_code == 400
    assert [(e["line"], e["column"]) for e in answer.json()["errors"]] == [
        (2, "nip_atasan"),
        (3, "kode_unit"),
    ]
    assert "di luar OPD" in answer.json()["errors"][1]["message"]
    header_only = await api.client.post(
        "/api/v1/admin/import/employees", content=b"nip,nama\n", headers=admin
    )
    assert header_only.status_code == 400
    assert header_only.json()["field"] == "jenis_pegawai"
    nurse = bearer(await login(api.client, ds.NURSE))
    refused = await api.client.post(
        "/api/v1/admin/import/employees", content=_csv(_row(NEW1)), headers=nurse
    )
    assert refused.status_code == 403


async def test_import_units_then_employees(api: InProcess) -> None:
    bkpp = bearer(await login(api.client, ds.BKPP))
    units = b"kode;nama;jenis;kode_induk\nPKM-X;Puskesmas Baru;puskesmas;U_DINKES\n"
    answer = await api.client.post("/api/v1/admin/import/units", content=units, headers=bkpp)
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 1
    with api.services.storage.read() as reader:
        created = [u for u in reader.units() if u.name == "Puskesmas Baru"]
    assert [u.opd_id for u in created] == [ds.DINKES]
    people = await api.client.post(
        "/api/v1/admin/import/employees", content=_csv(_row(NEW1, unit="PKM-X")), headers=bkpp
    )
    assert people.status_code == 200, people.text
    with api.services.storage.read() as reader:
        employee = reader.employee(NEW1)
    assert employee is not None
    assert employee.unit_id == created[0].id


async def test_mutasi_reaches_sync_scopes(api: InProcess) -> None:
    kapus = await login(api.client, ds.KAPUS)
    first = await pull(api.client, kapus)
    admin = bearer(await login(api.client, ds.ADMIN_DINKES))
    with api.services.storage.read() as reader:
        before = reader.record(f"e-{ds.NURSE}")
    assert before is not None
    moved = await api.client.post(
        f"/api/v1/admin/employees/{ds.NURSE}/mutasi",
        json={"unit_id": ds.DINKES, "supervisor_nip": ds.KADINKES, "note": "SK mutasi"},
        headers=admin,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["vv"] == {"s0": 2}
    with api.services.storage.read() as reader:
        after = reader.record(f"e-{ds.NURSE}")
        employee = reader.employee(ds.NURSE)
        audit = reader.browse_audit(subject=ds.NURSE).entries
    assert after is not None
    assert after.seq > before.seq
    assert from_stored(after).fields["supervisor_nip"] == ds.KADINKES
    assert employee is not None
    assert (employee.unit_id, employee.supervisor_nip) == (ds.DINKES, ds.KADINKES)
    assert audit[0].action == "mutasi"
    # the old supervisor's device sees the new EMPLOYEE version and loses the nurse's records
    again = await pull(api.client, kapus, cursor=first["next_cursor"])
    assert [r["id"] for r in again["records"]] == [f"e-{ds.NURSE}"]
    cycle = await api.client.post(
        f"/api/v1/admin/employees/{ds.KADINKES}/mutasi",
        json={"supervisor_nip": ds.NURSE},
        headers=admin,
    )
    assert cycle.status_code == 400
    assert cycle.json()["field"] == "$.supervisor_nip"
    away = await api.client.post(
        f"/api/v1/admin/employees/{ds.NURSE2}/mutasi", json={"unit_id": ds.DISDIK}, headers=admin
    )
    assert away.status_code == 403
    assert "BKPP" in away.json()["message"]


async def test_edit_employee(api: InProcess) -> None:
    admin = bearer(await login(api.client, ds.ADMIN_DINKES))
    answer = await api.client.patch(
        f"/api/v1/admin/employees/{ds.NURSE}", json={"golongan": "III/b"}, headers=admin
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["fields"]["golongan"] == "III/b"
    wrong = await api.client.patch(
        f"/api/v1/admin/employees/{ds.NURSE}", json={"golongan": "IX"}, headers=admin
    )
    assert wrong.status_code == 400
    assert "golongan IX" in wrong.json()["message"]
    unit = await api.client.patch(
        f"/api/v1/admin/employees/{ds.NURSE}", json={"unit_id": ds.DISDIK}, headers=admin
    )
    assert unit.status_code == 400
    assert "unit_id" in unit.json()["message"]
    outside = await api.client.patch(
        f"/api/v1/admin/employees/{ds.TEACHER}", json={"name": "X"}, headers=admin
    )
    assert outside.status_code == 403


async def test_periods_and_org_predikat(api: InProcess) -> None:
    bkpp = bearer(await login(api.client, ds.BKPP))
    admin = bearer(await login(api.client, ds.ADMIN_DINKES))
    opened = await api.client.post("/api/v1/admin/periods", json={"code": "2026-T4"}, headers=bkpp)
    assert opened.status_code == 200, opened.text
    closed = await api.client.post(
        "/api/v1/admin/periods", json={"code": "2026-T4", "open": False}, headers=bkpp
    )
    assert closed.json()["id"] == opened.json()["id"]
    listing = await api.client.get("/api/v1/admin/periods", headers=admin)
    assert listing.json()["periods"] == [
        {"code": "2026-T4", "open": False, "early_final": False, "record_id": opened.json()["id"]}
    ]
    refused = await api.client.post(
        "/api/v1/admin/periods", json={"code": "2026-T1"}, headers=admin
    )
    assert refused.status_code == 403
    bad = await api.client.post("/api/v1/admin/periods", json={"code": "2026-T5"}, headers=bkpp)
    assert bad.status_code == 400
    assert bad.json()["field"] == "$.code"
    body = {"unit_id": ds.PKM, "period_code": "2026-T4", "predikat": "baik"}
    set_unit = await api.client.put("/api/v1/admin/org-predikat", json=body, headers=admin)
    assert set_unit.status_code == 200, set_unit.text
    own_opd = await api.client.put(
        "/api/v1/admin/org-predikat", json={**body, "unit_id": ds.DINKES}, headers=admin
    )
    assert own_opd.status_code == 403
    by_city = await api.client.put(
        "/api/v1/admin/org-predikat", json={**body, "unit_id": ds.DINKES}, headers=bkpp
    )
    assert by_city.status_code == 200
    rows = (await api.client.get("/api/v1/admin/org-predikat?period=2026-T4", headers=admin)).json()
    assert sorted(r["unit_id"] for r in rows["org_predikat"]) == [ds.DINKES, ds.PKM]
    wrong = await api.client.put(
        "/api/v1/admin/org-predikat", json={**body, "predikat": "hebat"}, headers=bkpp
    )
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "$.predikat"
    with api.services.storage.read() as reader:
        actions = [e.action for e in reader.audit_entries(limit=1000)]
    assert actions.count("org_predikat_set") == 2
    assert actions.count("period_closed") == 1
