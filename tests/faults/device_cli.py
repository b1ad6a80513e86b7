"""``python -m tests.faults.device_cli --home DIR PERINTAH ...``: ``kinerja device`` in a process
of its own, built from the real ``client.cli`` parser and handlers (exit codes as documented in
docs/cli.md). Unlike ``python -m kinerja`` it does not import the server and the Flet app, so a
device process starts in about half a second, which lets the fault suite kill and restart many.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import client.cli
from client.errors import DeviceError
from kinerja.errors import exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kinerja")
    sub = parser.add_subparsers(dest="command")
    client.cli.register(sub)
    args = parser.parse_args(["device", *(sys.argv[1:] if argv is None else argv)])
    try:
        code: int = args.handler(args)
    except DeviceError as err:
        print(f"kinerja: galat: {err}", file=sys.stderr)
        return exit_code(err)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
