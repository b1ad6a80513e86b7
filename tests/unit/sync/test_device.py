from __future__ import annotations

from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given

import sync
from sync import Applied, EditError, Merged, VectorRegression
from sync.vv import dominates

from .helpers import decide, edit, stored


def test_local_edits_coalesce_into_one_outbox_entry() -> None:
    s = stored({"desc": "a", "val": 1})
    l1, c1 = edit(s, {"desc": "b"}, replica="p", counter=5)
    l2, c2 = edit(l1, {"val": 2}, replica="p", counter=6, pending=c1)
    assert c2.base_vv == s.vv
    assert c2.changed == ["desc", "val"]
    assert c2.vv["p"] == 6
    assert l2.fields == {"desc": "b", "val": 2}


def test_local_edit_guards() -> None:
    s = stored({"desc": "a"})
    with pytest.raises(VectorRegression, match="replika d0"):
        edit(s, {"desc": "b"}, replica="d0", counter=1)
    tomb, _ = edit(s, {}, delete=True)
    with pytest.raises(EditError, match="sudah dihapus"):
        edit(tomb, {"desc": "b"})
    with pytest.raises(EditError, match="belum ada"):
        edit(None, {}, delete=True)


def test_pull_of_newer_version_without_pending_replaces() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"}, replica="other")
    newer = decide(s, c)
    assert isinstance(newer, Applied)
    out = sync.integrate_pull(s, newer.record, None)
    assert out.store == newer.record
    assert out.pending is None


def test_pull_of_older_version_is_ignored() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"})
    newer = decide(s, c)
    assert isinstance(newer, Applied)
    out = sync.integrate_pull(newer.record, s, None)
    assert out.store is newer.record
    assert not out.changed


def test_pull_concurrent_with_unsynced_edit_keeps_the_edit() -> None:
    s = stored({"desc": "a", "val": 1})
    local, pending = edit(s, {"desc": "mine"}, replica="phone", ms=1_700_000_000_900)
    _, theirs = edit(s, {"desc": "theirs", "val": 2}, replica="tablet", ms=1_700_000_000_100)
    remote = decide(s, theirs)
    assert isinstance(remote, Applied)
    out = sync.integrate_pull(local, remote.record, pending)
    assert out.pending == pending  # overlap: the edit stays as it was made
    assert out.store is not None
    assert out.store.fields == {"desc": "mine", "val": 2}  # preview: later edit shown
    assert [c.losing for c in out.conflicts] == [{"desc": "theirs"}]
    assert dominates(out.store.vv, remote.record.vv)
    # when the edit arrives the server decides the same and keeps the loser
    final = decide(remote.record, out.pending)
    assert isinstance(final, Merged)
    assert final.record.fields == out.store.fields
    assert [c.losing for c in final.conflicts] == [{"desc": "theirs"}]


def test_pull_concurrent_disjoint_rebases_the_outbox() -> None:
    s = stored({"desc": "a", "val": 1})
    local, pending = edit(s, {"desc": "mine"}, replica="phone")
    _, theirs = edit(s, {"val": 2}, replica="tablet")
    remote = decide(s, theirs)
    assert isinstance(remote, Applied)
    out = sync.integrate_pull(local, remote.record, pending)
    assert out.conflicts == []
    assert out.pending is not None
    assert dominates(out.pending.base_vv, remote.record.vv)
    final = decide(remote.record, out.pending)
    assert isinstance(final, Applied)
    assert final.record.fields == {"desc": "mine", "val": 2}


def test_pull_that_includes_the_pending_edit_clears_the_outbox() -> None:
    """The push was applied but its answer was lost; the pull brings it back."""
    s = stored({"desc": "a"})
    local, pending = edit(s, {"desc": "b"}, replica="phone")
    applied = decide(s, pending)
    assert isinstance(applied, Applied)
    out = sync.integrate_pull(local, applied.record, pending)
    assert out.pending is None
    assert out.store == applied.record


def test_pulled_tombstone_does_not_erase_an_unsynced_edit() -> None:
    s = stored({"desc": "a"})
    local, pending = edit(s, {"desc": "b"}, replica="phone")
    _, delete = edit(s, {}, replica="other", delete=True)
    tomb = decide(s, delete)
    assert isinstance(tomb, Applied)
    out = sync.integrate_pull(local, tomb.record, pending)
    assert out.pending == pending
    assert out.store is not None
    assert out.store.deleted
    assert out.conflicts[0].losing == {"desc": "b"}


