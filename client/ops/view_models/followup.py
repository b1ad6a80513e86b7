"""What the follow-up of an appraisal looks like on the device: the angka kredit of a final
annual predikat and the results of an employee (:mod:`client.ops.followup`). The hukuman
disiplin and penghargaan stay their records' content (with ``id`` and the sentence ``text``)."""

from __future__ import annotations

from typing import Any

import msgspec

from shared_models import AppraisalKind, AppraisalStatus, Jenjang, Predikat, Rating

__all__ = ["AngkaKredit", "AppraisalResult", "ResultView"]


class AngkaKredit(msgspec.Struct, frozen=True, kw_only=True):
    """The angka kredit a final annual predikat gives: value, months, jenjang and the
    sentence every screen shows (``text``)."""

    value: float
    year: int
    jenjang: Jenjang
    predikat: Predikat
    months: int
    text: str


class AppraisalResult(msgspec.Struct, frozen=True, kw_only=True):
    """One appraisal with its predikat (the decided one after a granted keberatan, the one
    first given in ``original_predikat``), angka kredit, hukuman disiplin and penghargaan of
    its period."""

    id: str
    period_code: str
    kind: AppraisalKind | None
    status: AppraisalStatus | None
    hasil_kerja: Rating | None
    perilaku_kerja: Rating | None
    predikat: Predikat | None
    original_predikat: Predikat | None
    angka_kredit: AngkaKredit | None
    hukuman_disiplin: list[dict[str, Any]]
    penghargaan: list[dict[str, Any]]


class ResultView(msgspec.Struct, frozen=True, kw_only=True):
    """The results of an employee (``kinerja device result``)."""

    nip: str
    appraisals: list[AppraisalResult]
    penghargaan: list[dict[str, Any]]
    hukuman_disiplin: list[dict[str, Any]]
