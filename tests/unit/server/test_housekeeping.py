"""The server's background chores: tombstone collection runs on its own thread, survives a
failing run, and stops with the app; a zero interval turns it off."""

from __future__ import annotations

import pathlib
import threading
import time

from server.housekeeping import Housekeeping
from server.services import Services, build_services
from server.settings import Settings
from server.sync_service import TombstoneCollection


def _services(tmp_path: pathlib.Path, hours: float) -> Services:
    settings = Settings(
        db_path=tmp_path / "s.db", data_dir=tmp_path / "data", tombstone_collect_hours=hours
    )
    return build_services(settings)


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
