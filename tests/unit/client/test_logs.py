"""Progress logs on the device: saved at once with their outbox entry; bad input says what to
fix and writes nothing."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from client import Device, InvalidInputError
from tests.unit.client.conftest import IND, JPEG, PDF, PNG, WEBP


def entry(**over: Any) -> dict[str, Any]:
    return {"indicator": IND, "date": "2026-11-20", "value": 3, "note": "Kunjungan rumah"} | over


def counts(device: Device) -> tuple[int, int, int]:
    store = device.ctx.store
    files = list(device.ctx.evidence_dir.rglob("*")) if device.ctx.evidence_dir.exists() else []
    return store.records.count(), store.outbox.count(), len([f for f in files if f.is_file()])


def test_add_saves_the_record_and_its_outbox_entry(device: Device, tmp_path: pathlib.Path) -> None:
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(JPEG)
    view = device.add_log(entry(start="08:00", end="09:30", evidence=[photo]))
    assert view.unit == "kunjungan"
    assert view.sync_state == "pending"
    assert view.evidence[0].status == "belum_terunggah"
    pending = device.ctx.store.outbox.get(view.id)
    assert pending is not None
    assert pending.change.vv == {"d1": 1}
    assert "value" in pending.change.changed
    assert device.skp().rhk[0].indicators[0].realised == 3


@pytest.mark.parametrize("content", [JPEG, PNG, PDF, WEBP])
def test_accepted_evidence_types(device: Device, tmp_path: pathlib.Path, content: bytes) -> None:
    path = tmp_path / "bukti.bin"
    path.write_bytes(content)
    device.add_log(entry(evidence=[path]))
    assert counts(device)[2] == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"indicator": "tidak-ada"}, "indikator 'tidak-ada' tidak ada di SKP Anda"),
        ({"date": "2025-12-31"}, "di luar periode SKP"),
        ({"date": "2026-08-01"}, "sudah ditutup"),
        ({"date": "2026-12-01"}, "belum terjadi"),
        ({"date": "20-11-2026"}, "YYYY-MM-DD"),
        ({"value": -1}, "tidak boleh negatif"),
        ({"value": "tiga"}, "bukan angka"),
        ({"start": "10:00"}, "jam mulai dan jam selesai"),
        ({"start": "10:00", "end": "09:00"}, "harus setelah jam mulai"),
        ({"note": "  "}, "uraian kegiatan wajib"),
        ({"evidence": ["/tidak/ada.jpg"]}, "tidak ditemukan"),
    ],
)
def test_bad_input_says_what_to_fix_and_writes_nothing(
    device: Device, over: dict[str, Any], message: str
) -> None:
    before = counts(device)
    with pytest.raises(InvalidInputError, match=message):
        device.add_log(entry(**over))
    assert counts(device) == before


def test_a_file_that_is_not_an_image_or_pdf_is_refused(
    device: Device, tmp_path: pathlib.Path
) -> None:
    text = tmp_path / "catatan.jpg"
    text.write_text("bukan foto")
    good = tmp_path / "foto.jpg"
    good.write_bytes(JPEG)
    before = counts(device)
    with pytest.raises(InvalidInputError, match=r"bukan foto .* atau dokumen PDF"):
        device.add_log(entry(evidence=[good, text]))
    assert counts(device) == before


def test_edits_before_sync_coalesce_into_one_outbox_entry(device: Device) -> None:
    view = device.add_log(entry())
    device.edit_log(view.id[:8], {"value": 5})
    device.edit_log(view.id, {"note": "Kunjungan rumah lansia"})
    store = device.ctx.store
    assert store.outbox.count() == 1
    pending = store.outbox.get(view.id)
    assert pending is not None
    assert pending.revision == 3
    assert pending.change.base_vv == {}
    assert pending.change.vv == {"d1": 3}
    assert pending.change.fields["value"] == 5
    assert {"value", "description", "date"} <= set(pending.change.changed)


def test_deleting_a_log_the_server_never_saw_leaves_nothing(device: Device) -> None:
    view = device.add_log(entry())
    device.delete_log(view.id)
    assert device.list_logs() == []
    assert device.ctx.store.outbox.count() == 0


def test_another_persons_log_cannot_be_edited(device: Device) -> None:
    from client.store import SYNCED
    from sync.records import Record

    other = Record(
        kind="progress_log",
        id="0190a000-0000-7000-8000-00000000ffff",
        owner="1" * 18,
        fields={},
        vv={"s0": 1},
        hlc=1,
        author="s0",
    )
    with device.ctx.store.transaction():
        device.ctx.store.records.put(other, SYNCED)
    with pytest.raises(InvalidInputError, match="milik pegawai lain"):
        device.edit_log(other.id, {"value": 1})


def test_a_record_with_a_higher_entry_of_this_device_is_still_editable(device: Device) -> None:
    """A store restored from a backup (or a vector the server once kept) holds this device's
    entry above its counter: the edit jumps past it instead of failing with a regression."""
    import msgspec

    from client.store import SYNCED

    view = device.add_log(entry())
    store = device.ctx.store
    record = store.records.get(view.id)
    assert record is not None
    with store.transaction():
        store.outbox.remove(view.id)
        store.records.put(msgspec.structs.replace(record, vv={"d1": 1_000_000, "s0": 1}), SYNCED)
    device.edit_log(view.id, {"value": 7})
    pending = store.outbox.get(view.id)
    assert pending is not None
    assert pending.change.vv["d1"] == 1_000_001
    assert device.add_log(entry()).id != view.id  # later edits keep counting from there
    newest = store.outbox.get(device.list_logs()[-1].id)
    assert newest is not None
    assert newest.change.vv["d1"] > 1_000_001


def test_the_device_refuses_a_day_in_the_servers_words(device: Device) -> None:
    """The device runs the server's rule (shared_models.record_rules) on its own copy."""
    import datetime as dt

    from client.ops.rule_facts import DeviceFacts
    from shared_models.record_rules import log_day_problem

    expected = log_day_problem(device.ctx.nip, dt.date(2026, 8, 10), DeviceFacts(device.ctx))
    assert expected is not None
    with pytest.raises(InvalidInputError) as err:
        device.add_log(entry(date="2026-08-10"))
    assert str(err.value) == expected.message
    assert "Triwulan III 2026" in expected.message
