"""What several server processes over one database (and one evidence directory) share, on
SQLite and PostgreSQL: proofs of holding in progress, the evidence upload locks, and the
leadership of the background chores. Each "process" is a storage and services of its own over
the same database and data folder (as in test_server_clock.py)."""

from __future__ import annotations

import hashlib
import pathlib
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from server.actor import Actor
from server.errors import ConflictError
from server.evidence.blobs import BlobStore
from server.evidence.locks import UploadLocks
from server.evidence.proofs import MAX_PROOFS
from server.housekeeping import TOMBSTONE_CHORE, Housekeeping
from server.seed import seed_dataset
from server.services import Services, build_services
from server.settings import Settings
from server.storage import SqliteStorage, Storage
from server.storage.postgres import PostgresStorage
from server.sync_service import TombstoneCollection
from tests.fixtures.clock import FakeClock
from tests.fixtures.files import JPEG
from tests.fixtures.passwords import fast_passwords
from tests.unit.server import dataset as ds

PHOTO = JPEG + bytes(range(256)) * 40
SHA = hashlib.sha256(PHOTO).hexdigest()

Open = Callable[[], Services]
"""Opens another "server process" over the test's database and data folder."""


@pytest.fixture(params=["sqlite", "postgresql"])
def processes(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[Open]:
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else ""
    settings = Settings(
        db_path=tmp_path / "server.db",
        data_dir=tmp_path / "data",
        tombstone_collect_hours=0.02 / 3600,  # every 20 ms, once Housekeeping starts
    )
    clock = FakeClock(time.time())
    passwords = fast_passwords()
    opened: list[Storage] = []

    def open_process() -> Services:
        storage: Storage
        storage = PostgresStorage(url, pool_size=3) if url else SqliteStorage(settings.db_path)
        if not opened:
            seed_dataset(storage, ds.build(), passwords=passwords, server_replica="s0", now=clock())
        opened.append(storage)
        return build_services(settings, storage=storage, clock=clock, passwords=passwords)

    yield open_process
    for storage in opened:
        storage.close()


def _actor(services: Services, nip: str) -> Actor:
    return services.auth.login(nip=nip, password=ds.PASSWORD, address="x").actor


# --- proofs of holding ---------------------------------------------------------------------------
def test_a_proof_continues_at_another_process(processes: Open) -> None:
    """Someone sending a file the server has, in chunks that reach different processes, holds
    it once every byte matched (proofs in memory would tell each process's chunk to restart)."""
    first, second = processes(), processes()
    nurse = _actor(first, ds.NURSE)
    first.evidence.put(nurse, SHA, offset=0, total=len(PHOTO), chunk=PHOTO)
    other = _actor(first, ds.NURSE2)
    status, _ = first.evidence.put(other, SHA, offset=0, total=len(PHOTO), chunk=PHOTO[:4000])
    assert (status.received, status.complete) == (4000, False)
    assert second.evidence.status(other, SHA).received == 4000  # where to resume, anywhere
    assert second.evidence.manifest(other, [SHA]) == ([SHA], {SHA: 4000})
    status, _ = second.evidence.put(other, SHA, offset=4000, total=len(PHOTO), chunk=PHOTO[4000:])
    assert status.complete
    assert first.evidence.open(other, SHA)[1].sha256 == SHA  # a holder, seen by both
    assert first.evidence.proven(other, SHA) == 0  # the proof is done


def test_a_skipping_chunk_is_told_where_the_proof_stands(processes: Open) -> None:
    first, second = processes(), processes()
    first.evidence.put(_actor(first, ds.NURSE), SHA, offset=0, total=len(PHOTO), chunk=PHOTO)
    other = _actor(first, ds.NURSE2)
    first.evidence.put(other, SHA, offset=0, total=len(PHOTO), chunk=PHOTO[:1000])
    with pytest.raises(ConflictError) as skipped:
        second.evidence.put(other, SHA, offset=2000, total=len(PHOTO), chunk=PHOTO[2000:])
    assert skipped.value.extra["received"] == 1000


def test_stored_proofs_stay_bounded(processes: Open) -> None:
    services = processes()
    with services.storage.write() as tx:
        for i in range(5):
            tx.put_evidence_proof(f"{i:064x}", "n1", proven=10 + i, at=100.0 + i, keep=3)
    with services.storage.read() as reader:
        kept = [reader.evidence_proof(f"{i:064x}", "n1") for i in range(5)]
    assert kept == [0, 0, 12, 13, 14]  # past the bound, the least recently advanced go
    assert MAX_PROOFS >= 1000


# --- upload locks ----------------------------------------------------------------------------
def test_an_upload_lock_keeps_out_another_process(tmp_path: pathlib.Path) -> None:
    """Two pools of upload locks over one evidence directory (two processes: their thread
    locks are not shared) still keep two uploads of one file apart: the lock file is."""
    mine, theirs = UploadLocks(tmp_path / "locks"), UploadLocks(tmp_path / "locks")
    entered = threading.Event()
    released = threading.Event()
    order: list[str] = []

    def other_process() -> None:
        entered.set()
        with theirs.holding([SHA]):
            order.append("theirs")

    with mine.holding([SHA, "f" * 64]):
        thread = threading.Thread(target=other_process, daemon=True)
        thread.start()
        assert entered.wait(5)
        time.sleep(0.2)  # time enough for the other to get in, were it not kept out
        order.append("mine released")
        released.set()
    thread.join(5)
    assert order == ["mine released", "theirs"]
    with theirs.holding([SHA]):  # and released: this process takes it again at once
        pass
    mine.close()
    theirs.close()


def test_the_blob_store_keeps_its_lock_files_with_the_evidence(tmp_path: pathlib.Path) -> None:
    blobs = BlobStore(tmp_path)
    with blobs.holding([SHA]):
        assert blobs.lock(SHA).locked()
    assert not blobs.lock(SHA).locked()
    assert [p.name for p in (tmp_path / "evidence" / "locks").iterdir()] == [
        f"{blobs.upload_locks.stripe(SHA):02x}.lock"
    ]
    blobs.upload_locks.close()


# --- chores --------------------------------------------------------------------------------------
def test_one_leader_per_chore(processes: Open) -> None:
    """A chore's leadership is one holder's at a time, per name; on PostgreSQL across
    processes, on SQLite (one process) across the threads of the storage."""
    first = processes()
    second = processes() if isinstance(first.storage, PostgresStorage) else first
    with first.storage.chore_lock("tombstones") as leader:
        assert leader
        got: list[bool] = []

        def try_it() -> None:
            with second.storage.chore_lock("tombstones") as other:
                got.append(other)
            with second.storage.chore_lock("report-facts") as other:
                got.append(other)

        thread = threading.Thread(target=try_it)
        thread.start()
        thread.join(10)
        assert got == [False, True]  # taken; another chore is free
    with second.storage.chore_lock("tombstones") as leader:
        assert leader  # released


def test_housekeeping_skips_a_run_another_process_leads(processes: Open) -> None:
    first = processes()
    second = processes() if isinstance(first.storage, PostgresStorage) else first
    runs: list[float] = []
    ran = threading.Event()
    real = first.sync.collect_tombstones

    def spy(*, max_idle_s: float, min_age_s: float) -> TombstoneCollection:
        runs.append(time.monotonic())
        ran.set()
        return real(max_idle_s=max_idle_s, min_age_s=min_age_s)

    first.sync.collect_tombstones = spy  # type: ignore[method-assign]
    chores = Housekeeping(first, first_run=0.01)
    try:
        with second.storage.chore_lock(TOMBSTONE_CHORE) as leader:
            assert leader
            chores.start()
            time.sleep(0.3)  # about fifteen turns, each finding the chore led elsewhere
            assert runs == []
        assert ran.wait(10)  # released: the next turn collects
    finally:
        chores.stop()
