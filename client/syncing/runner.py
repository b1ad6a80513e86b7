"""The sync runner: push the outbox, pull pages, move evidence files; in a worker thread.

One run: replay an unanswered batch, upload evidence, push the outbox in batches, pull pages
until the server has no more (re-pulling from 0 when it says "reset required"; when it says it
was restored from a backup, sending every copy again first, then re-pulling from 0), push again
what was edited meanwhile, download evidence. Every step commits before the next one starts, so a
run killed at any step boundary (``step_hook`` lets tests do that) loses nothing and the next
run completes it.
"""

from __future__ import annotations

import pathlib
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypeVar

import httpx

from client.errors import UpdateRequiredError
from client.evidence_files import EvidenceDamagedError, EvidenceVault, sniff
from client.store import InflightBatch, Store, StoreKey
from client.store.evidence import EvidenceRow
from client.syncing.apply import (
    apply_page,
    apply_push_result,
    refetch_ids,
    resend_after_restore,
    reset_for_repull,
)
from client.syncing.progress import Listener, Outcome, Phase, SyncProgress, SyncReport
from client.syncing.retry import RetryPolicy, SyncCancelledError, with_retry
from client.transport import NetworkError, ServerAnswerError, Transport
from sync import protocol

__all__ = ["RunnerConfig", "SyncHandle", "SyncRunner"]

_CHUNK = 1024 * 1024
T = TypeVar("T")

StepHook = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class RunnerConfig:
    """Tunables of a run (tests shrink them)."""

    batch_size: int = 200
    page_limit: int = 1000
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    chunk_bytes: int = _CHUNK
    """Bytes of one upload request: a chunk of a large file, or a batch of small ones."""
    manifest_size: int = 500
    """Files named in one manifest request."""
    timeout: float = 30.0
    """Seconds a request may wait to connect, or between two bytes of its answer, before it
    counts as a network failure (the app, on a phone's signal, uses less)."""


class SyncHandle:
    """A run in progress: wait for its report or cancel it. Never blocks the starting thread."""

    def __init__(self, thread: threading.Thread, cancel: threading.Event) -> None:
        self._thread = thread
        self._cancel = cancel
        self.report: SyncReport | None = None
        self.error: BaseException | None = None

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> SyncReport | None:
        """The report once the run ended (``None`` on timeout); re-raises a crash of the run."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            return None
        if self.error is not None:
            raise self.error
        return self.report


class SyncRunner:
    """Runs sync for one device database. Each run opens its own connection in its thread,
    with the user's store ``key`` (which also decrypts and encrypts the evidence files)."""

    def __init__(
        self,
        db_path: pathlib.Path,
        evidence_dir: pathlib.Path,
        *,
        key: StoreKey,
        http_transport: httpx.BaseTransport | None = None,
        config: RunnerConfig | None = None,
        step_hook: StepHook | None = None,
        now_ms: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
        rng: random.Random | None = None,
    ) -> None:
        self.db_path = db_path
        self.evidence_dir = evidence_dir
        self.key = key
        self.vault = EvidenceVault(evidence_dir, key.files)
        self.http_transport = http_transport
        self.config = config or RunnerConfig()
        self.step_hook = step_hook
        self.now_ms = now_ms
        self.rng = rng or random.Random()

    def start(self, listener: Listener | None = None) -> SyncHandle:
        """Run in a worker thread; returns at once."""
        cancel = threading.Event()
        handle: SyncHandle

        def target() -> None:
            try:
                handle.report = self.run(listener, cancel=cancel)
            except BaseException as err:  # handed to wait(), which re-raises it
                handle.error = err

        thread = threading.Thread(target=target, name="kinerja-sync", daemon=True)
        handle = SyncHandle(thread, cancel)
        thread.start()
        return handle

    def run(
        self, listener: Listener | None = None, *, cancel: threading.Event | None = None
    ) -> SyncReport:
        """One complete run in the calling thread."""
        store = Store(self.db_path, key=self.key)
        try:
            run = _Run(self, store, listener, cancel or threading.Event())
            return run.execute()
        finally:
            store.close()


