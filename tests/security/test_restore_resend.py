"""A copy sent again after a restore (``Change.resend``, :mod:`sync.restore`) is an untrusted
sender's claim like any change (invariant I10): the server keeps of it only the fields its
sender may write, never a vector entry but the sender's own, and nothing of a record outside
its rights. Through the real HTTP sync API of the app; what is stored and what another device
then pulls are checked afterwards."""

from __future__ import annotations

import time

from sync import Change, Record, hlc
from tests.security.conftest import LOGS, City, Session
from tests.unit.server import dataset as ds

FORGED_VV = {"s0": 10**9, "d9zz": 10**6}
"""Entries no device may raise: the server's own and another device's."""


def _resend(session: Session, stored: Record, fields: dict[str, object], own: int) -> Change:
    content = {**stored.fields, **fields}
    return Change(
        kind=stored.kind,
        id=stored.id,
        owner=stored.owner,
        fields=content,
        changed=sorted(content),
        base_vv={},
        vv={**FORGED_VV, session.device_id: own},
        hlc=hlc.pack(int(time.time() * 1000)),
        replica=session.device_id,
        resend=True,
    )


async def test_a_resend_keeps_only_what_its_sender_may_write(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    before = city.stored(LOGS[ds.NURSE])
    assert before is not None
    forged = {
        "description": "Kunjungan rumah, dikirim ulang setelah pemulihan",
        "supervisor_comment": "Sangat baik (ditulis sendiri)",  # the supervisor's field
        "shared_evidence": ["d" * 64],  # the server's field
    }
    result = (await city.push(nurse, _resend(nurse, before, forged, own=7))).results[0]
    assert result.outcome == "applied", result
    after = city.stored(LOGS[ds.NURSE])
    assert after is not None
    assert after.fields["description"] == forged["description"]
    assert after.fields.get("supervisor_comment") == before.fields.get("supervisor_comment")
    assert after.fields.get("shared_evidence") == before.fields.get("shared_evidence")
    # only the sender's own entry rose (and the server's own bump); nothing of the forged ones
    assert after.vv[nurse.device_id] == 7
    assert "d9zz" not in after.vv
    assert after.vv["s0"] == before.vv["s0"] + 1
    # what the supervisor's device then pulls is the stored version, no more
    kapus = await city.login(ds.KAPUS)
    pulled = {r.id: r for r in await city.pull_all(kapus)}[LOGS[ds.NURSE]]
    assert pulled.fields == after.fields
    assert pulled.vv == after.vv


async def test_a_resend_of_someone_elses_record_changes_nothing(city: City) -> None:
    nurse = await city.login(ds.NURSE)
    theirs = city.stored(LOGS[ds.NURSE2])
    assert theirs is not None
    sent = _resend(nurse, theirs, {"description": "Ditimpa oleh rekan kerja"}, own=5)
    result = (await city.push(nurse, sent)).results[0]
    assert result.outcome != "applied"
    assert result.record is None  # nothing of a record outside its scope is shown either
    assert city.stored(LOGS[ds.NURSE2]) == theirs
    owner = await city.login(ds.NURSE2)
    pulled = {r.id: r for r in await city.pull_all(owner)}[LOGS[ds.NURSE2]]
    assert pulled.fields["description"] != "Ditimpa oleh rekan kerja"


async def test_a_resend_of_nothing_new_stores_nothing(city: City) -> None:
    """A copy whose sender wrote nothing the server lacks (its own entry is not above the
    stored one) is answered with the stored version, whatever its content and vector claim."""
    kapus = await city.login(ds.KAPUS)
    stored = city.stored(LOGS[ds.NURSE])
    assert stored is not None
    sent = _resend(kapus, stored, {"supervisor_comment": "Tanpa penghitung sendiri"}, own=0)
    result = (await city.push(kapus, sent)).results[0]
    assert result.outcome == "already_seen"
    assert result.record == stored
    assert city.stored(LOGS[ds.NURSE]) == stored
