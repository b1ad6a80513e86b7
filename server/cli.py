"""``kinerja server`` and ``kinerja seed-demo``: this package's subcommands."""

from __future__ import annotations

import argparse
import dataclasses
import json
import pathlib
import sys
import time
from collections.abc import Callable
from typing import Any

from server.errors import SetupError
from server.settings import Settings, redact_url

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``server``, ``seed-demo``, ``collect-tombstones``, ``backup`` and ``restore`` to the
    ``kinerja`` command."""
    run = subparsers.add_parser(
        "server",
        help="jalankan server sinkronisasi",
        description="Menjalankan server sinkronisasi Kinerja (hanya 127.0.0.1 kecuali "
        "--allow-remote).",
    )
    run.add_argument("--db", type=pathlib.Path, help="berkas basis data SQLite (KINERJA_DB)")
    run.add_argument(
        "--database",
        metavar="URL",
        help="basis data PostgreSQL, postgresql://... (KINERJA_DATABASE_URL; lebih aman lewat "
        "variabel lingkungan karena berisi kata sandi); tanpa ini: berkas SQLite",
    )
    run.add_argument(
        "--workers",
        type=int,
        help="jumlah proses server (KINERJA_WORKERS, bawaan 1); lebih dari 1 memerlukan PostgreSQL",
    )
    run.add_argument("--data-dir", type=pathlib.Path, help="folder berkas bukti (KINERJA_DATA_DIR)")
    run.add_argument("--host", help="alamat yang didengarkan (bawaan 127.0.0.1)")
    run.add_argument("--port", type=int, help="port (bawaan 8765)")
    run.add_argument(
        "--allow-remote",
        action="store_true",
        default=None,
        help="izinkan alamat selain loopback (server dapat dihubungi dari jaringan)",
    )
    run.set_defaults(handler=_run_server)

    seed = subparsers.add_parser(
        "seed-demo",
        help="isi basis data server dengan data demo Kota Semarang",
        description="Mengisi basis data server dengan data demo yang selalu sama untuk seed "
        "yang sama.",
    )
    seed.add_argument("--db", type=pathlib.Path, help="berkas basis data SQLite (KINERJA_DB)")
    seed.add_argument(
        "--database", metavar="URL", help="basis data PostgreSQL (KINERJA_DATABASE_URL)"
    )
    seed.add_argument("--employees", type=int, help="jumlah pegawai (mode skala kota)")
    seed.add_argument("--seed", type=int, default=2026, help="seed pembangkit (bawaan 2026)")
    seed.add_argument("--json", action="store_true", help="cetak ringkasan sebagai JSON")
    seed.add_argument(
        "--must-change-password",
        action="store_true",
        help="tandai semua akun demo agar kata sandinya diganti saat masuk pertama",
    )
    seed.set_defaults(handler=_seed_demo)

    collect = subparsers.add_parser(
        "collect-tombstones",
        help="buang penanda hapus yang sudah diterima semua perangkat aktif",
        description="Membuang catatan terhapus (tombstone) yang sudah ditarik oleh semua "
        "perangkat aktif dan cukup tua. Perangkat yang lama tidak aktif dan tertinggal akan "
        "diminta sinkron ulang; tidak ada data perangkat yang hilang. Server menjalankannya "
        "sendiri secara berkala.",
    )
    collect.add_argument("--db", type=pathlib.Path, help="berkas basis data SQLite (KINERJA_DB)")
    collect.add_argument(
        "--database", metavar="URL", help="basis data PostgreSQL (KINERJA_DATABASE_URL)"
    )
    collect.add_argument(
        "--max-idle-days",
        type=int,
        help="perangkat yang tidak terlihat selama ini tidak lagi ditunggu (bawaan 90)",
    )
    collect.add_argument(
        "--min-age-days", type=int, help="umur minimal penanda hapus yang dibuang (bawaan 30)"
    )
    collect.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    collect.set_defaults(handler=_collect_tombstones)

    save = subparsers.add_parser(
        "backup",
        help="cadangkan basis data SQLite dan berkas bukti (server boleh tetap berjalan)",
        description="Menyalin basis data (satu potret yang utuh, server tetap melayani) dan "
        "berkas bukti ke folder baru. PostgreSQL dicadangkan dengan alatnya sendiri "
        "(docs/deploy.md).",
    )
    save.add_argument("--to", type=pathlib.Path, required=True, help="folder cadangan (baru)")
    save.add_argument("--db", type=pathlib.Path, help="berkas basis data SQLite (KINERJA_DB)")
    save.add_argument("--data-dir", type=pathlib.Path, help="folder berkas bukti")
    save.add_argument("--json", action="store_true", help="cetak ringkasan sebagai JSON")
    save.set_defaults(handler=_backup)

    back = subparsers.add_parser(
        "restore",
        help="pulihkan basis data SQLite dan berkas bukti dari folder cadangan",
        description="Memeriksa folder cadangan (keutuhan basis data, sidik berkas bukti), lalu "
        "memasangnya. Hentikan server dulu.",
    )
    back.add_argument("--from", dest="source", type=pathlib.Path, required=True)
    back.add_argument("--db", type=pathlib.Path, help="berkas basis data SQLite (KINERJA_DB)")
    back.add_argument("--data-dir", type=pathlib.Path, help="folder berkas bukti")
    back.add_argument(
        "--force", action="store_true", help="ganti basis data yang sudah ada (server berhenti)"
    )
    back.add_argument("--json", action="store_true", help="cetak ringkasan sebagai JSON")
    back.set_defaults(handler=_restore)

    epoch = subparsers.add_parser(
        "new-epoch",
        help="tandai basis data sebagai hasil pemulihan (setelah memulihkan PostgreSQL)",
        description="Setelah basis data dipulihkan dari cadangan dengan alat PostgreSQL sendiri: "
        "perangkat yang sudah sinkron dengan basis data yang hilang akan mengirim ulang "
        "salinannya. Hentikan semua proses server dulu. (kinerja restore melakukannya sendiri.)",
    )
    epoch.add_argument("--database", help="URL PostgreSQL (KINERJA_DATABASE_URL)")
    epoch.add_argument("--db", type=pathlib.Path, help="berkas basis data SQLite (KINERJA_DB)")
    epoch.set_defaults(handler=_new_epoch)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        db_path=getattr(args, "db", None),
        database_url=getattr(args, "database", None),
        workers=getattr(args, "workers", None),
        data_dir=getattr(args, "data_dir", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        allow_remote=getattr(args, "allow_remote", None),
    ).check()


def _run_server(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from server.app import create_app
    from server.services import open_storage

    settings = _settings(args)
    # uvicorn's own X-Forwarded-For handling is off: by default it would believe any request
    # from 127.0.0.1 (a local attacker, or every client behind a local proxy). The app resolves
    # the client address itself, from ``trusted_proxies`` only (server/security/proxies.py).
    common: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "proxy_headers": False,
        "forwarded_allow_ips": "",
    }
    banner = (
        f"kinerja: server berjalan di http://{settings.host}:{settings.port} "
        f"(basis data {settings.database_label}"
    )
    if settings.workers > 1:
        # migrations run once here; each worker process builds the app from the environment
        open_storage(settings).close()
        os.environ.update(settings.to_env())
        print(f"{banner}, {settings.workers} proses)", file=sys.stderr, flush=True)
        uvicorn.run("server.app:app_from_env", factory=True, workers=settings.workers, **common)
        return 0
    try:
        app = create_app(settings)
    except OSError as err:
        raise SetupError(f"basis data {settings.database_label} tidak dapat dibuka: {err}") from err
    print(f"{banner})", file=sys.stderr, flush=True)
    uvicorn.run(app, **common)
    return 0


def _collect_tombstones(args: argparse.Namespace) -> int:
    from server.housekeeping import collect_tombstones
    from server.services import build_services

    settings = _settings(args)
    if args.max_idle_days is not None:
        settings = settings.replace(tombstone_max_idle_days=args.max_idle_days)
    if args.min_age_days is not None:
        settings = settings.replace(tombstone_min_age_days=args.min_age_days)
    if settings.tombstone_max_idle_days < 0 or settings.tombstone_min_age_days < 0:
        raise SetupError("--max-idle-days dan --min-age-days tidak boleh negatif")
    if not settings.uses_postgres and not settings.db_path.exists():
        raise SetupError(f"basis data {settings.db_path} tidak ditemukan")
    services = build_services(settings)
    try:
        dropped, low_water, horizon = collect_tombstones(services)
    finally:
        services.storage.close()
    if args.json:
        print(json.dumps({"dropped": dropped, "low_water": low_water, "horizon": horizon}))
    else:
        print(
            f"kinerja: {dropped} penanda hapus dibuang (batas bawah log {low_water}, "
            f"semua perangkat aktif sudah menarik sampai {horizon})"
        )
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from server.security import Passwords
    from server.seed import seed_dataset
    from server.services import open_storage

    try:
        from shared_models.demo import generate
    except ImportError as err:  # pragma: no cover - the generator ships with shared_models
        raise SetupError("pembangkit data demo (shared_models.demo) belum tersedia") from err
    settings = _settings(args)
    if args.employees is not None and args.employees <= 0:
        raise SetupError("--employees harus lebih dari 0")
    try:
        dataset = generate(seed=args.seed, employees=args.employees)
    except ValueError as err:
        raise SetupError(f"data demo tidak dapat dibuat: {err}") from err
    storage = open_storage(settings)
    try:
        with storage.read() as reader:
            if reader.employee_count():
                raise SetupError(
                    f"basis data {settings.database_label} sudah berisi data pegawai; "
                    "gunakan berkas lain atau hapus berkas itu dulu"
                )
        started = time.perf_counter()
        summary = seed_dataset(
            storage,
            dataset,
            passwords=Passwords(
                time_cost=settings.argon2_time_cost,
                memory_kib=settings.argon2_memory_kib,
                parallelism=settings.argon2_parallelism,
            ),
            server_replica=settings.server_replica_id,
            now=time.time(),
            must_change=args.must_change_password,
        )
        seconds = time.perf_counter() - started
    finally:
        storage.close()
    if args.json:
        out = {
            "db": settings.database_label,
            "seconds": round(seconds, 2),
            "units": summary.units,
            "employees": summary.employees,
            "accounts": summary.accounts,
            "grants": summary.grants,
            "records": summary.records,
            "logins": [
                {
                    "nip": acc.nip,
                    "name": acc.name,
                    "role": acc.role,
                    "jabatan": acc.jabatan,
                    "unit": acc.unit_name,
                    "supervisor_nip": acc.supervisor_nip,
                    "password": acc.password,
                }
                for acc in dataset.accounts
            ],
        }
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(
            f"kinerja: {summary.employees} pegawai, {summary.units} unit, {summary.records} "
            f"catatan ditulis ke {settings.database_label} dalam {seconds:.1f} detik"
        )
    return 0


def _progress(label: str) -> Callable[[int, int], None]:
    """Progress on standard error, a line per tenth (never more than ~10 lines a step)."""
    shown = [-1]

    def report(done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth != shown[0]:
            shown[0] = tenth
            print(f"kinerja: {label} {done}/{total}", file=sys.stderr, flush=True)

    return report


def _backup(args: argparse.Namespace) -> int:
    from server.backup import backup

    settings = _settings(args)
    if settings.uses_postgres:
        raise SetupError(
            "kinerja backup mencadangkan SQLite; PostgreSQL dicadangkan dengan pg_basebackup "
            "atau pg_dump (docs/deploy.md)"
        )
    summary = backup(settings.db_path, settings.data_dir, args.to, _progress("menyalin"))
    if args.json:
        print(json.dumps(dataclasses.asdict(summary)))
    else:
        print(
            f"kinerja: cadangan di {args.to}: {summary.records} catatan (seq {summary.last_seq}),"
            f" {summary.evidence_files} berkas bukti"
            + (
                f", {summary.evidence_missing} berkas sudah hilang"
                if summary.evidence_missing
                else ""
            )
        )
    return 0


def _new_epoch(args: argparse.Namespace) -> int:
    from server.backup import new_epoch
    from server.services import open_storage

    settings = _settings(args)
    epoch = new_epoch(open_storage(settings))
    where = redact_url(settings.database_url) if settings.uses_postgres else settings.db_path
    print(f"kinerja: {where}: epoch baru {epoch}; perangkat akan mengirim ulang salinannya")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from server.backup import restore

    settings = _settings(args)
    if settings.uses_postgres:
        raise SetupError("kinerja restore memulihkan SQLite; PostgreSQL: docs/deploy.md")
    summary = restore(
        args.source,
        settings.db_path,
        settings.data_dir,
        force=args.force,
        progress=_progress("memeriksa"),
    )
    if args.json:
        print(json.dumps(dataclasses.asdict(summary)))
    else:
        print(
            f"kinerja: dipulihkan ke {settings.db_path}: {summary.records} catatan "
            f"(seq {summary.last_seq}, dicadangkan {summary.created}); perangkat yang sinkron "
            "sesudah cadangan itu dibuat akan mengirim ulang salinannya"
        )
    return 0
