"""Real processes on 127.0.0.1 for the benchmarks and the test suites: the server, and any
child that can be stopped and started again (the app).

:class:`ServerProcess` is the one way both start the sync server: ``uvicorn --factory
server.app:app_from_env`` (or ``kinerja server`` itself, ``command="kinerja"``) on a free port
of 127.0.0.1 over a database file that survives kills; it waits for ``/health``, can be killed
(SIGKILL) and restarted on the same port, and reads its peak memory and CPU time from
``/proc``. uvicorn's own proxy handling is off, as ``kinerja server`` runs it: the app decides
which ``X-Forwarded-For`` to believe (``KINERJA_TRUSTED_PROXIES``). :class:`Proc` is any other
restartable child that answers HTTP when ready (``kinerja app``).

``tests/fixtures/server.py`` names these for the suites (with the seeding of the tests' own
dataset); nothing here imports ``tests``.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Literal

import httpx

ROOT = pathlib.Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30.0
FAST_HASHING = {
    "KINERJA_ARGON2_TIME_COST": "1",
    "KINERJA_ARGON2_MEMORY_KIB": "8",
    "KINERJA_ARGON2_PARALLELISM": "1",
}
"""argon2id at tiny costs for the passwords the server hashes (the same code path)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def peak_rss_kib(pid: int) -> int:
    """VmHWM of a live process (its peak resident memory so far), in KiB; 0 when unknown."""
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a live process has used so far, in seconds; 0 when unknown."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    """The live children of a process (uvicorn's worker processes under its supervisor)."""
    found = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)


