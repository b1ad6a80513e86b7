"""Feedback tied to what it is about (shared_models.record_rules.feedback_problem): an RHK of
the employee's SKP of the feedback's year, a progress log of that employee; checked when the
ties are written, never on the employee's reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pytest

from shared_models.record_rules import AppraisalFact, LogFact, check_record, feedback_problem

BOSS, NURSE, OTHER = "197803142002031002", "199003142014032003", "199103142015032004"
LOGS = {"log-nurse": LogFact(NURSE, dt.date(2025, 12, 30)), "log-other": LogFact(OTHER, None)}
RHK = {(NURSE, 2025): {"rhk-2025"}, (NURSE, 2026): {"rhk-2026"}}


class Facts:
    """What the rule reads, as plain values (the server and the device read their stores)."""

    def today(self) -> dt.date:
        return dt.date(2026, 11, 20)

    def rhk_ids(self, owner: str, year: int) -> Collection[str]:
        return RHK.get((owner, year), set())

    def progress_log(self, record_id: str) -> LogFact | None:
        return LOGS.get(record_id)

    def closed_period(self, day: dt.date) -> str | None:
        return None

    def leave_on(self, owner: str, day: dt.date) -> str | None:
        return None

    def final_appraisals(self, owner: str, period_code: str, kind: str) -> Collection[str]:
        return []

    def appraisal(self, record_id: str) -> AppraisalFact | None:
        return None

    def objections_on(self, appraisal_id: str) -> Collection[str]:
        return []

    def period_final(self, owner: str, period_code: str) -> bool:
        return False

    def early_final(self, period_code: str) -> bool:
        return False


def _note(**about: object) -> dict[str, object]:
    return {"employee_nip": NURSE, "author_nip": BOSS, "text": "Bagus", **about}


@pytest.mark.parametrize(
    ("about", "problem"),
    [
        ({}, None),
        ({"about_value": "akuntabel"}, None),
        ({"period_code": "2026-T4", "about_rhk_id": "rhk-2026"}, None),
        ({"period_code": "2025", "about_rhk_id": "rhk-2025"}, None),
        # no period: the year of today (2026)
        ({"about_rhk_id": "rhk-2026"}, None),
        # no period: the year of the entry's day (30 December 2025)
        ({"related_log_id": "log-nurse", "about_rhk_id": "rhk-2025"}, None),
        (
            {"period_code": "2026-T4", "about_rhk_id": "rhk-2025"},
            ("$.about_rhk_id", f"RHK rhk-2025 tidak ada di SKP 2026 pegawai {NURSE}"),
        ),
        (
            {"related_log_id": "log-nurse", "about_rhk_id": "rhk-2026"},
            ("$.about_rhk_id", f"RHK rhk-2026 tidak ada di SKP 2025 pegawai {NURSE}"),
        ),
        (
            {"related_log_id": "log-other"},
            (
                "$.related_log_id",
                f"catatan progres log-other tidak ditemukan di antara catatan pegawai {NURSE}",
            ),
        ),
        (
            {"related_log_id": "log-gone"},
            (
                "$.related_log_id",
                f"catatan progres log-gone tidak ditemukan di antara catatan pegawai {NURSE}",
            ),
        ),
    ],
)
def test_the_ties_of_new_feedback(
    about: dict[str, object], problem: tuple[str, str] | None
) -> None:
    found = feedback_problem(NURSE, _note(**about), (), Facts(), created=True)
    assert (found[:2] if found else None) == problem
    # the server runs it through check_record for every FEEDBACK version it stores
    through = check_record(
        "feedback",
        "fb-1",
        NURSE,
        _note(**about),
        changed=list(_note(**about)),
        created=True,
        actor_nip=BOSS,
        facts=Facts(),
    )
    assert through == found


def test_the_employees_reply_is_never_refused_for_an_rhk_gone_since() -> None:
    stale = _note(period_code="2026-T4", about_rhk_id="rhk-removed", read_at="2026-11-20T08:00")
    assert feedback_problem(NURSE, stale, ["read_at"], Facts(), created=False) is None
    moved = feedback_problem(NURSE, stale, ["about_rhk_id"], Facts(), created=False)
    assert moved is not None
    assert moved.field == "$.about_rhk_id"
