"""A restore from a backup loses nothing the devices hold (docs/deploy.md, "Backup and restore";
:mod:`sync.restore`). Against a real server process: the nurse and her supervisor sync, HR
backs the server up, they go on working (acknowledged by the server), the server's disk is lost
and the backup restored; when the devices sync again they learn of the restore (a new epoch),
send their copies again, and the server holds everything it had acknowledged: the log made after
the backup with its photo, the edit, the delete, the supervisor's comment. Every vector on the
devices is then one the restored server knows: the next edits are accepted, not refused as
forged."""

from __future__ import annotations

import hashlib
import pathlib
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from client import Device
from kinerja.devcluster import pg_bin
from server.record_codec import from_stored
from server.storage import RecordScope
from sync import Record
from tests.fixtures.files import JPEG
from tests.fixtures.server import LiveServer, running_server
from tests.fixtures.skp import IND_VISITS, seed_records
from tests.integration.test_backup import _kinerja
from tests.unit.server import dataset

_lock = threading.Lock()
_last = [0]


def _now_ms() -> int:
    """Every device's clock: the wall clock, strictly increasing (later edits are later)."""
    with _lock:
        _last[0] = max(time.time_ns() // 1_000_000, _last[0] + 1)
        return _last[0]


def _log(note: str, day: str = "2026-11-20") -> dict[str, Any]:
    return {"indicator": IND_VISITS, "date": day, "value": 2, "note": note}


def _on_server(live: LiveServer) -> dict[str, Record]:
    storage = live.open_storage()
    try:
        with storage.read() as reader:
            rows = reader.records_after(0, RecordScope(everything=True), 10**6)
    finally:
        storage.close()
    return {row.id: from_stored(row) for row in rows}


def _has_evidence(live: LiveServer, sha: str) -> bool:
    storage = live.open_storage()
    try:
        with storage.read() as reader:
            row = reader.evidence(sha)
    finally:
        storage.close()
    return row is not None and (live.data_dir / "evidence" / sha[:2] / sha).exists()


def _device(tmp_path: pathlib.Path, live: LiveServer, name: str, nip: str) -> Device:
    device = Device(tmp_path / name, now_ms=_now_ms)
    device.login(nip, dataset.PASSWORD, server=live.base_url)
    return device


def _synced(device: Device) -> None:
    report = device.sync()
    assert report.ok, report.message
    assert report.pending == 0, report


class Backups:
    """Back up and restore the server's database as docs/deploy.md says: ``kinerja backup`` and
    ``kinerja restore`` for SQLite; PostgreSQL's own ``pg_dump`` and ``pg_restore``, then
    ``kinerja new-epoch``."""

    def __init__(self, live: LiveServer, folder: pathlib.Path) -> None:
        self.live = live
        self.folder = folder

    def backup(self) -> None:
        if self.live.database_url:
            dump = self.folder / "kinerja.dump"
            self.folder.mkdir()
            _run(pg_bin("pg_dump"), "-Fc", "-f", str(dump), "-d", self.live.database_url)
            return
        done = _kinerja(
            "backup",
            "--to",
            str(self.folder),
            "--db",
            str(self.live.db_path),
            "--data-dir",
            str(self.live.data_dir),
        )
        assert done.returncode == 0, done.stderr

    def restore(self) -> None:
        """With the server stopped."""
        url = self.live.database_url
        if url:
            name = url.rsplit("/", 1)[1]
            admin = url.rsplit("/", 1)[0] + "/postgres"
            _run(pg_bin("dropdb"), f"--maintenance-db={admin}", name)
            _run(pg_bin("createdb"), f"--maintenance-db={admin}", name)
            _run(pg_bin("pg_restore"), "-d", url, str(self.folder / "kinerja.dump"))
            done = _kinerja("new-epoch", "--database", url)
        else:
            done = _kinerja(
                "restore",
                "--from",
                str(self.folder),
                "--db",
                str(self.live.db_path),
                "--data-dir",
                str(self.live.data_dir),
                "--force",
            )
        assert done.returncode == 0, done.stderr
        assert "mengirim ulang" in done.stdout
        assert "***" in done.stdout or not url  # the URL is shown without its password
        assert not url or url.split("@")[0].rsplit(":", 1)[1] not in done.stdout


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{args[0]}: {done.stderr}"


@pytest.fixture(params=["sqlite", "postgresql-2"])
def live(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[LiveServer]:
    """The server on SQLite, and on PostgreSQL with two worker processes."""
    url = request.getfixturevalue("pg_url") if request.param == "postgresql-2" else ""
    workers = 2 if url else 1
    with running_server(tmp_path, records=seed_records(), database_url=url, workers=workers) as s:
        yield s


def test_a_restore_loses_nothing_the_devices_hold(tmp_path: pathlib.Path, live: LiveServer) -> None:
    backups = Backups(live, tmp_path / "backup")
    assert live.server is not None
    nurse = _device(tmp_path, live, "nurse", dataset.NURSE)
    head = _device(tmp_path, live, "head", dataset.KAPUS)
    try:
        _synced(nurse)
        kept = nurse.add_log(_log("Kunjungan rumah RW 01"))
        edited = nurse.add_log(_log("Kunjungan rumah RW 02", "2026-11-21"))
        dropped = nurse.add_log(_log("Kunjungan rumah RW 03", "2026-11-22"))
        _synced(nurse)
        _synced(head)
        backups.backup()

        # after the backup: acknowledged by the server, then lost with its disk
        nurse.edit_log(edited.id, _log("Kunjungan rumah RW 02, dua keluarga", "2026-11-21"))
        nurse.delete_log(dropped.id)
        photo = tmp_path / "rw04.jpg"
        photo.write_bytes(JPEG + b"kunjungan RW 04" * 50)
        late = nurse.add_log(_log("Kunjungan rumah RW 04", "2026-11-23") | {"evidence": [photo]})
        sha = hashlib.sha256(photo.read_bytes()).hexdigest()
        _synced(nurse)
        _synced(head)
        head.comment_log(kept.id, "Catatan lengkap, lanjutkan.")
        _synced(head)
        acknowledged = _on_server(live)

        live.server.stop()
        backups.restore()
        live.server.start()
        lost = _on_server(live)
        assert late.id not in lost  # the restore did lose them, for now
        assert not _has_evidence(live, sha)
        assert not lost[dropped.id].deleted
        assert "supervisor_comment" not in lost[kept.id].fields

        # an edit made while the server was down goes first: its push answer tells of the
        # restore (nothing of the batch decided); every copy goes again, the edit folded in
        # (its vector holds the server entry of the acknowledged edit the restore lost)
        again = "Kunjungan rumah RW 02, dua keluarga, satu dirujuk"
        nurse.edit_log(edited.id, _log(again, "2026-11-21"))
        _synced(nurse)
        _synced(head)
        now = _on_server(live)
        assert now[edited.id].fields["description"] == again
        for record_id in (kept.id, dropped.id, late.id):
            before, after = acknowledged[record_id], now[record_id]
            assert after.deleted == before.deleted, record_id
            assert after.fields == before.fields, record_id
        assert _has_evidence(live, sha)  # the photo too, from the nurse's phone
        # the restored server is a new replica: none of its counters means a lost one's
        server_entries = {r for r in now[late.id].vv if r.startswith("s0")}
        assert len(server_entries) == 1
        assert server_entries != {"s0"}

        # every vector the devices hold is the server's now: their next edits go through
        nurse.edit_log(late.id, _log("Kunjungan rumah RW 04, tiga keluarga", "2026-11-23"))
        _synced(nurse)
        head.comment_log(edited.id, "Terima kasih.")
        _synced(head)
        _synced(nurse)
        final = _on_server(live)
        assert final[late.id].fields["description"] == "Kunjungan rumah RW 04, tiga keluarga"
        assert final[edited.id].fields["supervisor_comment"] == "Terima kasih."
        assert nurse.status().open_conflicts == 0
        assert head.status().open_conflicts == 0
        shown = {e.id: e for e in nurse.list_logs()}
        assert shown[edited.id].note == again
        assert dropped.id not in shown
    finally:
        nurse.close()
        head.close()
