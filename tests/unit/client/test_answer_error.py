"""One contract per boundary: the device and HR's client decode the server's own answer types
(``shared_models.wire``) and read an error answer with one mapping
(``client.transport.answer_error``), in one wording."""

from __future__ import annotations

import httpx
import msgspec
import pytest

import client.hr_api as hr_api
import client.transport as transport
import server.http_errors as http_errors
import server.messages as messages
import server.reports as reports
import server.reports.csv_rows as csv_rows
from client.errors import UpdateRequiredError
from client.hr_api import HrApi, HrError
from client.transport import NetworkError, ServerAnswerError, Transport, answer_error
from server.reports.distribution import PersonRow as SpreadPerson
from server.reports.distribution import PredikatCount as SpreadCount
from server.reports.distribution import ViolationRow as SpreadViolation
from shared_models import wire

URL = "http://kinerja.test"


def test_both_sides_speak_the_same_types() -> None:
    assert transport.SessionInfo is messages.SessionAnswer is wire.SessionAnswer
    assert http_errors.ErrorBody is wire.ErrorBody
    assert hr_api.Dashboard is reports.Dashboard is wire.Dashboard
    assert hr_api.DashboardRow is wire.DashboardRow
    assert hr_api.SkpCounts is wire.SkpCounts
    assert hr_api.PersonRow is SpreadPerson is wire.PersonRow
    assert hr_api.ImportResult is reports.ImportResult is wire.ImportResult
    assert hr_api.RowError is csv_rows.RowError is wire.RowError
    assert hr_api.AuditEntry is wire.AuditEntry
    assert hr_api.AuditPage is wire.AuditPage
    assert hr_api.DeviceRow is wire.DeviceRow
    assert hr_api.DeviceList is wire.DeviceList
    assert hr_api.Distribution is reports.DistributionReport is wire.DistributionReport
    assert hr_api.PredikatCount is SpreadCount is wire.PredikatCount
    assert hr_api.Violation is SpreadViolation is wire.ViolationRow


def _answer(status: int, body: object = None, **kwargs: object) -> httpx.Response:
    request = httpx.Request("GET", f"{URL}/api/v1/x")
    if body is None:
        return httpx.Response(status, request=request, **kwargs)  # type: ignore[arg-type]
    return httpx.Response(status, json=body, request=request)


def test_a_refusal_keeps_the_servers_code_message_and_data() -> None:
    err = answer_error(
        _answer(
            400,
            {
                "code": "bad_request",
                "message": "Berkas CSV berisi baris yang salah.",
                "field": "baris 3",
                "errors": [{"line": 3, "column": "nip", "message": "NIP harus 18 digit"}],
                "retry_with": "partial",
            },
        )
    )
    assert isinstance(err, ServerAnswerError)
    assert (err.status, err.code, err.message) == (
        400,
        "bad_request",
        "Berkas CSV berisi baris yang salah.",
    )
    assert err.field == "baris 3"
    assert err.rows == [wire.RowError(line=3, column="nip", message="NIP harus 18 digit")]
    assert err.retry_with == "partial"
    assert err.extra["retry_with"] == "partial"


def test_evidence_data_travels_in_extra() -> None:
    body = {"code": "conflict", "message": "Unggahan harus dilanjutkan.", "received": 7}
    err = answer_error(_answer(409, body))
    assert isinstance(err, ServerAnswerError)
    assert err.extra == {"received": 7}
    assert (err.field, err.rows, err.retry_with) == ("", [], "")


def test_a_body_that_is_not_the_servers_is_read_by_its_status() -> None:
    err = answer_error(_answer(404, content=b"<html>not here</html>"))
    assert isinstance(err, ServerAnswerError)
    assert (err.code, err.message) == ("http_404", "Server menolak permintaan (HTTP 404).")
    msgpack = httpx.Response(
        403,
        content=msgspec.msgpack.encode({"code": "forbidden", "message": "Tidak berhak."}),
        headers={"content-type": "application/msgpack"},
    )
    err = answer_error(msgpack)
    assert isinstance(err, ServerAnswerError)
    assert (err.code, err.message) == ("forbidden", "Tidak berhak.")


def test_busy_broken_and_outdated_servers() -> None:
    broken = answer_error(_answer(503, {"code": "server_error", "message": "x"}))
    assert isinstance(broken, NetworkError)
    assert (str(broken), broken.status) == ("server sedang bermasalah (HTTP 503)", 503)
    busy = answer_error(_answer(429, {"code": "too_many_requests", "message": "x"}))
    assert isinstance(busy, NetworkError)
    assert str(busy) == "server sedang sibuk (HTTP 429)"
    assert isinstance(
        answer_error(_answer(426, {"code": "x", "message": "y"})), UpdateRequiredError
    )
    outdated = {"code": "protocol_outdated", "message": "Perbarui."}
    assert isinstance(answer_error(_answer(400, outdated)), UpdateRequiredError)


@pytest.mark.parametrize("status", [500, 502])
def test_the_device_and_hr_word_a_broken_server_alike(status: int) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="boom")

    with (
        Transport(URL, token="t", transport=httpx.MockTransport(broken)) as device,
        pytest.raises(NetworkError) as on_device,
    ):
        device.me()
    hr = HrApi(URL, "t", transport=httpx.MockTransport(broken))
    with pytest.raises(HrError) as on_hr:
        hr.periods()
    assert str(on_device.value) == f"server sedang bermasalah (HTTP {status})"
    assert on_hr.value.message == (
        f"Server sedang bermasalah (HTTP {status}); coba lagi sebentar lagi."
    )
    assert (on_hr.value.status, on_hr.value.code) == (status, f"http_{status}")


def test_the_device_and_hr_read_a_refusal_alike() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"code": "not_found", "message": "Unit tidak ada."})

    with (
        Transport(URL, token="t", transport=httpx.MockTransport(refuse)) as device,
        pytest.raises(ServerAnswerError) as on_device,
    ):
        device.me()
    hr = HrApi(URL, "t", transport=httpx.MockTransport(refuse))
    with pytest.raises(HrError) as on_hr:
        hr.periods()
    assert (on_device.value.code, on_device.value.message) == ("not_found", "Unit tidak ada.")
    assert (on_hr.value.code, on_hr.value.message) == ("not_found", "Unit tidak ada.")


def test_hr_reads_an_expired_session_as_signing_in_again_but_a_revoked_device_as_is() -> None:
    def answer_with(code: str) -> httpx.MockTransport:
        return httpx.MockTransport(
            lambda request: httpx.Response(401, json={"code": code, "message": "Dicabut."})
        )

    with pytest.raises(HrError, match="Keluar lalu masuk lagi"):
        HrApi(URL, "t", transport=answer_with("token_expired")).periods()
    with pytest.raises(HrError, match=r"^Dicabut\.$"):
        HrApi(URL, "t", transport=answer_with("device_revoked")).periods()
