"""`kinerja`: the single command-line entry point.

Each package contributes its own subcommands through a ``register(subparsers)`` function; this
module only assembles them and turns a package's error into one clear line and its exit status
(:mod:`kinerja.errors`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from kinerja.errors import REPORTED, exit_code
from sync import SyncError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every subcommand the installed packages provide."""
    parser = argparse.ArgumentParser(
        prog="kinerja",
        description="Kinerja: manajemen kinerja ASN Kota Semarang yang tetap jalan tanpa sinyal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    sub.required = True
    from kinerja import commands

    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (also used as the console script)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except REPORTED as err:
        print(f"kinerja: galat: {err}", file=sys.stderr)
        return exit_code(err)
    except SyncError as err:
        # a record this device cannot merge (a vector from a restored backup or a forged one):
        # said in words, never a traceback; nothing of it was saved
        print(f"kinerja: galat sinkronisasi: {err}", file=sys.stderr)
        return exit_code(err)
    except KeyboardInterrupt:
        print("kinerja: dihentikan", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    raise SystemExit(main())
