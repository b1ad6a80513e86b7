"""Write-behind projection of report facts in chunks: one loop for every storage engine."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from server.storage.base import Writer

__all__ = ["PROJECT_CHUNK", "project_in_chunks"]

PROJECT_CHUNK = 5000
"""Records whose report facts are projected in one write transaction."""


def project_in_chunks(
    write: Callable[[], AbstractContextManager[Writer]], *, chunk: int, pause: float
) -> int:
    """:meth:`Writer.project_facts` until caught up, ``chunk`` records per write transaction
    opened by ``write``, sleeping ``pause`` seconds between chunks so that waiting writers go
    first (the background projection does); how many were projected."""
    total = 0
    while True:
        with write() as tx:
            done = tx.project_facts(chunk)
        total += done
        if done < chunk:
            return total
        if pause:
            time.sleep(pause)
