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

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HUNG = ("Page.screenshot: Timeout", "its renderer is busy or hung")
"""What a module's output shows when the browser's renderer, not the app, stopped answering."""


def _pytest(*args: str) -> tuple[int, str]:
    """Run pytest with ``args``, echoing its output; its exit code and output."""
    command = [sys.executable, "-m", "pytest", *args]
    done = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert done.stdout is not None
    lines = []
    for line in done.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    return done.wait(), "".join(lines)


def main(extra: list[str]) -> int:
    worst, _ = _pytest("-q", "--ignore=tests/ui", *extra)
    for module in sorted((ROOT / "tests" / "ui").glob("test_*.py")):
        name = str(module.relative_to(ROOT))
        code, output = _pytest("-q", name, *extra)
        if code not in (0, 5) and any(sign in output for sign in HUNG):
            print(f"run_all: {name}: Chromium's renderer stopped answering; running it again")
            code, _ = _pytest("-q", name, *extra)
        if code == 5:  # every test of the module deselected (-k, -m)
            code = 0
        worst = max(worst, code)
    return 0 if worst == 5 else worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
