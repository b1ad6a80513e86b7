"""``python -m tests.run_all``: every quick test profile, as ``make test`` runs it.

First every suite but the browser's in one pytest run, then each browser module
(``tests/ui/test_*.py``) in a pytest run of its own. A browser module whose run shows that
Chromium's renderer stopped answering (a screenshot of a live page that takes 30 s, or
:func:`bench.browser.settle`'s words) is run once more, and says so: since Debian's Chromium 156
the Flutter web client sometimes spins its renderer's main thread at 100 % for minutes right
after a sign-in (docs/app.md, "Known issues"). Any other failure, or a second hang, fails the
run. Arguments are passed to every pytest run (``-x``, ``-k`` ...).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
import sys
import threading

ROOT = pathlib.Path(__file__).resolve().parent.parent
HUNG = ("Page.screenshot: Timeout", "its renderer is busy or hung")
"""What a module's output shows when the browser's renderer, not the app, stopped answering."""
SUITE_LIMIT_S = 45 * 60.0
"""The suites but the browser's take about 4 minutes on 2 cores."""
MODULE_LIMIT_S = 10 * 60.0
"""A browser module takes 10-80 s."""


def _pytest(*args: str, limit_s: float) -> tuple[int, str]:
    """Run pytest with ``args``, echoing its output; its exit code and output. A run past
    ``limit_s`` is killed with everything it started (a wait that has no timeout of its own,
    on a page that stopped answering, must not hold the whole run) and counts as hung."""
    command = [sys.executable, "-m", "pytest", *args]
    run = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)

    timer = threading.Timer(limit_s, kill)
    timer.start()
    assert run.stdout is not None
    lines = []
    try:
        for line in run.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
        code = run.wait()
    finally:
        timer.cancel()
    if killed.is_set():
        lines.append(f"run_all: stopped after {limit_s:.0f} s: {HUNG[1]}\n")
        print(lines[-1], end="")
        code = 1
    return code, "".join(lines)


def main(extra: list[str]) -> int:
    worst, _ = _pytest("-q", "--ignore=tests/ui", *extra, limit_s=SUITE_LIMIT_S)
    for module in sorted((ROOT / "tests" / "ui").glob("test_*.py")):
        name = str(module.relative_to(ROOT))
        code, output = _pytest("-q", name, *extra, limit_s=MODULE_LIMIT_S)
        if code not in (0, 5) and any(sign in output for sign in HUNG):
            print(f"run_all: {name}: Chromium's renderer stopped answering; running it again")
            code, _ = _pytest("-q", name, *extra, limit_s=MODULE_LIMIT_S)
        if code == 5:  # every test of the module deselected (-k, -m)
            code = 0
        worst = max(worst, code)
    return 0 if worst == 5 else worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
