"""Evidence checks a supervisor sees (issue #15 item 10), with the real server process over the
demo city and command-line devices: two nurses of different Puskesmas (so under different
supervisors) log the same photo; each supervisor's device shows the flag on their own nurse's
entry, naming the other nurse, without receiving her entry; when one of the two drops the photo
the flag goes. A log without evidence is flagged to the supervisor. A device can
neither forge nor clear the flag."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest

from kinerja.cli import main
from server.record_codec import from_stored
from server.storage import SqliteStorage
from shared_models.demo import DEMO_PASSWORD, generate
from tests.fixtures.files import PNG
from tests.fixtures.server import LiveServer, running_server, seed_demo

RUDI = "198702042009021536"  # Perawat, Puskesmas Kedungmundu
WULAN = "197607132000122827"  # Kepala Puskesmas Kedungmundu: Rudi's supervisor


class Cli:
    """One device driven through ``kinerja device --home DIR ...`` in this process."""

    def __init__(self, home: pathlib.Path) -> None:
        self.home = home

    def call(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["device", "--home", str(self.home), *args])
        return code, out.getvalue(), err.getvalue()

    def run(self, *args: str) -> str:
        code, out, err = self.call(*args)
        assert code == 0, f"{args}: {err}"
        return out

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json") or "null")


def _other_nurse() -> tuple[str, str, str]:
    """(NIP, name, supervisor NIP) of a nurse of another Puskesmas than Rudi's."""
    people = {str(e.fields["nip"]): e.fields for e in generate().employees}
    for nip, f in people.items():
        boss = f["supervisor_nip"]
        if str(f["jabatan_name"]).startswith("Perawat") and boss not in (WULAN, None):
            return nip, str(f["name"]), str(boss)
    raise AssertionError("the demo city has one Puskesmas")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("evidence"), seed=seed_demo) as server:
        yield server


def _devices(server: LiveServer, tmp: pathlib.Path, **people: str) -> dict[str, Cli]:
    devices = {}
    for name, nip in people.items():
        cli = devices[name] = Cli(tmp / name)
        cli.run("login", "--server", server.base_url, "--nip", nip, "--password", DEMO_PASSWORD)
        cli.run("sync")
    return devices


def _log(cli: Cli, note: str, *evidence: pathlib.Path) -> dict[str, Any]:
    skp = cli.json("skp", "show")
    indicator = skp["rhk"][0]["indicators"][0]["id"]
    args = ["log", "add", "--indicator", indicator, "--date", "2026-12-01", "--value", "1"]
    args += ["--note", note]
    if evidence:
        args += ["--evidence", *map(str, evidence)]
    logged: dict[str, Any] = cli.json(*args)
    return logged


def _entry(cli: Cli, nip: str, record_id: str) -> dict[str, Any]:
    entries = cli.json("log", "list", "--nip", nip)
    return next(e for e in entries if e["id"] == record_id)


def _member(cli: Cli, nip: str) -> dict[str, Any]:
    return next(m for m in cli.json("team")["members"] if m["nip"] == nip)


def test_the_same_photo_of_two_nurses_is_flagged_to_both_supervisors(
    demo_server: LiveServer, tmp_path: pathlib.Path
) -> None:
    other, other_name, other_boss = _other_nurse()
    d = _devices(demo_server, tmp_path, rudi=RUDI, nurse=other, wulan=WULAN, boss=other_boss)
    photo = tmp_path / "posyandu.png"
    photo.write_bytes(PNG + b"posyandu RW 05, 1 Desember 2026" * 40)
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    mine = _log(d["rudi"], "Posyandu lansia RW 05", photo)
    d["rudi"].run("sync")
    # the same file, copied from a chat group: another name, the very same bytes
    copy = tmp_path / "IMG-20261201-WA0007.png"
    copy.write_bytes(photo.read_bytes())
    theirs = _log(d["nurse"], "Posyandu lansia", copy)
    d["nurse"].run("sync")
    for cli in d.values():
        cli.run("sync")

    # Rudi's supervisor: the flag on Rudi's entry names the other nurse
    flagged = _entry(d["wulan"], RUDI, mine["id"])
    assert flagged["shared_evidence"] is True
    (ev,) = flagged["evidence"]
    assert ev["sha256"] == sha
    assert ev["shared_with"] == [{"nip": other, "name": other_name}]
    assert "shared_evidence" in _member(d["wulan"], RUDI)["attention"]
    text = d["wulan"].run("log", "list", "--nip", RUDI)
    assert f"juga dipakai: {other_name} ({other})" in text
    # ... and her device never received the other nurse's entry
    exported = d["wulan"].json("export")
    assert theirs["id"] not in {r["id"] for r in exported["records"]}
    # the other supervisor: the flag on the other nurse's entry names Rudi
    flagged = _entry(d["boss"], other, theirs["id"])
    rudi_name = next(str(e.fields["name"]) for e in generate().employees if e.fields["nip"] == RUDI)
    assert flagged["evidence"][0]["shared_with"] == [{"nip": RUDI, "name": rudi_name}]
    assert "shared_evidence" in _member(d["boss"], other)["attention"]
    assert mine["id"] not in {r["id"] for r in d["boss"].json("export")["records"]}

    # the server wrote it and audited it; the devices only read it
    stored = _stored(demo_server.db_path, mine["id"], theirs["id"])
    assert stored[mine["id"]]["shared_evidence"] == {sha: [other]}
    assert stored[theirs["id"]]["shared_evidence"] == {sha: [RUDI]}
    assert stored["audit"] == {mine["id"], theirs["id"]}

    # the other nurse withdraws her entry: the flag goes on both sides
    d["nurse"].run("log", "delete", theirs["id"])
    d["nurse"].run("sync")
    d["wulan"].run("sync")
    cleared = _entry(d["wulan"], RUDI, mine["id"])
    assert cleared["shared_evidence"] is False
    assert cleared["evidence"][0]["shared_with"] == []
    assert "shared_evidence" not in _member(d["wulan"], RUDI)["attention"]
    assert _stored(demo_server.db_path, mine["id"])[mine["id"]]["shared_evidence"] == {}


def _stored(db: pathlib.Path, *ids: str) -> dict[str, Any]:
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            out: dict[str, Any] = {}
            for record_id in ids:
                row = reader.record(record_id)
                assert row is not None
                out[record_id] = from_stored(row).fields
            out["audit"] = {
                e.record_id
                for e in reader.audit_entries(limit=100_000)
                if e.action == "evidence_shared"
            }
        return out
    finally:
        storage.close()


def test_a_log_without_evidence_is_flagged_to_the_supervisor(
    demo_server: LiveServer, tmp_path: pathlib.Path
) -> None:
    d = _devices(demo_server, tmp_path, rudi=RUDI, wulan=WULAN)
    bare = _log(d["rudi"], "Kunjungan rumah tanpa foto")
    assert bare["no_evidence"] is True  # kept on the phone, and sent
    d["rudi"].run("sync")
    d["wulan"].run("sync")
    entry = _entry(d["wulan"], RUDI, bare["id"])
    assert entry["no_evidence"] is True
    assert "[tanpa bukti]" in d["wulan"].run("log", "list", "--nip", RUDI)
    before = _member(d["wulan"], RUDI)
    assert "no_evidence" in before["attention"]
    # the supervisor acknowledges what she checked: no longer counted as waiting
    d["wulan"].run("log", "ack", bare["id"])
    after = _member(d["wulan"], RUDI)
    assert after["no_evidence_entries"] == before["no_evidence_entries"] - 1
    assert _entry(d["wulan"], RUDI, bare["id"])["no_evidence"] is True
