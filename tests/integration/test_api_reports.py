"""HR reports over the demo data, in-process: dashboard, drill-down, scope, distribution, exports.

Expectations are computed by hand from the generated dataset (its records, not the server's
facts), so the report queries are checked against an independent count.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest

from server.app import create_app
from server.seed import seed_dataset
from server.services import build_services
from server.settings import Settings
from server.storage import SqliteStorage
from shared_models import OrgPredikat, Predikat, check_distribution, predikat, wire
from shared_models.demo import DEMO_PASSWORD, generate
from shared_models.kinds import RecordKind
from tests.fixtures.clock import FakeClock
from tests.fixtures.demo_city import PERIOD, SPREAD, Demo, appraisals
from tests.fixtures.passwords import fast_passwords
from tests.integration.conftest import InProcess

TODAY = "2026-11-27"
WEEK = ("2026-11-23", "2026-11-27")


@pytest.fixture
async def demo_api(tmp_path: pathlib.Path) -> AsyncIterator[tuple[InProcess, Demo]]:
    settings = Settings(db_path=tmp_path / "server.db", data_dir=tmp_path / "data")
    clock = FakeClock(dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC).timestamp())
    base = generate(2026)
    demo = Demo(base)
    ds = msgspec.structs.replace(base, records=[*base.records, *appraisals(demo)])
    demo.ds = ds
    storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    seed_dataset(storage, ds, passwords=passwords, server_replica="s0", now=clock())
    services = build_services(settings, storage=storage, clock=clock, passwords=passwords)
    app = create_app(settings, services=services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as client:
        yield InProcess(app=app, services=services, clock=clock, client=client), demo
    storage.close()


async def _login(api: InProcess, nip: str) -> dict[str, str]:
    answer = await api.client.post(
        "/api/v1/auth/login", json={"nip": nip, "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['token']}"}


async def _get(api: InProcess, who: dict[str, str], path: str, **params: Any) -> Any:
    answer = await api.client.get(path, params=params, headers=who)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _expected_row(demo: Demo, members: set[str]) -> dict[str, Any]:
    skp = Counter(r.fields["status"] for r in demo.records(RecordKind.SKP) if r.owner in members)
    logs = [
        r
        for r in demo.records(RecordKind.PROGRESS_LOG)
        if r.owner in members and WEEK[0] <= r.fields["date"] <= WEEK[1]
    ]
    finals = {
        r.owner
        for r in demo.records(RecordKind.APPRAISAL)
        if r.owner in members and r.fields["status"] == "final"
    }
    return {
        "employees": len(members),
        "disetujui": skp["disetujui"],
        "diajukan": skp["diajukan"],
        "logs_this_week": len(logs),
        "employees_logging_this_week": len({r.owner for r in logs}),
        "appraisals_final": len(finals),
    }


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "employees": row["employees"],
        "disetujui": row["skp"]["disetujui"],
        "diajukan": row["skp"]["diajukan"],
        "logs_this_week": row["logs_this_week"],
        "employees_logging_this_week": row["employees_logging_this_week"],
        "appraisals_final": row["appraisals_final"],
    }


async def test_city_dashboard_matches_the_dataset(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    bkpp = await _login(api, demo.grant("admin_bkpp"))
    board = await _get(api, bkpp, "/api/v1/reports/dashboard", today=TODAY)
    assert board["level"] == "city"
    assert (board["week_from"], board["week_to"], board["period"]) == (*WEEK, PERIOD)
    assert _row(board["totals"]) == _expected_row(demo, set(demo.emp))
    dinkes = demo.unit_id("DINKES")
    row = next(r for r in board["rows"] if r["id"] == dinkes)
    members = {n for n, u in demo.unit_of.items() if demo.opd_of[u] == dinkes}
    assert _row(row) == _expected_row(demo, members)
    assert row["skp"]["diajukan"] > 0  # the demo's Puskesmas has SKPs waiting


async def test_drill_down_opd_unit_employee(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    bkpp = await _login(api, demo.grant("admin_bkpp"))
    dinkes, pkm = demo.unit_id("DINKES"), demo.unit_id("PKM-01")
    board = await _get(api, bkpp, "/api/v1/reports/dashboard", today=TODAY, opd_id=dinkes)
    assert board["level"] == "opd"
    row = next(r for r in board["rows"] if r["id"] == pkm)
    assert _row(row) == _expected_row(demo, set(demo.staff("PKM-01")))
    unit = await _get(api, bkpp, "/api/v1/reports/dashboard", today=TODAY, unit_id=pkm)
    assert unit["level"] == "unit"
    assert sorted(r["id"] for r in unit["rows"]) == demo.staff("PKM-01")
    for r in unit["rows"]:
        assert _row(r) == _expected_row(demo, {r["id"]})


async def test_opd_admin_sees_only_their_opd(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    dinkes = demo.unit_id("DINKES")
    admin = await _login(api, demo.grant("admin_opd", "DINKES"))
    board = await _get(api, admin, "/api/v1/reports/dashboard", today=TODAY)
    assert [r["id"] for r in board["rows"]] == [dinkes]
    other = await api.client.get(
        "/api/v1/reports/dashboard",
        params={"opd_id": demo.unit_id("DISDIK")},
        headers=admin,
    )
    assert other.status_code == 403
    assert "di luar OPD Anda" in other.json()["message"]
    nurse = await _login(api, demo.staff("PKM-01")[0])
    refused = await api.client.get("/api/v1/reports/dashboard", headers=nurse)
    assert refused.status_code == 403
    assert "admin kepegawaian" in refused.json()["message"]
    bad = await api.client.get(
        "/api/v1/reports/dashboard", params={"today": "27-11-2026"}, headers=admin
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "today"


async def test_distribution_check_and_lists(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    admin = await _login(api, demo.grant("admin_opd", "DINKES"))
    pkm = demo.unit_id("PKM-01")
    report = await _get(api, admin, "/api/v1/reports/distribution", unit_id=pkm, period=PERIOD)
    counts = Counter(predikat(h, p) for h, p in SPREAD)
    assert report["org_predikat"] == "istimewa"
    assert report["total"] == len(SPREAD)
    assert {c["predikat"]: c["count"] for c in report["counts"]} == {
        p.value: counts[p] for p in Predikat
    }
    expected = check_distribution(OrgPredikat.ISTIMEWA, counts)
    assert [v["message"] for v in report["violations"]] == [v.message for v in expected]
    assert [v.clause for v in expected] == ["istimewa.sangat_baik_terbesar"]
    top = [p["nip"] for p in report["top_performers"]]
    appraised = [r.owner for r in demo.records(RecordKind.APPRAISAL)]
    assert top == [appraised[0]]
    assert [p["nip"] for p in report["pembinaan"]] == [appraised[4]]
    outside = await api.client.get(
        "/api/v1/reports/distribution",
        params={"unit_id": demo.unit_id("SCH-001"), "period": PERIOD},
        headers=admin,
    )
    assert outside.status_code == 403
    bad = await api.client.get(
        "/api/v1/reports/distribution", params={"unit_id": pkm, "period": "2026-Q1"}, headers=admin
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "period"


async def test_exports_stream_with_row_counts(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    admin = await _login(api, demo.grant("admin_opd", "DINKES"))
    dinkes = demo.unit_id("DINKES")
    members = {n for n, u in demo.unit_of.items() if demo.opd_of[u] == dinkes}
    logs = [
        r
        for r in demo.records(RecordKind.PROGRESS_LOG)
        if r.owner in members and "2026-10-01" <= r.fields["date"] <= "2026-12-31"
    ]
    answer = await api.client.get(
        "/api/v1/reports/export/progress-logs",
        params={"period": PERIOD, "opd_id": dinkes},
        headers=admin,
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert int(answer.headers["x-total-rows"]) == len(logs)
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("OPD,Unit,NIP,Nama,Tanggal")
    assert len(lines) == len(logs) + 1
    xlsx = await api.client.get(
        "/api/v1/reports/export/appraisals",
        params={"period": PERIOD, "format": "xlsx"},
        headers=admin,
    )
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert xlsx.headers["x-total-rows"] == str(len(SPREAD))
    completion = await api.client.get(
        "/api/v1/reports/export/completion", params={"period": PERIOD}, headers=admin
    )
    assert int(completion.headers["x-total-rows"]) == len(members)
    unknown = await api.client.get(
        "/api/v1/reports/export/gaji", params={"period": PERIOD}, headers=admin
    )
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "dataset"
    with api.services.storage.read() as reader:
        actions = [e.action for e in reader.audit_entries(limit=1000)]
    assert actions.count("report_exported") == 3


async def test_audit_and_devices_are_scoped(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    nurse_nip = demo.staff("PKM-01")[0]
    await _login(api, nurse_nip)
    admin = await _login(api, demo.grant("admin_opd", "DINKES"))
    devices = await _get(api, admin, "/api/v1/reports/devices")
    assert {d["nip"] for d in devices["devices"]} >= {nurse_nip}
    page = await _get(api, admin, "/api/v1/reports/audit", subject=nurse_nip)
    assert page["entries"]
    assert "device_registered" in {e["action"] for e in page["entries"]}
    assert all(nurse_nip in (e["subject"], e["nip"]) for e in page["entries"])
    teacher = demo.staff("SCH-001")[0]
    refused = await api.client.get(
        "/api/v1/reports/audit", params={"subject": teacher}, headers=admin
    )
    assert refused.status_code == 403
    first = await _get(api, admin, "/api/v1/reports/audit", limit=1)
    assert len(first["entries"]) == 1
    assert first["next_before_id"] == first["entries"][0]["id"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/api/v1/reports/audit", wire.AuditPage), ("/api/v1/reports/devices", wire.DeviceList)],
)
async def test_audit_and_device_answers_are_the_wire_types(
    demo_api: tuple[InProcess, Demo], path: str, kind: type[msgspec.Struct]
) -> None:
    api, demo = demo_api
    await _login(api, demo.staff("PKM-01")[0])
    admin = await _login(api, demo.grant("admin_bkpp"))
    answer = await api.client.get(path, headers=admin)
    assert answer.status_code == 200, answer.text
    # every field the server sends is one the client's type reads, and no more
    decoded = msgspec.json.decode(answer.content, type=kind)
    assert msgspec.json.decode(msgspec.json.encode(decoded)) == answer.json()
    spec = (await api.client.get("/schema/openapi.json")).json()
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"] == {"$ref": f"#/components/schemas/{kind.__name__}"}


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


async def test_evaluation_document_has_every_part(demo_api: tuple[InProcess, Demo]) -> None:
    api, demo = demo_api
    from shared_models import BERAKHLAK_GUIDES, BerakhlakValue, Golongan

    appraisal = demo.records(RecordKind.APPRAISAL)[0]
    nip = appraisal.owner
    boss = demo.emp[nip]["supervisor_nip"]
    skp = next(r for r in demo.records(RecordKind.SKP) if r.owner == nip)
    admin = await _login(api, demo.grant("admin_opd", "DINKES"))
    answer = await api.client.get(
        f"/api/v1/reports/evaluation/{nip}", params={"period": PERIOD}, headers=admin
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = " ".join(_pdf_text(answer.content).split())
    units = {u.id: u.fields["name"] for u in demo.ds.units}
    for person in (demo.emp[nip], demo.emp[boss]):
        assert person["name"] in text
        assert person["nip"] in text
        assert person["jabatan_name"] in text
        assert Golongan(person["golongan"]).label in text
        assert units[person["unit_id"]] in text
    for part in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PERIODE: TRIWULAN IV",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "CAPAIAN KINERJA ORGANISASI ISTIMEWA",
        "RATING HASIL KERJA DI ATAS EKSPEKTASI",
        "RATING PERILAKU KERJA DI ATAS EKSPEKTASI",
        "PREDIKAT KINERJA PEGAWAI SANGAT BAIK",
        "Pertahankan kunjungan rumah yang tuntas.",
        "Semarang, 26 November 2026",
        "Pegawai yang Dinilai",
        "Pejabat Penilai Kinerja",
        f"NIP. {nip}",
        f"NIP. {boss}",
    ):
        assert part in text, part
    for rhk in skp.fields["rhk"]:
        assert " ".join(rhk["text"].split()) in text
        for ind in rhk["indicators"]:
            assert " ".join(ind["text"].split()) in text
    first = skp.fields["rhk"][0]["indicators"][0]
    done = sum(
        r.fields["value"]
        for r in demo.records(RecordKind.PROGRESS_LOG)
        if r.owner == nip
        and r.fields["indicator_id"] == first["id"]
        and "2026-10-01" <= r.fields["date"] <= "2026-12-31"
    )
    assert done > 0
    assert f"{done:g} {first['target_unit']}".replace(".", ",") in text
    for value in BerakhlakValue:
        assert value.label in text
        assert " ".join(BERAKHLAK_GUIDES[value][0].split()) in text
    for expectation in skp.fields["perilaku"]:
        assert " ".join(expectation["ekspektasi_khusus"].split()) in text
    # the employee and the supervisor may open it; a colleague may not
    for who, status in ((nip, 200), (boss, 200), (demo.staff("PKM-02")[-1], 403)):
        session = await _login(api, who)
        got = await api.client.get(
            f"/api/v1/reports/evaluation/{nip}", params={"period": PERIOD}, headers=session
        )
        assert got.status_code == status, who
    missing = await api.client.get(
        "/api/v1/reports/evaluation/199001012015011001", params={"period": PERIOD}, headers=admin
    )
    assert missing.status_code == 404
