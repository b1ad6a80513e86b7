"""Issue #15 items 3, 7 and 8 end to end, with CLI devices against the real server process.

Realisation per indicator: two logs of 100 on a percentage are 100 (not 200) in ``skp show``
and in the Dokumen Evaluasi; a triwulan document compares a count with the quarter's share of
its annual target; the pejabat penilai's confirmed realisation is what the document prints.
A unit head's rating is checked against the unit's organisation predikat. An annual appraisal
is finalized only from 1 December of its year unless BKPP opened it early; finalizing before
a period ends warns.
"""

from __future__ import annotations

import contextlib
import io
import json
import pathlib
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pypdf
import pytest

from kinerja.cli import main
from server.record_codec import from_stored
from server.storage import SqliteStorage
from tests.fixtures.server import LiveServer, running_server
from tests.unit.server import dataset

SKP_ID = "0190a000-0000-7000-8000-00000000e001"
PCT = "0190a000-0000-7000-8000-00000000e101"  # Persentase asuhan keperawatan terdokumentasi
COUNT = "0190a000-0000-7000-8000-00000000e102"  # Jumlah kunjungan rumah, 120 a year
WAKTU = "0190a000-0000-7000-8000-00000000e103"  # Ketepatan waktu, 12 bulan


def _indicator(ind: str, aspect: str, text: str, target: float, unit: str) -> dict[str, Any]:
    return {"id": ind, "aspect": aspect, "text": text, "target_value": target, "target_unit": unit}


def _records() -> list[dataset.Rec]:
    skp = {
        "employee_nip": dataset.NURSE,
        "year": 2026,
        "approach": "kuantitatif",
        "status": "disetujui",
        "supervisor_nip": dataset.KAPUS,
        "rhk": [
            {
                "id": "rhk-asuhan",
                "kind": "utama",
                "text": "Terlaksananya asuhan keperawatan di rumah pasien",
                "indicators": [
                    _indicator(
                        PCT, "kualitas", "Persentase asuhan keperawatan terdokumentasi", 100, "%"
                    ),
                    _indicator(COUNT, "kuantitas", "Jumlah kunjungan rumah", 120, "kunjungan"),
                    _indicator(
                        WAKTU, "waktu", "Ketepatan waktu penyelesaian sesuai jadwal", 12, "bulan"
                    ),
                ],
            }
        ],
    }
    pkm = {  # the Puskesmas as master data names its head: dr. Sri Lestari (KAPUS)
        "code": "U_PKM",
        "name": "Puskesmas Pandanaran",
        "kind": "puskesmas",
        "parent_id": dataset.DINKES,
        "opd_id": dataset.DINKES,
        "head_nip": dataset.KAPUS,
    }
    return [
        dataset.Rec("skp", SKP_ID, dataset.NURSE, skp),
        dataset.Rec("unit", dataset.PKM, "", pkm),
    ]


@pytest.fixture
def server(tmp_path: pathlib.Path) -> Iterator[LiveServer]:
    with running_server(tmp_path, records=_records()) as live:
        yield live


class Cli:
    """One device driven through ``kinerja device --home DIR ...`` in this process."""

    def __init__(self, home: pathlib.Path) -> None:
        self.home = home

    def call(self, *args: str, as_json: bool = True) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        extra = ("--json",) if as_json else ()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["device", "--home", str(self.home), *args, *extra])
        return code, out.getvalue(), err.getvalue()

    def json(self, *args: str) -> Any:
        code, out, err = self.call(*args)
        assert code == 0, f"{args}: {err}"
        return json.loads(out or "null")

    def text(self, *args: str) -> tuple[str, str]:
        code, out, err = self.call(*args, as_json=False)
        assert code == 0, f"{args}: {err}"
        return out, err

    def refused(self, *args: str) -> str:
        code, _, err = self.call(*args)
        assert code != 0, f"{args} was accepted"
        return err

    def sync(self) -> None:
        self.text("sync")


def _signed_in(url: str, home: pathlib.Path, nip: str) -> Cli:
    cli = Cli(home)
    cli.text("login", "--server", url, "--nip", nip, "--password", dataset.PASSWORD)
    cli.sync()
    return cli


