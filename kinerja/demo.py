"""`kinerja demo`: the one-command local system on its embedded defaults.

It seeds the Kota Semarang demo data when there is none, and prints the demo logins. (The server
and the app join it as they land: see the README.)
"""

from __future__ import annotations

import argparse
import pathlib
from typing import Any

from kinerja.errors import UserError

__all__ = ["register", "run_demo"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "demo",
        help="jalankan sistem lengkap dengan data demo Kota Semarang (127.0.0.1)",
        description="Menyiapkan data demo Kota Semarang bila belum ada, lalu menjalankan sistem.",
    )
    parser.add_argument("--data", default="data", help="folder data lokal (bawaan: data)")
    parser.add_argument("--seed", type=int, default=2026, help="benih data demo (bawaan: 2026)")
    parser.set_defaults(handler=run_demo)


def _logins_table(rows: list[tuple[str, str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def run_demo(args: argparse.Namespace) -> int:
    from shared_models.demo import DEMO_PASSWORD, generate

    data = pathlib.Path(args.data)
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"folder data {data} tidak dapat dibuat: {err.strerror}") from err
    dataset = generate(seed=args.seed)
    picks = [
        ("Perawat", None),
        ("Guru", None),
        ("Kepala Puskesmas", None),
        ("Kepala Dinas Kesehatan", None),
        ("", "admin_opd"),
        ("", "admin_bkpp"),
    ]
    rows = [("NIP", "Nama", "Jabatan", "Peran")]
    for prefix, role in picks:
        acc = dataset.account(jabatan_prefix=prefix, role=role)
        rows.append((acc.nip, acc.name, acc.jabatan, acc.role))
    print(
        f"Data demo Kota Semarang: {len(dataset.units)} unit, {len(dataset.employees)} pegawai, "
        f"{len(dataset.records)} catatan."
    )
    print(_logins_table(rows))
    print(f"Kata sandi semua akun demo: {DEMO_PASSWORD}")
    return 0
