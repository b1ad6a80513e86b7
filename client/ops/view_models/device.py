"""The device's state in numbers: who is signed in, what waits to be sent, when it last
synced (:func:`client.ops.views.status`, ``kinerja device status``)."""

from __future__ import annotations

import msgspec

__all__ = ["DeviceStatus"]


class DeviceStatus(msgspec.Struct, frozen=True, kw_only=True):
    """``unanswered_batch``: a push the server has not answered yet; ``last_sync``: ISO time
    in UTC (None: never); ``sync_blocked``: why automatic sync stopped (``update_required``)."""

    nip: str
    name: str
    roles: list[str]
    server: str | None
    device_id: str | None
    pending_changes: int
    unanswered_batch: bool
    open_conflicts: int
    records: int
    evidence_to_upload: int
    evidence_to_download: int
    last_sync: str | None
    cursor: int
    sync_blocked: str | None
