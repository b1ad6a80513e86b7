"""The supervisor's device operations against the real server application in-process: team
overview, SKP approval, answering logs (evidence on demand), rating offline and finalizing,
HR's consolidated view of a final appraisal that no push can change, the spread of predikat,
objections decided by the Atasan, and a mutasi leaving the team."""

from __future__ import annotations

import datetime as dt
import pathlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from client import Device, InvalidInputError, RunnerConfig
from client.evidence_files import evidence_path
from client.ops.logs import leave_days
from client.ops.view_models import Colleague, LogEntry, TeamChanges
from client.syncing import RetryPolicy
from server.reports.writes import write_server_version
from server.services import Services
from shared_models import AppraisalStatus, ObjectionStatus, OrgPredikat, Predikat, RecordKind
from tests.unit.client.asgi_bridge import AsgiBridge, in_process_server
from tests.unit.client.conftest import PNG
from tests.unit.server import dataset as ds

URL = "http://kinerja.test"
KAPUS_SKP = "0190a000-0000-7000-8000-00000000c001"
NURSE_SKP = "0190a000-0000-7000-8000-00000000c002"
NURSE2_SKP = "0190a000-0000-7000-8000-00000000c003"
IND = "0190a000-0000-7000-8000-00000000d001"
IND2 = "0190a000-0000-7000-8000-00000000d002"


def _skp(nip: str, supervisor: str, status: str, rhk_id: str, parent: str | None, ind: str) -> Any:
    return {
        "employee_nip": nip,
        "year": 2026,
        "approach": "kuantitatif",
        "status": status,
        "supervisor_nip": supervisor,
        "rhk": [
            {
                "id": rhk_id,
                "kind": "utama",
                "text": f"RHK {nip[-4:]}",
                "parent_rhk_id": parent,
                "indicators": [
                    {
                        "id": ind,
                        "aspect": "kuantitas",
                        "text": "Jumlah kunjungan rumah",
                        "target_value": 100,
                        "target_unit": "kunjungan",
                    }
                ],
            }
        ],
    }


def _records() -> list[ds.Rec]:
    kapus = _skp(ds.KAPUS, ds.KADINKES, "disetujui", "rhk-kapus", None, "ind-kapus")
    kapus["rhk"][0]["text"] = "Meningkatnya cakupan layanan kesehatan masyarakat"
    nurse = _skp(ds.NURSE, ds.KAPUS, "diajukan", "rhk-nurse", "rhk-kapus", IND)
    nurse2 = _skp(ds.NURSE2, ds.KAPUS, "disetujui", "rhk-nurse2", "rhk-lain", IND2)
    return [
        ds.Rec("skp", KAPUS_SKP, ds.KAPUS, kapus),
        ds.Rec("skp", NURSE_SKP, ds.NURSE, nurse),
        ds.Rec("skp", NURSE2_SKP, ds.NURSE2, nurse2),
    ]


