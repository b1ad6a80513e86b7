"""What the always-visible sync bar shows, as an observable state class (one per session).

Only its methods change it. Each method takes plain values (a status dict, a progress snapshot,
a report), so the class is tested without a browser or a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import flet as ft

from client.ops.view_models import DeviceStatus
from client.syncing import SyncProgress, SyncReport
from client.ui.common.fmt import ago
from client.ui.common.i18n import tr

__all__ = ["SyncState"]

_ERROR_KEYS = {
    "offline": "sync.err.offline",
    "revoked": "sync.err.revoked",
    "update_required": "sync.err.update_required",
    "signed_out": "sync.err.signed_out",
    "cancelled": "sync.err.cancelled",
    "refused": "sync.err.refused",
}

_RETRIED = frozenset({"sync.err.offline", "sync.err.cancelled", "err.generic"})
"""Failures the automatic sync tries again by itself (a refusal waits for a person)."""


@dataclass(eq=False)
class SyncState(ft.Observable):
    """Online or not, changes waiting, the last good sync, and a run in progress."""

    online: bool | None = None
    pending: int = 0
    conflicts: int = 0
    evidence_to_upload: int = 0
    last_sync_ms: int | None = None
    running: bool = False
    phase: str = ""
    progress: float = 0.0
    """0..1 while a run goes: it moves only when the run reports real progress (bytes of
    evidence sent, changes pushed, pages pulled), so a bar that stands still means a server
    that does not answer, never an animation pretending otherwise."""
    upload_total: int = 0
    push_total: int = 0
    retry_at_ms: int | None = None
    """When the automatic sync next asks the server (shown as "Mencoba lagi dalam 12 dtk"
    while offline or after a failed run)."""
    error_key: str = ""
    error_detail: str = ""
    blocked: str = ""
    """"update_required" once the server said so: automatic sync stops until an update."""

    # changes ------------------------------------------------------------------------------

    def set_status(self, status: DeviceStatus) -> None:
        """Take the counts from ``Device.status()``."""
        self.pending = status.pending_changes
        self.conflicts = status.open_conflicts
        self.evidence_to_upload = status.evidence_to_upload
        self.last_sync_ms = _parse_iso_ms(status.last_sync)
        self.blocked = status.sync_blocked or ""

    def set_online(self, online: bool) -> None:
        self.online = online
        if online and self.error_key == "sync.err.offline":
            self.error_key = ""

    def begin(self, upload_total: int) -> None:
        self.running = True
        self.phase = "start"
        self.progress = 0.0
        self.upload_total = upload_total
        self.push_total = 0

    def on_progress(self, p: SyncProgress) -> None:
        """A snapshot from the sync thread (already handed to the event loop)."""
        if not self.running:  # the person pressed "Batal": the run's last words are late
            return
        self.phase = p.phase
        self.pending = p.pending
        self.progress = max(self.progress, self._fraction(p))
        if p.phase == "reset":
            self.error_key, self.error_detail = "sync.err.reset", ""

    def _fraction(self, p: SyncProgress) -> float:
        """How far the run is, from what it reported: evidence bytes (to 40 %), changes
        pushed (to 70 %), each page pulled (a share of what is left, to 95 %), then done.
        A retry or a silent server moves nothing."""
        if p.phase == "start":
            return 0.02
        if p.phase == "upload":
            return 0.02 + 0.38 * min(1.0, p.bytes_sent / max(self.upload_total, 1))
        if p.phase == "push":
            self.push_total = max(self.push_total, p.pushed + p.pending)
            return 0.4 + 0.3 * min(1.0, p.pushed / max(self.push_total, 1))
        if p.phase == "pull":
            base = max(self.progress, 0.7)
            return base + (0.95 - base) * 0.3
        if p.phase == "download":
            return max(self.progress, 0.95)
        if p.phase == "done":
            return 1.0
        return self.progress

    def finish(self, report: SyncReport) -> None:
        self.running = False
        self.phase = ""
        self.progress = 0.0
        self.pending = report.pending
        if report.ok:
            self.online = True
            self.error_key, self.error_detail = "", ""
            return
        self.error_key = _ERROR_KEYS.get(report.outcome, "sync.err.refused")
        self.error_detail = report.message
        if report.outcome in ("offline", "cancelled"):
            self.online = False
        if report.outcome == "update_required":
            self.blocked = "update_required"

    def fail(self, key: str, detail: str = "") -> None:
        self.running = False
        self.progress = 0.0
        self.error_key, self.error_detail = key, detail

    def cancel(self, retry_at_ms: int) -> None:
        """ "Batal" pressed: the bar lets go of the run at once."""
        self.running = False
        self.phase = ""
        self.progress = 0.0
        self.error_key, self.error_detail = "sync.err.cancelled", ""
        self.retry_at_ms = retry_at_ms

    def plan_retry(self, at_ms: int | None) -> None:
        """The automatic sync's next round (None: none planned, e.g. signed out)."""
        if at_ms != self.retry_at_ms:
            self.retry_at_ms = at_ms

    def clear_error(self) -> None:
        self.error_key, self.error_detail = "", ""

    # reading ------------------------------------------------------------------------------

    def connection_text(self, lang: str) -> str:
        if self.online is None:
            return tr(lang, "sync.unknown")
        return tr(lang, "sync.online" if self.online else "sync.offline")

    def pending_text(self, lang: str) -> str:
        if self.pending == 0:
            return tr(lang, "sync.all_sent")
        return tr(lang, "sync.pending", n=self.pending)

    def last_text(self, lang: str, now_ms: int) -> str:
        if self.last_sync_ms is None:
            return tr(lang, "sync.never")
        return tr(lang, "sync.last", ago=ago(lang, self.last_sync_ms, now_ms))

    def summary(self, lang: str, now_ms: int) -> str:
        """One line: "Luring · 3 menunggu sinkron · Tersinkron 5 menit lalu"."""
        parts = [self.connection_text(lang), self.pending_text(lang), self.last_text(lang, now_ms)]
        if self.running:
            parts.append(tr(lang, "sync.uploading" if self.phase == "upload" else "sync.running"))
        elif (retry := self.retry_text(lang, now_ms)) != "":
            parts.append(retry)
        return " · ".join(parts)

    def retry_text(self, lang: str, now_ms: int) -> str:
        """ "Mencoba lagi dalam 12 dtk" while the server is out of reach or a run failed."""
        waiting = self.online is False or self.error_key in _RETRIED
        if self.retry_at_ms is None or not waiting:
            return ""
        seconds = max(1, -(-(self.retry_at_ms - now_ms) // 1000))
        return tr(lang, "sync.retry_in", n=seconds)

    def error_text(self, lang: str) -> str:
        if not self.error_key:
            return ""
        return tr(lang, self.error_key, detail=self.error_detail)


def _parse_iso_ms(text: Any) -> int | None:
    if not text:
        return None
    import datetime as dt

    stamp = dt.datetime.strptime(str(text), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return int(stamp.timestamp() * 1000)
