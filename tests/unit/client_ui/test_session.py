"""AppSession against a real device store and a mock server: sign-in resumed, saves counted,
the automatic sync only when the server answers, and the sync bar told why a run failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from client import Device
from client.ops import writes
from client.ui.pegawai import reads
from client.ui.session import AppSession, SessionConfig
from tests.unit.client.conftest import IND, NOW, Server, device, server  # noqa: F401 - fixtures

TODAY = dt.datetime.fromtimestamp(NOW / 1000, dt.UTC).date()


@pytest.fixture
def session(device: Device, server: Server) -> Iterator[AppSession]:  # noqa: F811
    probes: list[str] = []

    def probe(url: str, _timeout: float) -> bool:
        probes.append(url)
        return not server.down

    app = AppSession(
        device.home.root,
        "http://kinerja.test",
        config=SessionConfig(probe_seconds=0.01),
        device=device,
        probe=probe,
    )
    yield app
    app.close()


def _entry(note: str) -> dict[str, object]:
    return {"indicator": IND, "date": TODAY.isoformat(), "value": 2, "note": note}


async def test_resume_the_signed_in_user(session: AppSession) -> None:
    assert await session.resume()
    assert session.state.signed_in
    assert session.state.name == "Dewi Rahayu"
    assert session.server_url == "http://kinerja.test"


async def test_saves_are_counted_and_shown_as_waiting(
    session: AppSession,
    server: Server,  # noqa: F811
) -> None:
    await session.resume()
    server.down = True
    for n in range(3):
        await session.call(session.device.add_log, _entry(f"kunjungan {n}"))
    await session.saved()
    assert session.sync.pending == 3
    await session.tick()  # the server does not answer: no sync, the bar says offline
    assert session.sync.online is False
    assert not session.sync.running
    view = await session.call(reads.beranda_view, session.device, TODAY)
    assert [e.sync_state for e in view.today] == ["pending"] * 3
    assert view.names[IND] == "Jumlah kunjungan"


async def test_a_failed_run_tells_the_bar_why(
    session: AppSession,
    server: Server,  # noqa: F811
) -> None:
    await session.resume()
    server.down = True
    await session.call(session.device.add_log, _entry("kunjungan"))
    report = await session.sync_now()
    assert report is not None
    assert report.outcome == "offline"
    assert "Server tidak terjangkau" in session.sync.error_text("id")
    assert session.sync.online is False


async def test_self_assessment_with_a_reflection_per_value(session: AppSession) -> None:
    await session.resume()
    await session.call(session.device.add_log, _entry("kunjungan"))
    saved = await session.call(
        writes.save_assessment,
        session.device,
        "2026-T4",
        rating="sesuai_ekspektasi",
        reflection="Sesuai jadwal",
        perilaku={"akuntabel": ("di_atas_ekspektasi", "Laporan tepat waktu"), "adaptif": ("", "")},
        submit=True,
    )
    assert saved["submitted"] is True
    assert saved["perilaku"] == [
        {"value": "akuntabel", "rating": "di_atas_ekspektasi", "reflection": "Laporan tepat waktu"}
    ]
    view = await session.call(reads.assessment_view, session.device, "2026-T4")
    assert view.indicators[0].period_realised == 2.0
    assert view.existing is not None
    assert view.existing["hasil_kerja_reflection"] == "Sesuai jadwal"


async def test_logout_keeps_the_data_and_signs_out(session: AppSession) -> None:
    await session.resume()
    await session.logout()
    assert not session.state.signed_in
    assert not await session.resume()
