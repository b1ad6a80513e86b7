"""Feedback is tied to entries of the employee it is about, checked by the server from what it
stores (never from what a change claims): a supervisor's device that skips its own check (an
old app, a forged push) cannot tie a note to an RHK outside the employee's SKP or to another
employee's entry. Through the real HTTP sync API of the app."""

from __future__ import annotations

import uuid
from typing import Any

from tests.fixtures.skp import skp_fields
from tests.security.conftest import LOGS, City, Session
from tests.unit.server import dataset as ds


def _id() -> str:
    return str(uuid.uuid4())


async def _feedback(city: City, boss: Session, **about: Any) -> tuple[str, Any]:
    record_id = _id()
    fields = {
        "employee_nip": ds.NURSE,
        "author_nip": ds.KAPUS,
        "text": "Laporan kunjungan rapi dan tepat waktu.",
        **about,
    }
    change = city.change(boss, kind="feedback", record_id=record_id, owner=ds.NURSE, patch=fields)
    result = await city.push(boss, change)
    return record_id, result.results[0]


async def test_feedback_names_an_rhk_of_her_skp_and_an_entry_of_hers(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    skp = city.change(
        nurse,
        kind="skp",
        record_id="skp-dewi-2026",
        owner=ds.NURSE,
        patch=skp_fields(ds.NURSE, ds.KAPUS) | {"status": "draft"},
    )
    assert (await city.push(nurse, skp)).results[0].outcome == "applied"
    boss = await city.login(ds.KAPUS)

    good = [
        {"period_code": "2026-T4", "about_rhk_id": "rhk-kunjungan"},
        {"period_code": "2026-T4", "about_value": "akuntabel"},
        {"related_log_id": LOGS[ds.NURSE]},
        {"related_log_id": LOGS[ds.NURSE], "about_rhk_id": "rhk-kunjungan"},
    ]
    for about in good:
        record_id, result = await _feedback(city, boss, **about)
        assert result.outcome == "applied", (about, result.message)
        assert city.stored(record_id) is not None

    bad = [
        (
            {"period_code": "2026-T4", "about_rhk_id": "rhk-palsu"},
            f"RHK rhk-palsu tidak ada di SKP 2026 pegawai {ds.NURSE} (di $.about_rhk_id)",
        ),
        (  # her SKP is 2026's: an RHK of it is no RHK of 2025
            {"period_code": "2025-T4", "about_rhk_id": "rhk-kunjungan"},
            f"RHK rhk-kunjungan tidak ada di SKP 2025 pegawai {ds.NURSE} (di $.about_rhk_id)",
        ),
        (  # her colleague's entry, under her name
            {"related_log_id": LOGS[ds.NURSE2]},
            f"catatan progres {LOGS[ds.NURSE2]} tidak ditemukan di antara catatan pegawai "
            f"{ds.NURSE} (di $.related_log_id)",
        ),
    ]
    for about, message in bad:
        record_id, result = await _feedback(city, boss, **about)
        assert result.outcome == "rejected", about
        assert result.message == f"Perubahan ditolak: {message}"
        assert city.stored(record_id) is None

    # what she pulls holds the tied notes only
    pulled = [r for r in await city.pull_all(nurse) if r.kind == "feedback"]
    assert len(pulled) == len(good)
    assert {r.fields.get("about_rhk_id") for r in pulled} == {None, "rhk-kunjungan"}
