"""Screen logic that needs no browser: reminders, navigation, conflicts and predikat in words,
the loopback rule of ``kinerja app``, evidence staging, and the per-session state."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from client.ui.common.app_state import AppState
from client.ui.pegawai.conflicts_screen import describe
from client.ui.pegawai.evidence import Picked, stage, unstage
from client.ui.pegawai.feedback_screen import explain
from client.ui.pegawai.guide_text import GUIDE
from client.ui.pegawai.reads import reminders
from client.ui.run import is_loopback, run_app
from client.ui.shell import nav_index
from kinerja.cli import main
from shared_models import Predikat, Rating

TODAY = dt.date(2026, 5, 20)


def test_reminders_count_days_without_an_entry() -> None:
    assert reminders(TODAY, ["2026-05-17", "2026-05-01"], 0, []) == [
        ("remind.days_without", {"n": 3})
    ]
    assert reminders(TODAY, ["2026-05-19"], 0, []) == []
    assert reminders(TODAY, ["2025-12-30"], 2, ["2026-T1"]) == [
        ("remind.conflicts", {"n": 2}),
        ("remind.never", {}),
        ("remind.assess", {"period": "Triwulan I 2026", "code": "2026-T1"}),
    ]


@pytest.mark.parametrize(
    ("route", "index"),
    [
        ("/", 0),
        ("/skp", 1),
        ("/catat", 2),
        ("/catat/0190-abc", 2),
        ("/penilaian", 3),
        ("/umpan-balik", 4),
        ("/konflik", 4),
        ("/panduan", 4),
        ("/catatan", 4),
    ],
)
def test_each_route_highlights_its_section(route: str, index: int) -> None:
    assert nav_index(route) == index


def test_conflict_versions_in_words() -> None:
    assert describe("id", {"value": 5.0, "description": "Kunjungan"}) == [
        "Uraian: Kunjungan",
        "Realisasi: 5",
    ]
    assert describe("en", {"value": 2.5}) == ["Realised: 2.5"]
    assert describe("id", {"_deleted": True}) == ["(dihapus)"]


def test_predikat_is_explained_from_the_quadrant() -> None:
    text = explain("id", Rating.SESUAI_EKSPEKTASI, Rating.DI_ATAS_EKSPEKTASI, Predikat.BAIK)
    assert text == (
        "Hasil kerja Sesuai Ekspektasi dan perilaku kerja Di Atas Ekspektasi bertemu di kotak "
        "'Baik' pada kuadran."
    )
    assert explain("id", Rating.SESUAI_EKSPEKTASI, None, None) == ""


def test_the_guide_has_the_same_sections_in_both_languages() -> None:
    assert len(GUIDE["id"]) == len(GUIDE["en"]) == 5
    assert any("kuadran" in title for title, _ in GUIDE["id"])
    assert any("distribusi" in title for title, _ in GUIDE["id"])


@pytest.mark.parametrize(
    ("host", "ok"), [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False)]
)
def test_only_loopback_is_served(host: str, ok: bool) -> None:
    assert is_loopback(host) is ok


def test_run_app_and_the_cli_refuse_a_network_address(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match="loopback"):
        run_app(tmp_path, None, "0.0.0.0", 8550)
    assert main(["app", "--home", str(tmp_path), "--host", "192.168.1.5"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_picked_bytes_are_staged_and_removed(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "tmp"
    paths = stage(
        folder, [Picked("foto kunjungan.png", b"\x89PNG"), Picked("x.pdf", path="/p/x.pdf")]
    )
    assert paths[0].parent == folder
    assert paths[0].read_bytes() == b"\x89PNG"
    assert " " not in paths[0].name
    assert paths[1] == pathlib.Path("/p/x.pdf")
    unstage(folder, paths)
    assert not paths[0].exists()


def test_app_state_is_per_instance_and_changes_through_methods() -> None:
    one, two = AppState(), AppState()
    one.sign_in("198702042009021536", "Rudi", "http://127.0.0.1:8765")
    one.toggle_lang()
    assert one.signed_in
    assert one.lang == "en"
    assert not two.signed_in
    assert two.lang == "id"
    version = one.data_version
    one.data_changed()
    assert one.data_version == version + 1
    one.notify_user("Tersimpan")
    one.sign_out()
    assert not one.signed_in
    assert one.notice == "Tersimpan"