def test_pulled_locked_record_previews_the_rejection() -> None:
    s = stored(
        {"status": "draft", "rating_hk": "a"}, kind="appraisal", relation=sync.Relation.SUPERVISOR
    )
    local, pending = edit(s, {"rating_hk": "stale"}, kind="appraisal", replica="phone")
    _, fin = edit(s, {"status": "final"}, kind="appraisal", replica="tablet")
    final = decide(s, fin, sync.Relation.SUPERVISOR)
    assert isinstance(final, Applied)
    out = sync.integrate_pull(local, final.record, pending)
    assert out.store is not None
    assert out.store.fields == final.record.fields
    assert out.conflicts[0].cause is sync.ConflictCause.LOCKED
    assert out.pending == pending


def test_push_results() -> None:
    s = stored({"desc": "a"})
    local, pending = edit(s, {"desc": "b"}, replica="phone")
    result = sync.result_of(pending.id, decide(s, pending))
    out = sync.integrate_result(local, pending, pending, result)
    assert out.pending is None
    assert out.store == result.record
    # a refusal that keeps nothing on the server: the edit is dropped from the outbox
    refused = sync.result_of(pending.id, decide(s, pending, sync.Relation.NONE))
    out = sync.integrate_result(local, pending, pending, refused)
    assert out.pending is None
    assert out.store == s
    # a clock-skew refusal keeps the edit queued
    skewed = sync.ChangeResult(
        id=pending.id, outcome="rejected", reason=sync.RejectReason.CLOCK_SKEW, message="x"
    )
    out = sync.integrate_result(local, pending, pending, skewed)
    assert out.pending == pending
    # a purged record: the server kept the edit as a conflict; the device drops the record
    purged = sync.result_of(pending.id, decide(None, pending))
    out = sync.integrate_result(local, pending, pending, purged)
    assert (out.store, out.pending) == (None, None)


def test_result_for_an_older_send_keeps_the_newer_pending() -> None:
    s = stored({"desc": "a"})
    l1, sent = edit(s, {"desc": "b"}, replica="phone")
    l2, pending = edit(l1, {"desc": "c"}, replica="phone", pending=sent)
    result = sync.result_of(sent.id, decide(s, sent))
    out = sync.integrate_result(l2, pending, sent, result)
    assert out.pending is not None
    assert out.store is not None
    assert out.store.fields["desc"] == "c"


def test_covered_pending_is_cleared_even_when_the_copy_is_as_new() -> None:
    """An AlreadySeen answer carries a version the device may already hold."""
    s = stored({"desc": "a"})
    _, pending = edit(s, {"desc": "b"}, replica="phone")
    applied = decide(s, pending)
    assert isinstance(applied, Applied)
    out = sync.integrate_pull(applied.record, applied.record, pending)
    assert out.pending is None
    out = sync.integrate_pull(None, applied.record, pending)
    assert out.pending is None
    assert out.store == applied.record


@given(
    patch=st.dictionaries(
        st.sampled_from(["desc", "val", "date", "evidence"]),
        st.one_of(st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=3)),
        min_size=1,
    ),
    counter=st.integers(min_value=1, max_value=10_000),
    delete=st.booleans(),
)
def test_created_answer_is_a_vector_and_rebuilds_the_stored_version(
    patch: dict[str, Any], counter: int, delete: bool
) -> None:
    local, sent = edit(None, patch, replica="phone", counter=counter)
    if delete:  # created and deleted before it was ever synced
        local, sent = edit(
            local, {}, replica="phone", counter=counter + 1, pending=sent, delete=True
        )
    decision = decide(None, sent)
    assert isinstance(decision, Applied)
    assert decision.created
    result = sync.result_of(sent.id, decision)
    assert (result.record, result.vv) == (None, decision.record.vv)
    assert sync.first_version(sent, result.vv) == decision.record
    out = sync.integrate_result(local, sent, sent, result)
    assert (out.store, out.pending) == (decision.record, None)
    if not delete:  # an edit of a stored record is answered with the record itself
        _, again = edit(decision.record, {"desc": "lagi"}, replica="phone", counter=counter + 5)
        later = sync.result_of(sent.id, decide(decision.record, again))
        assert later.vv is None
        assert later.record is not None
        assert later.record.fields["desc"] == "lagi"
