"""Reading and answering a subordinate's progress logs, and evidence on demand."""

from __future__ import annotations

from collections.abc import Callable

from client.context import Context
from client.errors import InvalidInputError
from client.evidence_files import sniff
from client.ops.logs import log_view
from client.ops.supervision.messages import COMMENT_EMPTY
from client.ops.supervision.subordinates import require_direct
from client.ops.view_models.logs import LogEntry
from client.ops.view_models.supervision import EvidenceFile
from client.transport import Transport
from shared_models import FeedbackKind, RecordKind
from sync.records import Record

__all__ = ["acknowledge_log", "comment_log", "fetch_evidence"]


def _subordinate_log(ctx: Context, ref: str) -> Record:
    record = ctx.find(RecordKind.PROGRESS_LOG, ref)
    if record.owner == ctx.nip:
        raise InvalidInputError("catatan Anda sendiri tidak dapat Anda konfirmasi atau komentari")
    require_direct(ctx, record.owner)
    return record


def acknowledge_log(ctx: Context, ref: str) -> LogEntry:
    """Mark a subordinate's entry as read and accepted (acknowledged_by = the supervisor)."""
    record = _subordinate_log(ctx, ref)
    ctx.save(
        RecordKind.PROGRESS_LOG,
        record.id,
        record.owner,
        {**record.fields, "acknowledged_by": ctx.nip},
    )
    return log_view(ctx, record.id)


def comment_log(ctx: Context, ref: str, text: str, *, acknowledge: bool = False) -> LogEntry:
    """Comment on a subordinate's entry (umpan balik berkelanjutan): the comment is kept on the
    entry and as a feedback note the employee sees among their feedback."""
    if not text.strip():
        raise InvalidInputError(COMMENT_EMPTY)
    record = _subordinate_log(ctx, ref)
    fields = {**record.fields, "supervisor_comment": text.strip()}
    if acknowledge:
        fields["acknowledged_by"] = ctx.nip
    feedback = {
        "employee_nip": record.owner,
        "author_nip": ctx.nip,
        "text": text.strip(),
        "kind": FeedbackKind.UMPAN_BALIK.value,
        "related_log_id": record.id,
    }
    ctx.validate(RecordKind.PROGRESS_LOG, fields)
    ctx.validate(RecordKind.FEEDBACK, feedback)
    with ctx.action():  # both or neither: a comment synced without its note is lost for good
        ctx.save(RecordKind.PROGRESS_LOG, record.id, record.owner, fields)
        ctx.save(RecordKind.FEEDBACK, ctx.new_id(), record.owner, feedback)
    return log_view(ctx, record.id)


def fetch_evidence(
    ctx: Context, sha256: str, open_transport: Callable[[], Transport]
) -> EvidenceFile:
    """An evidence file on this device, downloaded from the server when it is not here yet
    (then kept, encrypted: the evidence folder is the cache). Returns its content (``data``),
    size and type."""
    sha256 = sha256.strip().lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise InvalidInputError(f"'{sha256}' bukan sha256 berkas bukti (64 karakter heksadesimal)")
    vault = ctx.evidence
    downloaded = False
    if not vault.has(sha256):
        with open_transport() as transport:
            transport.download(sha256, vault.receive(sha256))
        downloaded = True
    data = vault.read(sha256)
    mime = sniff(data[:16]) or "application/octet-stream"
    size = len(data)
    with ctx.action():
        if ctx.store.evidence.get(sha256) is None:
            ctx.store.evidence.add_remote(sha256, ctx.now_ms())
        row = ctx.store.evidence.get(sha256)
        if row is not None and row.state == "remote":
            ctx.store.evidence.set_file(sha256, size, mime)
    return EvidenceFile(sha256=sha256, data=data, size=size, mime=mime, downloaded=downloaded)