def wait_healthy(
    url: str,
    process: subprocess.Popen[bytes],
    timeout: float = STARTUP_SECONDS,
    log_path: pathlib.Path | None = None,
) -> None:
    """Return once the server at ``url`` answers ``/health``; raise when ``process`` exits first
    or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            where = f"; see {log_path}" if log_path else ""
            raise RuntimeError(f"server exited with {process.returncode}{where}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server did not answer /health within {timeout} s")


def wait_answering(url: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Return once ``url`` answers at all (any status); raise when ``process`` exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with status {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _terminate(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung child
        process.kill()
        process.wait()


class ServerProcess:
    """The real server over ``db_path``; :meth:`kill` is SIGKILL, :meth:`start` restarts it on
    the same port. Always call :meth:`stop` (the fixtures do, in ``finally``).

    ``keep_alive_seconds`` is uvicorn's ``--timeout-keep-alive`` (its default when ``None``;
    ``kinerja server`` always runs with the default). ``command="kinerja"`` runs
    ``kinerja server`` (what ``make run`` starts) instead of uvicorn's factory; the two build the
    same app from the same settings. ``fast_hashing`` gives the server tiny argon2id costs
    (:data:`FAST_HASHING`) for the passwords it hashes.

    ``database_url`` runs it on PostgreSQL instead of the file; ``workers`` > 1 runs that many
    worker processes under uvicorn's supervisor (PostgreSQL only), in a process group of their
    own: :meth:`kill` kills the whole group (the server), :meth:`kill_worker` one worker."""

    def __init__(
        self,
        db_path: pathlib.Path,
        data_dir: pathlib.Path,
        log_path: pathlib.Path,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        keep_alive_seconds: int | None = 30,
        command: Literal["uvicorn", "kinerja"] = "uvicorn",
        fast_hashing: bool = True,
        database_url: str = "",
        workers: int = 1,
    ) -> None:
        self.db_path = db_path
        self.database_url = database_url
        self.workers = workers
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = port or free_port()
        self.extra_env = env or {}
        self.keep_alive_seconds = keep_alive_seconds
        self.command = command
        self.fast_hashing = fast_hashing
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0
        self.starts = 0
        self.peak_kib = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        if self.command == "kinerja":
            return [
                *[sys.executable, "-m", "kinerja", "server", "--db", str(self.db_path)],
                *["--data-dir", str(self.data_dir), "--port", str(self.port)],
                *(["--workers", str(self.workers)] if self.workers > 1 else []),
            ]
        keep_alive = (
            []
            if self.keep_alive_seconds is None
            else ["--timeout-keep-alive", str(self.keep_alive_seconds)]
        )
        return [
            *[sys.executable, "-m", "uvicorn", "--factory", "server.app:app_from_env"],
            *["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            *keep_alive,
            *(["--workers", str(self.workers)] if self.workers > 1 else []),
            "--no-proxy-headers",
        ]

    def start(self, *, timeout: float = 60.0) -> None:
        env = {
            **os.environ,
            "KINERJA_DB": str(self.db_path),
            "KINERJA_DATA_DIR": str(self.data_dir),
            "KINERJA_HOST": "127.0.0.1",
            "KINERJA_PORT": str(self.port),
            **(FAST_HASHING if self.fast_hashing else {}),
            **({"KINERJA_DATABASE_URL": self.database_url} if self.database_url else {}),
            **self.extra_env,
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv(),
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=self.workers > 1,
            )
        self.starts += 1
        self._wait_healthy(timeout)

    def _wait_healthy(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        wait_healthy(self.url, self.process, timeout, self.log_path)
        while self.workers > 1 and len(self.worker_pids()) < self.workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.workers} workers did not start; see {self.log_path}")
            time.sleep(0.05)

    def worker_pids(self) -> list[int]:
        """The worker processes (with one worker: the server process itself)."""
        if self.process is None or self.process.poll() is not None:
            return []
        return child_pids(self.process.pid) if self.workers > 1 else [self.process.pid]

    def kill_worker(self) -> int:
        """SIGKILL one worker process (uvicorn's supervisor starts a new one); its pid."""
        pids = self.worker_pids()
        if not pids:
            raise RuntimeError("no worker is running")
        os.kill(pids[0], signal.SIGKILL)
        self.kills += 1
        return pids[0]

    def sample_memory(self) -> int:
        """Peak resident memory of the largest server process so far, in KiB."""
        for pid in self.worker_pids():
            self.peak_kib = max(self.peak_kib, peak_rss_kib(pid))
        return self.peak_kib

    def cpu_seconds(self) -> float:
        """CPU time the running server's processes have used (0 when it is not running)."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        own = cpu_seconds(self.process.pid) if self.workers > 1 else 0.0
        return own + sum(cpu_seconds(pid) for pid in self.worker_pids())

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush; the database must cope (I8)."""
        if self.process is not None and self.process.poll() is None:
            self.sample_memory()
            if self.workers > 1:  # the supervisor and every worker
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.sample_memory()
            _terminate(self.process)
        if self.process is not None and self.workers > 1:
            with contextlib.suppress(ProcessLookupError):  # a worker the supervisor left behind
                os.killpg(self.process.pid, signal.SIGKILL)


@dataclass
class Proc:
    """A child process that can be stopped and started again with the same command; ready when
    ``url + ready_path`` answers."""

    args: list[str]
    url: str
    ready_path: str
    log: pathlib.Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env={**os.environ, **self.env}, stdout=out, stderr=out
            )
        wait_answering(self.url + self.ready_path, self.process)

    def stop(self) -> None:
        if self.process is None:
            return
        _terminate(self.process)
        self.process = None


def app_process(tmp: pathlib.Path, server: str, env: dict[str, str] | None = None) -> Proc:
    """``kinerja app`` over the data folder ``tmp/app-home``, on a free port, syncing with
    ``server``; not started."""
    port = free_port()
    args = [sys.executable, "-m", "kinerja", "app", "--home", str(tmp / "app-home")]
    args += ["--server", server, "--port", str(port)]
    return Proc(args, f"http://127.0.0.1:{port}", "/", tmp / "app.log", env=env or {})


def seed_demo_command(db: pathlib.Path) -> None:
    """``kinerja seed-demo --db DB``: the Semarang demo, with the demo's real password costs."""
    subprocess.run(
        [sys.executable, "-m", "kinerja", "seed-demo", "--db", str(db), "--json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
