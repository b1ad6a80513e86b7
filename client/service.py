"""The ``Device``: every operation the app and the command line perform, without a screen.

A Device works on one data folder (``home``). It signs a user in (online the first time, then
offline: the password opens the user's data key), keeps that user's store open, saves every edit
at once with its outbox entry, and syncs in a worker thread. It never prints; it returns values
and raises :class:`client.errors.DeviceError` with a message for the user.

Every user's store and evidence are encrypted (docs/app.md, "Data at rest"). The key unlocked at
sign-in is kept by ``keys``: by default :class:`~client.store.keycache.SessionKeyFiles` (the
command line: one process per command), :class:`~client.store.keycache.MemoryKeys` in the app.
"""

from __future__ import annotations

import os
import pathlib
import platform
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
from msgspec.structs import asdict

from client import auth
from client.context import Context
from client.errors import (
    DeviceRevokedError,
    InvalidInputError,
    NotSignedInError,
    ServerRefusedError,
    ServerUnreachableError,
    StoreLockedError,
    UpdateRequiredError,
)
from client.home import WRONG_PASSWORD, Home, rewrap_store_key
from client.ops import assessment, conflicts, followup, logs, supervision, views
from client.ops.conflicts import Keep
from client.ops.logs import LogInput
from client.ops.view_models import (
    AngkaKredit,
    CascadeMatrix,
    ConflictView,
    DeviceStatus,
    EvidenceFile,
    LogEntry,
    ObjectionItem,
    RatingView,
    Resolution,
    ResultView,
    SkpReview,
    SkpSaved,
    SkpView,
    Team,
    TeamChanges,
    TeamSpread,
)
from client.store import Store, StoreKey
from client.store.keycache import KeyCache, SessionKeyFiles
from client.syncing import Listener, RunnerConfig, SyncHandle, SyncReport, SyncRunner
from client.syncing.runner import StepHook
from client.transport import NetworkError, ServerAnswerError, SessionInfo, Transport
from shared_models.passwords import password_issues, password_message

__all__ = ["Device"]

_LOGOUT_SECONDS = 5.0
"""How long a logout waits for the server to end the token (then it is deleted here anyway)."""
_CHANGE_FIRST = (
    "kata sandi awal harus diganti sebelum memakai layanan lain: jalankan 'kinerja device "
    "password' (di aplikasi: Lainnya > Ganti kata sandi)"
)


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


