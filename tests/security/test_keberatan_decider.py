"""Keberatan against the ratings of a pejabat penilai who has no supervisor (the Sekda rating
Kepala OPD and Camat; here the Kepala Dinas rating the Kepala Puskesmas): BKPP names the
decider, who receives those keberatan and decides them as the Atasan would; nobody else may."""

from __future__ import annotations

import uuid
from typing import Any

from server.record_codec import from_stored
from sync import Relation
from tests.security.conftest import City, Session
from tests.unit.server import dataset as ds


async def _final_annual(city: City, rater: Session, nip: str) -> str:
    change = city.change(
        rater,
        kind="appraisal",
        record_id=str(uuid.uuid4()),
        owner=nip,
        patch={
            "employee_nip": nip,
            "supervisor_nip": rater.nip,
            "period_code": "2026",
            "kind": "tahunan",
            "hasil_kerja": "di_bawah_ekspektasi",
            "perilaku_kerja": "sesuai_ekspektasi",
            "predikat": "butuh_perbaikan",
            "status": "final",
            "finalized_at": "2026-12-01T09:00:00+07:00",
        },
    )
    assert (await city.push(rater, change)).results[0].outcome == "applied"
    return change.id


async def _decide(city: City, who: Session, objection: Any) -> str:
    change = city.change(
        who,
        kind="objection",
        record_id=objection.id,
        owner=objection.owner,
        patch={
            "status": "dikabulkan",
            "decided_by": who.nip,
            "decision_reason": "Capaian unit di atas target",
            "new_predikat": "baik",
            "new_hasil_kerja": "sesuai_ekspektasi",
            "new_perilaku_kerja": "sesuai_ekspektasi",
        },
        base=objection,
    )
    result = (await city.push(who, change)).results[0]
    return str(result.outcome)


async def test_bkpp_names_the_decider_who_decides_the_top_raters_keberatan(city: City) -> None:
    kadinkes = await city.login(ds.KADINKES)  # has no supervisor in the dataset
    appraisal = await _final_annual(city, kadinkes, ds.KAPUS)
    kapus = await city.login(ds.KAPUS)
    filed = city.change(
        kapus,
        kind="objection",
        record_id=str(uuid.uuid4()),
        owner=ds.KAPUS,
        patch={
            "employee_nip": ds.KAPUS,
            "appraisal_id": appraisal,
            "reason": "Capaian Puskesmas melampaui target",
            "filed_on": _today(city),
            "status": "diajukan",
        },
    )
    assert (await city.push(kapus, filed)).results[0].outcome == "applied"
    objection = city.stored(filed.id)
    assert objection is not None

    # nobody decides yet: the BKPP analyst is not the Atasan
    bkpp = await city.login(ds.BKPP)
    assert await _decide(city, bkpp, objection) == "rejected"
    # only BKPP names the decider
    admin = await city.login(ds.ADMIN_DINKES)
    refused = await city.client.put(
        "/api/v1/admin/objection-decider", json={"nip": ds.ADMIN_DINKES}, headers=admin.headers
    )
    assert refused.status_code == 403
    named = await city.client.put(
        "/api/v1/admin/objection-decider", json={"nip": ds.BKPP}, headers=bkpp.headers
    )
    assert named.status_code == 200, named.text
    assert named.json()["nip"] == ds.BKPP
    unknown = await city.client.put(
        "/api/v1/admin/objection-decider", json={"nip": "1" * 18}, headers=bkpp.headers
    )
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "$.nip"

    # the decider's device receives the keberatan and the appraisal it is about
    received = {r.id for r in await city.pull_all(bkpp)}
    assert {filed.id, appraisal} <= received
    with city.services.storage.read() as reader:
        from server.auth import AuthService  # noqa: F401 - roles come from the server
        from server.scope import relation_to

        actor = city.services.auth.authenticate(f"Bearer {bkpp.token}")
        assert relation_to(reader, actor, ds.KAPUS) is Relation.ATASAN
        assert relation_to(reader, actor, ds.NURSE) is not Relation.ATASAN  # rated by Kapus

    assert await _decide(city, bkpp, objection) == "applied"
    with city.services.storage.read() as reader:
        row = reader.record(appraisal)
        assert row is not None
        fields = from_stored(row).fields
    assert fields["predikat"] == "baik"
    assert fields["original_predikat"] == "butuh_perbaikan"
    assert fields["objection_id"] == filed.id
    audit = await city.client.get(
        "/api/v1/reports/audit", params={"subject": ds.BKPP}, headers=bkpp.headers
    )
    assert any(e["action"] == "objection_decider_set" for e in audit.json()["entries"])


def _today(city: City) -> str:
    import datetime as dt

    from server.rule_facts import WIB

    return dt.datetime.fromtimestamp(city.clock(), WIB).date().isoformat()
