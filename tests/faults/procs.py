"""Processes of the fault and load suites: the real server (killable, restartable on its port)
and real command-line devices.

``ServerProcess`` runs ``uvicorn --factory server.app:app_from_env`` on 127.0.0.1 over a database
file that survives kills. ``device_command`` is the argv of one ``kinerja device`` invocation in
a fresh process (``tests.faults.device_cli``: the real ``client.cli`` parser and handlers, without
importing the server, so a device process starts in a fraction of a second).
"""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

import httpx

__all__ = ["ROOT", "ServerProcess", "device_command", "free_port", "peak_rss_kib"]

ROOT = pathlib.Path(__file__).resolve().parents[2]


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


class ServerProcess:
    """The real server over ``db_path``; :meth:`kill` is SIGKILL, :meth:`start` restarts it on
    the same port. Always call :meth:`stop` (the fixtures do, in ``finally``)."""

    def __init__(
        self,
        db_path: pathlib.Path,
        data_dir: pathlib.Path,
        log_path: pathlib.Path,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.db_path = db_path
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = port or free_port()
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0
        self.starts = 0
        self.peak_kib = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60.0) -> None:
        env = {
            **os.environ,
            "KINERJA_DB": str(self.db_path),
            "KINERJA_DATA_DIR": str(self.data_dir),
            "KINERJA_HOST": "127.0.0.1",
            "KINERJA_PORT": str(self.port),
            "KINERJA_ARGON2_TIME_COST": "1",
            "KINERJA_ARGON2_MEMORY_KIB": "8",
            "KINERJA_ARGON2_PARALLELISM": "1",
            **self.extra_env,
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "server.app:app_from_env",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                    "--timeout-keep-alive",
                    "30",
                    "--no-proxy-headers",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        self._wait_healthy(timeout)

    def _wait_healthy(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode}; see {self.log_path}"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer /health within {timeout} s")

    def sample_memory(self) -> int:
        if self.process is not None and self.process.poll() is None:
            self.peak_kib = max(self.peak_kib, peak_rss_kib(self.process.pid))
        return self.peak_kib

    def cpu_seconds(self) -> float:
        """CPU time the running server process has used (0 when it is not running)."""
        if self.process is not None and self.process.poll() is None:
            return cpu_seconds(self.process.pid)
        return 0.0

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush; the database must cope (I8)."""
        if self.process is not None and self.process.poll() is None:
            self.sample_memory()
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.sample_memory()
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                self.process.kill()
                self.process.wait()


def device_command(home: pathlib.Path, *args: str) -> list[str]:
    """argv of ``kinerja device --home HOME ARGS`` in a new process."""
    return [sys.executable, "-m", "tests.faults.device_cli", "--home", str(home), *args]
