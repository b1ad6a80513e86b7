"""``kinerja app``: serve the field-staff app to a browser on this machine."""

from __future__ import annotations

import argparse
import pathlib
from typing import Any

from client.cli import DEFAULT_HOME
from client.errors import InvalidInputError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``kinerja app``."""
    parser = sub.add_parser(
        "app",
        help="aplikasi untuk pegawai (dibuka di peramban, data di perangkat ini)",
        description=(
            "Menjalankan aplikasi Kinerja di http://127.0.0.1:PORT. Proses ini adalah "
            "perangkatnya: basis data lokal dan sinkronisasi ada di sini; peramban hanya layar."
        ),
    )
    parser.add_argument("--server", help="alamat server sinkronisasi, mis. http://127.0.0.1:8765")
    parser.add_argument(
        "--home",
        type=pathlib.Path,
        default=DEFAULT_HOME,
        help="folder data perangkat (bawaan: $KINERJA_DEVICE_HOME atau ~/.kinerja-device)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="hanya loopback (bawaan 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8550, help="port (bawaan 8550)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from client.ui.run import is_loopback, run_app

    if not is_loopback(args.host):
        raise InvalidInputError(
            f"--host {args.host} ditolak: aplikasi hanya melayani alamat loopback (127.0.0.1)"
        )
    print(f"Kinerja: buka http://{args.host}:{args.port} di peramban (Ctrl+C untuk berhenti)")
    run_app(args.home.expanduser(), args.server, args.host, args.port)
    return 0
