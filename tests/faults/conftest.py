"""The fault suite's figures are printed at the end of the run (``pytest -q`` shows them)."""

from __future__ import annotations

from typing import Any

from tests.faults import figures


def pytest_terminal_summary(terminalreporter: Any) -> None:
    figures.print_section(terminalreporter, "faults")
