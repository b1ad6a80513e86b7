"""Checks of a progress log's evidence (bukti dukung) that a supervisor is shown.

Real HR offices check "missing evidence" and "evidence attached to the wrong employee" (Dinas
Pendidikan's monitoring of 2022, ../shared/domain.md). Neither refuses an entry: a log without
evidence is accepted and flagged to the supervisor; a file (the same sha256, so the very same
bytes) named by the logs of more than one employee is flagged on every such log, naming the
others, so that each employee's supervisor sees it. A person decides: two nurses at one
posyandu may share a group photo honestly.

Pure: the server computes the flag from the evidence references it stores
(``server.evidence_flags``) and writes it into the logs (``ProgressLog.shared_evidence``); the
device reads both flags from the log itself (``client.ops``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

__all__ = ["SHARED_EVIDENCE_LIMIT", "lacks_evidence", "shared_top", "shared_with"]

SHARED_EVIDENCE_LIMIT = 10
"""Most other employees a log names per shared file (the lowest NIPs; a file named by more is
shown as "10 pegawai lain atau lebih")."""


def lacks_evidence(fields: Mapping[str, Any]) -> bool:
    """A progress log that names no evidence file."""
    return not fields.get("evidence")


def shared_top(owners: Iterable[str], limit: int = SHARED_EVIDENCE_LIMIT) -> tuple[str, ...]:
    """The ``limit + 1`` lowest NIPs among the employees whose logs name one file: every
    log's :func:`shared_with` list for that file follows from them alone (a log's own owner
    is left out of its list), so when they do not change, no log's list does."""
    return tuple(sorted(set(owners))[: limit + 1])


def shared_with(
    owner: str, owners: Collection[str], limit: int = SHARED_EVIDENCE_LIMIT
) -> list[str]:
    """The other employees (at most ``limit``, lowest NIP first) whose logs name a file that
    ``owner``'s log names too; empty when nobody else does. ``owners``: every employee whose
    live log names the file (or its :func:`shared_top`)."""
    return [o for o in shared_top(owners, limit) if o != owner][:limit]
