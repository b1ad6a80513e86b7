"""``kinerja server``, ``seed-demo`` and ``collect-tombstones`` as registered by ``server.cli``."""

from __future__ import annotations

import argparse
import json
import pathlib

import pytest

from server import cli
from server.errors import SetupError
from server.storage import SqliteStorage


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kinerja")
    cli.register(parser.add_subparsers(dest="command"))
    return parser


def _run(*argv: str) -> int:
    args = _parser().parse_args(argv)
    status: int = args.handler(args)
    return status


def test_server_refuses_a_remote_host() -> None:
    with pytest.raises(SetupError, match="--allow-remote"):
        _run("server", "--host", "0.0.0.0", "--port", "9999")


def test_server_refuses_a_bad_port() -> None:
    with pytest.raises(SetupError, match="port"):
        _run("server", "--port", "70000")


def test_seed_demo(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert _run("seed-demo", "--db", str(db), "--seed", "3", "--json") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["employees"] > 0
    assert summary["records"] > 0
    logins = summary["logins"]
    assert len(logins) == summary["accounts"]
    nurse = next(a for a in logins if a["jabatan"].startswith("Perawat"))
    assert nurse["role"] == "pegawai"
    assert nurse["supervisor_nip"] in {a["nip"] for a in logins}
    assert nurse["password"] == "semarang-kinerja"
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            assert reader.employee_count() == summary["employees"]
            account = reader.account(nurse["nip"])
            assert account is not None
            assert not account.must_change  # the demo signs in with its documented password
    finally:
        storage.close()
    with pytest.raises(SetupError, match="sudah berisi data pegawai"):
        _run("seed-demo", "--db", str(db))


def test_seed_demo_can_flag_every_account_must_change(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "pilot.db"
    assert (
        _run("seed-demo", "--db", str(db), "--seed", "3", "--json", "--must-change-password") == 0
    )
    logins = json.loads(capsys.readouterr().out)["logins"]
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            flagged = [reader.account(a["nip"]) for a in logins]
    finally:
        storage.close()
    assert all(a is not None and a.must_change for a in flagged)


def test_seed_demo_rejects_zero_employees(tmp_path: pathlib.Path) -> None:
    with pytest.raises(SetupError, match="--employees"):
        _run("seed-demo", "--db", str(tmp_path / "x.db"), "--employees", "0")


def test_collect_tombstones(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert _run("seed-demo", "--db", str(db), "--seed", "3") == 0
    capsys.readouterr()
    assert _run("collect-tombstones", "--db", str(db), "--min-age-days", "0", "--json") == 0
    done = json.loads(capsys.readouterr().out)
    assert done["dropped"] == 0  # the demo city deletes nothing
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            assert done["horizon"] == reader.last_seq()  # no device has pulled yet: the head
            assert done["low_water"] == reader.tombstone_low_water() == 0
    finally:
        storage.close()
    assert _run("collect-tombstones", "--db", str(db)) == 0
    assert "penanda hapus dibuang" in capsys.readouterr().out
    with pytest.raises(SetupError, match="tidak ditemukan"):
        _run("collect-tombstones", "--db", str(tmp_path / "none.db"))
    with pytest.raises(SetupError, match="negatif"):
        _run("collect-tombstones", "--db", str(db), "--max-idle-days", "-1")
