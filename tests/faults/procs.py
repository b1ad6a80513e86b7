"""Processes of the fault and load suites: the real server (killable, restartable on its port)
and real command-line devices.

``ServerProcess`` is ``tests.fixtures.server.ServerProcess`` (the one way the suites start the
server; named here too for the benchmarks in ``bench/``): ``uvicorn --factory
server.app:app_from_env`` on 127.0.0.1 over a database file that survives kills.
``device_command`` is the argv of one ``kinerja device`` invocation in a fresh process
(``tests.faults.device_cli``: the real ``client.cli`` parser and handlers, without importing the
server, so a device process starts in a fraction of a second).
"""

from __future__ import annotations

import pathlib
import sys

from tests.fixtures.server import ROOT, ServerProcess, free_port, peak_rss_kib

__all__ = ["ROOT", "ServerProcess", "device_command", "free_port", "peak_rss_kib"]


def device_command(home: pathlib.Path, *args: str) -> list[str]:
    """argv of ``kinerja device --home HOME ARGS`` in a new process."""
    return [sys.executable, "-m", "tests.faults.device_cli", "--home", str(home), *args]
