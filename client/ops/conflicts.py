"""Conflicts: list them, and resolve one by keeping mine, theirs, or both.

"Mine" is the value written on this device when this device took part in the conflict;
otherwise (two other devices) it is the value the record holds now. Keeping a value that is
not the current one is a new local edit, synced like any other. "Both" keeps the current record
and adds a copy with the other values (progress logs and feedback only). A deleted record never
comes back (I4): keeping an edit of it creates a new record.
"""

from __future__ import annotations

from typing import Any

import msgspec

from client.context import Context
from client.edits import local_write
from client.errors import InvalidInputError
from client.ops.view_models.conflicts import ConflictView, Keep, Resolution
from client.store import ConflictRow
from shared_models import RecordKind
from shared_models.content_words import reason_words

__all__ = ["Keep", "conflict_view", "list_conflicts", "resolve"]

_COPYABLE = {RecordKind.PROGRESS_LOG.value, RecordKind.FEEDBACK.value}
_CAUSE = {
    "field": "isian yang sama diubah di dua tempat",
    "deleted": "catatan dihapus di tempat lain saat Anda mengubahnya",
    "locked": "catatan sudah dikunci (final/disetujui)",
    "transition": "perubahan status tidak diizinkan lagi",
    "purged": "catatan sudah dihapus permanen di server",
    "rejected": "perubahan ditolak server",
}


def conflict_view(row: ConflictRow, me: str) -> ConflictView:
    return ConflictView(
        **row.as_dict(),
        cause_text=_CAUSE.get(row.cause, row.cause),
        reason=reason_words(row.message) if row.cause == "rejected" else "",
        mine="losing" if row.losing_replica == me else "winning",
    )


def list_conflicts(ctx: Context, *, include_resolved: bool = False) -> list[ConflictView]:
    me = ctx.store.outbox.replica
    return [
        conflict_view(r, me) for r in ctx.store.conflicts.all(include_resolved=include_resolved)
    ]


def _row(ctx: Context, ref: str) -> ConflictRow:
    rows = [r for r in ctx.store.conflicts.find(ref) if not r.resolved] if len(ref) >= 4 else []
    if not rows:
        raise InvalidInputError(
            f"tidak ada konflik terbuka dengan ID '{ref}'; lihat 'kinerja device conflicts'"
        )
    if len(rows) > 1:
        raise InvalidInputError(
            f"ID '{ref}' cocok dengan lebih dari satu konflik; tulis lebih panjang"
        )
    return rows[0]


def _with(fields: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for name, value in values.items():
        if name == "_deleted":
            continue
        if value is None:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def resolve(ctx: Context, ref: str, keep: Keep) -> Resolution:
    row = _row(ctx, ref)
    mine_lost = row.losing_replica == ctx.store.outbox.replica
    other = row.losing  # the values that are not the current state
    apply_other = (keep == "mine") == mine_lost if keep != "both" else False
    if keep == "both" and row.kind not in _COPYABLE:
        raise InvalidInputError(
            "pilihan 'both' hanya untuk catatan progres dan umpan balik; pilih mine atau theirs"
        )
    record = ctx.store.records.get(row.record_id)
    result = Resolution(conflict=row.id, keep=keep, record_id=row.record_id)
    kind = RecordKind(row.kind)
    now = ctx.now_ms()
    if keep == "both" or (
        apply_other and (record is None or record.deleted) and "_deleted" not in other
    ):
        base = {} if record is None or record.deleted else record.fields
        fields = _with(base, other)
        try:
            ctx.validate(kind, fields)
        except InvalidInputError as err:
            raise InvalidInputError(
                f"nilai konflik tidak dapat disimpan sebagai catatan baru ({err}); "
                "buat catatan baru"
            ) from None
        new_id = ctx.new_id()
        with ctx.action():
            local_write(
                ctx.store,
                kind=row.kind,
                record_id=new_id,
                owner=row.owner,
                fields=fields,
                now_ms=now,
            )
            ctx.store.conflicts.resolve(row.id, keep)
        return msgspec.structs.replace(result, new_record_id=new_id)
    with ctx.action():
        if apply_other and record is not None and not record.deleted:
            if "_deleted" in other:
                local_write(
                    ctx.store,
                    kind=row.kind,
                    record_id=record.id,
                    owner=record.owner,
                    fields={},
                    now_ms=now,
                    deleted=True,
                )
            else:
                fields = _with(record.fields, other)
                ctx.validate(kind, fields)
                local_write(
                    ctx.store,
                    kind=row.kind,
                    record_id=record.id,
                    owner=record.owner,
                    fields=fields,
                    now_ms=now,
                )
        ctx.store.conflicts.resolve(row.id, keep)
    return result
