"""Feedback per RHK, per BerAKHLAK value and per entry, end to end: the Pejabat Penilai writes
it with ``kinerja device feedback`` on the command line, the real server process checks the
ties and stores it, the employee's device shows each note where it is about (under the RHK and
the value on "SKP saya", on the entry's card, with the entry named on "Umpan balik & nilai"),
and the Dokumen Evaluasi prints it in its columns."""

from __future__ import annotations

import io
import pathlib

import httpx
from pypdf import PdfReader

from client import Device
from client.ui.pegawai import reads
from client.ui.pegawai.reads import skp_with_notes
from shared_models import RecordKind
from tests.fixtures.cli import Cli
from tests.fixtures.server import LiveServer
from tests.fixtures.skp import IND_VISITS, SKP_ID, skp_fields
from tests.unit.server import dataset

RHK_NOTE = "Cakupan kunjungan rumah naik; pertahankan."
VALUE_NOTE = "Laporan selalu tepat waktu dengan bukti yang sah."
LOG_NOTE = "Foto kunjungan 16 November jelas dan lengkap."
GENERAL_NOTE = "Triwulan ini pelayanan Anda konsisten."


def _pdf_text(url: str, nip: str, period: str) -> str:
    with httpx.Client(base_url=url) as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"nip": dataset.ADMIN_DINKES, "password": dataset.PASSWORD},
        )
        assert login.status_code == 200, login.text
        answer = client.get(
            f"/api/v1/reports/evaluation/{nip}",
            params={"period": period},
            headers={"authorization": f"Bearer {login.json()['token']}"},
        )
    assert answer.status_code == 200, answer.text
    pages = PdfReader(io.BytesIO(answer.content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_feedback_reaches_what_it_is_about(live_server: LiveServer, tmp_path: pathlib.Path) -> None:
    url = live_server.base_url
    phone, boss = Cli(tmp_path / "phone"), Cli(tmp_path / "boss")
    for cli, nip in ((phone, dataset.NURSE), (boss, dataset.KAPUS)):
        cli.run("login", "--server", url, "--nip", nip, "--password", dataset.PASSWORD)
    with Device(phone.home) as device:  # her SKP, drafted on the phone and submitted
        fields = skp_fields(dataset.NURSE, dataset.KAPUS) | {"status": "diajukan"}
        device.ctx.save(RecordKind.SKP, SKP_ID, dataset.NURSE, fields)
    entry = phone.json(
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
    )
    phone.run("sync")
    boss.run("sync")
    boss.run("skp", "approve", "--nip", dataset.NURSE)

    # per RHK (its id's first characters), per value, on her entry, and in general
    nip = ("--nip", dataset.NURSE)
    rhk = boss.json("feedback", *nip, "--text", RHK_NOTE, "--rhk", "rhk-kun")
    value = boss.json("feedback", *nip, "--text", VALUE_NOTE, "--value", "akuntabel")
    log = boss.json("feedback", *nip, "--text", LOG_NOTE, "--log", entry["id"][:12])
    general = boss.json(
        "feedback", *nip, "--text", GENERAL_NOTE, "--period", "2026-T4", "--kind", "dialog_kinerja"
    )
    assert rhk["about_rhk_id"] == "rhk-kunjungan"
    assert value["about_value"] == "akuntabel"
    assert log["related_log_id"] == entry["id"]
    # no --period: the triwulan of the entry's day, else of today (3 December 2026)
    assert {n["period_code"] for n in (rhk, value, log, general)} == {"2026-T4"}

    # refused on the device with exit 2, saying what is wrong
    for args, words in (
        (("--rhk", "rhk-palsu"), "--rhk 'rhk-palsu' bukan RHK di SKP 2026"),
        (("--value", "jujur"), "nilai BerAKHLAK 'jujur' tidak dikenal"),
        (("--rhk", "rhk-kunjungan", "--period", "2025-T4"), "SKP 2025 pegawai NIP"),
    ):
        code, _, err = boss.run("feedback", *nip, "--text", "x", *args, ok=False)
        assert code == 2, args
        assert words in err, err
    code, _, err = boss.run(
        "feedback", "--nip", dataset.NURSE2, "--text", "x", "--log", entry["id"], ok=False
    )
    assert code == 2
    assert f"bukan milik pegawai NIP {dataset.NURSE2}" in err
    boss.run("sync")
    assert boss.json("status")["pending_changes"] == 0  # the server took every note
    phone.run("sync")

    # her phone shows each note where it is about
    with Device(phone.home) as device:
        skp = skp_with_notes(device, 2026)
        assert skp is not None
        assert [n["text"] for n in skp.notes["rhk"]["rhk-kunjungan"]] == [RHK_NOTE]
        assert [n["text"] for n in skp.notes["value"]["akuntabel"]] == [VALUE_NOTE]
        card = next(e for e in reads.entries(device) if e.id == entry["id"])
        assert card.feedback == [LOG_NOTE]
        listed = {f.text: f for f in reads.feedback_view(device, device.ctx.today()).feedback}
        assert listed[LOG_NOTE].log_date == "2026-11-16"
        assert listed[RHK_NOTE].rhk == "Meningkatnya cakupan kunjungan rumah"

    # the Dokumen Evaluasi of Triwulan IV prints each in its place
    text = _pdf_text(url, dataset.NURSE, "2026-T4")
    hasil = text[text.index("HASIL KERJA") : text.index("RATING HASIL KERJA")]
    assert RHK_NOTE in hasil
    assert LOG_NOTE in hasil
    perilaku = text[text.index("PERILAKU KERJA") : text.index("RATING PERILAKU KERJA")]
    assert VALUE_NOTE in perilaku
    general_block = text[text.index("UMPAN BALIK BERKELANJUTAN (UMUM)") :]
    assert f"Dialog Kinerja: {GENERAL_NOTE}" in general_block
