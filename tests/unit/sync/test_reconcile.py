from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

import sync
from sync import AlreadySeen, Applied, ConflictCause, Merged, Rejected, RejectReason, Relation
from sync.hlc import pack
from sync.vv import Order, compare, dominates

from .helpers import NIP, NOW, SERVER, decide, edit, stored

OWNER, SUP, ATASAN, HR, NONE = (
    Relation.OWNER,
    Relation.SUPERVISOR,
    Relation.ATASAN,
    Relation.HR,
    Relation.NONE,
)


# apply / idempotency ----------------------------------------------------------------------------


def test_create_is_applied_and_the_server_bumps_its_entry() -> None:
    _, change = edit(None, {"desc": "kunjungan rumah", "val": 3})
    d = decide(None, change)
    assert isinstance(d, Applied)
    assert d.record.fields == {"desc": "kunjungan rumah", "val": 3}
    assert d.record.vv == {"d1": 1, SERVER: 1}
    assert compare(d.record.vv, change.vv) is Order.NEWER
    assert d.record.field_clocks["desc"] == (change.hlc, "d1", 1)


def test_retry_after_lost_response_is_already_seen() -> None:
    _, change = edit(None, {"desc": "a"})
    first = decide(None, change)
    assert isinstance(first, Applied)
    again = decide(first.record, change)
    assert isinstance(again, AlreadySeen)
    assert again.record is first.record


def test_sequential_edit_is_applied() -> None:
    s = stored({"desc": "a", "val": 1})
    _, change = edit(s, {"val": 2})
    d = decide(s, change)
    assert isinstance(d, Applied)
    assert d.record.fields == {"desc": "a", "val": 2}


def test_field_removal() -> None:
    s = stored({"desc": "a", "place": "Puskesmas Halmahera"})
    _, change = edit(s, {}, remove=("place",))
    d = decide(s, change)
    assert isinstance(d, Applied)
    assert d.record.fields == {"desc": "a"}


# concurrent merges -----------------------------------------------------------------------------


def test_concurrent_disjoint_fields_merge_without_conflict() -> None:
    s = stored({"desc": "a", "val": 1})
    _, c1 = edit(s, {"desc": "b"}, replica="p1")
    _, c2 = edit(s, {"val": 2}, replica="p2")
    d1 = decide(s, c1)
    assert isinstance(d1, Applied)
    d2 = decide(d1.record, c2)
    assert isinstance(d2, Merged)
    assert d2.conflicts == []
    assert d2.record.fields == {"desc": "b", "val": 2}
    assert dominates(d2.record.vv, c1.vv)
    assert dominates(d2.record.vv, c2.vv)


@pytest.mark.parametrize("later_first", [True, False])
def test_same_field_later_hlc_wins_and_loser_is_kept(later_first: bool) -> None:
    s = stored({"desc": "a"})
    _, early = edit(s, {"desc": "pagi"}, replica="p1", ms=1_700_000_000_000)
    _, late = edit(s, {"desc": "sore"}, replica="p2", ms=1_700_000_000_500)
    first, second = (late, early) if later_first else (early, late)
    d1 = decide(s, first)
    assert isinstance(d1, Applied)
    d2 = decide(d1.record, second)
    assert isinstance(d2, Merged)
    assert d2.record.fields["desc"] == "sore"
    [conflict] = d2.conflicts
    assert conflict.cause is ConflictCause.FIELD
    assert conflict.losing == {"desc": "pagi"}
    assert conflict.winning == {"desc": "sore"}
    assert (conflict.losing_replica, conflict.winning_replica) == ("p1", "p2")
    assert not conflict.resolved


def test_same_hlc_tie_broken_by_replica_id() -> None:
    s = stored({"desc": "a"})
    _, ca = edit(s, {"desc": "A"}, replica="a")
    _, cb = edit(s, {"desc": "B"}, replica="b")
    for first, second in ((ca, cb), (cb, ca)):
        d1 = decide(s, first)
        assert isinstance(d1, Applied)
        d2 = decide(d1.record, second)
        assert isinstance(d2, Merged)
        assert d2.record.fields["desc"] == "B"


def test_conflict_ids_are_deterministic() -> None:
    s = stored({"desc": "a"})
    _, c1 = edit(s, {"desc": "x"}, replica="p1")
    _, c2 = edit(s, {"desc": "y"}, replica="p2", ms=1_700_000_000_001)
    d1 = decide(s, c1)
    assert isinstance(d1, Applied)
    runs = [decide(d1.record, c2) for _ in range(2)]
    assert all(isinstance(r, Merged) for r in runs)
    assert runs[0] == runs[1]


