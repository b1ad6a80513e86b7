"""``sync.restore.rebase``: a copy sent again after a server restore becomes an ordinary change
that claims nothing its sender may not claim."""

from __future__ import annotations

from typing import Any

from sync import Change, Record, reconcile
from sync.policy import Relation
from sync.reconcile import Applied, Merged
from sync.restore import rebase

ME = "d7"


def _record(fields: dict[str, Any], vv: dict[str, int], deleted: bool = False) -> Record:
    return Record(
        kind="progress_log",
        id="r1",
        owner="n1",
        fields=fields,
        vv=vv,
        hlc=10,
        author="s0",
        deleted=deleted,
    )


def _copy(fields: dict[str, Any], vv: dict[str, int], deleted: bool = False) -> Change:
    return Change(
        kind="progress_log",
        id="r1",
        owner="n1",
        fields=fields,
        changed=sorted(fields),
        base_vv={},
        vv=vv,
        hlc=20,
        replica=ME,
        deleted=deleted,
        resend=True,
    )


def _all(name: str) -> bool:
    return name != "supervisor_comment"


def test_nothing_of_the_sender_is_missing_gives_none() -> None:
    stored = _record({"note": "a"}, {ME: 3, "s0": 5})
    # the copy holds a lost server entry and other content, but no newer edit of its own
    assert rebase(stored, _copy({"note": "b"}, {ME: 3, "s0": 9}), _all) is None
    assert rebase(None, _copy({"note": "b"}, {"d9": 2, "s0": 9}), _all) is None


def test_a_lost_edit_is_lowered_onto_the_stored_version_and_applies() -> None:
    stored = _record({"note": "a", "value": 1}, {ME: 3, "s0": 5})
    copy = _copy({"note": "b", "value": 1, "supervisor_comment": "x"}, {ME: 4, "s0": 6, "d9": 2})
    change = rebase(stored, copy, _all)
    assert change is not None
    assert change.base_vv == {ME: 3, "s0": 5}  # the lost s0:6 and the unknown d9 are gone
    assert change.vv == {ME: 4, "s0": 5}
    assert change.changed == ["note"]  # what differs and the sender may write
    assert not change.resend
    decision = reconcile(stored, change, relation=Relation.OWNER, server_replica="s0.x", now_hlc=30)
    assert isinstance(decision, Applied)
    assert decision.record.fields["note"] == "b"
    assert decision.record.vv == {ME: 4, "s0": 5, "s0.x": 1}


def test_a_record_the_server_lost_is_created_again() -> None:
    change = rebase(None, _copy({"note": "b"}, {ME: 2, "s0": 3}), _all)
    assert change is not None
    assert change.base_vv == {}
    assert change.vv == {ME: 2}
    assert change.changed == ["note"]


def test_a_lost_delete_is_a_delete_and_one_already_there_is_none() -> None:
    stored = _record({"note": "a"}, {ME: 3, "s0": 5})
    change = rebase(stored, _copy({}, {ME: 4, "s0": 6}, deleted=True), _all)
    assert change is not None
    assert change.deleted
    assert change.changed == []
    gone = _record({}, {ME: 3, "s0": 6}, deleted=True)
    assert rebase(gone, _copy({}, {ME: 4, "s0": 7}, deleted=True), _all) is None


def test_a_copy_concurrent_with_a_newer_edit_is_merged_not_overwritten() -> None:
    # after the restore someone else (d9) wrote the note; the lost copy's note loses to the
    # later edit by the policy and is kept as a conflict (I2)
    stored = _record({"note": "later"}, {ME: 3, "s0": 5, "d9": 1, "s0.x": 1})
    stored = Record(**{**_as_dict(stored), "hlc": 50, "field_clocks": {"note": (50, "d9", 1)}})
    change = rebase(stored, _copy({"note": "lost"}, {ME: 4, "s0": 6}), _all)
    assert change is not None
    decision = reconcile(stored, change, relation=Relation.OWNER, server_replica="s0.x", now_hlc=60)
    assert isinstance(decision, Merged)
    assert decision.record.fields["note"] == "later"
    assert [c.losing for c in decision.conflicts] == [{"note": "lost"}]


def test_fields_the_sender_may_not_write_are_left_out() -> None:
    stored = _record({"note": "a"}, {ME: 3})
    only_comment = _copy({"note": "a", "supervisor_comment": "x"}, {ME: 4})
    assert rebase(stored, only_comment, _all) is None


def _as_dict(record: Record) -> dict[str, Any]:
    return {f: getattr(record, f) for f in record.__struct_fields__}
