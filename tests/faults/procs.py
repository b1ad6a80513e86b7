"""Real command-line devices of the fault and load suites (the server process is
``tests.fixtures.server.ServerProcess``).

``device_command`` is the argv of one ``kinerja device`` invocation in a fresh process
(``tests.faults.device_cli``: the real ``client.cli`` parser and handlers, without importing the
server, so a device process starts in a fraction of a second).
"""

from __future__ import annotations

import sys
from pathlib import Path


def device_command(home: Path, *args: str) -> list[str]:
    """argv of ``kinerja device --home HOME ARGS`` in a new process."""
    return [sys.executable, "-m", "tests.faults.device_cli", "--home", str(home), *args]