def test_own_earlier_edit_is_not_a_conflict() -> None:
    """A coalesced outbox entry re-sent after the server applied its first part."""
    s = stored({"desc": "a"})
    local, c1 = edit(s, {"desc": "b"}, replica="p1")
    d1 = decide(s, c1)
    assert isinstance(d1, Applied)
    _, c2 = edit(local, {"desc": "c"}, replica="p1", pending=c1)
    d2 = decide(d1.record, c2)
    assert isinstance(d2, Applied | Merged)
    assert d2.record.fields["desc"] == "c"
    assert not isinstance(d2, Merged) or d2.conflicts == []


def test_whole_record_kind_contests_the_record_as_a_whole() -> None:
    s = stored(
        {"status": "draft", "rating_hk": "sesuai", "rating_pk": "sesuai"},
        kind="appraisal",
        relation=SUP,
    )
    _, tablet = edit(s, {"rating_hk": "di_atas"}, kind="appraisal", replica="t", ms=1)
    _, phone = edit(s, {"rating_pk": "di_bawah"}, kind="appraisal", replica="p", ms=2)
    d1 = decide(s, tablet, SUP)
    assert isinstance(d1, Applied)
    d2 = decide(d1.record, phone, SUP)
    assert isinstance(d2, Merged)
    # the later edit (phone) wins the record: its view of both ratings
    assert d2.record.fields["rating_pk"] == "di_bawah"
    assert d2.record.fields["rating_hk"] == "sesuai"
    assert [c.losing for c in d2.conflicts] == [{"rating_hk": "di_atas"}]


def test_finalizing_change_wins_every_contest() -> None:
    s = stored({"status": "draft", "rating_hk": "sesuai"}, kind="appraisal", relation=SUP)
    _, late = edit(s, {"rating_hk": "di_bawah"}, kind="appraisal", replica="p", ms=9)
    _, final = edit(s, {"status": "final", "rating_hk": "di_atas"}, kind="appraisal", ms=1)
    d1 = decide(s, late, SUP)
    assert isinstance(d1, Applied)
    d2 = decide(d1.record, final, SUP)
    assert isinstance(d2, Merged)
    assert d2.record.fields == {"status": "final", "rating_hk": "di_atas"}
    assert d2.conflicts[0].losing == {"rating_hk": "di_bawah"}


# deletes ---------------------------------------------------------------------------------------


def test_delete_concurrent_with_edit_delete_wins_edit_kept() -> None:
    s = stored({"desc": "a"})
    _, edit_c = edit(s, {"desc": "b"}, replica="p1")
    _, del_c = edit(s, {}, replica="p2", delete=True)
    d1 = decide(s, del_c)
    assert isinstance(d1, Applied)
    assert d1.record.deleted
    d2 = decide(d1.record, edit_c)
    assert isinstance(d2, Merged)
    assert d2.record.deleted
    assert d2.conflicts[0].cause is ConflictCause.DELETED
    assert d2.conflicts[0].losing == {"desc": "b"}


def test_delete_arriving_after_a_concurrent_edit_keeps_the_edit() -> None:
    s = stored({"desc": "a"})
    _, edit_c = edit(s, {"desc": "b"}, replica="p1")
    _, del_c = edit(s, {}, replica="p2", delete=True)
    d1 = decide(s, edit_c)
    assert isinstance(d1, Applied)
    d2 = decide(d1.record, del_c)
    assert isinstance(d2, Merged)
    assert d2.record.deleted
    assert d2.conflicts[0].losing == {"desc": "b"}


def test_delete_that_saw_everything_is_applied() -> None:
    s = stored({"desc": "a"})
    _, del_c = edit(s, {}, delete=True)
    d = decide(s, del_c)
    assert isinstance(d, Applied)
    assert d.record.deleted
    assert d.record.fields == {}


def test_create_then_delete_before_sync_is_a_tombstone() -> None:
    local, c1 = edit(None, {"desc": "a"})
    _, c2 = edit(local, {}, pending=c1, delete=True)
    d = decide(None, c2)
    assert isinstance(d, Applied)
    assert d.record.deleted


# every policy row -------------------------------------------------------------------------------

