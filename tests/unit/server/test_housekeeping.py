"""The server's background chores: tombstone collection runs on its own thread, survives a
failing run, and stops with the app; a zero interval turns it off. The report facts of progress
logs are projected once the writes pause, or while they go on once too many wait."""

from __future__ import annotations

import pathlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import msgspec

from server.housekeeping import Housekeeping
from server.services import Services, build_services
from server.settings import Settings
from server.storage import Reader, StoredRecord
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


class Looks:
    """What the projection thread saw at each of its looks at the store, with ``write(n)``
    called on that thread right after each look: the writes are ordered by the looks, not by
    sleeping, so "writes go on" means "a new record between every two looks"."""

    def __init__(self, services: Services, write: Callable[[int], bool]) -> None:
        self.write = write
        self.seen: list[tuple[int, int]] = []  # (lag, projected) at each look
        self.done = threading.Event()
        self._read = services.storage.read
        services.storage.read = self._spy  # type: ignore[method-assign]

    @contextmanager
    def _spy(self) -> Iterator[Reader]:
        with self._read() as reader:
            yield reader
        if threading.current_thread().name != "kinerja-facts":
            return
        with self._read() as reader:
            self.seen.append(
                (reader.facts_lag(), len(reader.facts(FactQuery(kind="progress_log"))))
            )
        if not self.write(len(self.seen)):
            self.done.set()


def _put(services: Services, *ids: int) -> None:
    with services.storage.write() as tx:
        for i in ids:
            tx.put_record(_log(i))


def test_facts_are_projected_once_writes_pause(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0, facts_idle_seconds=0.01, facts_max_lag=1000)

    def write(look: int) -> bool:  # a record after each of the first five looks, then quiet
        if look <= 5:
            _put(services, look)
        return look <= 7

    looks = Looks(services, write)
    chores = Housekeeping(services)
    try:
        chores.start()
        assert looks.done.wait(10)
    finally:
        chores.stop()
        services.storage.close()
    # a new record between every two looks: nothing projected (below the bound) ...
    assert looks.seen[:6] == [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)]
    # ... the first look after a pause projects: the next one sees it done
    assert looks.seen[6:8] == [(5, 0), (0, 5)]


def test_facts_are_projected_during_writes_past_the_bound(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0, facts_idle_seconds=0.01, facts_max_lag=3)

    def write(look: int) -> bool:  # three records after every look: never quiet
        _put(services, *(3 * look + n for n in range(3)))
        return look < 3

    looks = Looks(services, write)
    chores = Housekeeping(services)
    try:
        chores.start()
        assert looks.done.wait(10)
    finally:
        chores.stop()
        services.storage.close()
    # the second look finds three waiting (the bound) although the writes go on: all that
    # waits is projected (the three written right after that look too)
    assert looks.seen[:3] == [(0, 0), (3, 0), (0, 6)]


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
    # stopped: the thread has ended (stop joined it), so no further run can come
    assert not [t for t in threading.enumerate() if t.name == "kinerja-housekeeping"]


def test_zero_interval_starts_nothing(tmp_path: pathlib.Path) -> None:
    services = _services(tmp_path, hours=0)
    chores = Housekeeping(services, first_run=0.0)
    try:
        chores.start()
        assert not [t for t in threading.enumerate() if t.name == "kinerja-housekeeping"]
    finally:
        chores.stop()
        services.storage.close()
