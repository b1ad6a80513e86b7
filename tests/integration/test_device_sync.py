"""The device against the real server application in-process (no sockets): sync end to end,
crash safety at every step boundary, exactly-once pushes, conflicts, revocation."""

from __future__ import annotations

import hashlib
import pathlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from client import Device, RunnerConfig
from client.syncing import RetryPolicy
from server.reports.writes import write_server_version
from server.services import Services
from shared_models.kinds import RecordKind
from tests.fixtures.skp import IND_VISITS, SKP_ID, seed_records, skp_fields
from tests.unit.client.asgi_bridge import AsgiBridge, in_process_server
from tests.unit.server import dataset

URL = "http://kinerja.test"
PW = dataset.PASSWORD


@dataclass
class World:
    services: Services
    bridge: AsgiBridge
    root: pathlib.Path
    devices: list[Device] = field(default_factory=list)
    last_ms: int = 0
    ticking: threading.Lock = field(default_factory=threading.Lock)

    def now_ms(self) -> int:
        """The devices' shared clock: the wall clock, but strictly increasing over every device
        of the world, so that of two edits the later one has the later time (no sleeping)."""
        with self.ticking:
            self.last_ms = max(time.time_ns() // 1_000_000, self.last_ms + 1)
            return self.last_ms

    def device(self, name: str, **kwargs: Any) -> Device:
        kwargs.setdefault("now_ms", self.now_ms)
        kwargs.setdefault(
            "runner_config",
            RunnerConfig(batch_size=3, page_limit=4, retry=RetryPolicy(attempts=2, base=0.001)),
        )
        device = Device(self.root / name, http_transport=self.bridge, **kwargs)
        self.devices.append(device)
        return device

    def signed_in(self, name: str, nip: str, **kwargs: Any) -> Device:
        device = self.device(name, **kwargs)
        device.login(nip, PW, server=URL)
        return device

    def server_records(self) -> dict[str, Any]:
        from server.record_codec import from_stored

        out = {}
        with self.services.storage.read() as reader:
            for stored in reader.records_after(0, _everything(), 1_000_000):
                record = from_stored(stored)
                out[record.id] = record
        return out


def _everything() -> Any:
    from server.storage import RecordScope

    return RecordScope(
        everything=True, owners=frozenset(), opd_ids=frozenset(), public_kinds=frozenset()
    )


@pytest.fixture
def world(tmp_path: pathlib.Path) -> Iterator[World]:
    with in_process_server(tmp_path, seed_records()) as (services, bridge):
        w = World(services=services, bridge=bridge, root=tmp_path / "devices")
        yield w
        for device in w.devices:
            device.close()


def log(day: str = "2026-11-20", value: float = 3, note: str = "Kunjungan rumah") -> dict[str, Any]:
    return {"indicator": IND_VISITS, "date": day, "value": value, "note": note}


def test_first_sync_brings_the_skp_and_pushes_a_log(world: World) -> None:
    nurse = world.signed_in("nurse", dataset.NURSE)
    report = nurse.sync()
    assert report.ok, report.message
    assert nurse.skp().id == SKP_ID
    added = nurse.add_log(log())
    assert nurse.status().pending_changes == 1
    report = nurse.sync()
    assert report.ok, report.message
    assert report.pushed == 1
    assert nurse.status().pending_changes == 0
    server = world.server_records()
    assert server[added.id].fields["value"] == 3
    boss = world.signed_in("kapus", dataset.KAPUS)
    assert boss.sync().ok
    assert [v.id for v in boss.list_logs(nip=dataset.NURSE)] == [added.id]


class SimulatedCrashError(Exception):
    """A simulated kill of the sync runner."""


class CrashAt:
    """A step hook that raises at the ``n``-th step boundary of a run (0-based)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen: list[str] = []

    def __call__(self, step: str) -> None:
        self.seen.append(step)
        if len(self.seen) - 1 == self.n:
            raise SimulatedCrashError(step)


JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(range(256)) * 4


def _server_logs(world: World, nip: str) -> dict[str, Any]:
    return {
        r.id: r
        for r in world.server_records().values()
        if r.kind == "progress_log" and r.owner == nip and not r.deleted
    }


def test_edits_survive_a_crash_at_every_step_boundary(world: World, tmp_path: pathlib.Path) -> None:
    photo = tmp_path / "bukti.jpg"
    n = 0
    boundaries = None
    while boundaries is None or n < boundaries:
        hook = CrashAt(n)
        home = f"nurse-{n}"
        nurse = world.signed_in(home, dataset.NURSE)
        assert nurse.sync().ok
        photo.write_bytes(JPEG + n.to_bytes(4, "big"))
        kept = nurse.add_log(log(value=n, note=f"kunjungan {n}") | {"evidence": [photo]})
        edited = nurse.add_log(log(day="2026-11-21", value=1))
        gone = nurse.add_log(log(day="2026-11-22", value=1))
        assert nurse.sync().ok
        nurse.edit_log(edited.id, {"value": 7})
        nurse.delete_log(gone.id)
        more = [nurse.add_log(log(day="2026-11-23", value=i)) for i in range(4)]
        crashing = world.device(home, step_hook=hook)
        try:
            report = crashing.sync()
        except SimulatedCrashError:
            report = None
        crashing.close()
        if report is not None:  # the hook never fired: n is past the last boundary
            assert report.ok
            boundaries = len(hook.seen)
        else:
            assert nurse.status().pending_changes >= 0  # the store still opens
        restarted = world.device(home)
        final = restarted.sync()
        assert final.ok, final.message
        status = restarted.status()
        assert status.pending_changes == 0
        assert not status.unanswered_batch
        assert status.evidence_to_upload == 0
        server = _server_logs(world, dataset.NURSE)
        local = {v.id: v for v in restarted.list_logs()}
        assert set(local) == {v for v in server if v in local}
        assert server[kept.id].fields["value"] == n
        assert server[edited.id].fields["value"] == 7
        assert gone.id not in server
        assert gone.id not in local
        assert all(m.id in server for m in more)
        for record_id, view in local.items():
            assert server[record_id].fields["value"] == view.value
        n += 1
        if boundaries is None and n > 60:
            pytest.fail("the runner never finished without crashing")
    assert boundaries is not None
    assert boundaries >= 8


def test_a_replayed_batch_changes_nothing(world: World) -> None:
    nurse = world.signed_in("nurse", dataset.NURSE)
    assert nurse.sync().ok
    nurse.add_log(log())
    crashing = world.device("nurse", step_hook=CrashAt(2))  # start, push.saved, push.sent
    with pytest.raises(SimulatedCrashError, match=r"push\.sent"):
        crashing.sync()
    before = world.server_records()
    report = world.device("nurse").sync()
    assert report.ok
    after = world.server_records()
    assert {k: v.vv for k, v in before.items()} == {k: v.vv for k, v in after.items()}
    assert len(_server_logs(world, dataset.NURSE)) == 1


def test_concurrent_edits_on_two_devices_show_a_conflict_that_resolves_as_chosen(
    world: World,
) -> None:
    phone = world.signed_in("phone", dataset.NURSE)
    tablet = world.signed_in("tablet", dataset.NURSE)
    assert phone.sync().ok
    entry = phone.add_log(log(value=2))
    assert phone.sync().ok
    assert tablet.sync().ok
    phone.edit_log(entry.id, {"value": 5})
    tablet.edit_log(entry.id, {"value": 9})
    assert phone.sync().ok
    report = tablet.sync()
    assert report.ok
    assert report.new_conflicts == 1
    assert phone.sync().ok
    (conflict,) = tablet.conflicts()
    assert conflict.cause == "field"
    assert conflict.record_id == entry.id
    assert {conflict.losing["value"], conflict.winning["value"]} == {5, 9}
    tablet.resolve(conflict.id[:8], "theirs" if conflict.mine == "winning" else "mine")
    assert tablet.conflicts() == []
    assert tablet.sync().ok
    assert phone.sync().ok
    loser = conflict.losing["value"]
    assert phone.list_logs()[0].value == loser == tablet.list_logs()[0].value
    assert _server_logs(world, dataset.NURSE)[entry.id].fields["value"] == loser


def test_keep_both_adds_a_copy(world: World) -> None:
    phone = world.signed_in("phone", dataset.NURSE)
    tablet = world.signed_in("tablet", dataset.NURSE)
    assert phone.sync().ok
    entry = phone.add_log(log(value=2))
    assert phone.sync().ok
    assert tablet.sync().ok
    phone.edit_log(entry.id, {"note": "versi ponsel"})
    tablet.edit_log(entry.id, {"note": "versi tablet"})
    assert phone.sync().ok
    assert tablet.sync().ok
    (conflict,) = tablet.conflicts()
    result = tablet.resolve(conflict.id, "both")
    assert tablet.sync().ok
    assert phone.sync().ok
    notes = sorted(v.note for v in phone.list_logs())
    assert notes == ["versi ponsel", "versi tablet"]
    assert result.new_record_id in _server_logs(world, dataset.NURSE)


def test_offline_sync_keeps_data_and_reports_it(world: World) -> None:
    nurse = world.signed_in("nurse", dataset.NURSE)
    assert nurse.sync().ok
    entry = nurse.add_log(log())
    world.bridge.fail_next = 1_000
    report = nurse.sync()
    world.bridge.fail_next = 0
    assert report.outcome == "offline"
    assert "tetap aman" in report.message
    assert nurse.status().pending_changes == 1
    assert nurse.sync().ok
    assert entry.id in _server_logs(world, dataset.NURSE)


def test_a_transient_outage_is_retried(world: World) -> None:
    nurse = world.signed_in("nurse", dataset.NURSE)
    seen = []
    world.bridge.fail_next = 1
    report = nurse.sync(seen.append)
    assert report.ok
    assert "retry" in [p.phase for p in seen]


def test_a_revoked_device_is_told_and_wiped(world: World) -> None:
    import httpx

    nurse = world.signed_in("nurse", dataset.NURSE)
    assert nurse.sync().ok
    nurse.add_log(log())
    device_id = nurse.status().device_id
    with httpx.Client(transport=world.bridge, base_url=URL) as http:
        token = http.post("/api/v1/auth/login", json={"nip": dataset.BKPP, "password": PW}).json()[
            "token"
        ]
        answer = http.post(
            f"/api/v1/devices/{device_id}/revoke", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200, answer.text
    report = nurse.sync()
    assert report.outcome == "revoked"
    assert "dicabut" in report.message
    assert not (world.root / "nurse" / "users" / dataset.NURSE).exists()
    assert nurse.nip is None


def test_photos_go_several_to_a_request_and_large_ones_in_chunks(
    world: World, tmp_path: pathlib.Path
) -> None:
    """One manifest request, small photos batched within ``chunk_bytes``, a photo larger than
    half of it in resumable chunks; every file arrives whole and nothing is sent twice."""
    config = RunnerConfig(batch_size=50, page_limit=100, chunk_bytes=4096)
    nurse = world.signed_in("nurse", dataset.NURSE, runner_config=config)
    assert nurse.sync().ok
    small = [JPEG + bytes([n]) * 500 for n in range(7)]  # 1.5 KiB each: two fit a request
    large = JPEG + bytes(range(256)) * 40  # 11 KiB: three chunks
    for n, data in enumerate([*small, large]):
        photo = tmp_path / f"bukti-{n}.jpg"
        photo.write_bytes(data)
        nurse.add_log(log(value=n, note=f"kunjungan {n}") | {"evidence": [photo]})
    world.bridge.requests.clear()
    assert nurse.sync().ok
    sent = [r for r in world.bridge.requests if "/evidence" in r]
    assert sent.count("POST /api/v1/evidence/manifest") == 1
    assert sent.count("POST /api/v1/evidence/batch") == 4  # 7 small files, two per request
    puts = [r for r in sent if r.startswith("PUT ")]
    assert len(puts) == 3  # the large file, 4 KiB at a time
    assert not [r for r in sent if r.startswith("HEAD ")]  # the manifest told where to start
    with world.services.storage.read() as reader:
        for data in [*small, large]:
            row = reader.evidence(hashlib.sha256(data).hexdigest())
            assert row is not None
            assert row.complete
            assert row.size == len(data)
    assert nurse.status().evidence_to_upload == 0
    world.bridge.requests.clear()
    assert nurse.sync().ok
    assert not [r for r in world.bridge.requests if "/evidence" in r]  # nothing left to send


def test_a_large_photo_someone_else_sent_first_is_proven_once_in_chunks(
    world: World, tmp_path: pathlib.Path
) -> None:
    """Two colleagues with the very same large file: the second device proves holding it in
    chunks (the server compares them with its copy), once; the next sync sends nothing."""
    config = RunnerConfig(batch_size=50, page_limit=100, chunk_bytes=4096)
    data = JPEG + bytes(range(256)) * 40  # 11 KiB: three chunks
    sha = hashlib.sha256(data).hexdigest()
    with world.services.storage.write() as tx:  # the colleague's own SKP, to log work against
        write_server_version(
            tx,
            kind=RecordKind.SKP,
            record_id="0190a000-0000-7000-8000-0000000000c1",
            owner=dataset.NURSE2,
            patch=skp_fields(dataset.NURSE2, dataset.KAPUS),
            replica="s0",
            now=time.time(),
        )
    for name, nip in (("nurse", dataset.NURSE), ("nurse2", dataset.NURSE2)):
        device = world.signed_in(name, nip, runner_config=config)
        assert device.sync().ok
        photo = tmp_path / f"{name}.jpg"
        photo.write_bytes(data)
        device.add_log(log() | {"evidence": [photo]})
        world.bridge.requests.clear()
        assert device.sync().ok
        puts = [r for r in world.bridge.requests if r.startswith("PUT /api/v1/evidence/")]
        assert len(puts) == 3, name  # the first sends the file, the second proves holding it
        world.bridge.requests.clear()
        assert device.sync().ok
        assert not [r for r in world.bridge.requests if "/evidence/" in r]  # done, for good
    with world.services.storage.read() as reader:
        assert reader.evidence_holders(sha) == sorted([dataset.NURSE, dataset.NURSE2])
