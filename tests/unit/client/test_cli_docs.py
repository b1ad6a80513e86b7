"""docs/cli.md documents every `kinerja device` subcommand, and the public API is pinned."""

from __future__ import annotations

import argparse
import pathlib

import client
from kinerja.cli import build_parser


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    names = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix} {name}".strip()
                nested = _subcommands(sub, full)
                names.extend(nested or [full])
    return names


def test_every_device_subcommand_is_documented(project_root: pathlib.Path) -> None:
    parser = build_parser()
    device = next(
        a.choices["device"] for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    )
    commands = _subcommands(device)
    assert len(commands) >= 17
    text = (project_root / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in commands if f"### `{c}`" not in text]
    assert missing == []


def test_public_api() -> None:
    assert client.__all__ == [
        "Device",
        "DeviceError",
        "DeviceRevokedError",
        "InvalidInputError",
        "NotSignedInError",
        "RunnerConfig",
        "ServerRefusedError",
        "ServerUnreachableError",
        "SyncHandle",
        "SyncProgress",
        "SyncReport",
        "SyncRunner",
        "UpdateRequiredError",
    ]
