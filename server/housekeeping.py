"""Periodic server chores, on background threads of the server process.

- Collecting tombstones (:meth:`server.sync_service.SyncService.collect_tombstones`) a minute
  after start and then every ``tombstone_collect_hours``. ``kinerja collect-tombstones`` runs the
  same collection once, from the command line.
- Projecting the progress logs' report facts (:meth:`Storage.project_facts`) once the pushes
  pause for ``facts_idle_seconds``, or when ``facts_max_lag`` records wait: the facts are
  written behind the pushes, not inside them (reports project before they read anyway).

Every server process runs these threads; with several processes over one database only one runs
a chore at a time: each run first asks for the chore's leadership
(:meth:`server.storage.Storage.chore_lock`) and skips the run when another process holds it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from server.services import Services

__all__ = ["FACTS_CHORE", "TOMBSTONE_CHORE", "Housekeeping", "collect_tombstones"]

logger = logging.getLogger("kinerja.server")

FIRST_RUN_SECONDS = 60.0
"""Delay of the first collection after start (the server answers devices first)."""
BACKGROUND_CHUNK = 1000
"""Records projected per write transaction by the background projection."""
BACKGROUND_PAUSE = 0.02
"""Seconds between two chunks of the background projection."""
TOMBSTONE_CHORE = "tombstones"
FACTS_CHORE = "report-facts"
"""The chores' names (:meth:`Storage.chore_lock`)."""


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
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if self._threads:
            return
        settings = self._services.settings
        every = settings.tombstone_collect_hours * 3600.0
        if every > 0:
            self._spawn(self._run, every, "kinerja-housekeeping")
        if settings.facts_idle_seconds > 0:
            self._spawn(self._project, settings.facts_idle_seconds, "kinerja-facts")

    def _spawn(self, target: Callable[[float], None], every: float, name: str) -> None:
        thread = threading.Thread(target=target, args=(every,), name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads = []

    def _project(self, idle: float) -> None:
        """Project the report facts when no record was written for ``idle`` seconds, or when
        too many wait."""
        storage = self._services.storage
        max_lag = self._services.settings.facts_max_lag
        last = -1
        while not self._stop.wait(idle):
            try:
                with storage.read() as reader:
                    head = reader.last_seq()
                    lag = reader.facts_lag()
                quiet = head == last
                last = head
                if lag and (quiet or lag >= max_lag):
                    with storage.chore_lock(FACTS_CHORE) as leader:
                        if leader:  # else another process is projecting them now
                            # small chunks with a pause between them: requests that write (a
                            # pull's cursor, the next push) wait for at most one chunk
                            storage.project_facts(chunk=BACKGROUND_CHUNK, pause=BACKGROUND_PAUSE)
            except Exception:  # a chore must never take the server down; try again later
                logger.exception("report facts projection failed")

    def _run(self, every: float) -> None:
        wait = self._first_run
        while not self._stop.wait(wait):
            wait = every
            try:
                with self._services.storage.chore_lock(TOMBSTONE_CHORE) as leader:
                    if not leader:  # another process collects now
                        continue
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