ROWS = [
    # kind, creator, content field, other relation, field it may write, relation refused
    ("progress_log", OWNER, "desc", SUP, "supervisor_comment", ATASAN),
    ("self_assessment", OWNER, "catatan", None, None, SUP),
    ("feedback", SUP, "text", OWNER, "owner_response", ATASAN),
    ("appraisal", SUP, "rating_hk", None, None, OWNER),
    ("objection", OWNER, "reason", ATASAN, "decision_reason", SUP),
    ("skp", OWNER, "rhk", SUP, "perilaku", ATASAN),
    ("unit", HR, "nama", None, None, OWNER),
    ("employee", HR, "nama", None, None, SUP),
    ("period", HR, "tahun", None, None, OWNER),
    ("org_predikat", HR, "predikat", None, None, SUP),
]


@pytest.mark.parametrize(("kind", "creator", "field", "other", "other_field", "refused"), ROWS)
def test_policy_row(
    kind: str,
    creator: Relation,
    field: str,
    other: Relation | None,
    other_field: str | None,
    refused: Relation,
) -> None:
    policy = sync.policy_for(kind)
    assert policy is not None
    assert creator in policy.create
    s = stored({field: "v0"}, kind=kind, relation=creator)
    # the creator edits content
    _, c = edit(s, {field: "v1"}, kind=kind)
    assert isinstance(decide(s, c, creator), Applied)
    # someone without a relation may do nothing
    d = decide(s, c, NONE)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.FORBIDDEN
    # a relation that is not the writer is refused
    d = decide(s, c, refused)
    assert isinstance(d, Rejected)
    assert d.reason in (RejectReason.FORBIDDEN, RejectReason.FIELD_FORBIDDEN)
    if other is not None and other_field is not None:
        # the other party writes its own field, not the creator's
        _, c2 = edit(s, {other_field: "ok"}, kind=kind, replica="x")
        assert isinstance(decide(s, c2, other), Applied)
        d = decide(s, c, other)
        assert isinstance(d, Rejected)
        assert d.reason is RejectReason.FIELD_FORBIDDEN
        assert field in d.message
    # create rights
    _, create = edit(None, {field: "new"}, kind=kind, rid="r2")
    assert isinstance(decide(None, create, creator), Applied)
    d = decide(None, create, refused)
    assert isinstance(d, Rejected)
    assert d.reason in (RejectReason.FORBIDDEN, RejectReason.FIELD_FORBIDDEN)


def test_owner_may_not_acknowledge_own_log() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"acknowledged_by": NIP})
    d = decide(s, c, OWNER)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.FIELD_FORBIDDEN
    assert d.message == "Anda tidak berhak mengubah isian 'acknowledged_by' pada progres harian."


def test_master_data_is_hr_only() -> None:
    _, c = edit(None, {"nama": "Puskesmas Halmahera"}, kind="unit")
    for relation in (OWNER, SUP, ATASAN, NONE):
        d = decide(None, c, relation)
        assert isinstance(d, Rejected)
        assert d.reason is RejectReason.FORBIDDEN
    assert isinstance(decide(None, c, HR), Applied)


# locks and transitions --------------------------------------------------------------------------


def _final_appraisal() -> sync.Record:
    return stored({"status": "final", "rating_hk": "sesuai"}, kind="appraisal", relation=SUP)


def test_final_appraisal_is_locked_and_the_stale_edit_is_kept() -> None:
    s = _final_appraisal()
    _, stale = edit(s, {"rating_hk": "di_bawah"}, kind="appraisal", replica="phone")
    d = decide(s, stale, SUP)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.LOCKED
    assert "sudah dikunci" in d.message
    assert d.authoritative is not None
    assert d.authoritative.fields == s.fields
    assert dominates(d.authoritative.vv, stale.vv)
    [conflict] = d.conflicts
    assert conflict.cause is ConflictCause.LOCKED
    assert conflict.losing == {"rating_hk": "di_bawah"}
    # a retry is now already seen: no second conflict
    assert isinstance(decide(d.authoritative, stale, SUP), AlreadySeen)


def test_locked_record_cannot_be_deleted() -> None:
    s = _final_appraisal()
    _, c = edit(s, {}, kind="appraisal", delete=True)
    d = decide(s, c, SUP)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.LOCKED
    assert d.conflicts[0].losing == {"_deleted": True}


