"""An SKP as its owner (or their supervisor) reads it: RHK with indicators and what is
realised so far (:func:`client.ops.views.skp_view`)."""

from __future__ import annotations

import msgspec

from shared_models import SkpStatus

__all__ = ["SkpIndicator", "SkpRhk", "SkpView"]


class SkpIndicator(msgspec.Struct, frozen=True, kw_only=True):
    """An indicator with its target and the realisation of the SKP's year."""

    id: str
    aspect: str
    text: str
    target: float
    unit: str
    realised: float
    aggregation: str


class SkpRhk(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: str
    text: str
    indicators: list[SkpIndicator]


class SkpView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    nip: str
    year: int | None
    status: SkpStatus | None
    supervisor_nip: str | None
    rhk: list[SkpRhk]
