"""``shared_models.wire``: the HTTP answers written once. The server encodes them and the client
decodes them, so these pin the wire format (field names, what is always sent, what is left out)."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from shared_models import wire


def test_public_api_is_pinned() -> None:
    assert wire.__all__ == sorted(wire.__all__)


def test_the_login_answer_carries_the_servers_replica_id() -> None:
    answer = wire.SessionAnswer(
        token="tok",
        device_id="d1",
        expires=2e9,
        expires_at="2033-05-18T03:33:20Z",
        nip="198702042009021536",
        roles=["pegawai"],
        server_replica_id="s7",
    )
    sent = msgspec.json.decode(msgspec.json.encode(answer))
    assert list(sent) == [
        "token",
        "device_id",
        "expires",
        "expires_at",
        "nip",
        "roles",
        "server_replica_id",
        "device_key",
        "must_change_password",
    ]
    assert msgspec.json.decode(msgspec.json.encode(answer), type=wire.SessionAnswer) == answer
    # no replica id of its own: an answer without the server's is refused, not read as "s0"
    del sent["server_replica_id"]
    with pytest.raises(msgspec.ValidationError, match="server_replica_id"):
        msgspec.convert(sent, wire.SessionAnswer)


def test_a_dashboard_round_trips_and_every_count_is_sent() -> None:
    row = wire.DashboardRow(
        id="opd-1",
        name="Dinas Kesehatan",
        level="opd",
        employees=3,
        skp=wire.SkpCounts(disetujui=2),
        logs_this_week=5,
        employees_logging_this_week=2,
        self_assessments_submitted=1,
        appraisals_final=0,
        devices_stale=1,
    )
    board = wire.Dashboard(
        level="city",
        id=None,
        name="Kota Semarang",
        today="2026-12-03",
        week_from="2026-11-30",
        week_to="2026-12-06",
        period="2026-T4",
        year=2026,
        stale_days=7,
        totals=row,
        rows=[row],
    )
    sent = msgspec.json.decode(msgspec.json.encode(board))
    assert sent["id"] is None
    assert sent["totals"]["skp"] == {
        "disetujui": 2,
        "diajukan": 0,
        "draft": 0,
        "dikembalikan": 0,
        "belum_ada": 0,
    }
    assert msgspec.convert(sent, wire.Dashboard) == board


def test_unknown_fields_from_a_newer_server_are_ignored() -> None:
    sent = {"line": 3, "column": None, "message": "NIP harus 18 digit", "hint": "baru"}
    assert msgspec.convert(sent, wire.RowError) == wire.RowError(
        line=3, column=None, message="NIP harus 18 digit"
    )


def test_a_refused_row_reads_as_words() -> None:
    assert str(wire.RowError(line=3, column="nip", message="NIP harus 18 digit")) == (
        "baris 3, kolom nip: NIP harus 18 digit"
    )
    assert str(wire.RowError(line=4, column=None, message="baris kosong")) == (
        "baris 4: baris kosong"
    )


def test_an_import_result_sends_its_refused_rows() -> None:
    result = wire.ImportResult(
        imported=1,
        created=1,
        updated=0,
        errors=[wire.RowError(line=2, column="kode", message="kode ganda")],
    )
    assert msgspec.json.decode(msgspec.json.encode(result)) == {
        "imported": 1,
        "created": 1,
        "updated": 0,
        "errors": [{"line": 2, "column": "kode", "message": "kode ganda"}],
    }


def test_a_person_row_has_no_awards_until_hr_records_one() -> None:
    sent = {
        "nip": "198702042009021536",
        "name": "Dewi Rahayu",
        "jabatan": "Perawat",
        "unit_id": "u1",
        "unit_name": "Puskesmas Kedungmundu",
        "predikat": "baik",
        "predikat_label": "Baik",
    }
    assert msgspec.convert(sent, wire.PersonRow).awards == []


def test_audit_pages_and_device_rows_decode_what_the_server_sends() -> None:
    page = msgspec.convert(
        {
            "entries": [
                {
                    "id": 9,
                    "at": "2026-12-03T01:00:00Z",
                    "nip": "198702042009021536",
                    "device_id": None,
                    "action": "export",
                    "record_kind": None,
                    "record_id": None,
                    "subject": None,
                    "detail": {"dataset": "completion"},
                }
            ],
            "next_before_id": None,
        },
        wire.AuditPage,
    )
    assert page.entries[0].detail == {"dataset": "completion"}
    device = msgspec.convert(
        {
            "id": "d1",
            "nip": "198702042009021536",
            "name": "Dewi Rahayu",
            "device_name": "HP Dewi",
            "unit_id": "u1",
            "unit_name": "Puskesmas Kedungmundu",
            "opd_id": "opd-1",
            "created_at": "2026-12-01T01:00:00Z",
            "last_seen_at": "2026-12-03T01:00:00Z",
            "days_since_contact": 0,
            "revoked": False,
        },
        wire.DeviceRow,
    )
    assert device.days_since_contact == 0


def test_an_error_body_leaves_out_what_the_error_does_not_have() -> None:
    body = wire.ErrorBody(code="not_found", message="Bukti belum terunggah.", received=0)
    assert msgspec.json.encode(body) == (
        b'{"code":"not_found","message":"Bukti belum terunggah.","received":0}'
    )
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"code":"Not Found","message":"x"}', type=wire.ErrorBody)


def test_the_spread_sends_its_percentages_as_decimal_strings() -> None:
    count = wire.PredikatCount(predikat="baik", label="Baik", count=1, percent=Decimal("33.3"))
    assert msgspec.json.encode(count) == (
        b'{"predikat":"baik","label":"Baik","count":1,"percent":"33.3"}'
    )
    sent = b'{"clause":"c","message":"m","count":4,"total":5,"actual_percent":"80.0",'
    sent += b'"bound_percent":null,"difference":1}'
    violation = msgspec.json.decode(sent, type=wire.ViolationRow)
    assert violation.actual_percent == Decimal("80.0")
    assert violation.bound_percent is None
