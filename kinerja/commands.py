"""Which subcommands `kinerja` has: each package registers its own."""

from __future__ import annotations

import argparse
from typing import Any

import client.cli
import client.ui.cli
import server.cli
from kinerja import demo

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add every package's subcommands to ``sub``."""
    server.cli.register(sub)
    client.cli.register(sub)
    client.ui.cli.register(sub)
    demo.register(sub)
