"""A progress log of an indicator that counts things holds a whole number, and the server checks
it itself (invariant I10): a device that skips the form's and the save's check (an old app, a
forged push) cannot store "1,5 kunjungan", not even by naming a measured unit ("jam") in the
log's own ``unit`` field, since the server reads the indicator from the SKP it stores. A
measured quantity (1,5 jam) still takes decimals. Through the real HTTP sync API of the app;
what is stored and what another device pulls are checked afterwards."""

from __future__ import annotations

import uuid
from typing import Any

from tests.fixtures.skp import IND_VISITS, skp_fields
from tests.security.conftest import City, Session
from tests.unit.server import dataset as ds

SKP = "0190d000-0000-7000-8000-0000000000a1"
IND_HOURS = "0190d000-0000-7000-8000-0000000000b9"
COUNT_REFUSED = "Perubahan ditolak: jumlah kunjungan harus bilangan bulat, bukan 1,5 (di $.value)"


def _skp() -> dict[str, Any]:
    """The nurse's SKP: home visits counted (kunjungan), training measured (jam)."""
    fields = skp_fields(ds.NURSE, ds.KAPUS) | {"status": "draft"}
    fields["rhk"][0]["indicators"].append(
        {
            "id": IND_HOURS,
            "aspect": "kuantitas",
            "text": "Jam pelatihan perawatan luka",
            "target_value": 20,
            "target_unit": "jam",
        }
    )
    return fields


def _log(indicator: str, value: float, unit: str) -> dict[str, Any]:
    return {
        "employee_nip": ds.NURSE,
        "skp_id": SKP,
        "indicator_id": indicator,
        "date": "2026-11-20",
        "value": value,
        "unit": unit,
        "description": "Kunjungan rumah pasien hipertensi di RW 03",
    }


async def _push_log(
    city: City, nurse: Session, fields: dict[str, Any], *, record_id: str | None = None
) -> tuple[str, Any]:
    record_id = record_id or str(uuid.uuid4())
    base = city.stored(record_id)
    change = city.change(
        nurse, kind="progress_log", record_id=record_id, owner=ds.NURSE, patch=fields, base=base
    )
    return record_id, (await city.push(nurse, change)).results[0]


async def test_a_forged_fraction_of_a_count_is_refused_and_never_stored(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    skp = city.change(nurse, kind="skp", record_id=SKP, owner=ds.NURSE, patch=_skp())
    assert (await city.push(nurse, skp)).results[0].outcome == "applied"

    # 1,5 kunjungan: refused, whatever unit the log itself names
    for unit in ("kunjungan", "jam"):
        forged, result = await _push_log(city, nurse, _log(IND_VISITS, 1.5, unit))
        assert result.outcome == "rejected", unit
        assert result.message == COUNT_REFUSED
        assert city.stored(forged) is None

    # a measured quantity takes decimals: 1,5 jam is stored
    hours, result = await _push_log(city, nurse, _log(IND_HOURS, 1.5, "jam"))
    assert result.outcome == "applied", result.message
    stored = city.stored(hours)
    assert stored is not None
    assert stored.fields["value"] == 1.5

    # a whole count is stored; turning it into a fraction later is refused and leaves it whole
    visits, result = await _push_log(city, nurse, _log(IND_VISITS, 3, "kunjungan"))
    assert result.outcome == "applied", result.message
    _, result = await _push_log(city, nurse, {"value": 3.5}, record_id=visits)
    assert result.outcome == "rejected"
    assert result.message == COUNT_REFUSED.replace("1,5", "3,5")
    stored = city.stored(visits)
    assert stored is not None
    assert stored.fields["value"] == 3

    # what her supervisor's tablet then pulls: the whole count and the hours, nothing else
    boss = await city.login(ds.KAPUS)
    pulled = {
        r.id: r.fields["value"]
        for r in await city.pull_all(boss)
        if r.kind == "progress_log" and r.fields.get("skp_id") == SKP
    }
    assert pulled == {visits: 3, hours: 1.5}
