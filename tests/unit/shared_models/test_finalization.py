"""Guards on the cycle (shared_models.record_rules): an annual appraisal is finalized from
1 December of its year unless BKPP opened the period early; finalizing before a period ends
warns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from shared_models.record_rules import (
    AppraisalFact,
    check_record,
    finalization_problem,
    finalization_warning,
)


class Facts:
    """What the rule reads, as plain values (the server and the device read their stores)."""

    def __init__(self, today: dt.date, early: Collection[str] = ()) -> None:
        self._today = today
        self._early = set(early)

    def today(self) -> dt.date:
        return self._today

    def early_final(self, period_code: str) -> bool:
        return period_code in self._early

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

    def rhk_ids(self, owner: str, year: int) -> Collection[str]:
        return []

    def progress_log(self, record_id: str) -> None:
        return None


BOSS, NURSE = "197803142002031002", "199003142014032003"


def _final(period: str) -> dict[str, object]:
    return {
        "employee_nip": NURSE,
        "supervisor_nip": BOSS,
        "period_code": period,
        "kind": "periodik" if "-" in period else "tahunan",
        "hasil_kerja": "sesuai_ekspektasi",
        "perilaku_kerja": "sesuai_ekspektasi",
        "predikat": "baik",
        "status": "final",
        "finalized_at": "2026-11-30T09:00:00+00:00",
    }


def _check(period: str, facts: Facts, changed: Collection[str] = ("status",)) -> str | None:
    problem = check_record(
        "appraisal",
        "a1",
        NURSE,
        _final(period),
        changed=changed,
        created=False,
        actor_nip=BOSS,
        facts=facts,
    )
    return None if problem is None else f"{problem.field}: {problem.message}"


def test_an_annual_finalization_before_1_december_is_refused() -> None:
    refused = _check("2026", Facts(dt.date(2026, 11, 30)))
    assert refused == (
        "$.status: penilaian tahunan 2026 baru dapat difinalkan mulai 01-12-2026 (hari kerja"
        " terakhir periode), kecuali BKPP membuka finalisasi lebih awal"
    )
    assert _check("2026", Facts(dt.date(2026, 12, 1))) is None
    assert _check("2025", Facts(dt.date(2026, 1, 10))) is None  # last year's, in January


def test_bkpp_opening_the_period_early_allows_it() -> None:
    assert _check("2026", Facts(dt.date(2026, 10, 5), early={"2026"})) is None
    assert _check("2026", Facts(dt.date(2026, 10, 5), early={"2026-T4"})) is not None


def test_periodic_finalizations_and_untouched_status_are_not_refused() -> None:
    assert _check("2026-T4", Facts(dt.date(2026, 10, 5))) is None
    # the status was final already (a keberatan rewrite, a stored record): no new finalization
    assert _check("2026", Facts(dt.date(2026, 10, 5)), changed=("feedback",)) is None
    draft = {**_final("2026"), "status": "draft"}
    assert finalization_problem(draft, ["status"], Facts(dt.date(2026, 6, 1)), created=True) is None


def test_finalizing_before_the_period_ends_warns() -> None:
    assert finalization_warning("2026-T4", dt.date(2026, 12, 3)) == (
        "periode Triwulan IV 2026 belum berakhir (berakhir 31-12-2026); hasil kerja sampai"
        " akhir periode belum ikut dinilai"
    )
    assert finalization_warning("2026", dt.date(2026, 12, 31)) is not None
    assert finalization_warning("2026-T3", dt.date(2026, 10, 1)) is None
    assert finalization_warning("2026-Q9", dt.date(2026, 10, 1)) is None
