"""The sync bar's state: counts, progress, and a plain-language message for every outcome."""

from __future__ import annotations

import pytest

from client.ops.view_models import DeviceStatus
from client.syncing import SyncProgress, SyncReport
from client.ui.common.sync_state import SyncState

NOW = 1_800_000_000_000


def _status() -> DeviceStatus:
    return DeviceStatus(
        nip="198702042009021536",
        name="Rudi Wahyu Saputra",
        roles=["pegawai"],
        server="http://127.0.0.1:8765",
        device_id="dev-1",
        pending_changes=3,
        unanswered_batch=False,
        open_conflicts=0,
        records=12,
        evidence_to_upload=3,
        evidence_to_download=0,
        last_sync="2027-01-15T08:00:00Z",
        cursor=40,
        sync_blocked=None,
    )


def test_offline_summary_reads_like_the_issue_says() -> None:
    state = SyncState()
    state.set_status(_status())
    state.set_online(False)
    assert state.last_sync_ms is not None
    text = state.summary("id", state.last_sync_ms + 5 * 60_000)
    assert text == "Luring · 3 menunggu sinkron · Tersinkron 5 menit lalu"
    assert state.summary("en", state.last_sync_ms + 5 * 60_000) == (
        "Offline · 3 waiting to sync · Synced 5 min ago"
    )


def test_unknown_connection_and_never_synced() -> None:
    state = SyncState()
    assert state.summary("id", NOW) == (
        "Memeriksa sambungan · Semua terkirim · Belum pernah tersinkron"
    )


def test_the_bar_moves_only_on_reported_progress() -> None:
    state = SyncState()
    state.begin(upload_total=1000)
    assert state.running
    assert state.progress == 0.0
    state.on_progress(SyncProgress(phase="start", pending=3))
    assert state.progress == 0.02
    state.on_progress(SyncProgress(phase="upload", bytes_sent=500, pending=3))
    assert state.progress == pytest.approx(0.21)
    assert "Mengunggah bukti" in state.summary("id", NOW)
    # a retry (a server that does not answer) moves nothing
    state.on_progress(SyncProgress(phase="retry", bytes_sent=500, pending=3))
    assert state.progress == pytest.approx(0.21)
    state.on_progress(SyncProgress(phase="push", pushed=1, pending=3))
    assert state.progress == pytest.approx(0.4 + 0.3 * 1 / 4)
    state.on_progress(SyncProgress(phase="push", pushed=4, pending=0))
    assert state.progress == pytest.approx(0.7)
    pulled = []
    for _ in range(3):
        state.on_progress(SyncProgress(phase="pull", pushed=4, pending=0))
        pulled.append(state.progress)
    assert 0.7 < pulled[0] < pulled[1] < pulled[2] < 0.95
    state.on_progress(SyncProgress(phase="done"))
    assert state.progress == 1.0


def test_cancel_lets_go_at_once_and_says_when_it_tries_again() -> None:
    state = SyncState()
    state.set_online(True)
    state.begin(0)
    state.on_progress(SyncProgress(phase="start", pending=2))
    state.cancel(retry_at_ms=NOW + 12_500)
    assert not state.running
    assert "dibatalkan" in state.error_text("id")
    assert "Mencoba lagi dalam 13 dtk" in state.summary("id", NOW)
    assert "Mencoba lagi dalam 1 dtk" in state.summary("id", NOW + 12_400)
    assert "Trying again in 13 s" in state.summary("en", NOW)
    # the cancelled run's late progress does not bring the bar back
    state.on_progress(SyncProgress(phase="pull", pending=2))
    assert not state.running
    assert state.progress == 0.0


def test_offline_says_when_the_next_try_is_and_a_refusal_does_not() -> None:
    state = SyncState()
    state.plan_retry(NOW + 15_000)
    assert "Mencoba lagi" not in state.summary("id", NOW)  # online unknown, no failure
    state.set_online(False)
    assert "Mencoba lagi dalam 15 dtk" in state.summary("id", NOW)
    state.set_online(True)
    state.fail("sync.err.refused", "ditolak")
    assert "Mencoba lagi" not in state.summary("id", NOW)
    state.plan_retry(None)
    state.set_online(False)
    assert "Mencoba lagi" not in state.summary("id", NOW)


def test_success_clears_the_error_and_marks_online() -> None:
    state = SyncState()
    state.fail("sync.err.offline")
    state.begin(0)
    state.finish(SyncReport(outcome="ok", message="Sinkronisasi selesai.", pending=0))
    assert state.online is True
    assert not state.running
    assert state.error_text("id") == ""


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("offline", "Server tidak terjangkau"),
        ("revoked", "dicabut oleh pengelola kepegawaian"),
        ("update_required", "Aplikasi perlu diperbarui"),
        ("signed_out", "Sesi perangkat berakhir"),
        ("refused", "Server menolak sinkronisasi: ditolak karena X"),
        ("cancelled", "Sinkronisasi dibatalkan"),
    ],
)
def test_every_failure_has_a_plain_message(outcome: str, words: str) -> None:
    state = SyncState()
    state.begin(0)
    state.finish(SyncReport(outcome=outcome, message="ditolak karena X"))  # type: ignore[arg-type]
    assert words in state.error_text("id")
    assert state.error_text("en")


def test_update_required_blocks_automatic_sync_and_offline_marks_offline() -> None:
    state = SyncState()
    state.finish(SyncReport(outcome="update_required", message="perbarui"))
    assert state.blocked == "update_required"
    state.finish(SyncReport(outcome="offline", message="x"))
    assert state.online is False
    state.set_online(True)
    assert state.error_text("id") == ""


def test_reset_during_a_run_says_changes_are_kept() -> None:
    state = SyncState()
    state.begin(0)
    state.on_progress(SyncProgress(phase="reset"))
    assert "Perubahan Anda tetap disimpan" in state.error_text("id")


def test_observers_hear_each_change() -> None:
    state = SyncState()
    heard: list[str | None] = []

    def listener(_sender: object, name: str | None) -> None:
        heard.append(name)

    state.subscribe(listener)
    state.set_online(True)
    assert "online" in heard
