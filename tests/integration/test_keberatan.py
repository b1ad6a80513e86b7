"""A granted keberatan changes the result everywhere (PP 30/2019 Pasal 59): filed on the
employee's device, decided by the Atasan on theirs, both synced with the real server process;
then the appraisal on the server, the audit, the distribution check, the appraisals export, the
Dokumen Evaluasi (PDF text) and the employee's own device all show the decided predikat."""

from __future__ import annotations

import contextlib
import io
import json
import pathlib
from typing import Any

import httpx
import pypdf

from kinerja.cli import main
from server.record_codec import from_stored
from server.storage import SqliteStorage
from tests.fixtures.server import LiveServer
from tests.unit.server import dataset


class Cli:
    """One device driven through ``kinerja device --home DIR ...`` in this process."""

    def __init__(self, home: pathlib.Path) -> None:
        self.home = home

    def json(self, *args: str) -> Any:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["device", "--home", str(self.home), *args, "--json"])
        assert code == 0, f"{args}: {err.getvalue()}"
        return json.loads(out.getvalue() or "null")

    def run(self, *args: str) -> None:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["device", "--home", str(self.home), *args])
        assert code == 0, f"{args}: {err.getvalue()}"


def _appraisal(db: pathlib.Path, record_id: str) -> dict[str, Any]:
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            row = reader.record(record_id)
            assert row is not None
            audit = [
                e
                for e in reader.audit_entries(limit=10_000)
                if e.action == "keberatan_applied" and e.record_id == record_id
            ]
        return {"fields": from_stored(row).fields, "audit": audit}
    finally:
        storage.close()


def test_a_granted_keberatan_fixes_the_result_everywhere(
    live_server: LiveServer, tmp_path: pathlib.Path
) -> None:
    url = live_server.base_url
    phone, boss, atasan = (Cli(tmp_path / n) for n in ("phone", "boss", "atasan"))
    for cli, nip in ((phone, dataset.NURSE), (boss, dataset.KAPUS), (atasan, dataset.KADINKES)):
        cli.run("login", "--server", url, "--nip", nip, "--password", dataset.PASSWORD)
        cli.run("sync")
    boss.json(
        "rate",
        "--nip",
        dataset.NURSE,
        "--period",
        "2026",
        "--hasil-kerja",
        "di_atas_ekspektasi",
        "--perilaku",
        "di_bawah_ekspektasi",
    )
    final = boss.json("finalize", "--nip", dataset.NURSE, "--period", "2026")
    assert final["predikat"] == "kurang_misconduct"
    boss.run("sync")
    phone.run("sync")
    filed = phone.json("object", "--appraisal", final["id"], "--reason", "Perilaku saya baik")
    phone.run("sync")
    atasan.run("sync")
    (listed,) = atasan.json("objection", "list")
    assert listed["id"] == filed["id"]
    decided = atasan.json(
        "objection",
        "decide",
        filed["id"],
        "--change",
        "sangat_baik",
        "--reason",
        "Bukti perilaku menunjukkan di atas ekspektasi",
    )
    assert decided["new_hasil_kerja"] == "di_atas_ekspektasi"
    assert decided["new_perilaku_kerja"] == "di_atas_ekspektasi"
    atasan.run("sync")

    # the server's appraisal is the decided result, the old value kept and audited
    stored = _appraisal(live_server.db_path, final["id"])
    fields = stored["fields"]
    assert fields["predikat"] == "sangat_baik"
    assert fields["perilaku_kerja"] == "di_atas_ekspektasi"
    assert fields["original_predikat"] == "kurang_misconduct"
    assert fields["objection_id"] == filed["id"]
    assert fields["status"] == "final"
    (entry,) = stored["audit"]
    assert entry.nip == dataset.KADINKES
    assert entry.detail["before"]["predikat"] == "kurang_misconduct"
    assert entry.detail["after"]["predikat"] == "sangat_baik"

    # every report reads the decided result
    with httpx.Client(base_url=url) as client:
        login = client.post(
            "/api/v1/auth/login", json={"nip": dataset.BKPP, "password": dataset.PASSWORD}
        )
        headers = {"authorization": f"Bearer {login.json()['token']}"}
        spread = client.get(
            "/api/v1/reports/distribution",
            params={"unit_id": dataset.PKM, "period": "2026"},
            headers=headers,
        ).json()
        counts = {c["predikat"]: c["count"] for c in spread["counts"]}
        assert counts["sangat_baik"] == 1
        assert counts["kurang_misconduct"] == 0
        assert dataset.NURSE not in {p["nip"] for p in spread["pembinaan"]}
        assert dataset.NURSE in {p["nip"] for p in spread["top_performers"]}
        export = client.get(
            "/api/v1/reports/export/appraisals", params={"period": "2026"}, headers=headers
        )
        row = next(line for line in export.text.splitlines() if dataset.NURSE in line)
        assert "Sangat Baik" in row
        assert "Kurang" not in row
        pdf = client.get(
            f"/api/v1/reports/evaluation/{dataset.NURSE}",
            params={"period": "2026"},
            headers=headers,
        )
        assert pdf.status_code == 200, pdf.text
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
        assert "SANGAT BAIK" in text
        assert "predikat semula: Kurang/Misconduct" in " ".join(text.split())

    # the employee's phone shows the decided result after its next sync
    phone.run("sync")
    export_phone = phone.json("export")
    mine = next(r for r in export_phone["records"] if r["id"] == final["id"])
    assert mine["fields"]["predikat"] == "sangat_baik"
    assert mine["fields"]["original_predikat"] == "kurang_misconduct"
