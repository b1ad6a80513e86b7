"""A synchronous httpx transport that serves requests from an ASGI app in a background loop.

The device's HTTP client is synchronous (it runs in the sync thread); ``httpx.ASGITransport``
is async only. The bridge runs the app on its own event loop thread, so device tests can talk
to the real server application without sockets.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx

__all__ = ["AsgiBridge"]


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