@contextlib.contextmanager
def _http(url: str, nip: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        body = {"nip": nip, "password": dataset.PASSWORD}
        answer = client.post("/api/v1/auth/login", json=body)
        assert answer.status_code == 200, answer.text
        client.headers["authorization"] = f"Bearer {answer.json()['token']}"
        yield client


def _document(client: httpx.Client, period: str) -> str:
    answer = client.get(f"/api/v1/reports/evaluation/{dataset.NURSE}", params={"period": period})
    assert answer.status_code == 200, answer.text
    pages = pypdf.PdfReader(io.BytesIO(answer.content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _log(cli: Cli, ind: str, day: str, value: str, note: str) -> None:
    cli.json("log", "add", "--indicator", ind, "--date", day, "--value", value, "--note", note)


def test_realisation_follows_the_indicator_in_skp_show_and_the_document(
    server: LiveServer, tmp_path: pathlib.Path
) -> None:
    url = server.base_url
    phone = _signed_in(url, tmp_path / "phone", dataset.NURSE)
    _log(phone, PCT, "2026-11-02", "100", "Asuhan keperawatan terdokumentasi lengkap")
    _log(phone, PCT, "2026-11-20", "100", "Asuhan keperawatan terdokumentasi lengkap")
    _log(phone, COUNT, "2026-10-12", "12", "Kunjungan rumah pasien hipertensi")
    _log(phone, COUNT, "2026-11-20", "8", "Kunjungan rumah pasien lansia")
    _log(phone, WAKTU, "2026-11-27", "1", "Laporan bulanan selesai sesuai jadwal")

    shown = phone.json("skp", "show")
    realised = {i["id"]: i for r in shown["rhk"] for i in r["indicators"]}
    assert realised[PCT]["realised"] == 100  # the latest level, not 200
    assert realised[PCT]["aggregation"] == "terakhir"
    assert realised[COUNT]["realised"] == 20  # counts add up
    assert realised[WAKTU]["realised"] == 11  # done in November: within the 12 bulan
    text, _ = phone.text("skp", "show")
    assert f"{PCT}  Persentase asuhan keperawatan terdokumentasi: 100/100 %" in text
    assert "200/100" not in text
    phone.sync()

    with _http(url, dataset.KAPUS) as boss_http:
        t4 = _document(boss_http, "2026-T4")
    # target, then realisation: the latest level
    assert "Persentase asuhan keperawatan terdokumentasi 100 % 100 %" in t4, t4
    assert "200 %" not in t4
    # a quarter of the annual 120 kunjungan, not 20 of 120
    assert re.search(r"Jumlah kunjungan rumah 30 kunjungan 20 kunjungan", t4), t4
    assert "120 kunjungan" not in t4

    # the pejabat penilai confirms a corrected percentage when rating the year
    boss = _signed_in(url, tmp_path / "boss", dataset.KAPUS)
    rated = boss.json(
        "rate",
        "--nip",
        dataset.NURSE,
        "--period",
        "2026",
        "--hasil-kerja",
        "sesuai_ekspektasi",
        "--perilaku",
        "sesuai_ekspektasi",
        "--realisasi",
        f"{PCT}=95",
    )
    assert rated["confirmed_realisation"] == {PCT: 95}
    bad = boss.refused("rate", "--nip", dataset.NURSE, "--period", "2026", "--realisasi", "x=1")
    assert "'x' bukan satu indikator di SKP 2026" in bad
    bad = boss.refused(
        "rate", "--nip", dataset.NURSE, "--period", "2026", "--realisasi", f"{COUNT}=banyak"
    )
    assert "'banyak' bukan angka" in bad
    boss.sync()
    with _http(url, dataset.NURSE) as own:
        year = _document(own, "2026")
    assert "95 % (dikonfirmasi pejabat penilai)" in year
    assert re.search(r"Jumlah kunjungan rumah 120 kunjungan 20 kunjungan", year), year
    assert "11 bulan" in year


def _stored(db: pathlib.Path, record_id: str) -> dict[str, Any]:
    storage = SqliteStorage(db)
    try:
        with storage.read() as reader:
            row = reader.record(record_id)
            assert row is not None
            return dict(from_stored(row).fields)
    finally:
        storage.close()


def test_annual_finalization_waits_for_the_last_working_days_unless_bkpp_opens_it(
    server: LiveServer, tmp_path: pathlib.Path
) -> None:
    url = server.base_url
    boss = _signed_in(url, tmp_path / "boss", dataset.KAPUS)
    ratings = ("--hasil-kerja", "sesuai_ekspektasi", "--perilaku", "sesuai_ekspektasi")
    # the test runs before 1 December 2027: the 2027 annual rating cannot be final yet
    boss.json("rate", "--nip", dataset.NURSE, "--period", "2027", *ratings)
    refused = boss.refused("finalize", "--nip", dataset.NURSE, "--period", "2027")
    assert "penilaian tahunan 2027 baru dapat difinalkan mulai 01-12-2027" in refused
    assert "kecuali BKPP membuka finalisasi lebih awal" in refused

    with _http(url, dataset.ADMIN_DINKES) as opd:
        body = {"code": "2027", "open": True, "early_final": True}
        assert opd.post("/api/v1/admin/periods", json=body).status_code == 403
    with _http(url, dataset.BKPP) as bkpp:
        answer = bkpp.post("/api/v1/admin/periods", json={"code": "2027", "early_final": "ya"})
        assert answer.status_code == 400, answer.text
        answer = bkpp.post(
            "/api/v1/admin/periods", json={"code": "2027", "open": True, "early_final": True}
        )
        assert answer.status_code == 200, answer.text
        listed = {p["code"]: p for p in bkpp.get("/api/v1/admin/periods").json()["periods"]}
        assert listed["2027"]["early_final"] is True

    boss.sync()  # the PERIOD record with early_final reaches the device
    final = boss.json("finalize", "--nip", dataset.NURSE, "--period", "2027")
    assert final["status"] == "final"
    assert any("periode Tahun 2027 belum berakhir" in w for w in final["warnings"])
    boss.sync()
    assert _stored(server.db_path, final["id"])["status"] == "final"

    # a periodic finalization before its period ends is a warning, in words on stderr
    boss.json("rate", "--nip", dataset.NURSE2, "--period", "2026-T4", *ratings)
    out, err = boss.text("finalize", "--nip", dataset.NURSE2, "--period", "2026-T4")
    assert "status: final" in out
    assert "Peringatan: periode Triwulan IV 2026 belum berakhir (berakhir 31-12-2026)" in err


def test_a_unit_heads_rating_is_checked_against_the_unit_predikat(
    server: LiveServer, tmp_path: pathlib.Path
) -> None:
    url = server.base_url
    kadinkes = _signed_in(url, tmp_path / "kadinkes", dataset.KADINKES)
    ratings = ("--hasil-kerja", "sesuai_ekspektasi", "--perilaku", "sesuai_ekspektasi")
    # no organisation predikat yet: nothing is expected, nothing is warned
    first = kadinkes.json("rate", "--nip", dataset.KAPUS, "--period", "2026", *ratings)
    assert first["warnings"] == []
    with _http(url, dataset.ADMIN_DINKES) as opd:
        body = {"unit_id": dataset.PKM, "period_code": "2026", "predikat": "istimewa"}
        assert opd.put("/api/v1/admin/org-predikat", json=body).status_code == 200
    kadinkes.sync()
    rated = kadinkes.json("rate", "--nip", dataset.KAPUS, "--period", "2026", *ratings)
    (warning,) = rated["warnings"]
    assert "kepala Puskesmas Pandanaran" in warning
    assert "predikat kinerja organisasinya Istimewa" in warning
    assert "diharapkan Di Atas Ekspektasi, bukan Sesuai Ekspektasi" in warning
    assert rated["hasil_kerja"] == "sesuai_ekspektasi"  # guidance, not a refusal
    _, err = kadinkes.text("rate", "--nip", dataset.KAPUS, "--period", "2026", *ratings)
    assert "Peringatan: pegawai ini kepala Puskesmas Pandanaran" in err
    following = kadinkes.json(
        "rate", "--nip", dataset.KAPUS, "--period", "2026", "--hasil-kerja", "di_atas_ekspektasi"
    )
    assert following["warnings"] == []
    # a nurse heads nothing: her rating is never checked against the unit
    boss = _signed_in(url, tmp_path / "boss", dataset.KAPUS)
    nurse = boss.json(
        "rate", "--nip", dataset.NURSE, "--period", "2026", "--hasil-kerja", "di_atas_ekspektasi"
    )
    assert nurse["warnings"] == []