def test_context_lock_from_the_server() -> None:
    s = stored({"catatan": "a"}, kind="self_assessment")
    _, c = edit(s, {"catatan": "b"}, kind="self_assessment")
    d = decide(s, c, OWNER, context_locked=True)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.LOCKED


def _skp(status: str) -> sync.Record:
    draft = stored({"status": "draft", "rhk": "r"}, kind="skp")
    return msgspec.structs.replace(draft, fields={"status": status, "rhk": "r"})


def test_approved_skp_is_locked_except_a_supervisor_revision() -> None:
    s = _skp("draft")
    # owner submits, supervisor approves (through reconcile, with the right relations)
    _, submit = edit(s, {"status": "diajukan"}, kind="skp")
    d = decide(s, submit, OWNER)
    assert isinstance(d, Applied)
    _, approve = edit(d.record, {"status": "disetujui"}, kind="skp", replica="sv")
    d = decide(d.record, approve, SUP)
    assert isinstance(d, Applied)
    approved = d.record
    _, owner_edit = edit(approved, {"rhk": "changed"}, kind="skp", replica="ph")
    d = decide(approved, owner_edit, OWNER)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.LOCKED
    _, revision = edit(
        approved, {"status": "dikembalikan", "return_note": "perbaiki"}, kind="skp", replica="sv"
    )
    d = decide(approved, revision, SUP)
    assert isinstance(d, Applied)
    assert d.record.fields["status"] == "dikembalikan"


@pytest.mark.parametrize(
    ("start", "relation", "target", "ok"),
    [
        ("draft", OWNER, "diajukan", True),
        ("draft", OWNER, "disetujui", False),
        ("draft", SUP, "disetujui", False),
        ("diajukan", SUP, "disetujui", True),
        ("diajukan", SUP, "dikembalikan", True),
        ("dikembalikan", OWNER, "diajukan", True),
    ],
)
def test_skp_status_transitions(start: str, relation: Relation, target: str, ok: bool) -> None:
    s = _skp(start)
    _, c = edit(s, {"status": target}, kind="skp", replica="x")
    d = decide(s, c, relation)
    if ok:
        assert isinstance(d, Applied)
        return
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_TRANSITION
    assert f"dari '{start}' ke '{target}'" in d.message
    assert d.conflicts[0].cause is ConflictCause.TRANSITION


def test_skp_delete_only_while_draft() -> None:
    s = _skp("diajukan")
    _, c = edit(s, {}, kind="skp", delete=True)
    d = decide(s, c, OWNER)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_TRANSITION
    assert isinstance(decide(_skp("draft"), c, OWNER), Applied)


def test_objection_decided_by_atasan_then_locked() -> None:
    s = stored({"status": "diajukan", "reason": "nilai keliru"}, kind="objection")
    _, decision = edit(
        s,
        {"status": "ditolak", "decision_reason": "nilai sudah sesuai bukti"},
        kind="objection",
        replica="a",
    )
    d = decide(s, decision, ATASAN)
    assert isinstance(d, Applied)
    _, late = edit(s, {"reason": "tambahan"}, kind="objection")
    d2 = decide(d.record, late, OWNER)
    assert isinstance(d2, Rejected)
    assert d2.reason is RejectReason.LOCKED


# the remaining rejection reasons -----------------------------------------------------------------


def test_unknown_kind() -> None:
    _, c = edit(None, {"a": 1}, kind="gaji")
    d = decide(None, c)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.UNKNOWN_KIND
    assert d.message == "Jenis catatan 'gaji' tidak dikenal."


@pytest.mark.parametrize(
    "broken",
    [
        {"vv": {"d1": 1}, "base_vv": {"d1": 1}},  # no bump of its own entry
        {"vv": {"d1": 2}, "base_vv": {"d1": 1, SERVER: 3}},  # older than its base
    ],
)
def test_invalid_change(broken: dict[str, dict[str, int]]) -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"})
    d = decide(s, msgspec.structs.replace(c, **broken))
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_CHANGE
    assert d.message.startswith("Perubahan tidak sah")


def test_owner_of_a_record_cannot_change() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"})
    d = decide(s, msgspec.structs.replace(c, owner="other"))
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_CHANGE


def test_clock_skew() -> None:
    _, c = edit(None, {"desc": "a"}, ms=1_700_000_000_000 + 600_000)
    d = decide(None, c)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.CLOCK_SKEW
    assert "Jam perangkat 600 detik lebih cepat" in d.message
    assert d.conflicts == []


