"""The follow-up of an appraisal end to end, through the real server process and command-line
devices: HR makes the nurse a Perawat Ahli Pertama with a TMT jabatan in April, records a
hukuman disiplin (PP 94/2021) that the supervisor's device shows at rating time, the annual
predikat converts to angka kredit prorated by the months in the position (the document, the
appraisals export in CSV and XLSX, the rater's and the employee's devices), and a penghargaan
HR records reaches the employee's device, the distribution report and its own export."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import pathlib
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pypdf

from kinerja.cli import main
from server.storage import SqliteStorage
from tests.fixtures.server import LiveServer
from tests.unit.server import dataset

SANCTION = "Hukuman disiplin ringan: Teguran tertulis (keputusan 800/71/2025, 10-06-2025)"
CREDIT = "14,063 (Ahli Pertama: koefisien 12,5 x 150 % x 9/12 bulan)"
AWARD = (
    "Prioritas program pengembangan talenta, Tahun 2025 (dasar: Keputusan Kepala Dinas"
    " 800/45/2026; predikat Sangat Baik 2025; 20-01-2026)"
)


class Cli:
    """One device driven through ``kinerja device --home DIR ...`` in this process."""

    def __init__(self, home: pathlib.Path) -> None:
        self.home = home

    def out(self, *args: str) -> str:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["device", "--home", str(self.home), *args])
        assert code == 0, f"{args}: {err.getvalue()}"
        return out.getvalue()

    def json(self, *args: str) -> Any:
        return json.loads(self.out(*args, "--json") or "null")


def _session(client: httpx.Client, nip: str) -> dict[str, str]:
    login = client.post("/api/v1/auth/login", json={"nip": nip, "password": dataset.PASSWORD})
    assert login.status_code == 200, login.text
    return {"authorization": f"Bearer {login.json()['token']}"}


def _audit(db: pathlib.Path, action: str) -> list[Any]:
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            return [e for e in reader.audit_entries(limit=10_000) if e.action == action]
    finally:
        storage.close()


def _csv_row(content: bytes, nip: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    (row,) = [r for r in rows if r["NIP"] == nip]
    return row


def _xlsx_numbers(content: bytes) -> list[str]:
    """The values of the numeric cells of the first sheet."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    return [
        str(v.text)
        for c in sheet.iter(f"{{{ns['m']}}}c")
        if c.get("t", "n") == "n" and (v := c.find("m:v", ns)) is not None
    ]


def _hr_setup(client: httpx.Client, bkpp: dict[str, str], admin: dict[str, str]) -> str:
    """The nurse becomes a functional position; the OPD's HR records a sanction (and is told
    in words what it may not record). Returns the sanction's record id."""
    made = client.patch(
        f"/api/v1/admin/employees/{dataset.NURSE}",
        json={
            "jabatan_name": "Perawat Ahli Pertama",
            "jabatan_kind": "fungsional",
            "jenjang": "ahli_pertama",
            "tmt_jabatan": "2025-04-01",
        },
        headers=bkpp,
    )
    assert made.status_code == 200, made.text
    sanction = {
        "employee_nip": dataset.NURSE,
        "kind": "teguran_tertulis",
        "decided_on": "2025-06-10",
        "decree_number": "800/71/2025",
    }
    wrong_level = client.put(
        "/api/v1/admin/discipline", json={**sanction, "level": "berat"}, headers=admin
    )
    assert wrong_level.status_code == 400
    assert wrong_level.json()["field"] == "$.level"
    assert "tingkat ringan, bukan berat (PP 94/2021 Pasal 8)" in wrong_level.json()["message"]
    future = client.put(
        "/api/v1/admin/discipline", json={**sanction, "decided_on": "2099-01-01"}, headers=admin
    )
    assert future.status_code == 400
    assert future.json()["field"] == "$.decided_on"
    own = client.put(
        "/api/v1/admin/discipline",
        json={**sanction, "employee_nip": dataset.ADMIN_DINKES},
        headers=admin,
    )
    assert own.status_code == 403
    recorded = client.put("/api/v1/admin/discipline", json=sanction, headers=admin)
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["fields"]["level"] == "ringan"
    assert recorded.json()["fields"]["period_code"] == "2025"  # the year of the decision
    return str(recorded.json()["id"])


