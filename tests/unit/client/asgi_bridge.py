"""A synchronous httpx transport that serves requests from an ASGI app in a background loop.

The device's HTTP client is synchronous (it runs in the sync thread); ``httpx.ASGITransport``
is async only. The bridge runs the app on its own event loop thread, so device tests can talk
to the real server application without sockets.
"""

from __future__ import annotations

import asyncio
import pathlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

__all__ = ["AsgiBridge", "in_process_server"]


class AsgiBridge(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._inner = httpx.ASGITransport(app=app)
        self.requests: list[str] = []
        self.fail_next = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if self.fail_next > 0:
            self.fail_next -= 1
            raise httpx.ConnectError("simulated outage", request=request)
        body = request.read()

        async def go() -> httpx.Response:
            inner = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._inner.handle_async_request(inner)
            # the raw bytes, as a socket would deliver them: the client inflates a gzip answer
            # itself (aread() would inflate it here and leave the Content-Encoding header)
            content = b"".join([chunk async for chunk in response.aiter_raw()])
            await response.aclose()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return asyncio.run_coroutine_threadsafe(go(), self._loop).result(timeout=60)

    def close(self) -> None:
        """httpx closes its transport with each client; the bridge outlives them."""

    def shutdown(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        if not self._loop.is_closed() and not self._loop.is_running():
            self._loop.close()


@contextmanager
def in_process_server(
    root: pathlib.Path, records: list[Any], bridge: type[AsgiBridge] = AsgiBridge
) -> Iterator[tuple[Any, AsgiBridge]]:
    """The real server application over a fresh SQLite file in ``root``, seeded with the test
    dataset plus ``records`` (``tests.unit.server.dataset.Rec``): (its services, the bridge that
    serves it). Closed on exit."""
    from server.app import create_app
    from server.seed import seed_dataset
    from server.services import build_services
    from server.settings import Settings
    from server.storage import SqliteStorage
    from tests.fixtures.passwords import fast_passwords
    from tests.unit.server import dataset

    settings = Settings(db_path=root / "server.db", data_dir=root / "server-data")
    storage = SqliteStorage(settings.db_path)
    passwords = fast_passwords()
    seed_dataset(
        storage,
        dataset.build(records),
        passwords=passwords,
        server_replica="s0",
        now=time.time(),
    )
    services = build_services(settings, storage=storage, passwords=passwords)
    served = bridge(create_app(settings, services=services))
    try:
        yield services, served
    finally:
        served.shutdown()
        storage.close()
