"""A fault-injecting TCP proxy on 127.0.0.1, between real devices and the real server process.

Every accepted connection draws one fault from a seeded ``random.Random`` (so a failing run can
be replayed with its seed):

``none``           bytes flow both ways untouched;
``delay``          a pause of up to ``max_delay`` before each direction starts;
``cut_request``    after N bytes from the device (N drawn per connection) both sides are reset:
                   the server sees half a request, the device a dead connection;
``cut_response``   after N bytes of the server's answer both sides are reset;
``drop_response``  the request reaches the server, which answers (so it has committed), but the
                   answer is swallowed and both sides are reset after a short wait: the classic
                   "lost response after commit".

Faults count only when they fire (a cut after byte 5,000 of a 300-byte exchange does not).
When the server is down the proxy resets the device's connection (``upstream_down``). While
:attr:`hang` is set, a new connection is accepted and read but never answered nor closed: a
server on the other end of a weak signal that takes the request and never replies. The proxy
runs its own event loop in a daemon thread, so tests and benchmarks drive it synchronously.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from dataclasses import dataclass

__all__ = ["FaultPlan", "FaultProxy"]

FAULTS = ("none", "delay", "cut_request", "cut_response", "drop_response")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FaultPlan:
    """Weights of each fault (relative) and their sizes."""

    none: float = 0.45
    delay: float = 0.15
    cut_request: float = 0.13
    cut_response: float = 0.13
    drop_response: float = 0.14
    max_delay: float = 0.4
    max_cut: int = 4000

    def weights(self) -> list[float]:
        return [self.none, self.delay, self.cut_request, self.cut_response, self.drop_response]


class FaultProxy:
    """``127.0.0.1:port`` forwarding to ``127.0.0.1:upstream_port``, misbehaving while
    :attr:`enabled`. Use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(self, upstream_port: int, *, seed: int, plan: FaultPlan | None = None) -> None:
        self.upstream_port = upstream_port
        self.plan = plan or FaultPlan()
        self.enabled = False
        self.hang = False
        self.port = 0
        self.fired: Counter[str] = Counter()
        self.connections = 0
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    # lifecycle ------------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        future.result(timeout=10)
        return self

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def injected(self) -> int:
        """Faults that fired (delays included), not counting a server that was down."""
        return sum(n for k, n in self.fired.items() if k not in {"none", "upstream_down", "hang"})

    # one connection -------------------------------------------------------------------------
    def _draw(self) -> tuple[str, int, float]:
        with self._rng_lock:
            if not self.enabled:
                return "none", 0, 0.0
            fault = self._rng.choices(FAULTS, weights=self.plan.weights())[0]
            return fault, self._rng.randint(1, self.plan.max_cut), self._rng.random()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.hang:
            self.fired["hang"] += 1
            try:
                while await client_r.read(_CHUNK):
                    pass  # take everything, answer nothing
            except OSError:
                pass
            finally:
                _abort(client_w)
            return
        fault, cut, fraction = self._draw()
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            self.fired["upstream_down"] += 1
            _abort(client_w)
            return
        if fault == "delay":
            self.fired["delay"] += 1
            await asyncio.sleep(fraction * self.plan.max_delay)
        done = asyncio.Event()
        up = asyncio.create_task(
            self._pipe(
                client_r, server_w, cut if fault == "cut_request" else 0, "cut_request", done
            )
        )
        down = asyncio.create_task(
            self._pipe(
                server_r,
                client_w,
                cut if fault == "cut_response" else 0,
                "cut_response",
                done,
                drop=fault == "drop_response",
            )
        )
        try:
            await done.wait()
        finally:
            for task in (up, down):
                task.cancel()
            _abort(client_w)
            _abort(server_w)

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        cut_after: int,
        name: str,
        done: asyncio.Event,
        *,
        drop: bool = False,
    ) -> None:
        sent = 0
        try:
            while True:
                data = await reader.read(_CHUNK)
                if not data:
                    return
                if drop:
                    # the server has answered, so it committed: swallow and reset the device
                    self.fired["drop_response"] += 1
                    await asyncio.sleep(0.05)
                    return
                if cut_after and sent + len(data) >= cut_after:
                    self.fired[name] += 1
                    writer.write(data[: max(0, cut_after - sent)])
                    await writer.drain()
                    return
                writer.write(data)
                await writer.drain()
                sent += len(data)
        except (OSError, asyncio.IncompleteReadError):
            return
        finally:
            done.set()


def _abort(writer: asyncio.StreamWriter) -> None:
    transport = writer.transport
    if not transport.is_closing():
        transport.abort()
