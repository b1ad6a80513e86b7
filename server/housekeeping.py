"""Periodic server chores, on a background thread of the server process.

Today one chore: collecting tombstones (:meth:`server.sync_service.SyncService.collect_tombstones`)
a minute after start and then every ``tombstone_collect_hours``. ``kinerja collect-tombstones``
runs the same collection once, from the command line.
"""

from __future__ import annotations

import logging
import threading

from server.services import Services

__all__ = ["Housekeeping", "collect_tombstones"]

logger = logging.getLogger("kinerja.server")

FIRST_RUN_SECONDS = 60.0
"""Delay of the first collection after start (the server answers devices first)."""


def collect_tombstones(services: Services) -> tuple[int, int, int]:
    """One collection with the settings' horizon: (dropped, low water, horizon)."""
    settings = services.settings
    done = services.sync.collect_tombstones(
        max_idle_s=settings.tombstone_max_idle_days * 86400.0,
        min_age_s=settings.tombstone_min_age_days * 86400.0,
    )
    return done.dropped, done.low_water, done.horizon


class Housekeeping:
    """The background thread; :meth:`start` on app startup, :meth:`stop` on shutdown."""

    def __init__(self, services: Services, *, first_run: float = FIRST_RUN_SECONDS) -> None:
        self._services = services
        self._first_run = first_run
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        every = self._services.settings.tombstone_collect_hours * 3600.0
        if every <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._run, args=(every,), name="kinerja-housekeeping", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self, every: float) -> None:
        wait = self._first_run
        while not self._stop.wait(wait):
            wait = every
            try:
                dropped, low_water, horizon = collect_tombstones(self._services)
            except Exception:  # a chore must never take the server down; try again later
                logger.exception("tombstone collection failed")
                continue
            if dropped:
                logger.info(
                    "tombstones collected: %d (low water %d, horizon %d)",
                    dropped,
                    low_water,
                    horizon,
                )
