"""`kinerja demo` (what `make run` runs): seeds, serves on 127.0.0.1, answers logins, stops."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.fixtures.server import free_port


def _stop(proc: subprocess.Popen[str], signum: int) -> str:
    """Stop the demo with ``signum`` and return the rest of its output; a demo that does not
    stop is killed, so no pipe or process outlives the test."""
    proc.send_signal(signum)
    try:
        rest, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        rest, _ = proc.communicate()
        raise AssertionError(f"kinerja demo did not stop on signal {signum}: {rest}") from None
    return rest


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize(
    ("stop_with", "inherit_ignored_sigint"),
    [
        pytest.param(signal.SIGTERM, False, id="sigterm"),
        # a background job of a non-interactive shell (`make test &`, nohup, some CI runners)
        # starts with SIGINT ignored; Ctrl-C must stop the demo all the same
        pytest.param(signal.SIGINT, True, id="sigint-inherited-ignored"),
    ],
)
def test_demo_seeds_serves_and_stops(
    tmp_path: pathlib.Path, stop_with: int, inherit_ignored_sigint: bool
) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kinerja",
            "demo",
            "--data",
            str(tmp_path),
            "--no-app",
            "--server-port",
            str(port),
        ],
        stdin=subprocess.DEVNULL,  # no test reads the terminal
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_ignore_sigint if inherit_ignored_sigint else None,
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("siap."):
                break
        out = "".join(lines)
        assert "siap." in out, out
        assert f"http://127.0.0.1:{port}" in out
        nurse = next(line for line in lines if "Perawat Ahli Madya" in line)
        nip = nurse.split()[0]
        assert len(nip) == 18
        assert nip.isdigit()
        answer = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            json={"nip": nip, "password": "semarang-kinerja", "device_name": "test"},
            timeout=10,
        )
        assert answer.status_code in (200, 201), answer.text
        assert answer.json()["token"]
        assert (tmp_path / "server.db").exists()
    finally:
        rest = _stop(proc, stop_with)
    assert proc.returncode == 0, rest
    assert "menghentikan" in rest
    # the server child is gone: nothing answers on the port any more
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