def test_angka_kredit_discipline_and_award_reach_every_reader(
    live_server: LiveServer, tmp_path: pathlib.Path
) -> None:
    url = live_server.base_url
    phone, boss = Cli(tmp_path / "phone"), Cli(tmp_path / "boss")
    with httpx.Client(base_url=url) as client:
        bkpp = _session(client, dataset.BKPP)
        admin = _session(client, dataset.ADMIN_DINKES)
        sanction_id = _hr_setup(client, bkpp, admin)

        # the rater sees the sanction beside Perilaku Kerja, and the angka kredit once final
        boss.out("login", "--server", url, "--nip", dataset.KAPUS, "--password", dataset.PASSWORD)
        boss.out("sync")
        rated = boss.json(
            "rate", "--nip", dataset.NURSE, "--period", "2025", "--hasil-kerja",
            "di_atas_ekspektasi", "--perilaku", "di_atas_ekspektasi",
        )  # fmt: skip
        (shown,) = rated["hukuman_disiplin"]
        assert shown["text"] == SANCTION
        assert rated["angka_kredit"] is None  # a draft converts to nothing
        text = boss.out("rate", "--nip", dataset.NURSE, "--period", "2025")
        assert f"hukuman_disiplin: {SANCTION}" in text
        final = boss.json("finalize", "--nip", dataset.NURSE, "--period", "2025")
        assert final["predikat"] == "sangat_baik"
        assert final["angka_kredit"]["value"] == 14.063
        assert final["angka_kredit"]["months"] == 9
        assert final["angka_kredit"]["text"] == CREDIT
        boss.out("sync")
        no_sanction = boss.json("rate", "--nip", dataset.NURSE2, "--period", "2025")
        assert no_sanction["hukuman_disiplin"] == []

        award = client.put(
            "/api/v1/admin/awards",
            json={
                "employee_nip": dataset.NURSE,
                "period_code": "2025",
                "kind": "pengembangan_talenta",
                "basis": "Keputusan Kepala Dinas 800/45/2026; predikat Sangat Baik 2025",
                "decided_on": "2026-01-20",
            },
            headers=bkpp,
        )
        assert award.status_code == 200, award.text
        assert award.json()["fields"]["decided_by"] == dataset.BKPP

        # the employee's device: predikat, angka kredit, sanction and penghargaan
        phone.out("login", "--server", url, "--nip", dataset.NURSE, "--password", dataset.PASSWORD)
        phone.out("sync")
        result = phone.json("result", "--period", "2025")
        (mine,) = result["appraisals"]
        assert mine["predikat"] == "sangat_baik"
        assert mine["angka_kredit"]["text"] == CREDIT
        assert [d["text"] for d in mine["hukuman_disiplin"]] == [SANCTION]
        assert [a["text"] for a in result["penghargaan"]] == [AWARD]
        words = phone.out("result", "--period", "2025")
        assert f"angka kredit: {CREDIT}" in words
        assert f"Penghargaan: {AWARD}" in words

        # the document: the sanction beside Perilaku Kerja, the angka kredit under the predikat
        pdf = client.get(
            f"/api/v1/reports/evaluation/{dataset.NURSE}", params={"period": "2025"}, headers=bkpp
        )
        assert pdf.status_code == 200, pdf.text
        pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
        document = " ".join(" ".join(p.extract_text() for p in pages).split())
        assert "HUKUMAN DISIPLIN (PP 94/2021)" in document
        assert SANCTION in document
        assert "ANGKA KREDIT (PERMENPANRB 1/2023) 14,063" in document
        assert f"Konversi predikat Sangat Baik tahun 2025: {CREDIT}." in document

        # the exports: the appraisal with its angka kredit (a number) and sanction, the
        # sanctions and the penghargaan as datasets of their own
        def export(dataset_name: str, fmt: str = "csv") -> bytes:
            answer = client.get(
                f"/api/v1/reports/export/{dataset_name}",
                params={"period": "2025", "format": fmt},
                headers=bkpp,
            )
            assert answer.status_code == 200, answer.text
            return answer.content

        row = _csv_row(export("appraisals"), dataset.NURSE)
        assert row["Angka Kredit"] == "14.063"
        assert row["Hukuman Disiplin"] == SANCTION
        assert row["Predikat"] == "Sangat Baik"
        assert "14.063" in _xlsx_numbers(export("appraisals", "xlsx"))
        sanctions = _csv_row(export("discipline"), dataset.NURSE)
        assert (sanctions["Tingkat"], sanctions["Jenis Hukuman"]) == ("Ringan", "Teguran tertulis")
        assert sanctions["Nomor Keputusan"] == "800/71/2025"
        awards = _csv_row(export("awards"), dataset.NURSE)
        assert awards["Jenis Penghargaan"] == "Prioritas program pengembangan talenta"
        assert awards["Dicatat oleh (NIP)"] == dataset.BKPP

        # the top performers list shows the decision HR recorded
        spread = client.get(
            "/api/v1/reports/distribution",
            params={"unit_id": dataset.PKM, "period": "2025"},
            headers=bkpp,
        ).json()
        (top,) = spread["top_performers"]
        assert (top["nip"], top["awards"]) == (dataset.NURSE, [AWARD])

        # a sanction recorded by mistake is deleted: the devices drop it at their next sync
        gone = client.delete(f"/api/v1/admin/discipline/{sanction_id}", headers=admin)
        assert gone.status_code == 200, gone.text
    boss.out("sync")
    phone.out("sync")
    assert boss.json("rate", "--nip", dataset.NURSE2, "--period", "2025")["hukuman_disiplin"] == []
    assert phone.json("result", "--period", "2025")["appraisals"][0]["hukuman_disiplin"] == []

    recorded = _audit(live_server.db_path, "discipline_recorded")
    assert [(e.nip, e.subject) for e in recorded] == [(dataset.ADMIN_DINKES, dataset.NURSE)]
    assert recorded[0].detail["before"]["kind"] is None
    assert recorded[0].detail["after"]["kind"] == "teguran_tertulis"
    (deleted,) = _audit(live_server.db_path, "discipline_deleted")
    assert deleted.detail["before"]["decree_number"] == "800/71/2025"
    (awarded,) = _audit(live_server.db_path, "award_recorded")
    assert awarded.detail["after"]["kind"] == "pengembangan_talenta"
    (edited,) = _audit(live_server.db_path, "employee_edited")
    assert edited.detail["after"]["tmt_jabatan"] == "2025-04-01"