class Device:
    """One device (one data folder). Call :meth:`close` when done (or use ``with``)."""

    def __init__(
        self,
        home: pathlib.Path | str,
        *,
        http_transport: httpx.BaseTransport | None = None,
        now_ms: Callable[[], int] = _wall_ms,
        rand: Callable[[int], bytes] = os.urandom,
        runner_config: RunnerConfig | None = None,
        step_hook: StepHook | None = None,
        keys: KeyCache | None = None,
    ) -> None:
        self.home = Home(home)
        self.keys: KeyCache = keys if keys is not None else SessionKeyFiles()
        self.http_transport = http_transport
        self.now_ms = now_ms
        self.rand = rand
        self.runner_config = runner_config
        self.step_hook = step_hook
        self._ctx: Context | None = None
        self._closing = threading.Lock()

    # session ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the store once, whichever thread asks first (the app closes it on its worker
        thread while a test or the CLI may close it too: two closes of one SQLCipher
        connection at the same time crash the process)."""
        with self._closing:
            ctx, self._ctx = self._ctx, None
            if ctx is not None:
                ctx.store.close()

    def __enter__(self) -> Device:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, nip: str, key: StoreKey | None = None) -> Context:
        """The context of ``nip``, its store opened with ``key`` (else the key kept since the
        sign-in; none kept: :class:`StoreLockedError`)."""
        if self._ctx is not None and self._ctx.nip == nip and key in (None, self._ctx.store.key):
            return self._ctx
        self.close()
        if key is None:
            key = self.keys.get(self.home.root, nip)
        if key is None:
            raise StoreLockedError(
                f"data NIP {nip} di perangkat ini terkunci (sesi berakhir); masuk lagi dengan "
                f"kata sandi: 'kinerja device login --nip {nip}' (tanpa --server pun bisa)"
            )
        self.home.ensure_user_dir(nip)
        store = Store(self.home.db_path(nip), key=key)
        self._ctx = Context(
            store=store,
            nip=nip,
            evidence_dir=self.home.evidence_dir(nip),
            now_ms=self.now_ms,
            rand=self.rand,
        )
        return self._ctx

    @property
    def ctx(self) -> Context:
        """The signed-in user's context; raises :class:`NotSignedInError` when nobody is."""
        nip = self.home.current()
        if nip is None:
            raise NotSignedInError(
                "belum masuk di perangkat ini; jalankan 'kinerja device login --server URL "
                "--nip NIP --password ...'"
            )
        return self._open(nip)

    @property
    def nip(self) -> str | None:
        return self.home.current()

    def login(
        self,
        nip: str,
        password: str,
        *,
        server: str | None = None,
        old_password: str | None = None,
    ) -> dict[str, Any]:
        """Sign in. With ``server``: online (registers the device the first time); when the
        server cannot be reached and the user signed in here before, offline: the password
        opens the user's data key. ``old_password``: the password this device's data is still
        locked with when the password was changed elsewhere (the data is re-locked with the new
        one once the server accepts it)."""
        nip = nip.strip()
        if server is None:
            return self._offline_login(nip, password, reason="")
        key, relock, device_id, device_key = self._local_identity(nip, password, old_password)
        try:
            with Transport(server, transport=self.http_transport) as transport:
                session = transport.login(
                    nip,
                    password,
                    device_id=device_id,
                    device_name=_device_name(),
                    device_key=device_key,
                )
                transport.token = session.token
                try:
                    me = transport.me()
                except (NetworkError, ServerAnswerError):
                    me = {}
        except NetworkError as err:
            if self.home.has_user(nip):
                if key is None:
                    raise StoreLockedError(WRONG_PASSWORD) from None
                if relock:
                    raise ServerUnreachableError(
                        f"{err}: kata sandi baru dipakai setelah server memeriksanya; coba lagi "
                        "saat tersambung, atau masuk luring dengan kata sandi lama"
                    ) from None
                return self._offline_login(nip, password, reason=str(err), key=key)
            raise ServerUnreachableError(
                f"{err}: login pertama di perangkat ini memerlukan sambungan ke server {server}"
            ) from None
        except ServerAnswerError as err:
            if err.code == "device_revoked":
                self._wipe(nip)
                raise DeviceRevokedError(err.message) from None
            raise ServerRefusedError(err.message, code=err.code, status=err.status) from None
        key = self._key_after_server_login(nip, password, key, relock=relock)
        self._register(nip, password, server, session, me, key)
        out: dict[str, Any] = {"nip": nip, "mode": "online", **asdict(self.status())}
        if session.must_change_password:
            out["must_change_password"] = True
            out["note"] = _CHANGE_FIRST
        return out

    def _local_identity(
        self, nip: str, password: str, old_password: str | None
    ) -> tuple[StoreKey | None, bool, str | None, str | None]:
        """What this device knows of ``nip`` before an online login: the data key (opened with
        ``password``, else ``old_password``: then it must be re-locked), and the replica id and
        device key the server gave this install."""
        if not self.home.has_user(nip):
            return None, False, None, None
        key, relock = self.home.try_unlock(nip, password), False
        if key is None and old_password is not None:
            key, relock = self.home.unlock(nip, old_password), True
        if key is None:
            return None, False, None, None
        meta = self._open(nip, key).store.meta
        return key, relock, meta.get("device_id"), meta.get("device_key")

    def _key_after_server_login(
        self, nip: str, password: str, key: StoreKey | None, *, relock: bool
    ) -> StoreKey:
        """The data key once the server accepted ``password``: a new one for a first sign-in
        here, the old one re-locked with ``password`` after a change elsewhere."""
        if not self.home.has_user(nip):
            return self.home.create_key(nip, password)
        if key is None and self.home.is_plain(nip):
            return self.home.unlock(nip, password, trusted=True)
        if key is None:
            raise StoreLockedError(
                "kata sandi Anda di server sudah berubah, tetapi data di perangkat ini masih "
                "terkunci dengan kata sandi lama; masuk sekali dengan kata sandi baru dan kata "
                "sandi lama untuk membukanya"
            )
        if relock:
            self.home.relock(nip, key, password)
        return key

    def _register(
        self,
        nip: str,
        password: str,
        server: str,
        session: SessionInfo,
        me: dict[str, Any],
        key: StoreKey,
    ) -> None:
        ctx = self._open(nip, key)
        store = ctx.store
        verifier = store.meta.get("verifier")
        if not verifier or not auth.verify(verifier, password) or auth.needs_refresh(verifier):
            verifier = auth.make_verifier(password)
        with store.transaction():
            store.meta.set("nip", nip)
            store.meta.set("server_url", server.rstrip("/"))
            store.meta.set("token", session.token)
            store.meta.set("token_expires", session.expires)
            store.meta.set("roles", session.roles)
            store.meta.set("server_replica", session.server_replica_id)
            store.meta.set("verifier", verifier)
            store.meta.set("must_change_password", session.must_change_password)
            if session.device_key:
                store.meta.set("device_key", session.device_key)
            if me.get("name"):
                store.meta.set("name", me["name"])
            store.set_replica(session.device_id)
        self.keys.put(self.home.root, nip, key)
        self.home.sign_in(nip)

    def _offline_login(
        self, nip: str, password: str, *, reason: str, key: StoreKey | None = None
    ) -> dict[str, Any]:
        if not self.home.has_user(nip):
            raise NotSignedInError(
                f"NIP {nip} belum pernah masuk di perangkat ini; masuk pertama kali memerlukan "
                "sambungan ke server"
            )
        if key is None:
            key = self.home.unlock(nip, password)  # a wrong password: "NIP atau kata sandi salah"
        self._open(nip, key)
        self.keys.put(self.home.root, nip, key)
        self.home.sign_in(nip)
        out = {"nip": nip, "mode": "offline", **asdict(self.status())}
        if reason:
            out["note"] = f"{reason}; masuk tanpa sambungan dengan data di perangkat"
        return out

    def logout(self) -> dict[str, Any]:
        """End the session; the user's data (and unsynced work) stays for the next sign-in,
        locked until then (the kept key is forgotten).

        The token ends on both sides: the server is told first (``POST /api/v1/auth/logout``,
        a short wait), then the device deletes it whatever the answer. Offline, the server's
        copy dies at this device's next login (which re-keys it) or when it expires. The device
        key stays: it proves this install at the next login. Returns ``{"server": True}`` when
        the server ended the token."""
        ctx = self.ctx  # raises NotSignedInError when nobody is signed in
        nip, meta = ctx.nip, ctx.store.meta
        server, token = meta.get("server_url"), meta.get("token")
        ended = False
        if server and token:
            try:
                with Transport(
                    server, token=token, transport=self.http_transport, timeout=_LOGOUT_SECONDS
                ) as transport:
                    transport.logout()
                ended = True
            except (NetworkError, ServerAnswerError, UpdateRequiredError):
                pass  # unreachable, or the token was no longer valid: deleted below all the same
        with ctx.store.transaction():
            meta.delete("token")
            meta.delete("token_expires")
        self.close()
        self.keys.forget(self.home.root, nip)
        self.home.sign_out()
        return {"nip": nip, "server": ended}

    @property
    def must_change_password(self) -> bool:
        """True when the server said the signed-in user must change their password first."""
        return bool(self.ctx.store.meta.get("must_change_password"))

    def change_password(self, current: str, new: str) -> dict[str, Any]:
        """Change the signed-in user's password on the server (online only), then lock this
        device's data with the new one. The rule (``shared_models.passwords``) is checked here
        first; the server checks it again. The user's other devices must log in again."""
        ctx = self.ctx
        issues = password_issues(new, nip=ctx.nip, current=current)
        if issues:
            raise InvalidInputError(" ".join(password_message(i) for i in issues))
        meta = ctx.store.meta
        server, token = meta.get("server_url"), meta.get("token")
        if not server or not token:
            raise NotSignedInError(
                "kata sandi hanya dapat diganti saat masuk ke server; jalankan 'kinerja device "
                "login --server URL' dulu"
            )
        try:
            with Transport(server, token=token, transport=self.http_transport) as transport:
                answer = transport.change_password(current, new)
        except NetworkError as err:
            raise ServerUnreachableError(
                f"{err}: kata sandi hanya dapat diganti saat tersambung ke server"
            ) from None
        except ServerAnswerError as err:
            if err.code == "device_revoked":
                self._wipe(ctx.nip)
                raise DeviceRevokedError(err.message) from None
            raise ServerRefusedError(err.message, code=err.code, status=err.status) from None
        key = ctx.store.key
        assert key is not None
        self.home.relock(ctx.nip, key, new)  # this device's data now opens with the new one
        with ctx.store.transaction():
            meta.set("verifier", auth.make_verifier(new))
            meta.set("must_change_password", False)
        return {
            "nip": ctx.nip,
            "changed": True,
            "other_sessions_ended": int(answer.get("other_sessions_ended", 0)),
        }

    def rewrap_store_key(self, old_password: str, new_password: str) -> None:
        """After a password change: the signed-in user's data opens with ``new_password``
        (see :func:`client.home.rewrap_store_key`)."""
        rewrap_store_key(self.home, self.ctx.nip, old_password, new_password)

    def _wipe(self, nip: str) -> None:
        self.close()
        self.keys.forget(self.home.root, nip)
        self.home.wipe(nip)

    # sync -------------------------------------------------------------------------------------

    def runner(self) -> SyncRunner:
        ctx = self.ctx
        assert ctx.store.key is not None
        return SyncRunner(
            ctx.store.path,
            ctx.evidence_dir,
            key=ctx.store.key,
            http_transport=self.http_transport,
            config=self.runner_config,
            step_hook=self.step_hook,
            now_ms=self.now_ms,
        )

    def start_sync(self, listener: Listener | None = None) -> SyncHandle:
        """Start a sync in a worker thread; pass its report to :meth:`finish_sync` when done."""
        ctx = self.ctx
        if ctx.store.meta.get("token") is None:
            raise NotSignedInError(
                "perangkat ini belum terdaftar di server; login dengan --server dulu"
            )
        return self.runner().start(listener)

    def finish_sync(self, report: SyncReport) -> SyncReport:
        """Act on a run's outcome: wipe a revoked device (after the caller has told the user)."""
        if report.outcome == "revoked":
            self._wipe(self.ctx.nip)
        return report

    def sync(self, listener: Listener | None = None) -> SyncReport:
        """Sync now and wait (the work still runs in the worker thread)."""
        report = self.start_sync(listener).wait()
        assert report is not None
        return self.finish_sync(report)

    @staticmethod
    def raise_for(report: SyncReport) -> None:
        """Turn a failed report into the matching :class:`DeviceError`."""
        match report.outcome:
            case "ok":
                return
            case "offline" | "cancelled":
                raise ServerUnreachableError(report.message)
            case "revoked":
                raise DeviceRevokedError(report.message)
            case "update_required":
                raise UpdateRequiredError(report.message)
            case "signed_out":
                raise NotSignedInError(report.message)
        raise ServerRefusedError(report.message)

    # work -------------------------------------------------------------------------------------

    def add_log(self, data: LogInput) -> LogEntry:
        return logs.add_log(self.ctx, data)

    def edit_log(self, ref: str, data: LogInput) -> LogEntry:
        return logs.edit_log(self.ctx, ref, data)

    def delete_log(self, ref: str) -> str:
        return logs.delete_log(self.ctx, ref)

    def list_logs(self, **filters: Any) -> list[LogEntry]:
        return logs.list_logs(self.ctx, **filters)

    def skp(self, *, year: int | None = None, nip: str | None = None) -> SkpView:
        return views.skp_view(self.ctx, year=year, nip=nip)

    def assess(self, period: str, **kwargs: Any) -> dict[str, Any]:
        return assessment.assess(self.ctx, period, **kwargs)

    def feedback(self, nip: str, text: str, **kwargs: Any) -> dict[str, Any]:
        return assessment.feedback(self.ctx, nip, text, **kwargs)

    def rate(self, nip: str, period: str, **kwargs: Any) -> dict[str, Any]:
        return assessment.rate(self.ctx, nip, period, **kwargs)

    def finalize(self, nip: str, period: str) -> dict[str, Any]:
        return assessment.finalize(self.ctx, nip, period)

    def object(self, appraisal: str, reason: str) -> dict[str, Any]:
        return assessment.file_objection(self.ctx, appraisal, reason)

    # supervision (Pejabat Penilai, Atasan Pejabat Penilai) ----------------------------------

    def team(self, **kwargs: Any) -> Team:
        return supervision.team(self.ctx, **kwargs)

    def team_changes(self) -> TeamChanges:
        return supervision.team_changes(self.ctx)

    def mark_visited(self, nip: str) -> None:
        supervision.mark_visited(self.ctx, nip)

    def skp_review(self, nip: str, year: int) -> SkpReview:
        return supervision.skp_review(self.ctx, nip, year)

    def matrix(self, year: int) -> CascadeMatrix:
        return supervision.matrix(self.ctx, year)

    def approve_skp(self, nip: str, year: int, **kwargs: Any) -> SkpSaved:
        return supervision.approve_skp(self.ctx, nip, year, **kwargs)

    def return_skp(self, nip: str, year: int, note: str) -> SkpSaved:
        return supervision.return_skp(self.ctx, nip, year, note)

    def set_expectations(self, nip: str, year: int, expectations: dict[str, str]) -> SkpSaved:
        return supervision.set_expectations(self.ctx, nip, year, expectations)

    def acknowledge_log(self, ref: str) -> LogEntry:
        return supervision.acknowledge_log(self.ctx, ref)

    def comment_log(self, ref: str, text: str, **kwargs: Any) -> LogEntry:
        return supervision.comment_log(self.ctx, ref, text, **kwargs)

    def fetch_evidence(self, sha256: str) -> EvidenceFile:
        """An evidence file, downloaded on demand from the server and kept on this device."""
        meta = self.ctx.store.meta
        server, token = meta.get("server_url"), meta.get("token")
        if not server or not token:
            raise NotSignedInError("perangkat ini belum terdaftar di server; login dengan --server")
        try:
            return supervision.fetch_evidence(
                self.ctx,
                sha256,
                lambda: Transport(server, token=token, transport=self.http_transport),
            )
        except NetworkError as err:
            raise ServerUnreachableError(f"{err}; bukti diunduh saat tersambung") from None
        except ServerAnswerError as err:
            raise ServerRefusedError(err.message, code=err.code, status=err.status) from None

    def appraisal_view(self, nip: str, period: str) -> RatingView:
        return supervision.appraisal_view(self.ctx, nip, period)

    def distribution(self, period: str, **kwargs: Any) -> TeamSpread:
        return supervision.distribution(self.ctx, period, **kwargs)

    def objections(self, **kwargs: Any) -> list[ObjectionItem]:
        return supervision.objections(self.ctx, **kwargs)

    def decide_objection(self, ref: str, **kwargs: Any) -> dict[str, Any]:
        return supervision.decide_objection(self.ctx, ref, **kwargs)

    # follow-up: angka kredit, hukuman disiplin, penghargaan ---------------------------------

    def result(self, *, nip: str | None = None, period: str | None = None) -> ResultView:
        return followup.result_view(self.ctx, nip=nip, period_code=period)

    def discipline(self, nip: str, period: str) -> list[dict[str, Any]]:
        if nip != self.ctx.nip:
            self.ctx.require_subordinate(nip)
        return followup.discipline_view(self.ctx, nip, period)

    def angka_kredit(self, nip: str, appraisal: dict[str, Any]) -> AngkaKredit | None:
        return followup.angka_kredit_view(self.ctx, nip, appraisal)

    def conflicts(self, *, include_resolved: bool = False) -> list[ConflictView]:
        return conflicts.list_conflicts(self.ctx, include_resolved=include_resolved)

    def resolve(self, ref: str, keep: Keep) -> Resolution:
        return conflicts.resolve(self.ctx, ref, keep)

    def status(self) -> DeviceStatus:
        return views.status(self.ctx)

    def export(self) -> dict[str, Any]:
        return views.export(self.ctx)


def _device_name() -> str:
    return f"kinerja-cli {platform.system()} {platform.node()}"[:100]
