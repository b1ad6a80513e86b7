"""Known gaps of the real server that ``test_real_server_machine.py`` steps around narrowly,
each pinned by a strict xfail: when one is fixed, its test passes, fails as XPASS, and the
machine's tolerance of it can go (search that module for the test's name).

Each follows a mutasi: the second nurse moves from the head of the Puskesmas to the head of
the Dinas (and back). All six began as such xfails and pass since fb6382c, fc51a3b, 5f030b6
and session 7 fixed what they pinned: an ``already_seen`` answer carries no record out of the
device's scope, a forbidden edit of a purged record keeps no conflict, a lost pull page that
changed the scope (its removals, its backfill) is answered again, a replayed push answer carries
no record the device may no longer see (``server.sync_push._in_scope``), and a copy dropped on a
refusal outside the scope is asked for again at the next pull (``PullRequest.refetch``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import sync
from sync import hlc
from tests.fixtures.clock import T0
from tests.property.real_server import RealDevice, RealServer
from tests.property.test_real_server_machine import (
    HR,
    KADINKES,
    KAPUS,
    LOG,
    MAX_IDLE_S,
    NURSE,
    NURSE2,
    OWN,
)
from tests.unit.server import dataset as ds


@pytest.fixture
def server() -> Iterator[RealServer]:
    real = RealServer()
    yield real
    real.close()


def _signed_in(server: RealServer, nip: str, name: str) -> RealDevice:
    actor = server.login(nip, name)
    return RealDevice(actor.device_id, OWN, nip=nip, name=name, actor=actor)


def _sync_fully(
    server: RealServer, d: RealDevice, now: int, *, lose_first_page: bool = False
) -> None:
    """Push, then pull until caught up; the answer to the first pull may be lost."""
    assert d.actor is not None
    if (payload := d.push()) is not None:
        d.receive(server.handle(d.actor, payload), now)
    lose = lose_first_page
    while True:
        before = d.cursor
        answer = server.handle(d.actor, d.pull())
        if lose:
            lose = False
            continue
        d.receive(answer, now)
        if d.cursor == before:
            return


def _nurse2_log(server: RealServer) -> tuple[RealDevice, RealDevice, RealDevice, str]:
    """The head of the Puskesmas, the OPD's HR and the second nurse, all synced, and a log
    of hers the head has received."""
    boss, hr, nurse2 = (
        _signed_in(server, nip, name) for nip, name in ((KAPUS, "k0"), (HR, "h0"), (NURSE2, "m0"))
    )
    now = int(T0 * 1000)
    rid = sync.uuid7(now, b"\x01" * 10)
    nurse2.edit(now, LOG, rid, {**ds.log_fields(NURSE2), "date": "2026-09-01"}, owner=NURSE2)
    for d in (nurse2, boss, hr):
        _sync_fully(server, d, now)
    assert rid in boss.store
    return boss, hr, nurse2, rid


def _boss_comments(server: RealServer) -> tuple[RealDevice, RealDevice, str, int]:
    """As :func:`_nurse2_log`, then the head of the Puskesmas comments on the log (not sent
    yet): the head, the OPD's HR, the log's id and the time of the comment."""
    boss, hr, _, rid = _nurse2_log(server)
    now = int(server.clock() * 1000)
    boss.edit(now, LOG, rid, {"supervisor_comment": "Sudah dicek"})
    return boss, hr, rid, now


def _push_answer_lost(server: RealServer, d: RealDevice) -> bytes:
    """``d`` pushes; the server stores the batch but the answer never arrives: the batch."""
    sent = d.push()
    assert sent is not None
    assert d.actor is not None
    server.handle(d.actor, sent)
    return sent


def _move_nurse2(server: RealServer, hr: RealDevice, boss: str) -> None:
    hr.edit(int(server.clock() * 1000), "employee", f"e-{NURSE2}", {"supervisor_nip": boss})
    _sync_fully(server, hr, int(server.clock() * 1000))
    assert server.supervisors()[NURSE2] == boss


def test_lost_page_after_mutasi_removals_are_sent_again(server: RealServer) -> None:
    boss, hr, _, rid = _nurse2_log(server)
    _move_nurse2(server, hr, KADINKES)
    _sync_fully(server, boss, int(server.clock() * 1000), lose_first_page=True)
    assert rid not in boss.store, "the former supervisor still holds the nurse's log"


def test_lost_page_after_mutasi_backfill_is_sent_again(server: RealServer) -> None:
    boss, hr, _, rid = _nurse2_log(server)
    _move_nurse2(server, hr, KADINKES)
    _sync_fully(server, boss, int(server.clock() * 1000))
    assert rid not in boss.store
    _move_nurse2(server, hr, KAPUS)
    _sync_fully(server, boss, int(server.clock() * 1000), lose_first_page=True)
    assert rid in boss.store, "the supervisor again never receives the nurse's older log"


def test_already_seen_after_mutasi_carries_no_record(server: RealServer) -> None:
    """The head of the Puskesmas rates the second nurse; the answer is lost; she moves to the
    head of the Dinas; his app sends the edit again in a new batch."""
    boss, hr, _, _ = _boss_comments(server)
    _push_answer_lost(server, boss)
    boss.crash()
    _move_nurse2(server, hr, KADINKES)
    again = boss.push()
    assert again is not None
    assert boss.actor is not None
    answer = sync.decode_response(server.handle(boss.actor, again))
    assert isinstance(answer, sync.PushResult)
    [result] = answer.results
    assert result.outcome == "already_seen"
    assert result.record is None, "a device outside the scope got the current version"


def test_replay_after_mutasi_carries_no_record(server: RealServer) -> None:
    boss, hr, rid, now = _boss_comments(server)
    sent = _push_answer_lost(server, boss)
    assert boss.actor is not None
    _move_nurse2(server, hr, KADINKES)
    _sync_fully(server, boss, now)
    assert rid not in boss.store
    boss.receive(server.handle(boss.actor, sent), now)  # the app sends the batch again
    assert rid not in boss.store, "the replay put the nurse's log back on his device"


def test_refusal_while_away_is_not_forgotten(server: RealServer) -> None:
    boss, hr, rid, now = _boss_comments(server)
    _move_nurse2(server, hr, KADINKES)
    sent = boss.push()  # refused without the record: the copy is dropped; no pull yet
    assert sent is not None
    assert boss.actor is not None
    boss.receive(server.handle(boss.actor, sent), now)
    assert rid not in boss.store
    _move_nurse2(server, hr, KAPUS)
    _sync_fully(server, boss, now)
    assert rid in boss.store, "the supervisor never gets the nurse's log back"


def test_forbidden_edit_of_a_purged_record_keeps_no_conflict(server: RealServer) -> None:
    """A colleague's edit of a nurse's deleted and collected log: refused, and nothing of it
    kept (the machine above tolerates this one case and checks the stored record only)."""
    nurse, peer = _signed_in(server, NURSE, "n0"), _signed_in(server, NURSE2, "m0")
    now = int(T0 * 1000)
    rid = sync.uuid7(now, b"\x00" * 10)
    copy = nurse.edit(now, LOG, rid, {**ds.log_fields(NURSE), "date": "2026-09-01"}, owner=NURSE)
    _sync_fully(server, nurse, now)
    copy = nurse.store[rid]
    nurse.edit(now + 1, LOG, rid, {}, delete=True)
    for d in (nurse, peer):
        _sync_fully(server, d, now)
    server.clock.advance(60)
    server.collect_tombstones(MAX_IDLE_S)
    assert server.row(rid) is None, "the tombstone was not collected"
    _, change = sync.local_edit(
        copy,
        None,
        kind=LOG,
        id=rid,
        owner=NURSE,
        patch={"description": "Diubah rekan"},
        replica=peer.id,
        counter=99,
        hlc=hlc.pack(now + 2),
    )
    batch = sync.PushBatch(device_id=peer.id, batch_seq=9, changes=[change])
    assert peer.actor is not None
    answer = sync.decode_response(server.handle(peer.actor, sync.encode(batch)))
    assert isinstance(answer, sync.PushResult)
    assert answer.results[0].outcome == "rejected"
    assert server.conflicts(rid) == [], "a forbidden change was kept as a conflict"
