"""The server's background chores: tombstone collection runs on its own thread, survives a
failing run, and stops with the app; a zero interval turns it off. The report facts of progress
logs are projected once the writes pause, or while they go on once too many wait."""

from __future__ import annotations

import pathlib
import threading
import time
from collections.abc import Callable
from typing import Any

import msgspec

from server.housekeeping import Housekeeping
from server.services import Services, build_services
from server.settings import Settings
from server.storage import StoredRecord
from server.storage.rows import FactQuery
from server.sync_service import TombstoneCollection


def _services(tmp_path: pathlib.Path, hours: float, **more: Any) -> Services:
    settings = Settings(
        db_path=tmp_path / "s.db",
        data_dir=tmp_path / "data",
        tombstone_collect_hours=hours,
        **more,
    )
    return build_services(settings)


def _log(i: int) -> StoredRecord:
    fields = {"employee_nip": "n1", "date": "2026-11-23", "value": i}
    return StoredRecord(
        id=f"l{i}",
        kind="progress_log",
        owner="n1",
        fields=msgspec.msgpack.encode(fields),
        vv=b"\x80",
        hlc=1,
        field_clocks=b"\x80",
        author="s0",
    )


def _lag(services: Services) -> int:
    with services.storage.read() as reader:
        return reader.facts_lag()


def _projected(services: Services) -> int:
    with services.storage.read() as reader:
        return len(reader.facts(FactQuery(kind="progress_log")))


def _wait_for(check: Callable[[], bool], seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.02)
    return False


def test_facts_are_projected_once_writes_pause(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0, facts_idle_seconds=0.2, facts_max_lag=1000)
    chores = Housekeeping(services)
    try:
        chores.start()
        for i in range(5):  # writes every 50 ms: never quiet for 0.2 s, and below the bound
            with services.storage.write() as tx:
                tx.put_record(_log(i))
            time.sleep(0.05)
        assert _lag(services) > 0
        assert _wait_for(lambda: _lag(services) == 0)  # quiet now: projected
        assert _projected(services) == 5
    finally:
        chores.stop()
        services.storage.close()


def test_facts_are_projected_during_writes_past_the_bound(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0, facts_idle_seconds=0.1, facts_max_lag=3)
    chores = Housekeeping(services)
    stop = threading.Event()

    def keep_writing() -> None:
        i = 0
        while not stop.is_set():
            with services.storage.write() as tx:
                tx.put_record(_log(i % 50))
            i += 1
            time.sleep(0.01)

    writer = threading.Thread(target=keep_writing)
    try:
        chores.start()
        writer.start()
        assert _projected(services) == 0
        assert _wait_for(lambda: _projected(services) > 0)
    finally:
        stop.set()
        writer.join()
        chores.stop()
        services.storage.close()


def test_collects_periodically_and_survives_a_failure(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0.05 / 3600)  # every 50 ms
    calls: list[tuple[float, float]] = []
    enough = threading.Event()
    real = services.sync.collect_tombstones

    def spy(*, max_idle_s: float, min_age_s: float) -> TombstoneCollection:
        calls.append((max_idle_s, min_age_s))
        if len(calls) == 1:
            raise RuntimeError("disk full")  # logged; the next run still happens
        if len(calls) >= 3:
            enough.set()
        return real(max_idle_s=max_idle_s, min_age_s=min_age_s)

    services.sync.collect_tombstones = spy  # type: ignore[method-assign]
    chores = Housekeeping(services, first_run=0.01)
    try:
        chores.start()
        assert enough.wait(10)
    finally:
        chores.stop()
        services.storage.close()
    assert calls[0] == (90 * 86400.0, 30 * 86400.0)  # the settings' horizon
    count = len(calls)
    time.sleep(0.2)
    assert len(calls) == count  # stopped


def test_zero_interval_starts_nothing(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0)
    chores = Housekeeping(services, first_run=0.0)
    try:
        chores.start()
        assert not [t for t in threading.enumerate() if t.name == "kinerja-housekeeping"]
    finally:
        chores.stop()
        services.storage.close()
