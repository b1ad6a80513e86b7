"""``kinerja backup`` and ``kinerja restore`` of the embedded server (docs/deploy.md): a backup
taken while devices push holds every change acknowledged before it started, and the restore
checks the copy before it puts anything in place."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import sys
import threading
import time

import httpx
import msgspec

from server.storage import RecordScope, SqliteStorage
from sync import PushBatch, PushResult
from tests.fixtures.files import JPEG
from tests.fixtures.server import ROOT, LiveServer, running_server
from tests.integration.helpers import MSGPACK, new_log
from tests.unit.server import dataset as ds

PHOTO = JPEG + bytes(range(256)) * 40
SHA = hashlib.sha256(PHOTO).hexdigest()


def _kinerja(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinerja", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _backup(server: LiveServer, to: pathlib.Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``kinerja backup`` of the running ``server``'s database and evidence files into ``to``."""
    return _kinerja(
        "backup",
        "--to",
        str(to),
        "--db",
        str(server.db_path),
        "--data-dir",
        str(server.data_dir),
        *extra,
    )


def _login(http: httpx.Client, nip: str) -> dict[str, str]:
    answer = http.post("/api/v1/auth/login", json={"nip": nip, "password": ds.PASSWORD})
    assert answer.status_code == 200, answer.text
    body: dict[str, str] = answer.json()
    return {"authorization": f"Bearer {body['token']}", "device_id": body["device_id"]}


def test_a_backup_under_pushes_restores_everything_acknowledged(tmp_path: pathlib.Path) -> None:
    acknowledged_before: list[str] = []
    started = threading.Event()
    stop = threading.Event()
    errors: list[BaseException] = []
    with (
        running_server(tmp_path) as server,
        httpx.Client(base_url=server.base_url, timeout=30) as http,
    ):
        nurse = _login(http, ds.NURSE)
        auth = {"authorization": nurse["authorization"]}
        put = http.put(f"/api/v1/evidence/{SHA}", content=PHOTO, headers=auth)
        assert put.status_code == 201, put.text

        def pusher() -> None:
            try:
                n = 0
                while not stop.is_set():
                    n += 1
                    rid = f"0190c000-0000-7000-8000-{n:012d}"
                    change = new_log(
                        nurse["device_id"],
                        ds.NURSE,
                        rid,
                        counter=n,
                        now_ms=int(time.time() * 1000),
                    )
                    body = msgspec.msgpack.encode(
                        PushBatch(device_id=nurse["device_id"], batch_seq=n, changes=[change])
                    )
                    before = not started.is_set()  # sent before the backup began
                    answer = http.post(
                        "/api/v1/sync/push", content=body, headers={**auth, **MSGPACK}
                    )
                    result = msgspec.msgpack.decode(answer.content, type=PushResult)
                    assert result.results[0].outcome == "applied"
                    if before and not started.is_set():  # ...and acknowledged before it, too
                        acknowledged_before.append(rid)
            except BaseException as err:  # pragma: no cover - reported below
                errors.append(err)

        thread = threading.Thread(target=pusher)
        thread.start()
        while len(acknowledged_before) < 20 and not errors:
            time.sleep(0.01)
        started.set()
        saved = _backup(server, tmp_path / "backup", "--json")
        stop.set()
        thread.join(60)
    assert errors == []
    assert saved.returncode == 0, saved.stderr
    assert "menyalin" in saved.stderr  # progress is shown
    summary = json.loads(saved.stdout)
    assert summary["evidence_files"] == 1
    assert summary["evidence_missing"] == 0

    # a database is in the way: refused without --force
    target_db = tmp_path / "restored" / "server.db"
    target_db.parent.mkdir()
    target_db.write_bytes(b"an older database")
    args = [
        "restore",
        "--from",
        str(tmp_path / "backup"),
        "--db",
        str(target_db),
        "--data-dir",
        str(tmp_path / "restored" / "data"),
    ]
    refused = _kinerja(*args)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    assert target_db.read_bytes() == b"an older database"

    restored = _kinerja(*args, "--force", "--json")
    assert restored.returncode == 0, restored.stderr
    storage = SqliteStorage(target_db)
    try:
        with storage.read() as reader:
            ids = {r.id for r in reader.records_after(0, RecordScope(everything=True), 10**6)}
            assert reader.last_seq() == summary["last_seq"]
            assert reader.evidence(SHA) is not None
    finally:
        storage.close()
    assert set(acknowledged_before) <= ids
    assert (tmp_path / "restored" / "data" / "evidence" / SHA[:2] / SHA).read_bytes() == PHOTO


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(tmp_path: pathlib.Path) -> None:
    with running_server(tmp_path) as server:
        saved = _backup(server, tmp_path / "backup")
    assert saved.returncode == 0, saved.stderr
    copy = tmp_path / "backup" / "server.db"
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    target = tmp_path / "target.db"
    refused = _kinerja("restore", "--from", str(tmp_path / "backup"), "--db", str(target))
    assert refused.returncode != 0
    assert "rusak" in refused.stderr
    assert not target.exists()
    # a second backup into a folder that holds one: refused, the first one untouched
    again = _kinerja("backup", "--to", str(tmp_path / "backup"), "--db", str(copy))
    assert again.returncode != 0
    assert "folder baru" in again.stderr
