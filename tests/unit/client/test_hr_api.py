"""``client.hr_api`` against the real server application in-process (no sockets): HR signs in
with a Device, and :class:`HrApi` uses the URL, token and roles the device stored."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
import pytest

import client.hr_api as hr_api
from client import Device
from client.hr_api import ExportProgress, HrApi, HrError
from server.services import Services
from tests.fixtures.skp import seed_records
from tests.unit.client.asgi_bridge import AsgiBridge, in_process_server
from tests.unit.server import dataset as ds

URL = "http://kinerja.test"
HEADER = "nip,nama,jenis_pegawai,golongan,jabatan,jenis_jabatan,kode_unit,nip_atasan\n"
NEW = "199305012019032011"
BAD = "19930501201903201"  # 17 digits


@dataclass
class World:
    services: Services
    bridge: AsgiBridge
    root: pathlib.Path
    devices: list[Device] = field(default_factory=list)

    def device(self, name: str, nip: str) -> Device:
        device = Device(self.root / name, http_transport=self.bridge)
        self.devices.append(device)
        device.login(nip, ds.PASSWORD, server=URL)
        return device

    def hr(self, nip: str) -> HrApi:
        return HrApi.from_device(self.device(f"hr-{nip}", nip))


@pytest.fixture
def world(tmp_path: pathlib.Path) -> Iterator[World]:
    with in_process_server(tmp_path, seed_records()) as (services, bridge):
        w = World(services=services, bridge=bridge, root=tmp_path / "devices")
        yield w
        for device in w.devices:
            device.close()


def test_public_api_is_pinned() -> None:
    assert hr_api.__all__ == sorted(hr_api.__all__)
    assert {"HrApi", "HrError", "Dashboard", "Distribution", "SavedFile"} <= set(hr_api.__all__)


def test_only_admins_get_the_client(world: World) -> None:
    with pytest.raises(HrError, match="hanya untuk admin kepegawaian") as err:
        world.hr(ds.NURSE)
    assert err.value.status == 403
    api = world.hr(ds.BKPP)
    assert api.city_wide
    assert api.download_dir.parts[-3:] == ("users", ds.BKPP, "unduhan")
    assert not world.hr(ds.ADMIN_DINKES).city_wide


def test_dashboard_drills_down_and_is_scoped(world: World) -> None:
    city = world.hr(ds.BKPP).dashboard()
    assert city.level == "city"
    assert {r.name for r in city.rows} >= {"Dinas Kesehatan", "BKPP", "Dinas Pendidikan"}
    opd = world.hr(ds.ADMIN_DINKES)
    own = opd.dashboard()
    assert [r.id for r in own.rows] == [ds.DINKES]
    units = opd.dashboard(opd_id=ds.DINKES)
    assert ds.PKM in {r.id for r in units.rows}
    people = opd.dashboard(unit_id=ds.PKM)
    assert {r.id for r in people.rows} >= {ds.NURSE, ds.KAPUS}
    assert all(r.level == "employee" for r in people.rows)
    with pytest.raises(HrError, match="di luar OPD") as err:
        opd.dashboard(opd_id=ds.DISDIK)
    assert err.value.status == 403


def test_import_with_a_bad_row_names_the_line_and_imports_nothing(world: World) -> None:
    api = world.hr(ds.ADMIN_DINKES)
    good = f"{NEW},Perawat Baru,pns,III/a,Perawat Ahli Pertama,fungsional,U_PKM,{ds.KAPUS}"
    bad = f"{BAD},Salah Ketik,pns,III/a,Perawat Ahli Pertama,fungsional,U_PKM,{ds.KAPUS}"
    body = (HEADER + good + "\n" + bad + "\n").encode()
    with pytest.raises(HrError, match="tidak ada data yang diimpor") as err:
        api.import_csv("employees", body)
    assert err.value.status == 400
    assert err.value.field == "baris 3"
    [row] = err.value.rows
    assert (row.line, row.column) == (3, "nip")
    assert str(row) == "baris 3, kolom nip: NIP harus 18 digit angka (ditemukan 17)"
    assert NEW not in {r.id for r in api.dashboard(unit_id=ds.PKM).rows}
    done = api.import_csv("employees", body, partial=True)
    assert (done.imported, done.created, len(done.errors)) == (1, 1, 1)
    assert NEW in {r.id for r in api.dashboard(unit_id=ds.PKM).rows}


def test_units_import_and_edit_and_mutasi(world: World) -> None:
    api = world.hr(ds.ADMIN_DINKES)
    units = "kode,nama,jenis,kode_induk\nPKM-99,Puskesmas Baru,puskesmas,U_DINKES\n"
    assert api.import_csv("units", units.encode()).created == 1
    edited = api.edit_employee(ds.NURSE, golongan="III/b", jabatan_name="", name=None)
    assert edited["fields"]["golongan"] == "III/b"
    with pytest.raises(HrError, match="Tidak ada perubahan"):
        api.edit_employee(ds.NURSE, name="")
    moved = api.mutasi(ds.NURSE, supervisor_nip=f" {ds.KADINKES[:8]} {ds.KADINKES[8:]} ")
    assert moved["fields"]["supervisor_nip"] == ds.KADINKES
    with pytest.raises(HrError, match="Pilih unit tujuan"):
        api.mutasi(ds.NURSE)
    with pytest.raises(HrError) as err:
        api.mutasi(ds.TEACHER, supervisor_nip=ds.KADINKES)
    assert err.value.status == 403


def test_periods_org_predikat_and_distribution(world: World) -> None:
    bkpp, opd = world.hr(ds.BKPP), world.hr(ds.ADMIN_DINKES)
    bkpp.set_period("2026-T4", open_=True)
    assert any(p.code == "2026-T4" and p.open for p in opd.periods())
    with pytest.raises(HrError) as err:
        opd.set_period("2026-T4", open_=False)
    assert err.value.status == 403
    report = opd.distribution(ds.PKM, "2026-T4")
    assert report.org_predikat is None
    assert "belum ditetapkan" in report.note
    opd.set_org_predikat(ds.PKM, "2026-T4", "baik")
    assert [(o.unit_id, o.predikat) for o in opd.org_predikat("2026-T4")] == [(ds.PKM, "baik")]
    report = opd.distribution(ds.PKM, "2026-T4")
    assert report.org_predikat == "baik"
    assert [c.label for c in report.counts][:2] == ["Sangat Baik", "Baik"]
    # the percentages stay the decimals the server computed ("33.3" on the wire)
    assert all(isinstance(c.percent, Decimal) for c in report.counts)
    assert sum(c.count for c in report.counts) == report.total
    with pytest.raises(HrError) as err:
        opd.set_org_predikat(ds.PKM, "2026-T4", "luar_biasa")
    assert err.value.status == 400


def test_exports_stream_into_the_data_folder_with_progress(world: World) -> None:
    api = world.hr(ds.BKPP)
    seen: list[ExportProgress] = []
    saved = api.export("completion", "csv", period="2026-T4", progress=seen.append)
    path = pathlib.Path(saved.path)
    assert path.parent == api.download_dir
    assert path.read_bytes().startswith(b"\xef\xbb\xbfOPD")
    assert saved.rows == len(ds.PEOPLE)
    assert seen[-1].done
    assert seen[-1].share == 1.0
    assert seen[-1].total_rows == len(ds.PEOPLE)
    again = api.export("completion", "csv", period="2026-T4")
    assert pathlib.Path(again.path).name == path.stem + " (2).csv"
    xlsx = api.export("appraisals", "xlsx", period="2026-T4", unit_id=ds.PKM)
    assert pathlib.Path(xlsx.path).read_bytes()[:2] == b"PK"
    assert not list(api.download_dir.glob("*.part"))


def test_evaluation_pdf_is_saved(world: World, tmp_path: pathlib.Path) -> None:
    api = world.hr(ds.ADMIN_DINKES)
    saved = api.evaluation_pdf(ds.NURSE, "2026-T4", target_dir=tmp_path / "pdf")
    path = pathlib.Path(saved.path)
    assert path.name == f"dokumen-evaluasi-{ds.NURSE}-2026-T4.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    with pytest.raises(HrError) as err:
        api.evaluation_pdf(ds.TEACHER, "2026-T4", target_dir=tmp_path / "pdf")
    assert err.value.status == 403


def test_audit_devices_and_revoke(world: World) -> None:
    nurse = world.device("nurse", ds.NURSE)
    api = world.hr(ds.ADMIN_DINKES)
    api.mutasi(ds.NURSE, supervisor_nip=ds.KADINKES, note="rotasi")
    page = api.audit(subject=ds.NURSE)
    assert page.entries
    assert page.entries[0].subject == ds.NURSE
    devices = {d.nip: d for d in api.devices()}
    assert devices[ds.NURSE].days_since_contact == 0
    assert not devices[ds.NURSE].revoked
    api.revoke(devices[ds.NURSE].id)
    assert {d.nip: d for d in api.devices()}[ds.NURSE].revoked
    assert nurse.sync().outcome == "revoked"


def test_unreachable_and_expired_sessions_read_as_indonesian(tmp_path: pathlib.Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)

    down = HrApi(URL, "t", transport=httpx.MockTransport(refuse), download_dir=tmp_path)
    with pytest.raises(HrError, match="Server tidak dapat dihubungi") as err:
        down.dashboard()
    assert err.value.status == 0
    with pytest.raises(HrError, match="Server tidak dapat dihubungi"):
        down.export("completion", "csv", period="2026-T4")
    assert not list(tmp_path.iterdir())

    def expired(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": "token_expired", "message": "Token kedaluwarsa."})

    old = HrApi(URL, "t", transport=httpx.MockTransport(expired), download_dir=tmp_path)
    with pytest.raises(HrError, match="Sesi di perangkat ini sudah habis"):
        old.periods()

    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="boom")

    sick = HrApi(URL, "t", transport=httpx.MockTransport(broken), download_dir=tmp_path)
    with pytest.raises(HrError, match="Server sedang bermasalah"):
        sick.devices()
