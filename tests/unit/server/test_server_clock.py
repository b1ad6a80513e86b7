"""The server's hybrid logical clock is shared through the database: a second server process
(here a second SyncService over the same storage) whose wall clock is behind, or a restarted
one, still stamps past the newest value any of them gave."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

from server.storage import SqliteStorage, Storage
from server.storage.postgres import PostgresStorage
from server.sync_service import SyncService
from sync import hlc


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Storage]:
    made: Storage
    if request.param == "postgresql":
        made = PostgresStorage(request.getfixturevalue("pg_url"), pool_size=2)
    else:
        made = SqliteStorage(tmp_path / "clock.db")
    yield made
    made.close()


def test_a_process_behind_continues_past_the_other(storage: Storage) -> None:
    ahead = SyncService(storage=storage, server_replica="s0", clock=lambda: 1_800_000_000.0)
    behind = SyncService(storage=storage, server_replica="s0", clock=lambda: 1_700_000_000.0)
    with storage.write():
        first = ahead._now_hlc()
    with storage.write():
        second = behind._now_hlc()
    assert first >= hlc.pack(1_800_000_000_000)
    assert second > first
    restarted = SyncService(storage=storage, server_replica="s0", clock=lambda: 1.0)
    with storage.write():
        third = restarted._now_hlc()
    assert third > second
    with storage.read() as reader:
        assert reader.server_hlc() == third


def test_a_rolled_back_push_leaves_the_stored_clock(storage: Storage) -> None:
    svc = SyncService(storage=storage, server_replica="s0", clock=lambda: 1_800_000_000.0)

    def failing_push() -> None:
        with storage.write():
            svc._now_hlc()
            raise RuntimeError("the batch failed")

    with pytest.raises(RuntimeError):
        failing_push()
    with storage.read() as reader:
        assert reader.server_hlc() == 0
