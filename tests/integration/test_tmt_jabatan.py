"""HR sets the TMT jabatan (the months a functional position counts toward its angka kredit)
through the employee import's optional ``tmt_jabatan`` column and the employee edit; a bad date
is refused in words naming the column, a file without the column leaves it as it was."""

from __future__ import annotations

from typing import Any

from server.record_codec import from_stored
from server.storage.rows import FactQuery
from tests.integration.conftest import InProcess
from tests.integration.helpers import bearer, login
from tests.unit.server import dataset as ds

HEADER = "nip,nama,jenis_pegawai,golongan,jabatan,jenis_jabatan,kode_unit,jenjang,nip_atasan"
ROW = (
    f"{ds.NURSE},Dewi Rahayu,pns,III/a,Perawat Ahli Pertama,fungsional,U_PKM,ahli_pertama,"
    f"{ds.KAPUS}"
)


def _employee(api: InProcess, nip: str) -> dict[str, Any]:
    with api.services.storage.read() as reader:
        (fact,) = reader.facts(FactQuery(kind="employee", owners=frozenset({nip})))
        row = reader.record(fact.record_id)
    assert row is not None
    return from_stored(row).fields


async def test_the_import_and_the_edit_set_the_tmt_jabatan(api: InProcess) -> None:
    admin = bearer(await login(api.client, ds.ADMIN_DINKES))

    async def upload(text: str) -> Any:
        return await api.client.post(
            "/api/v1/admin/import/employees",
            content=text.encode(),
            headers={**admin, "content-type": "text/csv"},
        )

    bad = await upload(f"{HEADER},tmt_jabatan\n{ROW},01-04-2025\n")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {
            "line": 2,
            "column": "tmt_jabatan",
            "message": "tmt_jabatan '01-04-2025' harus tanggal YYYY-MM-DD",
        }
    ]
    assert _employee(api, ds.NURSE).get("tmt_jabatan") is None

    good = await upload(f"{HEADER},tmt_jabatan\n{ROW},2025-04-01\n")
    assert good.status_code == 200, good.text
    assert _employee(api, ds.NURSE)["tmt_jabatan"] == "2025-04-01"
    assert _employee(api, ds.NURSE)["jenjang"] == "ahli_pertama"

    without = await upload(f"{HEADER}\n{ROW}\n")  # no column: the TMT stays
    assert without.status_code == 200, without.text
    assert _employee(api, ds.NURSE)["tmt_jabatan"] == "2025-04-01"

    edit = await api.client.patch(
        f"/api/v1/admin/employees/{ds.NURSE}", json={"tmt_jabatan": "2026-02-30"}, headers=admin
    )
    assert edit.status_code == 400
    assert edit.json()["field"] == "$.tmt_jabatan"
    cleared = await api.client.patch(
        f"/api/v1/admin/employees/{ds.NURSE}", json={"tmt_jabatan": None}, headers=admin
    )
    assert cleared.status_code == 200, cleared.text
    assert _employee(api, ds.NURSE)["tmt_jabatan"] is None