def test_counter_regression_names_the_replica() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"}, replica="d0")
    # a restored backup: d0 offers counter 1 again, with knowledge the server never had
    c = msgspec.structs.replace(c, base_vv={SERVER: 1}, vv={"d0": 1, SERVER: 1, "zz": 1})
    d = decide(s, c)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.COUNTER_REGRESSION
    assert "d0" in d.message


def test_record_purged() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"})
    d = decide(None, c)  # the server no longer has it: tombstone past the horizon
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.RECORD_PURGED
    assert d.authoritative is None
    assert d.conflicts[0].losing == {"desc": "b"}


def test_a_forbidden_edit_of_a_purged_record_is_refused_and_keeps_no_conflict() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"})
    d = decide(None, c, NONE)  # a colleague editing a log the server no longer has
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.FORBIDDEN
    assert d.conflicts == []


def test_every_reason_is_tested() -> None:
    names = {r.name for r in RejectReason}
    source = Path(__file__).read_text(encoding="utf-8")
    assert all(f"RejectReason.{n}" in source for n in names)


def test_now_hlc_is_the_skew_reference() -> None:
    _, c = edit(None, {"desc": "a"}, ms=1_700_000_000_000 + 600_000)
    d = sync.reconcile(
        None, c, relation=OWNER, server_replica=SERVER, now_hlc=pack(1_700_000_000_000 + 599_000)
    )
    assert isinstance(d, Applied)
    assert d.record.hlc > NOW


# --- I10: a change raises only its own entry; clocks against the wall ------------------------
def test_a_foreign_entry_above_the_stored_one_is_refused() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"}, replica="d1")
    forged = msgspec.structs.replace(c, vv={**c.vv, "d9": 1_000_000_000})
    d = decide(s, forged)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_CHANGE
    assert "d9" in d.message
    assert "1000000000" in d.message
    assert d.conflicts == []  # nothing of it is stored


def test_the_server_entry_cannot_be_raised_by_a_device() -> None:
    s = stored({"desc": "a"})
    _, c = edit(s, {"desc": "b"}, replica="d1")
    forged = msgspec.structs.replace(c, vv={**c.vv, SERVER: s.vv[SERVER] + 5})
    d = decide(s, forged)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_CHANGE
    assert SERVER in d.message


def test_a_new_record_carries_only_its_own_entry() -> None:
    _, c = edit(None, {"desc": "a"}, replica="d1")
    forged = msgspec.structs.replace(c, vv={**c.vv, "d2": 3})
    d = decide(None, forged)
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.INVALID_CHANGE


def test_entries_learned_from_the_server_pass() -> None:
    s = stored({"desc": "a"})  # vv {d0: 1, S: 1}: the device learned both from the server
    _, c = edit(s, {"desc": "b"}, replica="d1")
    assert isinstance(decide(s, c), Applied)


def test_the_skew_bound_does_not_creep_with_accepted_clocks() -> None:
    # the server's HLC already stands 4.9 minutes ahead of its wall clock (it accepted such a
    # clock); a change another 4.9 minutes ahead of that is 9.8 minutes ahead of the wall
    wall = 1_700_000_000_000
    ahead_hlc = pack(wall + 294_000)
    _, c = edit(None, {"desc": "a"}, ms=wall + 588_000)
    d = sync.reconcile(
        None, c, relation=OWNER, server_replica=SERVER, now_hlc=ahead_hlc, now_ms=wall
    )
    assert isinstance(d, Rejected)
    assert d.reason is RejectReason.CLOCK_SKEW


def test_a_lock_is_named_in_words() -> None:
    s = _final_appraisal()
    _, c = edit(s, {"feedback": "x"}, kind="appraisal")
    d = decide(s, c, SUP)
    assert isinstance(d, Rejected)
    assert "penilaian sudah final" in d.message
    assert "status" not in d.message
    assert "None" not in d.message
    s2 = stored({"catatan": "a"}, kind="self_assessment")
    _, c2 = edit(s2, {"catatan": "b"}, kind="self_assessment")
    d2 = decide(s2, c2, OWNER, context_locked="penilaian kinerja periode 2026-T4 sudah final")
    assert isinstance(d2, Rejected)
    assert "penilaian kinerja periode 2026-T4 sudah final" in d2.message
    assert "None" not in d2.message
