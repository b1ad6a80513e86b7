"""One browser session of the app: the device, its worker thread, and the sync loop.

The Flet process is the device. Every call into it (SQLite, HTTP) runs on one worker thread
per session (so the event loop never blocks and the store's connection is used by one thread
at a time); a sync run has its own thread and connection (see client/syncing). Nothing here is
module-level: ``main`` builds one AppSession per page.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import pathlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import flet as ft
import httpx

from client.context import WIB
from client.errors import DeviceError, NotSignedInError
from client.ops.view_models import BerandaView, DeviceStatus
from client.service import Device
from client.store.keycache import KeyCache, MemoryKeys
from client.syncing import RunnerConfig, SyncHandle, SyncProgress, SyncReport
from client.syncing.retry import RetryPolicy
from client.ui.common.app_state import AppState
from client.ui.common.sync_state import SyncState
from client.ui.device_slot import PREF_KEY, adopt_legacy, is_slot, new_slot, slot_home

if TYPE_CHECKING:
    from client.hr_api import HrApi

__all__ = ["AppSession", "SessionConfig"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SessionConfig:
    """Timing of the automatic sync (tests shorten it)."""

    probe_seconds: float = 15.0
    """How often to ask the server whether it is reachable (and sync when it came back)."""
    sync_seconds: float = 180.0
    """Sync at least this often while online, even with nothing to send."""
    probe_timeout: float = 2.0
    sync_after_save: float = 1.5
    """Seconds between a save and the sync that sends it (when online)."""


SYNC_TIMEOUT = 8.0
"""Seconds the app's sync waits for a connection, or for the next bytes of an answer, before
it counts the server as out of reach (a hung server ends a run in ~20 s, not a minute)."""


def _runner_config() -> RunnerConfig:
    # a screen should say "offline" within seconds, not after a minute of retries
    return RunnerConfig(retry=RetryPolicy(attempts=2, base=0.3, cap=2.0), timeout=SYNC_TIMEOUT)


class AppSession:
    """The services of one session, created where the app is assembled."""

    def __init__(
        self,
        home: pathlib.Path,
        server_url: str | None,
        *,
        config: SessionConfig | None = None,
        device: Device | None = None,
        probe: Callable[[str, float], bool] | None = None,
        keys: KeyCache | None = None,
    ) -> None:
        self.home = home
        """The device's data folder (``attach`` moves it to the browser's own slot)."""
        self.default_server = (server_url or "").rstrip("/")
        self.config = config or SessionConfig()
        # the store key lives in this process's memory only, per data folder and NIP
        self._keys = keys if keys is not None else MemoryKeys()
        self.device = device or Device(home, runner_config=_runner_config(), keys=self._keys)
        self.state = AppState()
        self.sync = SyncState()
        self._probe = probe or _probe
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="kinerja-ui")
        self._sync_task: asyncio.Task[SyncReport | None] | None = None
        self._run: SyncHandle | None = None
        """The sync run in progress (its thread may outlive a "Batal" by one request)."""
        self._let_go: SyncHandle | None = None
        """The run the person pressed "Batal" on: its late report no longer speaks for the
        bar (another run may have begun since)."""
        self._loop_task: asyncio.Task[None] | None = None
        self._closed = False
        self.active = True
        """False while no browser shows this session (a closed tab): the loop then idles."""
        self._last_attempt = 0.0
        self._picker: ft.FilePicker | None = None
        self.roles: frozenset[str] = frozenset()
        """The signed-in user's roles as the server gave them at the last login (the
        navigation offers "Tim saya" and "HR" by them; the server still checks every write)."""
        self.drafts: dict[str, dict[str, Any]] = {}
        """Unsaved form input per screen (plain data), so nothing typed is lost when a screen
        is rebuilt or the person looks elsewhere for a moment."""
        self._beranda: tuple[int, BerandaView] | None = None
        self._show_route: Callable[[str], None] | None = None

    # plumbing -----------------------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking device call on the session's worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(fn, *args, **kwargs))

    def now_ms(self) -> int:
        return self.device.now_ms()

    def today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.now_ms() / 1000, WIB).date()

    def close(self) -> None:
        self._closed = True
        for task in (self._loop_task, self._sync_task):
            if task is not None:
                task.cancel()
        self._executor.submit(self.device.close)
        self._executor.shutdown(wait=False)

    def file_picker(self) -> ft.FilePicker:
        """The session's one file picker (a page service; made once, on first use)."""
        if self._picker is None:
            self._picker = ft.FilePicker()
        return self._picker

    @property
    def server_url(self) -> str:
        return self.state.server_url or self.default_server

    async def hr(self) -> HrApi:
        """HR's online client with this device's server URL, token and roles (read on the
        worker); raises HrError for anyone who is not an admin. Its calls block: run them in
        a thread (``client.ui.hr.common.hr_call``)."""
        from client.hr_api import HrApi

        return await self.call(HrApi.from_device, self.device)

    async def attach(self, prefs: ft.SharedPreferences, app_home: pathlib.Path) -> None:
        """Make this session the device of the browser showing it: the slot the browser keeps
        (a new one, remembered in the browser, the first time), its data folder under
        ``app_home/sessions``. Before anything was opened (the app's mount)."""
        slot = await prefs.get(PREF_KEY)
        fresh = not is_slot(slot)
        if fresh:
            slot = new_slot()
            await prefs.set(PREF_KEY, slot)
        assert isinstance(slot, str)
        home = await asyncio.to_thread(slot_home, app_home, slot)
        if fresh:
            await asyncio.to_thread(adopt_legacy, app_home, home)
        self.home = home
        self.device = Device(home, runner_config=_runner_config(), keys=self._keys)

    # sign in / out ------------------------------------------------------------------------

    async def resume(self) -> bool:
        """Continue the session of whoever is signed in on this device (an app reopened)."""

        def read() -> tuple[str, str, str, bool] | None:
            try:
                ctx = self.device.ctx
            except NotSignedInError:
                return None
            meta = ctx.store.meta
            self.roles = frozenset(meta.get("roles") or ())
            must = bool(meta.get("must_change_password"))
            return ctx.nip, str(meta.get("name", "")), str(meta.get("server_url") or ""), must

        found = await self.call(read)
        if found is None:
            return False
        nip, name, server, must = found
        self.state.sign_in(nip, name, server)
        self.state.set_must_change_password(must)
        await self.refresh_status()
        return True

    async def login(self, nip: str, password: str, server: str) -> dict[str, Any]:
        result = await self.call(self.device.login, nip, password, server=server or None)
        self.roles = frozenset(result.get("roles") or ())
        name = await self.call(lambda: str(self.device.ctx.store.meta.get("name", "")))
        self.state.sign_in(nip.strip(), name, server.rstrip("/"))
        must = await self.call(lambda: self.device.must_change_password)
        self.state.set_must_change_password(must)
        self.sync.set_online(result.get("mode") == "online")
        await self.refresh_status()
        return result

    async def change_password(self, current: str, new: str) -> dict[str, Any]:
        """Change the password on the server (raises DeviceError with the reason in words)."""
        result = await self.call(self.device.change_password, current, new)
        self.state.set_must_change_password(False)
        return result

    async def logout(self) -> None:
        if self._sync_task is not None and not self._sync_task.done():
            await asyncio.wait([self._sync_task], timeout=10)
        with contextlib.suppress(NotSignedInError):
            await self.call(self.device.logout)
        self.state.sign_out()

    # status and sync ----------------------------------------------------------------------

    async def refresh_status(self) -> None:
        if not self.state.signed_in:
            return
        try:
            status = await self.call(self.device.status)
        except DeviceError:
            return
        self.sync.set_status(status)

    async def saved(self) -> None:
        """After a local edit: screens reload, new counts, and a sync soon if we are online
        (a moment later, so that it does not compete with showing the saved entry)."""
        self.state.data_changed()
        await self.refresh_status()
        if self.sync.online:
            self.request_sync(delay=self.config.sync_after_save)

    def saved_with(self, status: DeviceStatus | None, beranda: BerandaView | None) -> None:
        """``saved()`` for a save that already read the new counts and Beranda's view on the
        worker (in the same call as the write): nothing to wait for, so the screens, the bar
        and the next screen render in one pass."""
        self.state.data_changed()
        if beranda is not None:
            self._beranda = (self.state.data_version, beranda)
        if status is not None:
            self.sync.set_status(status)
        if self.sync.online:
            self.request_sync(delay=self.config.sync_after_save)

    def take_beranda(self, data_version: int) -> BerandaView | None:
        """Beranda's view read right after the save that made ``data_version`` (once)."""
        beranda, self._beranda = self._beranda, None
        return beranda[1] if beranda is not None and beranda[0] == data_version else None

    # navigation -----------------------------------------------------------------------------

    def route_shown_by(self, setter: Callable[[str], None]) -> None:
        """The app's route state (``App`` registers it)."""
        self._show_route = setter

    def go(self, route: str) -> None:
        """Show ``route`` now, in this render pass, and let the browser's address follow
        (``page.navigate`` alone waits for the browser to report the new route back)."""
        if self._show_route is not None:
            self._show_route(route)
        ft.context.page.navigate(route)

    def request_sync(self, delay: float = 0.0) -> None:
        """Start a sync unless one is running (fire and forget), after ``delay`` seconds."""
        if delay > 0:
            loop = asyncio.get_running_loop()
            page_context = contextvars.copy_context()
            loop.call_later(delay, self.request_sync, context=page_context)
            return
        if self._sync_task is None or self._sync_task.done():
            self._sync_task = asyncio.get_running_loop().create_task(self.sync_now())

    async def sync_now(self) -> SyncReport | None:
        """One sync run; the bar follows its progress. Returns its report."""
        if self.sync.running or not self.state.signed_in or self.state.must_change_password:
            return None  # (the server answers nothing but a password change until then)
        self._last_attempt = time.monotonic()
        loop = asyncio.get_running_loop()
        page_context = contextvars.copy_context()  # the page the bar's re-render belongs to

        def listener(p: SyncProgress) -> None:  # sync thread -> event loop
            loop.call_soon_threadsafe(self.sync.on_progress, p, context=page_context)

        def upload_bytes() -> int:
            return sum(r.size for r in self.device.ctx.store.evidence.in_state("upload"))

        self.sync.begin(0)
        if self._run is not None and not self._run.done:  # a cancelled run's last request
            await loop.run_in_executor(None, self._run.wait)
        try:
            total = await self.call(upload_bytes)
            self.sync.begin(total)
            handle = self._run = await self.call(self.device.start_sync, listener)
            if not self.sync.running:  # "Batal" came while the run was being started
                handle.cancel()
                self._let_go = handle
            report = await loop.run_in_executor(None, handle.wait)
            assert report is not None
            report = await self.call(self.device.finish_sync, report)
        except DeviceError as err:
            self.sync.fail("sync.err.no_server", str(err))
            return None
        if self._let_go is handle and report.outcome != "revoked":  # "Batal" spoke already
            if report.ok and not self.sync.running:
                self.sync.finish(report)
            await self.refresh_status()
            if report.ok or report.pulled:
                self.state.data_changed()
            return report
        self.sync.finish(report)
        if report.outcome == "revoked":
            self.state.notify_user(self.sync.error_text(self.state.lang))
            self.state.sign_out()
            return report
        await self.refresh_status()
        if report.ok or report.pulled:
            self.state.data_changed()
        return report

    def cancel_sync(self) -> None:
        """ "Batal": stop the run now. The bar lets go at once; the run's thread stops at its
        next step, or when its current request times out (``SYNC_TIMEOUT``), and keeps
        everything it committed (each step commits before the next, see client/syncing)."""
        if not self.sync.running:
            return
        if self._run is not None and not self._run.done:
            self._run.cancel()
            self._let_go = self._run
        self.sync.cancel(self.next_try_ms())

    def next_try_ms(self) -> int:
        """When the automatic sync next asks the server (the loop's next round)."""
        return self.now_ms() + int(self.config.probe_seconds * 1000)

    async def check_server(self) -> bool:
        url = self.server_url
        if not url:
            return False
        loop = asyncio.get_running_loop()
        online = await loop.run_in_executor(None, self._probe, url, self.config.probe_timeout)
        self.sync.set_online(online)
        return online

    async def tick(self) -> None:
        """One round of the automatic sync: probe, and sync when there is a reason to."""
        if not self.active or not self.state.signed_in or self.sync.running or self.sync.blocked:
            return
        was_online = self.sync.online
        if not await self.check_server():
            return
        due = time.monotonic() - self._last_attempt >= self.config.sync_seconds
        waiting = self.sync.pending > 0 or self.sync.evidence_to_upload > 0
        if not was_online or waiting or due:
            await self.sync_now()

    async def run_loop(self) -> None:
        """The automatic sync, for the life of the session."""
        while not self._closed:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as err:
                self.sync.fail("err.generic", str(err))
            self.sync.plan_retry(self.next_try_ms() if self.state.signed_in else None)
            await asyncio.sleep(self.config.probe_seconds)

    def start(self, start_task: Callable[[Callable[[], Any]], Any]) -> None:
        """Start the automatic sync loop with the page's task runner."""
        self._loop_task = start_task(self.run_loop)


def _probe(url: str, timeout: float) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False
