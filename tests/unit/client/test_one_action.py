"""Every device operation is one transaction: a user action that writes two records writes both
or neither. The store is the real SQLite file; a write is made to fail by the database itself (a
trigger that refuses it, as a full disk or a constraint would) or by validation."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from typing import Any

import pytest

from client import Device, InvalidInputError
from client.ops import writes
from client.store import SYNCED, Store, open_connection
from shared_models import RecordKind, make_nip
from sync.records import Record
from tests.unit.client.conftest import IND, NIP, SKP_ID

SUB = make_nip(dt.date(1996, 2, 3), 2021, 3, 2, 7)
"""A nurse whose supervisor of record is the signed-in user."""
LOG_ID = "0190a000-0000-7000-8000-0000000000c1"


def _synced(kind: str, record_id: str, owner: str, fields: dict[str, Any]) -> Record:
    return Record(
        kind=kind, id=record_id, owner=owner, fields=fields, vv={"s0": 1}, hlc=1, author="s0"
    )


def _team_with_a_log(store: Store) -> None:
    employee = {"nip": SUB, "name": "Sari", "supervisor_nip": NIP, "active": True}
    log = {
        "employee_nip": SUB,
        "skp_id": SKP_ID,
        "indicator_id": IND,
        "date": "2026-11-20",
        "value": 2.0,
        "unit": "kunjungan",
        "description": "Kunjungan rumah pasien hipertensi",
        "evidence": [],
    }
    with store.transaction():
        store.records.put(
            _synced("employee", "0190a000-0000-7000-8000-0000000000e1", "", employee), SYNCED
        )
        store.records.put(_synced("progress_log", LOG_ID, SUB, log), SYNCED)


def _refuse(store: Store, name: str, when: str, event: str = "INSERT") -> None:
    """The database refuses the matching write of a record (a TEMP trigger: this connection)."""
    store.conn.execute(
        f"CREATE TEMP TRIGGER {name} BEFORE {event} ON records WHEN {when} "
        "BEGIN SELECT RAISE(ABORT, 'penyimpanan gagal'); END"
    )


def _pending(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT record_id FROM outbox ORDER BY record_id")]


def test_a_comment_whose_feedback_note_fails_is_not_saved_either(device: Device) -> None:
    store = device.ctx.store
    _team_with_a_log(store)
    counter = store.meta.get("counter", 0)
    _refuse(store, "no_feedback", "NEW.kind = 'feedback'")
    with pytest.raises(sqlite3.IntegrityError, match="penyimpanan gagal"):
        device.comment_log(LOG_ID, "Foto jelas, lanjutkan", acknowledge=True)
    log = store.records.get(LOG_ID)
    assert log is not None
    assert "supervisor_comment" not in log.fields
    assert "acknowledged_by" not in log.fields
    assert store.records.state(LOG_ID) == SYNCED
    assert _pending(store) == []
    assert store.records.of_kind(RecordKind.FEEDBACK) == []
    assert store.meta.get("counter", 0) == counter  # not even a version number was used up

    store.conn.execute("DROP TRIGGER no_feedback")
    view = device.comment_log(LOG_ID, "Foto jelas, lanjutkan", acknowledge=True)
    assert view.supervisor_comment == "Foto jelas, lanjutkan"
    (note,) = store.records.of_kind(RecordKind.FEEDBACK)
    assert note.fields["related_log_id"] == LOG_ID
    assert _pending(store) == sorted([LOG_ID, note.id])


def test_a_self_assessment_whose_reflection_is_refused_is_not_submitted(device: Device) -> None:
    store = device.ctx.store
    too_long = "refleksi " * 500  # 4,500 characters: more than a reflection may hold
    with pytest.raises(InvalidInputError):
        writes.save_assessment(
            device,
            "2026-T4",
            rating="sesuai_ekspektasi",
            reflection="Target kunjungan tercapai",
            perilaku={"berorientasi_pelayanan": ("sesuai_ekspektasi", too_long)},
            submit=True,
        )
    assert store.records.of_kind(RecordKind.SELF_ASSESSMENT) == []
    assert _pending(store) == []
    saved = writes.save_assessment(
        device,
        "2026-T4",
        rating="sesuai_ekspektasi",
        reflection="Target kunjungan tercapai",
        perilaku={"berorientasi_pelayanan": ("sesuai_ekspektasi", "Ramah kepada pasien")},
        submit=True,
    )
    (record,) = store.records.of_kind(RecordKind.SELF_ASSESSMENT)
    assert record.fields["submitted"] is True
    assert record.fields["perilaku"][0]["reflection"] == "Ramah kepada pasien"
    assert _pending(store) == [saved["id"]]


def test_a_rating_whose_finalization_fails_is_not_saved_either(device: Device) -> None:
    store = device.ctx.store
    _team_with_a_log(store)
    _refuse(
        store,
        "no_final",
        "NEW.kind = 'appraisal' AND json_extract(NEW.fields, '$.status') = 'final'",
        event="UPDATE",
    )
    rating = {"hasil_kerja": "di_atas_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Baik"}
    with pytest.raises(sqlite3.IntegrityError, match="penyimpanan gagal"):
        writes.save_rating(device, SUB, "2026-T4", **rating, final=True)
    assert store.records.of_kind(RecordKind.APPRAISAL) == []
    assert _pending(store) == []

    store.conn.execute("DROP TRIGGER no_final")
    done = writes.save_rating(device, SUB, "2026-T4", **rating, final=True)
    (appraisal,) = store.records.of_kind(RecordKind.APPRAISAL)
    assert (done["status"], appraisal.fields["status"]) == ("final", "final")
    assert _pending(store) == [appraisal.id]


def test_a_failed_part_of_an_action_is_undone_and_the_rest_commits_together(
    device: Device,
) -> None:
    ctx = device.ctx
    _team_with_a_log(ctx.store)
    _refuse(ctx.store, "no_feedback", "NEW.kind = 'feedback'")

    def comment_and_note() -> None:
        with ctx.action():
            ctx.save(RecordKind.PROGRESS_LOG, LOG_ID, SUB, {**_log(ctx.store), "value": 4.0})
            ctx.save(RecordKind.FEEDBACK, ctx.new_id(), SUB, _note())

    with ctx.action():
        ctx.save(RecordKind.PROGRESS_LOG, LOG_ID, SUB, {**_log(ctx.store), "value": 3.0})
        with pytest.raises(sqlite3.IntegrityError):
            comment_and_note()
        # nothing is committed while the outer action runs: another connection sees the old log
        with closing(open_connection(ctx.store.path, ctx.store.key)) as other:
            (fields,) = other.execute(
                "SELECT fields FROM records WHERE id = ?", [LOG_ID]
            ).fetchone()
        assert '"value":2.0' in fields.replace(" ", "")
    assert _log(ctx.store)["value"] == 3.0  # the inner part is undone, the outer one kept
    assert _pending(ctx.store) == [LOG_ID]


def _log(store: Store) -> dict[str, Any]:
    record = store.records.get(LOG_ID)
    assert record is not None
    return dict(record.fields)


def _note() -> dict[str, Any]:
    return {"employee_nip": SUB, "author_nip": NIP, "text": "Lanjutkan", "kind": "umpan_balik"}
