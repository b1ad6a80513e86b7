"""The employee's own forms (self-assessment, keberatan, the RHK of the SKP draft) without a
browser: how much of a self-assessment is filled, the period a route or a reminder names, the
state that follows the sync, the limits read from the stored Structs, and every error path of
these forms, each message checked for words only (tests/ui/wording.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from client import Device, InvalidInputError
from client.errors import DeviceError
from client.ops import writes
from client.store import SYNCED
from client.ui.common.i18n import tr
from client.ui.pegawai.assessment_forms import (
    LIMITS,
    assess_route,
    assessment_errors,
    assessment_status,
    check_objection,
    completeness,
    counter,
    objection_sync,
    period_from_route,
    reminder_route,
)
from client.ui.pegawai.assessment_screen import assessment_with_state
from client.ui.pegawai.feedback_screen import feedback_with_state
from client.ui.pegawai.reads import reminders
from client.ui.pegawai.skp_draft import check_rhk
from shared_models import BerakhlakValue
from shared_models.decisions import Objection
from shared_models.skp import Indicator
from shared_models.work import SelfAssessment
from sync.records import Record
from tests.ui.wording import assert_words
from tests.unit.client.conftest import BOSS, NIP, SKP_ID

TODAY = dt.date(2026, 12, 3)
LANGS = ("id", "en")


def _answers(rating: str | None = None, **values: str) -> dict[str, Any]:
    return {
        "rating": rating,
        "reflection": "",
        "perilaku": {v: (r, "") for v, r in values.items()},
    }


# how much is filled ---------------------------------------------------------------------------


def test_an_empty_self_assessment_is_zero_of_eight_and_names_every_part() -> None:
    filled = completeness("id", _answers())
    assert (filled.filled, filled.total) == (0, 8)
    assert filled.missing == ("Rating hasil kerja", *(v.label for v in BerakhlakValue))
    assert tr("id", "assess.filled", filled=filled.filled, total=filled.total) == "0/8 terisi"


def test_three_of_eight_names_what_is_still_empty() -> None:
    filled = completeness(
        "id", _answers("sesuai_ekspektasi", akuntabel="di_atas_ekspektasi", loyal="x")
    )
    assert (filled.filled, filled.total) == (3, 8)
    assert filled.missing == (
        "Berorientasi Pelayanan",
        "Kompeten",
        "Harmonis",
        "Adaptif",
        "Kolaboratif",
    )
    assert not filled.complete
    body = tr("id", "assess.confirm_body", filled=3, total=8, missing=", ".join(filled.missing))
    assert "Baru 3 dari 8 terisi. Belum dinilai: Berorientasi Pelayanan, Kompeten" in body
    every = {v.value: "sesuai_ekspektasi" for v in BerakhlakValue}
    assert completeness("en", _answers("sesuai_ekspektasi", **every)).complete


# the periods a route and a reminder name ------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "code"),
    [
        ("/penilaian", None),
        ("/penilaian?periode=2026-T3", "2026-T3"),
        ("/penilaian?periode=t2", "2026-T2"),
        ("/penilaian?periode=2026", "2026"),
        ("/penilaian?periode=2027-T1", ""),  # not offered: the screen says so
        ("/penilaian?periode=2026-T9", ""),
    ],
)
def test_the_route_names_the_period_the_screen_opens_on(route: str, code: str | None) -> None:
    assert period_from_route(route, TODAY) == code


def test_a_reminder_leads_to_the_screen_and_period_it_names() -> None:
    found = reminders(TODAY, [], 1, ["2026-T3"])
    assert found[-1] == ("remind.assess", {"period": "Triwulan III 2026", "code": "2026-T3"})
    routes = [reminder_route(key, values) for key, values in found]
    assert routes == ["/konflik", "/catat", "/penilaian?periode=2026-T3"]
    assert period_from_route(assess_route("2026-T3"), TODAY) == "2026-T3"
    for lang in LANGS:
        for key, values in found:
            assert_words(tr(lang, key, **values), key)


# the state follows the sync --------------------------------------------------------------------


def test_the_state_line_follows_the_sync() -> None:
    assert assessment_status(None, None) == "assess.st_empty"
    assert assessment_status({"submitted": False}, "synced") == "assess.st_draft"
    assert assessment_status({"submitted": True}, "pending") == "assess.st_waiting"
    assert assessment_status({"submitted": True}, "synced") == "assess.st_received"
    assert tr("id", "assess.st_received").startswith("Diterima server: terkunci")
    assert objection_sync("pending") == "fb.object_waiting"
    assert objection_sync("synced") == "fb.object_received"


def test_a_sent_self_assessment_is_waiting_until_the_server_has_it(device: Device) -> None:
    writes.save_assessment(
        device,
        "2026-T3",
        rating="sesuai_ekspektasi",
        reflection="Kunjungan rumah sesuai jadwal.",
        perilaku={"akuntabel": ("di_atas_ekspektasi", "Tepat waktu.")},
        submit=True,
    )
    view = assessment_with_state(device, "2026-T3")
    assert view.sync == "pending"
    assert assessment_status(view.existing, view.sync) == "assess.st_waiting"
    store = device.ctx.store
    (record,) = store.records.of_kind("self_assessment", owner=NIP)
    store.records.set_state(record.id, SYNCED)  # what a push the server accepted does
    view = assessment_with_state(device, "2026-T3")
    assert assessment_status(view.existing, view.sync) == "assess.st_received"
    assert assessment_with_state(device, "2026-T4").sync is None


def _final_annual(device: Device) -> str:
    appraisal_id = "0190a000-0000-7000-8000-0000000000f1"
    fields = {
        "employee_nip": NIP,
        "supervisor_nip": BOSS,
        "period_code": "2026",
        "kind": "tahunan",
        "hasil_kerja": "sesuai_ekspektasi",
        "perilaku_kerja": "sesuai_ekspektasi",
        "predikat": "baik",
        "status": "final",
        "finalized_at": "2026-11-27T03:00:00+00:00",
    }
    record = Record(
        kind="appraisal",
        id=appraisal_id,
        owner=NIP,
        fields=fields,
        vv={"s0": 1},
        hlc=1,
        author="s0",
    )
    store = device.ctx.store
    with store.transaction():
        store.records.put(record, SYNCED)
    return appraisal_id


def test_a_keberatan_says_whether_the_server_has_it(device: Device) -> None:
    appraisal_id = _final_annual(device)
    today = dt.date(2026, 11, 28)
    (before,) = feedback_with_state(device, today).appraisals
    assert before.can_object
    assert before.objection is None
    device.object(appraisal_id, "Target kunjungan terlampaui; mohon ditinjau.")
    (filed,) = feedback_with_state(device, today).appraisals
    assert filed.objection_sync == "pending"
    store = device.ctx.store
    (record,) = store.records.of_kind("objection", owner=NIP)
    store.records.set_state(record.id, SYNCED)
    (received,) = feedback_with_state(device, today).appraisals
    assert received.objection_sync == "synced"
    # a second keberatan: the device refuses it in the server's words
    with pytest.raises(DeviceError) as refused:
        device.object(appraisal_id, "Lagi.")
    assert_words(str(refused.value), "second keberatan")


# lengths come from the stored Structs ----------------------------------------------------------


def test_the_limits_are_the_stored_ones() -> None:
    base = {"employee_nip": NIP, "period_code": "2026-T3"}
    for limit, ok in ((LIMITS["reflection"], True), (LIMITS["reflection"] + 1, False)):
        data = {**base, "hasil_kerja_reflection": "x" * limit}
        if ok:
            msgspec.convert(data, SelfAssessment)
        else:
            with pytest.raises(msgspec.ValidationError):
                msgspec.convert(data, SelfAssessment)
    objection = {"employee_nip": NIP, "appraisal_id": "a1", "filed_on": "2026-11-28"}
    msgspec.convert({**objection, "reason": "x" * LIMITS["objection"]}, Objection)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({**objection, "reason": "x" * (LIMITS["objection"] + 1)}, Objection)
    indicator = {"id": "i1", "aspect": "kuantitas", "target_value": 1}
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(
            {**indicator, "text": "x", "target_unit": "x" * (LIMITS["unit"] + 1)}, Indicator
        )
    assert counter("id", "x" * 1234, LIMITS["reflection"]) == "1.234/4.000 karakter"
    assert counter("en", "", LIMITS["objection"]) == "0/2,000 characters"


# every error path, in words ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_of_the_self_assessment_is_words(lang: str) -> None:
    too_long = "x" * (LIMITS["reflection"] + 5)
    answers = _answers()
    answers["reflection"] = too_long
    answers["perilaku"] = {v.value: ("", too_long) for v in BerakhlakValue}
    errors = assessment_errors(lang, answers, submit=True)
    assert set(errors) == {"rating", "reflection"} | {f"value:{v.value}" for v in BerakhlakValue}
    for where, message in errors.items():
        assert_words(message, where)
    if lang == "id":
        assert errors["reflection"] == (
            "Refleksi paling banyak 4.000 karakter; sekarang 4.005. Persingkat 5 karakter."
        )
        assert errors["value:harmonis"].startswith("Refleksi Harmonis paling banyak")
    assert assessment_errors(lang, _answers(), submit=False) == {}
    shown = [
        tr(
            lang,
            key,
            period="Triwulan III 2026",
            filled=3,
            total=8,
            missing="Loyal",
            code="2027-T1",
        )
        for key in (
            "assess.confirm_title",
            "assess.confirm_body",
            "assess.sent_notice",
            "assess.received_notice",
            "assess.st_empty",
            "assess.st_draft",
            "assess.st_waiting",
            "assess.st_received",
            "assess.fix_first",
            "assess.unknown_period",
        )
    ]
    for text in shown:
        assert_words(text)


def test_the_device_refuses_a_sent_self_assessment_without_a_rating_in_words(
    device: Device,
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        writes.save_assessment(
            device, "2026-T3", rating=None, reflection="", perilaku={}, submit=True
        )
    assert_words(str(refused.value), "self-assessment without a rating")
    assert "Rating hasil kerja masih kosong" in str(refused.value)


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_of_the_keberatan_is_words(lang: str) -> None:
    empty = check_objection(lang, "   ")
    assert empty == tr(lang, "fb.object_need_reason")
    long = check_objection(lang, "x" * (LIMITS["objection"] + 1))
    assert long is not None
    assert ("2.000" if lang == "id" else "2,000") in long
    assert check_objection(lang, "Target terlampaui.") is None
    for key in ("fb.object_waiting", "fb.object_received"):
        assert_words(tr(lang, key))
    for message in (empty, long, tr(lang, "fb.object_saved", period="Tahun 2026")):
        assert_words(message)


def test_the_device_refuses_a_keberatan_in_words(device: Device) -> None:
    skp = device.ctx.store.records.get(SKP_ID)
    assert skp is not None
    with pytest.raises(DeviceError) as refused:  # not an appraisal
        device.object(SKP_ID, "Mohon ditinjau.")
    assert_words(str(refused.value), "keberatan against no appraisal")


def _rhk(**changes: Any) -> dict[str, Any]:
    return {
        "text": "Kunjungan rumah lansia terlaksana",
        "kind": "utama",
        "parent": "p1",
        "aspect": "kuantitas",
        "indicator": "Jumlah lansia yang dikunjungi",
        "target": "24",
        "unit": "kunjungan",
        **changes,
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_of_the_rhk_form_is_words(lang: str) -> None:
    cases = [
        (
            _rhk(text="", kind=None, parent=None, aspect=None, indicator="", target="", unit=""),
            {"text", "kind", "parent", "aspect", "indicator", "target", "unit"},
        ),
        (_rhk(target="-5"), {"target"}),
        (_rhk(target="dua puluh"), {"target"}),
        (_rhk(target="2000000000000"), {"target"}),  # above what an indicator stores
        (_rhk(text="x" * (LIMITS["rhk_text"] + 1)), {"text"}),
        (_rhk(indicator="x" * (LIMITS["indicator"] + 1)), {"indicator"}),
        (_rhk(unit="x" * (LIMITS["unit"] + 1)), {"unit"}),
    ]
    for typed, fields in cases:
        data, errors = check_rhk(lang, typed, ["p1"])
        assert data is None
        assert set(errors) == fields, typed
        for where, message in errors.items():
            assert_words(message, where)
    _, none_to_support = check_rhk(lang, _rhk(), [])
    assert_words(none_to_support["parent"], "parent")
    data, errors = check_rhk(lang, _rhk(target="24,5"), ["p1"])
    assert errors == {}
    assert data is not None
    assert data["target"] == 24.5


def test_the_device_refuses_an_rhk_in_words(device: Device) -> None:
    data, _ = check_rhk("id", _rhk(), ["p1"])
    assert data is not None
    with pytest.raises(DeviceError) as approved:  # the SKP of the fixture is approved
        writes.save_rhk(device, 2026, None, data)
    assert_words(str(approved.value), "RHK of an approved SKP")
    with pytest.raises(DeviceError) as missing:
        writes.save_rhk(device, 2025, None, data)
    assert_words(str(missing.value), "RHK without an SKP")
    with pytest.raises(DeviceError) as no_skp:
        writes.submit_skp(device, 2025)
    assert_words(str(no_skp.value), "SKP not on the device")