class Bridge(AsgiBridge):
    """The in-process server, asked for uncompressed answers (the bridge hands over bodies
    already decoded)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["accept-encoding"] = "identity"
        return super().handle_request(request)


@dataclass
class World:
    services: Services
    bridge: AsgiBridge
    root: pathlib.Path
    devices: list[Device] = field(default_factory=list)

    def signed_in(self, name: str, nip: str) -> Device:
        device = Device(
            self.root / name,
            http_transport=self.bridge,
            runner_config=RunnerConfig(retry=RetryPolicy(attempts=2, base=0.001)),
        )
        self.devices.append(device)
        device.login(nip, ds.PASSWORD, server=URL)
        assert device.sync().ok
        return device

    def http(self, nip: str) -> httpx.Client:
        client = httpx.Client(transport=self.bridge, base_url=URL)
        answer = client.post("/api/v1/auth/login", json={"nip": nip, "password": ds.PASSWORD})
        assert answer.status_code == 200, answer.text
        client.headers["authorization"] = f"Bearer {answer.json()['token']}"
        return client

    def server_fields(self, record_id: str) -> dict[str, Any]:
        from server.record_codec import from_stored

        with self.services.storage.read() as reader:
            stored = reader.record(record_id)
        assert stored is not None
        return dict(from_stored(stored).fields)


@pytest.fixture
def world(tmp_path: pathlib.Path) -> Iterator[World]:
    with in_process_server(tmp_path, _records(), Bridge) as (services, bridge):
        w = World(services=services, bridge=bridge, root=tmp_path / "devices")
        yield w
        for device in w.devices:
            device.close()


def _log(device: Device, photo: pathlib.Path | None = None) -> LogEntry:
    return device.add_log(
        {
            "indicator": IND,
            "date": "2026-11-20",
            "value": 4,
            "note": "Kunjungan rumah lansia",
            "evidence": [photo] if photo else [],
        }
    )


def test_team_shows_who_needs_attention_first(world: World) -> None:
    nurse2 = world.signed_in("nurse2", ds.NURSE2)
    nurse2.add_log({"indicator": IND2, "date": "2026-11-27", "value": 30, "note": "Posyandu"})
    assert nurse2.sync().ok
    kapus = world.signed_in("kapus", ds.KAPUS)
    view = kapus.team(period_code="2026")
    assert [m.nip for m in view.members] == [ds.NURSE, ds.NURSE2]
    first, second = view.members
    assert first.attention[0] == "skp_waiting"
    assert first.self_assessment == "belum"
    assert second.indicators[0].realised == 30
    assert second.progress == pytest.approx(0.3)
    assert second.new_entries == 1
    assert second.last_activity is not None
    kapus.mark_visited(ds.NURSE2)
    again = kapus.team(period_code="2026", only="skp_waiting").members
    assert [m.nip for m in again] == [ds.NURSE]
    assert kapus.team().members[1].new_entries == 0
    with pytest.raises(InvalidInputError, match="saringan"):
        kapus.team(only="semua")


def test_review_approve_with_expectations_and_the_cascade_matrix(world: World) -> None:
    kapus = world.signed_in("kapus", ds.KAPUS)
    review = kapus.skp_review(ds.NURSE, 2026)
    assert review.rhk[0].linked
    assert review.rhk[0].parent_text.startswith("Meningkatnya cakupan")
    assert kapus.skp_review(ds.NURSE2, 2026).unlinked == 1
    matrix = kapus.matrix(2026)
    assert [s.nip for s in matrix.rows[0].supporters] == [ds.NURSE]
    assert [u.nip for u in matrix.unlinked] == [ds.NURSE2]
    with pytest.raises(InvalidInputError, match="hanya SKP yang diajukan"):
        kapus.approve_skp(ds.NURSE2, 2026)
    with pytest.raises(InvalidInputError, match="Catatan pengembalian masih kosong"):
        kapus.return_skp(ds.NURSE, 2026, " ")
    kapus.approve_skp(ds.NURSE, 2026, expectations={"akuntabel": "Laporan kunjungan tiap Jumat"})
    assert kapus.sync().ok
    server = world.server_fields(NURSE_SKP)
    assert server["status"] == "disetujui"
    assert server["perilaku"] == [
        {"value": "akuntabel", "ekspektasi_khusus": "Laporan kunjungan tiap Jumat"}
    ]
    kapus.return_skp(ds.NURSE2, 2026, "Hubungkan RHK dengan RHK kepala puskesmas")
    assert kapus.sync().ok
    assert world.server_fields(NURSE2_SKP)["status"] == "dikembalikan"


def test_a_stale_skp_edit_from_the_employee_is_refused_with_the_reason(world: World) -> None:
    nurse = world.signed_in("nurse", ds.NURSE)
    kapus = world.signed_in("kapus", ds.KAPUS)
    kapus.approve_skp(ds.NURSE, 2026)
    assert kapus.sync().ok
    ctx = nurse.ctx  # the nurse's phone has not synced since it submitted
    skp = ctx.skp_of(ds.NURSE, 2026)
    assert skp is not None
    ctx.save(
        RecordKind.SKP,
        skp.id,
        ds.NURSE,
        {**skp.fields, "status": "draft", "approach": "kualitatif"},
    )
    nurse.sync()
    conflicts = nurse.conflicts()
    assert len(conflicts) == 1
    assert "dikunci" in conflicts[0].message
    assert nurse.skp().status == "disetujui"
    assert world.server_fields(NURSE_SKP)["approach"] == "kuantitatif"


def test_comment_and_acknowledge_a_log_with_its_photo_fetched_on_demand(
    world: World, tmp_path: pathlib.Path
) -> None:
    photo = tmp_path / "foto.png"
    photo.write_bytes(PNG)
    nurse = world.signed_in("nurse", ds.NURSE)
    entry = _log(nurse, photo)
    assert nurse.sync().ok
    kapus = world.signed_in("kapus", ds.KAPUS)
    sha = entry.evidence[0].sha256
    cached = evidence_path(kapus.ctx.evidence_dir, sha)
    cached.unlink(missing_ok=True)  # as if the sync had not fetched it yet
    got = kapus.fetch_evidence(sha)
    assert got.downloaded is True
    assert got.mime == "image/png"
    assert got.data == PNG
    assert PNG not in cached.read_bytes()  # kept on the device encrypted
    assert kapus.fetch_evidence(sha).downloaded is False  # cached
    with pytest.raises(InvalidInputError, match="sha256"):
        kapus.fetch_evidence("foto.png")
    view = kapus.comment_log(entry.id[:8], "Foto jelas, lanjutkan", acknowledge=True)
    assert view.supervisor_comment == "Foto jelas, lanjutkan"
    assert view.acknowledged_by == ds.KAPUS
    kapus.feedback(
        ds.NURSE, "Dialog: target kunjungan Desember", period_code="2026", kind="dialog_kinerja"
    )
    assert kapus.sync().ok
    assert nurse.sync().ok
    mine = nurse.list_logs()[0]
    assert (mine.acknowledged_by, mine.supervisor_comment) == (
        ds.KAPUS,
        "Foto jelas, lanjutkan",
    )
    notes = [r for r in nurse.export()["records"] if r["kind"] == "feedback"]
    assert {n["fields"]["kind"] for n in notes} == {"umpan_balik", "dialog_kinerja"}
    with pytest.raises(InvalidInputError, match="sendiri"):
        nurse.acknowledge_log(mine.id)


def _rate_and_finalize(kapus: Device) -> None:
    kapus.rate(
        ds.NURSE,
        "2026",
        hasil_kerja="di_atas_ekspektasi",
        perilaku="di_atas_ekspektasi",
        note="Sangat baik",
    )
    kapus.rate(
        ds.NURSE2, "2026", hasil_kerja="sesuai_ekspektasi", perilaku="sesuai_ekspektasi", note=None
    )
    kapus.finalize(ds.NURSE, "2026")
    kapus.finalize(ds.NURSE2, "2026")


def test_offline_finalization_is_queued_then_confirmed(world: World) -> None:
    kapus = world.signed_in("kapus", ds.KAPUS)
    _rate_and_finalize(kapus)  # no sync: as on a tablet without signal
    appraisal = kapus.appraisal_view(ds.NURSE, "2026").appraisal
    assert appraisal is not None
    assert appraisal.status == AppraisalStatus.FINAL
    assert appraisal.predikat == Predikat.SANGAT_BAIK
    assert appraisal.confirmed is False
    member = kapus.team().members[0].appraisal
    assert member is not None
    assert member.sync_state == "pending"
    spread = kapus.distribution("2026", org_predikat="baik")
    assert spread.rated == 2
    messages = " ".join(v.message for v in spread.violations)
    assert "Butuh Perbaikan dan/atau Kurang/Misconduct minimal 1 pegawai" in messages
    assert "unit kecil (2 pegawai): satu pegawai = 50 %" in messages
    assert kapus.sync().ok
    confirmed = kapus.appraisal_view(ds.NURSE, "2026").appraisal
    assert confirmed is not None
    assert confirmed.confirmed is True


def test_the_spread_check_uses_the_organisation_predikat_hr_set_and_assumes_none(
    world: World,
) -> None:
    kapus = world.signed_in("kapus", ds.KAPUS)
    _rate_and_finalize(kapus)
    assert kapus.sync().ok
    unset = kapus.distribution("2026")  # no organisation predikat yet: nothing is assumed
    assert (unset.org_predikat, unset.org_source) == (None, "belum_ditetapkan")
    assert unset.violations == []
    assert unset.rated == 2
    assert "belum ditetapkan; sebaran tidak diperiksa" in unset.note
    assert "unit kecil (2 pegawai)" in unset.note
    hr = world.http(ds.ADMIN_DINKES)
    body = {"unit_id": ds.PKM, "period_code": "2026", "predikat": "istimewa"}
    assert hr.put("/api/v1/admin/org-predikat", json=body).status_code == 200
    assert kapus.sync().ok
    decided = kapus.distribution("2026")  # read from the device, no server call
    assert (decided.org_predikat, decided.org_source) == (OrgPredikat.ISTIMEWA, "server")
    assert decided.violations == []  # 1 Sangat Baik, 1 Baik: fits Istimewa


def test_a_final_appraisal_reaches_hr_and_no_push_changes_it(world: World) -> None:
    stale = world.signed_in("kapus-old-tablet", ds.KAPUS)
    stale.rate(ds.NURSE, "2026", hasil_kerja="sesuai_ekspektasi", perilaku=None, note=None)
    assert stale.sync().ok
    kapus = world.signed_in("kapus", ds.KAPUS)
    _rate_and_finalize(kapus)
    assert kapus.sync().ok
    rated = kapus.appraisal_view(ds.NURSE, "2026").appraisal
    assert rated is not None
    appraisal_id = rated.id
    before = world.server_fields(appraisal_id)
    hr = world.http(ds.ADMIN_DINKES)
    report = hr.get("/api/v1/reports/distribution", params={"unit_id": ds.PKM, "period": "2026"})
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["total"] == 2
    counts = {c["predikat"]: c["count"] for c in body["counts"]}
    assert (counts["sangat_baik"], counts["baik"]) == (1, 1)
    assert [p["nip"] for p in body["top_performers"]] == [ds.NURSE]
    dash = hr.get("/api/v1/reports/dashboard", params={"unit_id": ds.PKM, "period": "2026"})
    assert dash.status_code == 200, dash.text
    assert dash.json()["totals"]["appraisals_final"] == 2
    # the old tablet still holds the draft: its edit is refused and kept there as a conflict
    with pytest.raises(InvalidInputError):
        kapus.rate(ds.NURSE, "2026", hasil_kerja="di_bawah_ekspektasi", perilaku=None, note=None)
    stale.rate(
        ds.NURSE,
        "2026",
        hasil_kerja="di_bawah_ekspektasi",
        perilaku="di_bawah_ekspektasi",
        note="x",
    )
    stale.sync()
    assert any("dikunci" in c.message for c in stale.conflicts())
    # the employee's own device cannot write it either
    nurse = world.signed_in("nurse", ds.NURSE)
    record = nurse.ctx.store.records.get(appraisal_id)
    assert record is not None
    nurse.ctx.save(
        RecordKind.APPRAISAL, appraisal_id, ds.NURSE, {**record.fields, "feedback": "ubah"}
    )
    nurse.sync()
    assert nurse.conflicts()
    assert world.server_fields(appraisal_id) == before
    again = hr.get("/api/v1/reports/distribution", params={"unit_id": ds.PKM, "period": "2026"})
    assert again.json()["counts"] == body["counts"]
    hr.close()


def test_the_atasan_decides_an_objection(world: World) -> None:
    kapus = world.signed_in("kapus", ds.KAPUS)
    _rate_and_finalize(kapus)
    assert kapus.sync().ok
    nurse2 = world.signed_in("nurse2", ds.NURSE2)
    appraisal = next(
        r
        for r in nurse2.export()["records"]
        if r["kind"] == "appraisal" and r["owner"] == ds.NURSE2
    )
    nurse2.object(appraisal["id"], "Target posyandu terlampaui; mohon ditinjau")
    assert nurse2.sync().ok
    assert kapus.sync().ok
    assert kapus.objections() == []  # the Kepala Puskesmas gave the rating: not his to decide
    kadinkes = world.signed_in("kadinkes", ds.KADINKES)
    [item] = kadinkes.objections()
    assert (item.nip, item.predikat, item.status) == (
        ds.NURSE2,
        Predikat.BAIK,
        ObjectionStatus.DIAJUKAN,
    )
    assert item.supervisor_nip == ds.KAPUS
    with pytest.raises(InvalidInputError, match="sama dengan predikat semula"):
        kadinkes.decide_objection(item.id, uphold=False, reason="r", new_predikat="baik")
    with pytest.raises(InvalidInputError, match="Alasan keputusan masih kosong"):
        kadinkes.decide_objection(item.id, uphold=True, reason=" ")
    kadinkes.decide_objection(
        item.id[:8], uphold=False, reason="Bukti capaian kuat", new_predikat="sangat_baik"
    )
    assert kadinkes.sync().ok
    decided = world.server_fields(item.id)
    assert (decided["status"], decided["new_predikat"]) == ("dikabulkan", "sangat_baik")
    assert decided["decided_by"] == ds.KADINKES
    with pytest.raises(InvalidInputError, match="sudah diputus"):
        kadinkes.decide_objection(item.id, uphold=True, reason="lagi")


def test_a_mutasi_leaves_the_team_with_a_notice(world: World) -> None:
    kapus = world.signed_in("kapus", ds.KAPUS)
    assert kapus.team_changes() == TeamChanges(left=[], arrived=[])
    hr = world.http(ds.ADMIN_DINKES)
    moved = hr.post(
        f"/api/v1/admin/employees/{ds.NURSE2}/mutasi",
        json={"unit_id": ds.DINKES, "supervisor_nip": ds.KADINKES, "note": "SK mutasi"},
    )
    assert moved.status_code == 200, moved.text
    hr.close()
    assert kapus.sync().ok
    changes = kapus.team_changes()
    assert changes.left == [Colleague(nip=ds.NURSE2, name="Siti Handayani")]
    assert [m.nip for m in kapus.team().members] == [ds.NURSE]
    assert kapus.ctx.skp_of(ds.NURSE2, 2026) is None
    with pytest.raises(InvalidInputError, match="bukan bawahan"):
        kapus.skp_review(ds.NURSE2, 2026)


def test_a_self_assessment_is_closed_once_the_appraisal_is_final(world: World) -> None:
    nurse = world.signed_in("nurse", ds.NURSE)
    first = nurse.assess(
        "2026", rating="sesuai_ekspektasi", reflection="Target tercapai", perilaku={}, submit=True
    )
    assert nurse.sync().ok
    kapus = world.signed_in("kapus", ds.KAPUS)
    _rate_and_finalize(kapus)
    assert kapus.sync().ok
    # the phone has not pulled the final appraisal yet: its late edit reaches the server
    nurse.assess("2026", rating="di_atas_ekspektasi", reflection="Ubah", perilaku={}, submit=True)
    nurse.sync()
    assert world.server_fields(first["id"])["hasil_kerja_rating"] == "sesuai_ekspektasi"
    refused = [c for c in nurse.conflicts() if c.record_id == first["id"]]
    assert refused, nurse.conflicts()
    assert "dikunci" in refused[0].message


def test_a_leave_recorded_by_hr_closes_those_days_on_the_employee_device(
    world: World,
) -> None:
    nurse = world.signed_in("nurse", ds.NURSE)
    hr = world.http(ds.ADMIN_DINKES)
    body = {
        "employee_nip": ds.NURSE,
        "kind": "cuti_tahunan",
        "start": "2026-11-19",
        "end": "2026-11-20",
        "note": "SK cuti 800/77",
    }
    recorded = hr.put("/api/v1/admin/leave", json=body)
    assert recorded.status_code == 200, recorded.text
    leave_id = recorded.json()["id"]
    assert nurse.sync().ok
    with pytest.raises(InvalidInputError, match="tercatat cuti tahunan"):
        _log(nurse)  # 2026-11-20
    assert leave_days(nurse.ctx) == {
        dt.date(2026, 11, 19): "cuti tahunan",
        dt.date(2026, 11, 20): "cuti tahunan",
    }
    # the supervisor's device has it too; HR lists and deletes it; the day opens again
    kapus = world.signed_in("kapus", ds.KAPUS)
    assert [r.id for r in kapus.ctx.store.records.of_kind("leave")] == [leave_id]
    listed = hr.get("/api/v1/admin/leave", params={"employee_nip": ds.NURSE}).json()["leave"]
    assert [(x["record_id"], x["start"], x["end"]) for x in listed] == [
        (leave_id, "2026-11-19", "2026-11-20")
    ]
    assert hr.delete(f"/api/v1/admin/leave/{leave_id}").status_code == 200
    assert nurse.sync().ok
    assert leave_days(nurse.ctx) == {}
    assert _log(nurse).id


def test_leave_is_recorded_only_by_hr_of_the_employee_opd(world: World) -> None:
    body = {"employee_nip": ds.NURSE, "kind": "diklat", "start": "2026-11-02", "end": "2026-11-06"}
    for nip in (ds.NURSE, ds.KAPUS, ds.NURSE2):
        refused = world.http(nip).put("/api/v1/admin/leave", json=body)
        assert refused.status_code == 403, (nip, refused.text)
    hr = world.http(ds.ADMIN_DINKES)
    backwards = hr.put("/api/v1/admin/leave", json={**body, "end": "2026-11-01"})
    assert backwards.status_code == 400
    assert backwards.json()["field"] == "$.end"
    assert "sebelum tanggal mulai" in backwards.json()["message"]
    unknown = hr.put("/api/v1/admin/leave", json={**body, "kind": "libur"})
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "$.kind"
    nobody = hr.put("/api/v1/admin/leave", json={**body, "employee_nip": "199001012015011999"})
    assert nobody.status_code == 404
    assert hr.delete("/api/v1/admin/leave/no-such-id").status_code == 404
    assert world.http(ds.BKPP).put("/api/v1/admin/leave", json=body).status_code == 200


def test_an_employee_device_holds_its_supervisors_skp_and_follows_a_mutasi(
    world: World,
) -> None:
    """The supervisor's SKP reaches the employee's device (their RHK cascade from it), read
    only, and nothing else of the supervisor's; after a mutasi the former supervisor's SKP is
    removed and the new one's, older than the device's cursor, is backfilled."""
    kadinkes_skp = "0190a000-0000-7000-8000-00000000c009"
    with world.services.storage.write() as tx:
        write_server_version(
            tx,
            kind=RecordKind.SKP,
            record_id=kadinkes_skp,
            owner=ds.KADINKES,
            patch=_skp(ds.KADINKES, ds.BKPP, "disetujui", "rhk-kadinkes", None, "ind-kadinkes"),
            replica="s0",
            now=time.time(),
        )
    nurse2 = world.signed_in("nurse2", ds.NURSE2)

    def skp_owners() -> set[str]:
        return {r.owner for r in nurse2.ctx.store.records.of_kind(RecordKind.SKP)}

    assert skp_owners() == {ds.NURSE2, ds.KAPUS}  # not a colleague's, not the Kepala Dinas's
    kapus = world.signed_in("kapus", ds.KAPUS)
    kapus.add_log({"indicator": "ind-kapus", "date": "2026-11-20", "value": 2, "note": "Rapat"})
    assert kapus.sync().ok
    assert nurse2.sync().ok
    assert not nurse2.ctx.store.records.of_kind(RecordKind.PROGRESS_LOG)
    hr = world.http(ds.ADMIN_DINKES)
    moved = hr.post(
        f"/api/v1/admin/employees/{ds.NURSE2}/mutasi",
        json={"unit_id": ds.DINKES, "supervisor_nip": ds.KADINKES, "note": "SK mutasi"},
    )
    assert moved.status_code == 200, moved.text
    assert nurse2.sync().ok
    assert skp_owners() == {ds.NURSE2, ds.KADINKES}
    assert kapus.sync().ok
    assert kapus.ctx.skp_of(ds.NURSE2, 2026) is None  # the other direction, as before