class _Run:
    """The state of one run."""

    def __init__(
        self, runner: SyncRunner, store: Store, listener: Listener | None, cancel: threading.Event
    ) -> None:
        self.r = runner
        self.store = store
        self.listener = listener
        self.cancel = cancel
        self.progress = SyncProgress(phase="start")
        self.new_conflicts = 0
        self.warnings: list[str] = []
        self.device_id = str(store.meta.get("device_id", ""))
        self.transport = Transport(
            str(store.meta.get("server_url", "")),
            token=store.meta.get("token"),
            transport=runner.http_transport,
            timeout=runner.config.timeout,
        )

    # reporting --------------------------------------------------------------------------------

    def step(self, name: str) -> None:
        if self.r.step_hook is not None:
            self.r.step_hook(name)

    def emit(self, phase: Phase, message: str = "", *, recount: bool = True, **counts: int) -> None:
        """Tell the listener. ``recount=False`` when called off the run's thread (the store's
        connection belongs to the run's thread)."""
        values: dict[str, Any] = {
            name: getattr(self.progress, name) + counts.get(name, 0)
            for name in ("pushed", "pulled", "bytes_sent", "bytes_received")
        }
        self.progress = replace(
            self.progress,
            phase=phase,
            message=message,
            pending=self.store.outbox.count() if recount else self.progress.pending,
            **values,
        )
        if self.listener is not None:
            self.listener(self.progress)

    def call(self, fn: Callable[[], T]) -> T:
        def on_retry(attempt: int, wait: float, why: str) -> None:
            text = f"{why}; mencoba lagi dalam {wait:.1f} detik (percobaan {attempt + 1})"
            self.emit("retry", text, recount=False)

        return with_retry(
            fn, self.r.config.retry, rng=self.r.rng, cancel=self.cancel, on_retry=on_retry
        )

    def report(self, outcome: Outcome, message: str) -> SyncReport:
        p = self.progress
        return SyncReport(
            outcome=outcome,
            message=message,
            pushed=p.pushed,
            pulled=p.pulled,
            bytes_sent=p.bytes_sent,
            bytes_received=p.bytes_received,
            pending=self.store.outbox.count(),
            new_conflicts=self.new_conflicts,
            cursor=int(self.store.meta.get("pull_cursor", 0)),
            warnings=self.warnings,
        )

    # the run ----------------------------------------------------------------------------------

    def execute(self) -> SyncReport:
        try:
            if not self.transport.token or not self.device_id:
                return self.report("signed_out", "Perangkat belum terdaftar; masuk dulu ke server.")
            self.emit("start")
            self.step("start")
            self.replay_inflight()
            self.upload_evidence()
            self.push_outbox()
            self.pull_all()
            self.push_outbox()
            self.download_evidence()
            with self.store.transaction():
                self.store.meta.set("last_sync_ms", self.r.now_ms())
                self.store.meta.delete("sync_block")
            self.step("finish")
            self.emit("done", "Sinkronisasi selesai.")
            return self.report("ok", "Sinkronisasi selesai.")
        except NetworkError as err:
            return self.report(
                "offline",
                f"Sinkronisasi gagal: {err}. Data Anda tetap aman di perangkat; "
                "sinkronkan lagi saat ada sinyal.",
            )
        except SyncCancelledError:
            return self.report("cancelled", "Sinkronisasi dibatalkan; data Anda tetap aman.")
        except UpdateRequiredError as err:
            with self.store.transaction():
                self.store.meta.set("sync_block", "update_required")
            return self.report("update_required", str(err))
        except ServerAnswerError as err:
            return self.refused(err)
        finally:
            self.transport.close()

    def refused(self, err: ServerAnswerError) -> SyncReport:
        if err.code == "device_revoked":
            return self.report(
                "revoked",
                "Perangkat ini telah dicabut oleh pengelola kepegawaian. Data lokal di perangkat "
                "ini dihapus demi keamanan; hubungi BKPP bila ini keliru.",
            )
        if err.status == 401:
            return self.report(
                "signed_out",
                f"Sesi perangkat berakhir ({err.message}). Masuk lagi dengan NIP dan kata sandi.",
            )
        if err.code == "password_change_required":
            return self.report(
                "refused",
                "Kata sandi awal harus diganti dulu; sinkronisasi berjalan lagi setelahnya "
                "(Lainnya > Ganti kata sandi, atau 'kinerja device password'). Data Anda aman.",
            )
        return self.report("refused", f"Server menolak sinkronisasi: {err.message}")

    # push -------------------------------------------------------------------------------------

    def replay_inflight(self) -> None:
        saved = self.store.inflight.get()
        if saved is not None:
            self.send_batch(saved)

    def push_outbox(self) -> None:
        while True:
            if self.cancel.is_set():
                raise SyncCancelledError
            entries = self.store.outbox.batch(self.r.config.batch_size)
            if not entries:
                return
            with self.store.transaction():
                seq = int(self.store.meta.get("next_batch_seq", 1))
                batch = protocol.PushBatch(
                    device_id=self.device_id,
                    batch_seq=seq,
                    changes=[e.change for e in entries],
                    epoch=self.epoch(),
                )
                saved = InflightBatch(
                    batch_seq=seq,
                    body=protocol.encode(batch),
                    revisions={e.change.id: e.revision for e in entries},
                )
                self.store.inflight.save(saved)
                self.store.meta.set("next_batch_seq", seq + 1)
            self.step("push.saved")
            if self.send_batch(saved) == 0:
                self.warnings.append("server tidak menjawab sebagian perubahan; dicoba lagi nanti")
                return

    def send_batch(self, saved: InflightBatch) -> int:
        """Send (or replay) a saved batch and apply the answer; return the changes answered."""
        self.emit("push", f"mengirim {len(saved.revisions)} perubahan")
        result = self.call(lambda: self.transport.push_raw(saved.body))
        self.step("push.sent")
        batch = protocol.decode_request(saved.body)
        assert isinstance(batch, protocol.PushBatch)
        if result.restored:  # nothing of it was decided: every copy goes again
            with self.store.transaction():
                self.store.inflight.clear()
            self.restored(result.epoch)
            return len(saved.revisions)
        with self.store.transaction():
            done, conflicts = apply_push_result(self.store, batch, result.results, self.r.now_ms())
        self.new_conflicts += conflicts
        self.step("push.applied")
        self.emit("push", bytes_sent=len(saved.body), pushed=done)
        return done

    def epoch(self) -> int:
        """The server epoch this device last learned (0: none yet)."""
        return int(self.store.meta.get("server_epoch", 0))

    def restored(self, epoch: int) -> None:
        """The server was restored from a backup since this device last synced: queue every copy
        to be sent again and pull from 0 (:func:`resend_after_restore`)."""
        with self.store.transaction():
            queued = resend_after_restore(self.store, epoch, self.r.now_ms())
        self.step("restore.queued")
        self.emit("reset", f"server dipulihkan dari cadangan; {queued} catatan dikirim ulang")
        self.upload_evidence()

    # pull -------------------------------------------------------------------------------------

    def pull_all(self) -> None:
        """Pull until the server has no more. The next page is fetched while the current one
        is applied (at most two pages in memory); the cursor moves only with an applied page."""
        with ThreadPoolExecutor(1, thread_name_prefix="kinerja-pull") as pool:
            self._pull_pages(pool)

    def _fetch(self, cursor: int, epoch: int, refetch: list[str]) -> tuple[protocol.PullPage, int]:
        request = protocol.PullRequest(
            device_id=self.device_id,
            cursor=cursor,
            limit=self.r.config.page_limit,
            epoch=epoch,
            refetch=refetch,
        )
        return self.call(partial(self.transport.pull, request))

    def _pull_pages(self, pool: ThreadPoolExecutor) -> None:
        resets = 0
        ahead: tuple[int, Future[tuple[protocol.PullPage, int]]] | None = None
        while True:
            if self.cancel.is_set():
                raise SyncCancelledError
            cursor = int(self.store.meta.get("pull_cursor", 0))
            epoch = self.epoch()
            refetch = refetch_ids(self.store)
            if ahead is not None and ahead[0] == cursor:
                page, size = ahead[1].result()
            else:
                page, size = self._fetch(cursor, epoch, refetch)
            ahead = None
            self.step("pull.received")
            if page.restored:
                if page.epoch == epoch:  # a server that contradicts itself: stop, lose nothing
                    raise ServerAnswerError(
                        409, "restored", "server menyatakan dipulihkan tanpa epoch baru", {}
                    )
                self.restored(page.epoch)
                self.push_outbox()
                continue
            if page.reset_required and resets == 0 and cursor > 0:
                resets += 1
                with self.store.transaction():
                    reset_for_repull(self.store)
                self.step("pull.reset")
                self.emit("reset", "server meminta sinkron ulang; perubahan lokal disimpan")
                continue
            if page.more:
                ahead = (page.next_cursor, pool.submit(self._fetch, page.next_cursor, epoch, []))
            with self.store.transaction():
                changed = apply_page(self.store, page, self.r.now_ms())
                if refetch:  # asked for with this page: what it may see came with it
                    self.store.meta.delete("refetch")
            self.step("pull.applied")
            self.emit("pull", bytes_received=size, pulled=changed)
            if not page.more:
                return

    # evidence ---------------------------------------------------------------------------------

    def upload_evidence(self) -> None:
        """Send the files the server still needs: one manifest request tells which (and where
        to resume a file begun earlier); small whole files go several to a request, large or
        begun ones in resumable chunks."""
        rows = []
        for row in self.store.evidence.in_state("upload"):
            if self.r.vault.has(row.sha256):
                rows.append(row)
            else:
                self.warnings.append(f"berkas bukti {row.sha256[:12]} hilang dari perangkat")
        size = self.r.config.manifest_size
        for start in range(0, len(rows), size):
            self._upload_group(rows[start : start + size])

    def _upload_group(self, rows: list[EvidenceRow]) -> None:
        manifest = protocol.EvidenceManifest(
            device_id=self.device_id,
            files=[
                protocol.EvidenceFile(sha256=r.sha256, size=r.size, media_type=r.mime, record_id="")
                for r in rows
            ],
        )
        status = self.call(partial(self.transport.evidence_manifest, manifest))
        missing = set(status.missing)
        held = [r for r in rows if r.sha256 not in missing]
        if held:  # on the server already (sent by an earlier run, or by someone else)
            self._mark_synced(held)
        limit = self.r.config.chunk_bytes
        batch: list[EvidenceRow] = []
        batch_bytes = 0
        for row in rows:
            if row.sha256 not in missing:
                continue
            resume = status.received.get(row.sha256, 0)
            if resume or row.size > limit // 2:
                self._upload_file(row, resume)
                continue
            if batch and batch_bytes + row.size > limit:
                self._upload_batch(batch)
                batch, batch_bytes = [], 0
            batch.append(row)
            batch_bytes += row.size
        if batch:
            self._upload_batch(batch)

    def _upload_batch(self, rows: list[EvidenceRow]) -> None:
        blobs = []
        for r in rows:
            try:
                blobs.append(
                    protocol.EvidenceBlob(sha256=r.sha256, data=self.r.vault.read(r.sha256))
                )
            except EvidenceDamagedError as err:
                self.warnings.append(str(err))
        if not blobs:
            return
        batch = protocol.EvidenceBatch(device_id=self.device_id, files=blobs)
        result = self.call(partial(self.transport.upload_batch, batch))
        by_sha = {r.sha256: r for r in rows}
        accepted = []
        for outcome in result.results:
            row = by_sha.get(outcome.sha256)
            if row is None:
                continue
            if outcome.outcome == "rejected":
                self.warnings.append(
                    f"bukti {outcome.sha256[:12]} ditolak server: {outcome.message}"
                )
            else:
                accepted.append(row)
        self._mark_synced(accepted)
        self.emit("upload", bytes_sent=sum(len(b.data) for b in blobs))

    def _mark_synced(self, rows: list[EvidenceRow]) -> None:
        with self.store.transaction():
            for row in rows:
                self.store.evidence.set_state(row.sha256, "synced", sent=row.size)
        for _ in rows:
            self.step("evidence.uploaded")

    def _upload_file(self, row: EvidenceRow, offset: int) -> None:
        try:
            self.upload_one(row.sha256, row.size, offset)
        except EvidenceDamagedError as err:
            self.warnings.append(str(err))
        except ServerAnswerError as err:
            if err.status == 401:
                raise
            self.warnings.append(f"bukti {row.sha256[:12]} ditolak server: {err.message}")

    def upload_one(self, sha256: str, size: int, offset: int | None = None) -> None:
        """One file in resumable chunks, from ``offset`` (asked of the server when unknown);
        each chunk is decrypted from the device's copy just before it is sent."""
        if offset is None:
            offset = self.call(lambda: self.transport.evidence_offset(sha256))
        while offset < size:
            data = self.r.vault.read_range(sha256, offset, self.r.config.chunk_bytes)
            start = offset
            try:
                offset = self.call(partial(self.transport.upload_chunk, sha256, start, size, data))
            except ServerAnswerError as err:
                if err.status != 409 or "received" not in err.extra:
                    raise
                offset = int(err.extra["received"])
                continue
            with self.store.transaction():
                self.store.evidence.set_sent(sha256, offset)
            self.step("evidence.chunk")
            self.emit("upload", bytes_sent=offset - start)
        with self.store.transaction():
            self.store.evidence.set_state(sha256, "synced", sent=size)
        self.step("evidence.uploaded")

    def download_evidence(self) -> None:
        vault = self.r.vault
        for row in self.store.evidence.in_state("remote"):
            sink = vault.receive(row.sha256)
            try:
                received = self.call(partial(self.transport.download, row.sha256, sink))
            except ServerAnswerError as err:
                if err.status == 401:
                    raise
                continue  # not on the server yet ("bukti belum terunggah"): next time
            mime = sniff(vault.head(row.sha256)) or "application/octet-stream"
            with self.store.transaction():
                self.store.evidence.set_file(row.sha256, vault.size(row.sha256), mime)
            self.step("evidence.downloaded")
            self.emit("download", bytes_received=received)
