"""Where the login throttle keeps its counts: in memory (one process), or in the database
(every server process over it sees one count, and a restart forgets nothing).

A :class:`ThrottleState` opens a :class:`ThrottleTable` for reading or for writing; a writing
table is one transaction (the database's single writer), so a count read and raised in it is
never raised by another process in between.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

from server.storage import Reader, Storage, Writer

__all__ = ["Count", "Key", "MemoryThrottleState", "StoredThrottleState", "ThrottleState"]

Key = tuple[str, ...]
"""A throttle key: its kind (``pair``, ``addr``, ``nip``, ``dev``) and what it is about."""


@dataclass(frozen=True, slots=True)
class Count:
    """A key's failures and the time before which it may not try again."""

    failures: int
    until: float


class ThrottleTable(Protocol):
    """The counts, inside one read or write (only a writing table may change them)."""

    def get(self, keys: Sequence[Key], now: float) -> dict[Key, Count]:
        """The counts of those of ``keys`` not forgotten at ``now``."""
        ...

    def put(self, key: Key, count: Count, forget_at: float) -> None:
        """Store a count, forgotten from ``forget_at`` on."""
        ...

    def pop(self, key: Key) -> None: ...
    def forget_nip(self, nip: str) -> None:
        """Drop every key about ``nip`` (not the addresses' keys)."""
        ...

    def more_than(self, count: int) -> bool:
        """Whether more than ``count`` keys are kept (forgotten ones included)."""
        ...

    def prune(self, now: float, keep: int) -> None:
        """Drop the keys forgotten at ``now``; past ``keep``, those whose wait ends first."""
        ...


class ThrottleState(Protocol):
    """Opens the counts for reading or for writing."""

    def reading(self) -> AbstractContextManager[ThrottleTable]: ...
    def writing(self) -> AbstractContextManager[ThrottleTable]: ...


# --- in memory -------------------------------------------------------------------------------
class _MemoryTable:
    def __init__(self, entries: dict[Key, tuple[Count, float]]) -> None:
        self._entries = entries

    def get(self, keys: Sequence[Key], now: float) -> dict[Key, Count]:
        found: dict[Key, Count] = {}
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None and now < entry[1]:
                found[key] = entry[0]
        return found

    def put(self, key: Key, count: Count, forget_at: float) -> None:
        self._entries[key] = (count, forget_at)

    def pop(self, key: Key) -> None:
        self._entries.pop(key, None)

    def forget_nip(self, nip: str) -> None:
        for key in [k for k in self._entries if k[0] != "addr" and k[1] == nip]:
            del self._entries[key]

    def more_than(self, count: int) -> bool:
        return len(self._entries) > count

    def prune(self, now: float, keep: int) -> None:
        for key in [k for k, (_, forget_at) in self._entries.items() if now >= forget_at]:
            del self._entries[key]
        if len(self._entries) > keep:
            by_end = sorted(self._entries, key=lambda k: self._entries[k][0].until)
            for key in by_end[: len(self._entries) - keep]:
                del self._entries[key]


class MemoryThrottleState:
    """The counts in this process's memory, behind one lock."""

    def __init__(self) -> None:
        self._entries: dict[Key, tuple[Count, float]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[ThrottleTable]:
        with self._lock:
            yield _MemoryTable(self._entries)

    writing = reading


# --- in the database -------------------------------------------------------------------------
def _stored_key(key: Key) -> str:
    return json.dumps(list(key), separators=(",", ":"))


def _nip_of(key: Key) -> str | None:
    return None if key[0] == "addr" else key[1]


class _StoredTable:
    def __init__(self, session: Reader, writer: Writer | None) -> None:
        self._session = session
        self._writing = writer

    def _writer(self) -> Writer:
        if self._writing is None:  # pragma: no cover - a programming error
            raise TypeError("the throttle's counts change only in a writing table")
        return self._writing

    def get(self, keys: Sequence[Key], now: float) -> dict[Key, Count]:
        by_name = {_stored_key(k): k for k in keys}
        rows = self._session.throttle_counts(list(by_name), now)
        return {by_name[name]: Count(failures, until) for name, (failures, until) in rows.items()}

    def put(self, key: Key, count: Count, forget_at: float) -> None:
        self._writer().put_throttle_count(
            _stored_key(key),
            nip=_nip_of(key),
            failures=count.failures,
            wait_until=count.until,
            forget_at=forget_at,
        )

    def pop(self, key: Key) -> None:
        self._writer().drop_throttle_count(_stored_key(key))

    def forget_nip(self, nip: str) -> None:
        self._writer().forget_throttle_nip(nip)

    def more_than(self, count: int) -> bool:
        return self._session.throttle_more_than(count)

    def prune(self, now: float, keep: int) -> None:
        self._writer().prune_throttle(now, keep)


class StoredThrottleState:
    """The counts in the server's database (table ``login_throttle``): shared by every process
    over it. A writing table is one write transaction."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    @contextmanager
    def reading(self) -> Iterator[ThrottleTable]:
        with self._storage.read() as reader:
            yield _StoredTable(reader, None)

    @contextmanager
    def writing(self) -> Iterator[ThrottleTable]:
        with self._storage.write() as writer:
            yield _StoredTable(writer, writer)
