"""`kinerja demo`: the whole system on its embedded defaults, with one command.

It seeds the Kota Semarang demo data into ``DATA/server.db`` when there is none, starts the sync
server and the Flet web app (the device) as child processes on 127.0.0.1, prints the addresses
and the demo logins, and stops both on Ctrl-C. This module is the only place besides the tests
that wires the server and the client together.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

import httpx

from kinerja.errors import UserError

__all__ = ["register", "run_demo"]

_PICKS = (  # the README's table, in its order
    ("Perawat", None),
    ("Kepala Puskesmas Kedungmundu", None),
    ("Kepala Dinas Kesehatan", None),
    ("Guru", None),
    ("", "admin_opd"),
    ("", "admin_bkpp"),
)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "demo",
        help="jalankan sistem lengkap dengan data demo Kota Semarang (127.0.0.1)",
        description="Menyiapkan data demo Kota Semarang bila belum ada, lalu menjalankan "
        "server sinkronisasi dan aplikasi di 127.0.0.1 sampai Ctrl-C.",
    )
    parser.add_argument("--data", default="data", help="folder data lokal (bawaan: data)")
    parser.add_argument("--seed", type=int, default=2026, help="benih data demo (bawaan: 2026)")
    parser.add_argument("--server-port", type=int, default=8765, help="port server (8765)")
    parser.add_argument("--app-port", type=int, default=8550, help="port aplikasi (8550)")
    parser.add_argument("--no-app", action="store_true", help="hanya server, tanpa aplikasi Flet")
    parser.set_defaults(handler=run_demo)


def _kinerja(*args: str) -> list[str]:
    return [sys.executable, "-m", "kinerja", *args]


def _seed(data: pathlib.Path, db: pathlib.Path, seed: int) -> list[dict[str, Any]]:
    """Seed when the database is new; either way return the demo logins."""
    logins_file = data / "demo-logins.json"
    if not db.exists() or not logins_file.exists():
        db.unlink(missing_ok=True)
        print("kinerja: menyiapkan data demo Kota Semarang ...", flush=True)
        out = subprocess.run(
            _kinerja("seed-demo", "--db", str(db), "--seed", str(seed), "--json"),
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise UserError(f"data demo gagal disiapkan: {out.stderr.strip()}")
        logins_file.write_text(out.stdout, encoding="utf-8")
    summary = json.loads(logins_file.read_text(encoding="utf-8"))
    logins: list[dict[str, Any]] = summary["logins"]
    return logins


def _wait_for(url: str, proc: subprocess.Popen[bytes], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise UserError(f"{what} berhenti saat dijalankan (kode {proc.returncode})")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise UserError(f"{what} tidak siap dalam {seconds:.0f} detik ({url})")


def _table(logins: list[dict[str, Any]]) -> str:
    rows = [("NIP", "Nama", "Jabatan", "Peran")]
    for prefix, role in _PICKS:
        acc = next(
            a for a in logins if str(a["jabatan"]).startswith(prefix) and role in (None, a["role"])
        )
        rows.append((acc["nip"], acc["name"], acc["jabatan"], acc["role"]))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def run_demo(args: argparse.Namespace) -> int:
    from shared_models.demo import DEMO_PASSWORD

    data = pathlib.Path(args.data).resolve()
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"folder data {data} tidak dapat dibuat: {err.strerror}") from err
    db = data / "server.db"
    logins = _seed(data, db, args.seed)
    server_url = f"http://127.0.0.1:{args.server_port}"
    children: list[subprocess.Popen[bytes]] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # both stop the demo whatever the process inherited (a background job of a
    # non-interactive shell starts with SIGINT ignored; Ctrl-C and `kill` must still work)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server = subprocess.Popen(
            _kinerja(
                "server",
                "--db",
                str(db),
                "--data-dir",
                str(data / "server-files"),
                "--port",
                str(args.server_port),
            )
        )
        children.append(server)
        _wait_for(f"{server_url}/health", server, "server")
        app_url = None
        if not args.no_app and importlib.util.find_spec("client.ui") is not None:
            app_url = f"http://127.0.0.1:{args.app_port}"
            app = subprocess.Popen(
                _kinerja(
                    "app",
                    "--home",
                    str(data / "device"),
                    "--server",
                    server_url,
                    "--port",
                    str(args.app_port),
                )
            )
            children.append(app)
            _wait_for(app_url, app, "aplikasi")
        print(f"\nServer sinkronisasi : {server_url}  (dokumentasi API: {server_url}/schema)")
        if app_url:
            print(f"Aplikasi (perangkat): {app_url}")
        print("\nAkun demo:\n" + _table(logins))
        print(f"Kata sandi semua akun demo: {DEMO_PASSWORD}")
        print("\nsiap. Tekan Ctrl-C untuk berhenti.", flush=True)
        while all(c.poll() is None for c in children):
            time.sleep(0.5)
        names = ["server", "aplikasi"]
        dead = [names[i] for i, c in enumerate(children) if c.poll() is not None]
        raise UserError(f"{', '.join(dead)} berhenti tiba-tiba; lihat pesan di atas")
    except KeyboardInterrupt:
        print("\nkinerja: menghentikan ...", flush=True)
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
