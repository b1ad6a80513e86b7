"""What every device operation needs: the user's store, who they are, the clock and ids."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from client.edits import local_write
from client.errors import InvalidInputError
from client.evidence_files import EvidenceVault
from client.store import Store
from shared_models import ContentError, RecordKind, validate_content
from shared_models.content_words import content_words
from shared_models.ids import uuid7
from sync.records import Record

__all__ = ["WIB", "Context", "parse_date"]

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
"""Semarang's time zone: "today" for a log is the local date."""

_KIND_LABEL = {
    RecordKind.PROGRESS_LOG: "catatan progres",
    RecordKind.SELF_ASSESSMENT: "penilaian mandiri",
    RecordKind.FEEDBACK: "umpan balik",
    RecordKind.APPRAISAL: "penilaian",
    RecordKind.OBJECTION: "keberatan",
    RecordKind.SKP: "SKP",
}


def parse_date(text: str, what: str = "tanggal") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"{what} '{text}' tidak valid; tulis sebagai YYYY-MM-DD") from None


@dataclass(slots=True)
class Context:
    """One user's device: the store, who they are, the clock and ids.

    Every device operation is one transaction: a user action that writes several records (a
    comment on a log and its feedback note; ratings and finalization) wraps its writes in
    :meth:`action`, and every :meth:`save` and :meth:`delete` inside it commits with the others
    or not at all.
    """

    store: Store
    nip: str
    evidence_dir: pathlib.Path
    now_ms: Callable[[], int]
    rand: Callable[[int], bytes]
    _depth: int = field(default=0, init=False, repr=False)

    @property
    def evidence(self) -> EvidenceVault:
        """The user's evidence files, encrypted with the store's key."""
        assert self.store.key is not None, "a device store is always encrypted"
        return EvidenceVault(self.evidence_dir, self.store.key.files)

    def new_id(self) -> str:
        return uuid7(self.now_ms(), self.rand(10))

    def today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.now_ms() / 1000, WIB).date()

    def now_iso(self) -> str:
        return dt.datetime.fromtimestamp(self.now_ms() / 1000, dt.UTC).isoformat()

    def find(self, kind: RecordKind, ref: str) -> Record:
        """The live record of ``kind`` whose id is ``ref`` or starts with it (short ids)."""
        label = _KIND_LABEL.get(kind, kind)
        if len(ref) < 4:
            raise InvalidInputError(f"ID {label} '{ref}' terlalu pendek; tulis minimal 4 karakter")
        rows = self.store.records.ids_starting(kind.value, ref, limit=2)
        if not rows:
            raise InvalidInputError(f"{label} dengan ID '{ref}' tidak ada di perangkat ini")
        if len(rows) > 1:
            raise InvalidInputError(
                f"ID '{ref}' cocok dengan lebih dari satu {label}; tulis lebih panjang"
            )
        record = self.store.records.get(rows[0])
        assert record is not None
        return record

    def validate(self, kind: RecordKind, fields: dict[str, Any]) -> None:
        try:
            validate_content(kind, fields)
        except ContentError as err:
            raise InvalidInputError(content_words(err)) from err

    @contextmanager
    def action(self) -> Iterator[None]:
        """One user action: the writes inside commit together when the block ends, and are all
        rolled back when it raises. Nested (an operation made of others), it joins the enclosing
        action through a savepoint: a failed inner part that the caller catches leaves nothing
        behind, and still nothing commits before the outermost action ends."""
        if self._depth == 0:
            with self.store.transaction():
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
            return
        with self.store.savepoint(f"action_{self._depth}"):
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

    def save(
        self, kind: RecordKind, record_id: str, owner: str, fields: dict[str, Any]
    ) -> Record | None:
        """Validate and save one record with its outbox entry, in one transaction (the
        enclosing :meth:`action`'s, when there is one)."""
        self.validate(kind, fields)
        with self.action():
            return local_write(
                self.store,
                kind=kind.value,
                record_id=record_id,
                owner=owner,
                fields=fields,
                now_ms=self.now_ms(),
            )

    def delete(self, record: Record) -> None:
        """Delete one record (a pending change), in one transaction like :meth:`save`."""
        with self.action():
            local_write(
                self.store,
                kind=record.kind,
                record_id=record.id,
                owner=record.owner,
                fields={},
                now_ms=self.now_ms(),
                deleted=True,
            )

    # lookups --------------------------------------------------------------------------------

    def skp_of(self, nip: str, year: int) -> Record | None:
        for record in self.store.records.of_kind(RecordKind.SKP, owner=nip):
            if record.fields.get("year") == year:
                return record
        return None

    def subordinates(self) -> set[str]:
        """NIPs whose supervisor of record is this user (from employees and SKPs held here)."""
        return self.store.records.supervised_by(self.nip, (RecordKind.EMPLOYEE, RecordKind.SKP))

    def require_subordinate(self, nip: str) -> None:
        if nip not in self.subordinates():
            raise InvalidInputError(
                f"pegawai NIP {nip} bukan bawahan langsung Anda (atau datanya belum "
                "disinkronkan); periksa NIP lalu sinkronkan"
            )
