"""The load suite's figures are printed at the end of the run."""

from __future__ import annotations

from typing import Any

from tests.faults import figures


def pytest_terminal_summary(terminalreporter: Any) -> None:
    figures.print_section(terminalreporter, "load")
