"""Three command-line devices against the real server process: an employee with two devices
(one away for a "week") and the supervisor. Offline edits, syncs in a random order, a conflict,
ratings, an objection; then everyone converges and each device's ``export --json`` agrees with
the server on every record it may see."""

from __future__ import annotations

import json
import os
import pathlib
import random
import subprocess
import sys
from typing import Any

import pytest

from client import Device
from server.record_codec import from_stored
from server.storage import RecordScope
from shared_models import RecordKind
from tests.fixtures.cli import Cli
from tests.fixtures.server import ROOT, LiveServer
from tests.fixtures.skp import IND_REPORTS, IND_VISITS, SKP_ID, skp_fields
from tests.unit.server import dataset

PUBLIC = {"unit", "employee", "period"}


@pytest.fixture(params=["sqlite", "postgresql-2"])
def server_backend(request: pytest.FixtureRequest) -> str:
    """Each test on a SQLite file, and on PostgreSQL with two server processes."""
    return str(request.param)


def _server_state(server: LiveServer) -> dict[str, Any]:
    storage = server.open_storage()
    try:
        with storage.read() as reader:
            rows = reader.records_after(0, RecordScope(everything=True), 10_000_000)
            return {r.id: from_stored(r) for r in rows}
    finally:
        storage.close()


def _agrees(export: dict[str, Any], server: dict[str, Any], owners: set[str]) -> None:
    local = {r["id"]: r for r in export["records"] if not r["deleted"]}
    visible = {
        rid
        for rid, r in server.items()
        if not r.deleted and (r.kind in PUBLIC or r.owner in owners)
    }
    assert set(local) == visible
    for rid in visible:
        assert local[rid]["fields"] == server[rid].fields, rid
        assert local[rid]["vv"] == server[rid].vv, rid
        assert local[rid]["sync_state"] == "synced"
    assert export["outbox"] == []


