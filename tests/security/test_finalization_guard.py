"""The annual finalization guard is the server's own rule (I10): a pushed annual appraisal that
becomes final before 1 December of its year is refused whatever ``finalized_at`` it claims,
unless BKPP opened the period early on the stored PERIOD record, which only BKPP writes."""

from __future__ import annotations

import uuid
from typing import Any

from tests.security.conftest import City, Session
from tests.unit.server import dataset as ds


def _appraisal(period: str, status: str) -> dict[str, Any]:
    return {
        "employee_nip": ds.NURSE,
        "supervisor_nip": ds.KAPUS,
        "period_code": period,
        "kind": "tahunan",
        "hasil_kerja": "sesuai_ekspektasi",
        "perilaku_kerja": "sesuai_ekspektasi",
        "predikat": "baik",
        "status": status,
        "finalized_at": "2027-12-15T09:00:00+07:00" if status == "final" else None,
    }


async def _push(city: City, kapus: Session, record_id: str, status: str) -> Any:
    base = city.stored(record_id)
    change = city.change(
        kapus,
        kind="appraisal",
        record_id=record_id,
        owner=ds.NURSE,
        patch=_appraisal("2027", status),
        base=base,
    )
    (result,) = (await city.push(kapus, change)).results
    return result


async def test_an_early_annual_finalization_is_refused_until_bkpp_opens_it(city: City) -> None:
    kapus = await city.login(ds.KAPUS)
    record_id = str(uuid.uuid4())
    # created final at once, claiming a finalization day in December 2027
    refused = await _push(city, kapus, record_id, "final")
    assert refused.outcome == "rejected"
    assert "penilaian tahunan 2027 baru dapat difinalkan mulai 01-12-2027" in refused.message
    assert city.stored(record_id) is None
    # a draft is fine; making it final is refused the same way
    assert (await _push(city, kapus, record_id, "draft")).outcome == "applied"
    refused = await _push(city, kapus, record_id, "final")
    assert refused.outcome == "rejected"
    stored = city.stored(record_id)
    assert stored is not None
    assert stored.fields["status"] == "draft"

    # the flag is BKPP's: an admin of an OPD cannot set it, neither through the API nor a push
    opd = await city.login(ds.ADMIN_DINKES)
    body = {"code": "2027", "open": True, "early_final": True}
    answer = await city.client.post("/api/v1/admin/periods", json=body, headers=opd.headers)
    assert answer.status_code == 403
    period = {
        "code": "2027",
        "year": 2027,
        "kind": "tahunan",
        "number": 1,
        "first_day": "2027-01-01",
        "last_day": "2027-12-31",
        "open": True,
        "early_final": True,
    }
    forged = city.change(opd, kind="period", record_id=str(uuid.uuid4()), owner="", patch=period)
    (result,) = (await city.push(opd, forged)).results
    assert result.outcome == "rejected"
    refused = await _push(city, kapus, record_id, "final")
    assert refused.outcome == "rejected"

    bkpp = await city.login(ds.BKPP)
    answer = await city.client.post("/api/v1/admin/periods", json=body, headers=bkpp.headers)
    assert answer.status_code == 200, answer.text
    assert (await _push(city, kapus, record_id, "final")).outcome == "applied"
    stored = city.stored(record_id)
    assert stored is not None
    assert stored.fields["status"] == "final"


async def test_bkpp_can_close_the_early_opening_again(city: City) -> None:
    bkpp = await city.login(ds.BKPP)
    kapus = await city.login(ds.KAPUS)

    async def post(body: dict[str, Any]) -> bool:
        answer = await city.client.post("/api/v1/admin/periods", json=body, headers=bkpp.headers)
        assert answer.status_code == 200, answer.text
        listed = await city.client.get("/api/v1/admin/periods", headers=bkpp.headers)
        (row,) = [p for p in listed.json()["periods"] if p["code"] == "2027"]
        return bool(row["early_final"])

    assert await post({"code": "2027", "open": True, "early_final": True}) is True
    # opening or closing the period without naming the flag keeps it
    assert await post({"code": "2027", "open": False}) is True
    assert await post({"code": "2027", "open": True, "early_final": False}) is False
    refused = await _push(city, kapus, str(uuid.uuid4()), "final")
    assert refused.outcome == "rejected"
    assert "kecuali BKPP membuka finalisasi lebih awal" in refused.message
