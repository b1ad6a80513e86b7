"""Figures a suite wants printed after the run, grouped by suite (faults, load, fuzz)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

__all__ = ["add", "print_section"]

_LINES: dict[str, list[str]] = defaultdict(list)


def add(section: str, line: str) -> None:
    """Remember a line (also printed at once, for ``-s`` runs)."""
    _LINES[section].append(line)
    print(f"[{section}] {line}")


def print_section(reporter: Any, section: str) -> None:
    lines = _LINES.pop(section, [])
    if lines:
        reporter.write_sep("-", f"{section} figures")
        for line in lines:
            reporter.write_line(line)
