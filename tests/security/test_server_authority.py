"""The server decides from what it stores, never from what a change claims (I10).

Each test sends what a buggy, restored or hostile device (or an admin trying their luck) could
send, through the real HTTP API of the app, and checks the effect afterwards: what was stored,
what the master tables say, what others then pull, what the audit shows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import msgspec
import pytest

from shared_models.nip import make_nip
from sync import Change, hlc
from tests.security.conftest import EVIDENCE, LOGS, City, Session
from tests.unit.server import dataset as ds

JSON = {"content-type": "application/json"}
DAY = 86_400.0


def _id() -> str:
    return str(uuid.uuid4())


def _employee(nip: str, unit: str, boss: str | None, **extra: Any) -> dict[str, Any]:
    return {**ds.employee_fields(nip, "Nama Pegawai", unit, boss), **extra}


async def _push_one(city: City, session: Session, change: Change) -> Any:
    result = await city.push(session, change)
    assert len(result.results) == 1
    return result.results[0]


def _master(city: City, nip: str) -> Any:
    with city.services.storage.read() as reader:
        return reader.employee(nip)


async def _push_json(city: City, session: Session, body: dict[str, Any]) -> Any:
    return await city.client.post(
        "/api/v1/sync/push",
        content=json.dumps(body).encode(),
        headers={**session.headers, **JSON},
    )


def _json_change(change: Change, **override: Any) -> dict[str, Any]:
    return {**msgspec.to_builtins(change), **override}


# --- 1. master data: both the stored and the new state lie in the admin's OPD -----------------
async def test_an_admin_opd_cannot_claim_a_teacher_with_a_new_employee_record(city: City) -> None:
    admin = await city.login(ds.ADMIN_DINKES)
    forged = _employee(ds.TEACHER, ds.PKM, ds.ADMIN_DINKES)
    change = city.change(admin, kind="employee", record_id=_id(), owner="", patch=forged)
    result = await _push_one(city, admin, change)
    assert result.outcome == "rejected"
    assert "sudah ada" in result.message
    assert city.stored(change.id) is None
    teacher = _master(city, ds.TEACHER)
    assert (teacher.unit_id, teacher.supervisor_nip) == (ds.DISDIK, None)
    # he did not become her pejabat penilai: her log does not reach his device
    assert LOGS[ds.TEACHER] not in {r.id for r in await city.pull_all(admin)}


async def test_an_admin_opd_cannot_move_own_staff_out_of_the_opd(city: City) -> None:
    admin = await city.login(ds.ADMIN_DINKES)
    stored = city.stored(f"e-{ds.NURSE2}")
    assert stored is not None
    change = city.change(
        admin,
        kind="employee",
        record_id=stored.id,
        owner="",
        patch={"unit_id": ds.DISDIK},
        base=stored,
    )
    result = await _push_one(city, admin, change)
    assert result.outcome == "rejected"
    assert "di luar OPD" in result.message
    assert city.stored(stored.id) == stored
    assert _master(city, ds.NURSE2).unit_id == ds.PKM


async def test_an_admin_opd_cannot_claim_a_unit_of_another_opd(city: City) -> None:
    admin = await city.login(ds.ADMIN_DINKES)
    school = {
        "code": "SMP5",
        "name": "SMP Negeri 5",
        "kind": "sekolah",
        "parent_id": ds.DISDIK,
        "opd_id": ds.DINKES,  # a false claim: the unit sits under Dinas Pendidikan
    }
    change = city.change(admin, kind="unit", record_id="u-smp5", owner="", patch=school)
    result = await _push_one(city, admin, change)
    assert result.outcome == "rejected"
    assert city.stored("u-smp5") is None
    with city.services.storage.read() as reader:
        assert reader.unit("u-smp5") is None


async def test_a_supervisor_cycle_is_refused_through_sync(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    stored = city.stored(f"e-{ds.KADINKES}")
    assert stored is not None
    change = city.change(
        bkpp,
        kind="employee",
        record_id=stored.id,
        owner="",
        patch={"supervisor_nip": ds.NURSE},  # the nurse is two levels under him
        base=stored,
    )
    result = await _push_one(city, bkpp, change)
    assert result.outcome == "rejected"
    assert "lingkaran" in result.message
    assert _master(city, ds.KADINKES).supervisor_nip is None


IMPORT_HEADER = "nip,nama,jenis_pegawai,golongan,jabatan,jenis_jabatan,kode_unit,nip_atasan,aktif\n"


def _import_row(nip: str, unit: str, boss: str = "", active: str = "ya") -> str:
    return f"{nip},Nama Pegawai,pns,III/a,Pelaksana,pelaksana,{unit},{boss},{active}"


async def _import(city: City, session: Session, path: str, body: str) -> Any:
    return await city.client.post(
        f"/api/v1/admin/import/{path}",
        content=body.encode(),
        headers={**session.headers, "content-type": "text/csv"},
    )


async def test_the_import_cannot_take_over_a_teacher_or_a_bkpp_account(city: City) -> None:
    admin = await city.login(ds.ADMIN_DINKES)
    body = IMPORT_HEADER + _import_row(ds.TEACHER, "U_PKM", ds.ADMIN_DINKES) + "\n"
    answer = await _import(city, admin, "employees", body)
    assert answer.status_code in (400, 403), answer.text
    assert "di luar OPD" in answer.text
    teacher = _master(city, ds.TEACHER)
    assert (teacher.unit_id, teacher.supervisor_nip) == (ds.DISDIK, None)
    body = IMPORT_HEADER + _import_row(ds.BKPP, "U_PKM", active="tidak") + "\n"
    partial = await city.client.post(
        "/api/v1/admin/import/employees?partial=true",
        content=body.encode(),
        headers={**admin.headers, "content-type": "text/csv"},
    )
    assert partial.status_code == 200, partial.text
    assert partial.json()["imported"] == 0
    assert [e["line"] for e in partial.json()["errors"]] == [2]
    bkpp = _master(city, ds.BKPP)
    assert bkpp.active
    assert bkpp.unit_id == ds.BKPP_UNIT


async def test_the_import_checks_the_supervisor_cycle(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    body = IMPORT_HEADER + _import_row(ds.KADINKES, "U_DINKES", ds.NURSE) + "\n"
    answer = await _import(city, bkpp, "employees", body)
    assert answer.status_code == 400, answer.text
    assert "lingkaran" in answer.text
    assert _master(city, ds.KADINKES).supervisor_nip is None


async def test_the_unit_import_cannot_move_a_school_into_another_opd(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    made = await _import(
        city, bkpp, "units", "kode;nama;jenis;kode_induk\nSMP5;SMP Negeri 5;sekolah;U_DISDIK\n"
    )
    assert made.status_code == 200, made.text
    admin = await city.login(ds.ADMIN_DINKES)
    moved = await _import(
        city, admin, "units", "kode;nama;jenis;kode_induk\nSMP5;SMP Negeri 5;sekolah;U_DINKES\n"
    )
    assert moved.status_code in (400, 403), moved.text
    with city.services.storage.read() as reader:
        (school,) = [u for u in reader.units() if u.name == "SMP Negeri 5"]
    assert school.opd_id == ds.DISDIK


# --- 2. version vectors ------------------------------------------------------------------------
async def test_a_forged_foreign_entry_is_refused_and_the_supervisor_still_comments(
    city: City,
) -> None:
    nurse = await city.login(ds.NURSE)
    kapus = await city.login(ds.KAPUS)
    stored = city.stored(LOGS[ds.NURSE])
    assert stored is not None
    edit = city.change(
        nurse,
        kind="progress_log",
        record_id=stored.id,
        owner=ds.NURSE,
        patch={"value": 3},
        base=stored,
    )
    forged = msgspec.structs.replace(edit, vv={**edit.vv, kapus.device_id: 1_000_000_000})
    result = await _push_one(city, nurse, forged)
    assert result.outcome == "rejected"
    assert kapus.device_id in result.message
    assert city.stored(stored.id) == stored
    comment = city.change(
        kapus,
        kind="progress_log",
        record_id=stored.id,
        owner=ds.NURSE,
        patch={"supervisor_comment": "Bagus, lanjutkan"},
        base=stored,
    )
    assert (await _push_one(city, kapus, comment)).outcome == "applied"
    after = city.stored(stored.id)
    assert after is not None
    assert after.fields["supervisor_comment"] == "Bagus, lanjutkan"


@pytest.mark.parametrize(
    "vv_extra",
    [
        pytest.param({"s0": 2**64 - 2}, id="server-entry-near-2^64"),
        pytest.param({"d-x": 2**64}, id="counter-2^64"),
        pytest.param({f"d{i}": 1 for i in range(300)}, id="300-replicas"),
    ],
)
async def test_vectors_out_of_bounds_are_a_400_and_store_nothing(
    city: City, vv_extra: dict[str, int]
) -> None:
    nurse = await city.login(ds.NURSE)
    stored = city.stored(LOGS[ds.NURSE])
    edit = city.change(
        nurse,
        kind="progress_log",
        record_id=LOGS[ds.NURSE],
        owner=ds.NURSE,
        patch={"value": 4},
        base=stored,
    )
    body = {
        "type": "push",
        "protocol": 1,
        "schema": 1,
        "device_id": nurse.device_id,
        "batch_seq": 1,
        "changes": [_json_change(edit, vv={**edit.vv, **vv_extra})],
    }
    answer = await _push_json(city, nurse, body)
    assert answer.status_code == 400, answer.text
    assert "$.changes[0].vv" in answer.text
    assert city.stored(LOGS[ds.NURSE]) == stored


# --- 3. locks and finality are decided from the stored record -------------------------------
def _appraisal(nip: str, boss: str, period: str, **extra: Any) -> dict[str, Any]:
    fields = {
        "employee_nip": nip,
        "supervisor_nip": boss,
        "period_code": period,
        "kind": "tahunan" if "-" not in period else "periodik",
        "hasil_kerja": "sesuai_ekspektasi",
        "perilaku_kerja": "sesuai_ekspektasi",
        "predikat": "baik",
        "status": "final",
        "finalized_at": "2026-12-01T09:00:00+07:00",
    }
    return {**fields, **extra}


async def _final(city: City, kapus: Session, nip: str, period: str) -> str:
    change = city.change(
        kapus,
        kind="appraisal",
        record_id=_id(),
        owner=nip,
        patch=_appraisal(nip, ds.KAPUS, period),
    )
    result = await _push_one(city, kapus, change)
    assert result.outcome == "applied", result.message
    return change.id


async def test_a_locked_self_assessment_cannot_be_reopened_by_naming_another_period(
    city: City,
) -> None:
    nurse = await city.login(ds.NURSE)
    kapus = await city.login(ds.KAPUS)
    own = city.change(
        nurse,
        kind="self_assessment",
        record_id=_id(),
        owner=ds.NURSE,
        patch={"employee_nip": ds.NURSE, "period_code": "2026-T3", "hasil_kerja_rating": None},
    )
    assert (await _push_one(city, nurse, own)).outcome == "applied"
    await _final(city, kapus, ds.NURSE, "2026-T3")
    stored = city.stored(own.id)
    edit = city.change(
        nurse,
        kind="self_assessment",
        record_id=own.id,
        owner=ds.NURSE,
        patch={"hasil_kerja_rating": "di_atas_ekspektasi"},
        base=stored,
    )
    # fields claim an open period; ``changed`` names only the rating
    forged = msgspec.structs.replace(edit, fields={**edit.fields, "period_code": "2026-T4"})
    result = await _push_one(city, nurse, forged)
    assert result.outcome == "rejected"
    assert "periode Triwulan III 2026" in result.message or "2026-T3" in result.message
    after = city.stored(own.id)
    assert after is not None
    assert after.fields.get("hasil_kerja_rating") is None
    delete = city.change(
        nurse,
        kind="self_assessment",
        record_id=own.id,
        owner=ds.NURSE,
        patch={},
        base=after,
        delete=True,
    )
    assert (await _push_one(city, nurse, delete)).outcome == "rejected"
    gone = city.stored(own.id)
    assert gone is not None
    assert not gone.deleted


async def test_a_second_final_appraisal_is_refused(city: City) -> None:
    kapus = await city.login(ds.KAPUS)
    first = await _final(city, kapus, ds.NURSE, "2026-T4")
    second = city.change(
        kapus,
        kind="appraisal",
        record_id=_id(),
        owner=ds.NURSE,
        patch=_appraisal(
            ds.NURSE,
            ds.KAPUS,
            "2026-T4",
            hasil_kerja="di_bawah_ekspektasi",
            predikat="butuh_perbaikan",
        ),
    )
    result = await _push_one(city, kapus, second)
    assert result.outcome == "rejected"
    assert "sudah ada penilaian final" in result.message
    assert city.stored(second.id) is None
    stored = city.stored(first)
    assert stored is not None
    assert stored.fields["predikat"] == "baik"


async def test_rater_and_author_are_the_pushing_user(city: City) -> None:
    kapus = await city.login(ds.KAPUS)
    other_rater = city.change(
        kapus,
        kind="appraisal",
        record_id=_id(),
        owner=ds.NURSE,
        patch=_appraisal(ds.NURSE, ds.KADINKES, "2026-T2"),
    )
    result = await _push_one(city, kapus, other_rater)
    assert result.outcome == "rejected"
    assert "$.supervisor_nip" in result.message
    assert city.stored(other_rater.id) is None
    feedback = city.change(
        kapus,
        kind="feedback",
        record_id=_id(),
        owner=ds.NURSE,
        patch={"employee_nip": ds.NURSE, "author_nip": ds.BKPP, "text": "Dari BKPP"},
    )
    result = await _push_one(city, kapus, feedback)
    assert result.outcome == "rejected"
    assert "$.author_nip" in result.message
    assert city.stored(feedback.id) is None
    nurse = await city.login(ds.NURSE)
    assert feedback.id not in {r.id for r in await city.pull_all(nurse)}


# --- 4. the content's rules, checked by the server with the device's code ---------------------
def _log(nip: str, **extra: Any) -> dict[str, Any]:
    return {**ds.log_fields(nip), **extra}


async def _log_result(city: City, session: Session, fields: dict[str, Any]) -> Any:
    change = city.change(
        session, kind="progress_log", record_id=_id(), owner=session.nip, patch=fields
    )
    result = await _push_one(city, session, change)
    if result.outcome == "rejected":
        assert city.stored(change.id) is None
    return result


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        pytest.param({"date": "2030-01-02"}, "belum terjadi", id="2030"),
        pytest.param({"date": "9999-12-31"}, "belum terjadi", id="9999"),
        pytest.param({"value": 1e308}, "$.value", id="1e308"),
        pytest.param({"role": "admin_bkpp"}, "role", id="unknown-field"),
        pytest.param({"description": "ada\x00nul"}, "U+0000", id="nul"),
        pytest.param({"description": "pasien \u202eabc"}, "U+202E", id="rtl-override"),
    ],
)
async def test_a_log_the_device_would_refuse_is_refused(
    city: City, extra: dict[str, Any], words: str
) -> None:
    nurse = await city.login(ds.NURSE)
    result = await _log_result(city, nurse, _log(ds.NURSE, **extra))
    assert result.outcome == "rejected"
    assert words in result.message


async def test_a_value_beyond_64_bits_is_refused_not_a_500(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    change = city.change(
        nurse, kind="progress_log", record_id=_id(), owner=ds.NURSE, patch=_log(ds.NURSE)
    )
    body = {
        "type": "push",
        "protocol": 1,
        "schema": 1,
        "device_id": nurse.device_id,
        "batch_seq": 1,
        "changes": [_json_change(change, fields={**change.fields, "value": 10**30})],
    }
    answer = await _push_json(city, nurse, body)
    assert answer.status_code == 200, answer.text
    (result,) = answer.json()["results"]
    assert result["outcome"] == "rejected"
    assert "$.value" in result["message"]
    assert city.stored(change.id) is None


async def test_a_log_in_a_closed_period_or_on_leave_is_refused(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    closed = await city.client.post(
        "/api/v1/admin/periods", json={"code": "2026-T3", "open": False}, headers=bkpp.headers
    )
    assert closed.status_code == 200, closed.text
    leave = await city.client.put(
        "/api/v1/admin/leave",
        json={
            "employee_nip": ds.NURSE,
            "kind": "cuti_sakit",
            "start": "2026-11-18",
            "end": "2026-11-19",
        },
        headers=bkpp.headers,
    )
    assert leave.status_code == 200, leave.text
    nurse = await city.login(ds.NURSE)
    in_closed = await _log_result(city, nurse, _log(ds.NURSE, date="2026-08-10"))
    assert in_closed.outcome == "rejected"
    assert "ditutup" in in_closed.message
    on_leave = await _log_result(city, nurse, _log(ds.NURSE, date="2026-11-19"))
    assert on_leave.outcome == "rejected"
    assert "sakit" in on_leave.message
    fine = await _log_result(city, nurse, _log(ds.NURSE, date="2026-11-20"))
    assert fine.outcome == "applied", fine.message


async def _objection(city: City, nurse: Session, appraisal_id: str, filed_on: str) -> Any:
    change = city.change(
        nurse,
        kind="objection",
        record_id=_id(),
        owner=nurse.nip,
        patch={
            "employee_nip": nurse.nip,
            "appraisal_id": appraisal_id,
            "reason": "Capaian saya di atas target",
            "filed_on": filed_on,
        },
    )
    return change.id, await _push_one(city, nurse, change)


def _today(city: City) -> str:
    import datetime as dt

    from server.rule_facts import WIB

    return dt.datetime.fromtimestamp(city.clock(), WIB).date().isoformat()


async def test_one_keberatan_per_appraisal(city: City) -> None:
    kapus = await city.login(ds.KAPUS)
    appraisal = await _final(city, kapus, ds.NURSE, "2026")
    nurse = await city.login(ds.NURSE)
    first, result = await _objection(city, nurse, appraisal, _today(city))
    assert result.outcome == "applied", result.message
    second, result = await _objection(city, nurse, appraisal, _today(city))
    assert result.outcome == "rejected"
    assert "sudah pernah diajukan" in result.message
    assert city.stored(second) is None
    assert city.stored(first) is not None


async def test_keberatan_after_14_days_of_receipt_is_refused(city: City) -> None:
    kapus = await city.login(ds.KAPUS)
    appraisal = await _final(city, kapus, ds.NURSE2, "2026")
    city.clock.advance(15 * DAY)
    nurse2 = await city.login(ds.NURSE2)
    # the device claims an early filing date: the server's own receipt and clock decide
    record_id, result = await _objection(city, nurse2, appraisal, _today(city))
    assert result.outcome == "rejected"
    assert "batas waktu keberatan" in result.message
    assert city.stored(record_id) is None


async def test_keberatan_on_someone_elses_appraisal_is_refused(city: City) -> None:
    kapus = await city.login(ds.KAPUS)
    appraisal = await _final(city, kapus, ds.NURSE2, "2026")
    nurse = await city.login(ds.NURSE)
    record_id, result = await _objection(city, nurse, appraisal, _today(city))
    assert result.outcome == "rejected"
    assert city.stored(record_id) is None


# --- 5. bad input is a 4xx naming the field, with nothing stored ------------------------------
async def test_deep_nesting_is_a_400(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    deep = b'{"type":"push","protocol":1,"schema":1,"changes":' + b"[" * 20_000 + b"]" * 20_000
    answer = await city.client.post(
        "/api/v1/sync/push", content=deep + b"}", headers={**nurse.headers, **JSON}
    )
    assert answer.status_code == 400, answer.text


@pytest.mark.parametrize("cursor", [2**63, 2**64])
async def test_a_cursor_beyond_64_bits_is_a_400(city: City, cursor: int) -> None:
    nurse = await city.login(ds.NURSE)
    body = {"type": "pull", "protocol": 1, "schema": 1, "device_id": nurse.device_id}
    answer = await city.client.post(
        "/api/v1/sync/pull",
        content=json.dumps({**body, "cursor": cursor}).encode(),
        headers={**nurse.headers, **JSON},
    )
    assert answer.status_code == 400, answer.text
    assert "$.cursor" in answer.text


@pytest.mark.parametrize("batch_seq", [2**63 - 1, 2**64])
async def test_a_batch_seq_at_the_end_of_the_range_is_a_400(city: City, batch_seq: int) -> None:
    nurse = await city.login(ds.NURSE)
    change = city.change(
        nurse, kind="progress_log", record_id=_id(), owner=ds.NURSE, patch=_log(ds.NURSE)
    )
    body = {
        "type": "push",
        "protocol": 1,
        "schema": 1,
        "device_id": nurse.device_id,
        "batch_seq": batch_seq,
        "changes": [_json_change(change)],
    }
    answer = await _push_json(city, nurse, body)
    assert answer.status_code == 400, answer.text
    assert "$.batch_seq" in answer.text
    assert city.stored(change.id) is None
    # the device's later pushes still count (nothing was remembered of the refused batch)
    assert (await _push_one(city, nurse, change)).outcome == "applied"


async def test_the_clock_skew_bound_does_not_creep(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    wall = int(city.clock() * 1000)
    first = city.change(
        nurse, kind="progress_log", record_id=_id(), owner=ds.NURSE, patch=_log(ds.NURSE)
    )
    first = msgspec.structs.replace(first, hlc=hlc.pack(wall + 294_000))
    assert (await _push_one(city, nurse, first)).outcome == "applied"
    second = city.change(
        nurse, kind="progress_log", record_id=_id(), owner=ds.NURSE, patch=_log(ds.NURSE)
    )
    second = msgspec.structs.replace(second, hlc=hlc.pack(wall + 588_000))
    result = await _push_one(city, nurse, second)
    assert result.outcome == "rejected"
    assert result.reason == "clock_skew"
    assert city.stored(second.id) is None


# --- 9. audit: subject, actor, device, before and after --------------------------------------
async def test_master_data_and_appraisals_are_audited_with_values(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    stored = city.stored(f"e-{ds.NURSE2}")
    change = city.change(
        bkpp,
        kind="employee",
        record_id=f"e-{ds.NURSE2}",
        owner="",
        patch={"golongan": "III/b"},
        base=stored,
    )
    assert (await _push_one(city, bkpp, change)).outcome == "applied"
    kapus = await city.login(ds.KAPUS)
    await _final(city, kapus, ds.NURSE2, "2026-T1")
    answer = await city.client.get(
        f"/api/v1/reports/audit?subject={ds.NURSE2}", headers=bkpp.headers
    )
    assert answer.status_code == 200, answer.text
    entries = answer.json()["entries"]
    edit = next(e for e in entries if e["record_kind"] == "employee" and e["nip"] == ds.BKPP)
    assert edit["device_id"] == bkpp.device_id
    assert edit["detail"]["before"]["golongan"] == "III/a"
    assert edit["detail"]["after"]["golongan"] == "III/b"
    rating = next(e for e in entries if e["record_kind"] == "appraisal")
    assert rating["nip"] == ds.KAPUS
    assert rating["detail"]["after"]["predikat"] == "baik"


async def test_a_pegawai_cannot_write_or_hide_audit_entries(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    for method in ("post", "put", "delete"):
        answer = await getattr(city.client, method)("/api/v1/reports/audit", headers=nurse.headers)
        assert answer.status_code in (403, 405), (method, answer.status_code)
    read = await city.client.get("/api/v1/reports/audit", headers=nurse.headers)
    assert read.status_code == 403


# --- the matrix of master data: one rule for sync, imports and mutasi -------------------------
MATRIX = [
    # (actor, target, allowed): move the target into Dinas Kesehatan (u-dinkes)
    (ds.ADMIN_DINKES, ds.NURSE2, True),  # stored and new state in his OPD
    (ds.ADMIN_DINKES, ds.TEACHER, False),  # stored state in Dinas Pendidikan
    (ds.ADMIN_DINKES, ds.BKPP, False),  # a BKPP account
    (ds.BKPP, ds.NURSE2, True),
    (ds.BKPP, ds.TEACHER, True),
    (ds.BKPP, ds.BKPP, True),
    (ds.NURSE, ds.NURSE2, False),  # no admin grant at all
    (ds.NURSE, ds.TEACHER, False),
    (ds.NURSE, ds.BKPP, False),
]


async def _move_by_sync(city: City, actor: Session, target: str) -> None:
    stored = city.stored(f"e-{target}")
    change = city.change(
        actor,
        kind="employee",
        record_id=f"e-{target}",
        owner="",
        patch={"unit_id": ds.DINKES},
        base=stored,
    )
    await city.push(actor, change)


async def _move_by_import(city: City, actor: Session, target: str) -> None:
    boss = _master(city, target).supervisor_nip or ""
    body = IMPORT_HEADER + _import_row(target, "U_DINKES", boss) + "\n"
    await _import(city, actor, "employees", body)


async def _move_by_mutasi(city: City, actor: Session, target: str) -> None:
    await city.client.post(
        f"/api/v1/admin/employees/{target}/mutasi",
        json={"unit_id": ds.DINKES},
        headers=actor.headers,
    )


@pytest.mark.parametrize("path", [_move_by_sync, _move_by_import, _move_by_mutasi])
@pytest.mark.parametrize(("actor", "target", "allowed"), MATRIX)
async def test_master_data_matrix(
    city: City, path: Any, actor: str, target: str, allowed: bool
) -> None:
    before = _master(city, target)
    session = await city.login(actor)
    await path(city, session, target)
    after = _master(city, target)
    if allowed:
        assert after.unit_id == ds.DINKES
    else:
        assert after == before
        assert city.stored(f"e-{target}").fields["unit_id"] == before.unit_id


async def test_a_new_employee_whose_tmt_has_not_begun_is_refused(city: City) -> None:
    # the NIP is well formed (18 years between birth and TMT), but the TMT lies after the
    # server's today, so the birth date could lie in the future as well
    year = dt.datetime.fromtimestamp(city.clock(), dt.UTC).year
    later = make_nip(dt.date(year - 19, 1, 1), year + 1, 1, 1, 9)
    bkpp = await city.login(ds.BKPP)
    answer = await _import(city, bkpp, "employees", IMPORT_HEADER + _import_row(later, "U_PKM"))
    assert answer.status_code == 400, answer.text
    assert f"TMT CPNS {year + 1}01 belum tiba" in answer.json()["message"]
    assert _master(city, later) is None
    fields = _employee(later, ds.PKM, ds.KAPUS)
    change = city.change(bkpp, kind="employee", record_id=_id(), owner="", patch=fields)
    result = await _push_one(city, bkpp, change)
    assert result.outcome == "rejected"
    assert f"TMT CPNS {year + 1}01 belum tiba" in result.message
    assert _master(city, later) is None


async def test_the_shared_evidence_flag_is_written_by_the_server_alone(city: City) -> None:
    # neither the owner (to clear or forge it) nor the supervisor may write it: it follows
    # from the evidence references the server stores
    forged = {EVIDENCE[ds.NURSE]: [ds.NURSE2]}
    for nip in (ds.NURSE, ds.KAPUS):
        session = await city.login(nip)
        stored = city.stored(LOGS[ds.NURSE])
        change = city.change(
            session,
            kind="progress_log",
            record_id=LOGS[ds.NURSE],
            owner=ds.NURSE,
            patch={"shared_evidence": forged},
            base=stored,
        )
        result = await _push_one(city, session, change)
        assert result.outcome == "rejected", nip
        assert result.reason == "field_forbidden", nip
        after = city.stored(LOGS[ds.NURSE])
        assert after is not None
        assert after.fields.get("shared_evidence", {}) == {}


async def test_a_rater_cannot_write_what_only_a_granted_keberatan_writes(city: City) -> None:
    """``objection_id`` and ``original_predikat`` are the server's (server/keberatan.py): a
    pejabat penilai claiming them is refused and nothing is stored."""
    kapus = await city.login(ds.KAPUS)
    forged = city.change(
        kapus,
        kind="appraisal",
        record_id=_id(),
        owner=ds.NURSE,
        patch=_appraisal(
            ds.NURSE, ds.KAPUS, "2026-T1", objection_id=_id(), original_predikat="sangat_kurang"
        ),
    )
    result = await _push_one(city, kapus, forged)
    assert result.outcome == "rejected"
    assert result.reason == "field_forbidden"
    assert city.stored(forged.id) is None