def test_three_devices_converge(live_server: LiveServer, tmp_path: pathlib.Path) -> None:
    rng = random.Random(20261128)
    phone, tablet, boss = (Cli(tmp_path / n) for n in ("phone", "tablet", "boss"))
    url = live_server.base_url
    for cli, nip in ((phone, dataset.NURSE), (tablet, dataset.NURSE), (boss, dataset.KAPUS)):
        cli.run("login", "--server", url, "--nip", nip, "--password", dataset.PASSWORD)
    # the nurse drafts her SKP on the phone (the app's SKP screen; no CLI verb for it yet)
    with Device(phone.home) as device:
        fields = skp_fields(dataset.NURSE, dataset.KAPUS) | {"status": "diajukan"}
        device.ctx.save(RecordKind.SKP, SKP_ID, dataset.NURSE, fields)
    for cli in (phone, tablet, boss):
        cli.run("sync")

    # a day offline on both devices
    shared = phone.json(
        "log",
        "add",
        "--indicator",
        IND_VISITS,
        "--date",
        "2026-11-16",
        "--value",
        "4",
        "--note",
        "Kunjungan rumah lansia",
        "--start",
        "08:00",
        "--end",
        "10:00",
    )
    phone.json(
        "log",
        "add",
        "--indicator",
        IND_REPORTS[:12],
        "--date",
        "2026-11-16",
        "--value",
        "1",
        "--note",
        "Laporan mingguan",
    )
    tablet.json(
        "log",
        "add",
        "--indicator",
        IND_VISITS,
        "--date",
        "2026-11-17",
        "--value",
        "2",
        "--note",
        "Posyandu lansia",
    )
    order = [phone, tablet, boss]
    for _ in range(2):
        rng.shuffle(order)
        for cli in order:
            cli.run("sync")

    # the tablet goes away for a "week": edits every day, no sync
    for day in range(18, 25):
        tablet.json(
            "log",
            "add",
            "--indicator",
            IND_VISITS,
            "--date",
            f"2026-11-{day}",
            "--value",
            str(day % 5),
            "--note",
            f"Kunjungan hari {day}",
        )
    tablet.json("log", "edit", shared["id"], "--value", "6")
    # meanwhile the phone and the supervisor carry on
    phone.json("log", "edit", shared["id"], "--value", "5", "--note", "Kunjungan rumah (revisi)")
    phone.run("sync")
    boss.json("feedback", "--nip", dataset.NURSE, "--text", "Pertahankan kunjungan rumah")
    boss.json(
        "rate",
        "--nip",
        dataset.NURSE,
        "--period",
        "2026",
        "--hasil-kerja",
        "sesuai_ekspektasi",
        "--perilaku",
        "di_atas_ekspektasi",
    )
    final = boss.json("finalize", "--nip", dataset.NURSE, "--period", "2026")
    assert final["predikat"] == "baik"
    for _ in range(2):
        rng.shuffle(order)
        for cli in (c for c in order if c is not tablet):
            cli.run("sync")
    phone.json("object", "--appraisal", final["id"], "--reason", "Capaian kunjungan di atas target")
    phone.json(
        "assess",
        "--period",
        "2026-T4",
        "--rating",
        "di_atas_ekspektasi",
        "--perilaku",
        "akuntabel=sesuai_ekspektasi",
    )

    # the tablet comes back: its week of work arrives, the double edit is a conflict
    _code, _out, err = tablet.run("sync")
    assert "terkirim" in err  # progress is printed
    conflicts = tablet.json("conflicts")
    assert [c["record_id"] for c in conflicts] == [shared["id"]]
    tablet.run("resolve", conflicts[0]["id"][:10], "--keep", "mine")
    assert tablet.json("conflicts") == []

    for _ in range(2):
        rng.shuffle(order)
        for cli in order:
            cli.run("sync")
    server = _server_state(live_server)
    nurse_owner = {dataset.NURSE}
    boss_owners = {dataset.KAPUS, dataset.NURSE, dataset.NURSE2}
    _agrees(phone.json("export"), server, nurse_owner)
    _agrees(tablet.json("export"), server, nurse_owner)
    _agrees(boss.json("export"), server, boss_owners)
    logs = [r for r in server.values() if r.kind == "progress_log" and not r.deleted]
    assert len(logs) == 3 + 7
    assert server[shared["id"]].fields["value"] == 6  # the tablet kept its own value
    assert phone.json("status")["pending_changes"] == 0

    # the real console script agrees too
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "kinerja", "device", "--home", str(boss.home), "status", "--json"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(done.stdout)["pending_changes"] == 0


def test_sync_without_a_server_exits_3_and_keeps_data(
    tmp_path: pathlib.Path, live_server: LiveServer
) -> None:
    cli = Cli(tmp_path / "phone")
    cli.run(
        "login",
        "--server",
        live_server.base_url,
        "--nip",
        dataset.NURSE,
        "--password",
        dataset.PASSWORD,
    )
    with Device(cli.home) as device:
        device.ctx.save(
            RecordKind.SKP,
            SKP_ID,
            dataset.NURSE,
            skp_fields(dataset.NURSE, dataset.KAPUS) | {"status": "diajukan"},
        )
    live_server.process.terminate()
    live_server.process.wait(timeout=10)
    cli.json(
        "log",
        "add",
        "--indicator",
        IND_VISITS,
        "--date",
        "2026-11-20",
        "--value",
        "1",
        "--note",
        "Tanpa sinyal",
    )
    code, _, err = cli.run("sync", ok=False)
    assert code == 3
    assert "tidak dapat dihubungi" in err
    assert "tetap aman" in err
    assert cli.json("status")["pending_changes"] == 2
    # offline sign-in with the same password; a wrong one is refused
    cli.run("logout")
    code, _, err = cli.run("login", "--nip", dataset.NURSE, "--password", "salah", ok=False)
    assert code != 0
    assert "salah" in err
    cli.run("login", "--nip", dataset.NURSE, "--password", dataset.PASSWORD)
    assert len(cli.json("log", "list")) == 1
