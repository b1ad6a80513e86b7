"""Backup and restore of the embedded (SQLite) server: ``kinerja backup`` and
``kinerja restore``.

A backup is a folder: ``server.db``, a consistent copy of the database made with SQLite's online
backup while the server keeps running (readers and the writer go on; the copy is one snapshot),
``evidence/``, the complete evidence files (content-addressed and never changed once complete,
so copying them after the snapshot is safe), and ``manifest.json`` (when, the newest seq, counts,
the database file's sha256). A restore checks the copy (``PRAGMA integrity_check``, the manifest's
hash, every evidence file against its name) before it puts anything in place, and never
overwrites a database unless told to (``--force``, with the server stopped).

PostgreSQL is backed up with its own tools (``pg_basebackup`` and WAL archiving, or
``pg_dump``): docs/deploy.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pathlib
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass

from server.errors import SetupError
from server.storage import SqliteStorage, Storage

__all__ = ["BackupSummary", "backup", "new_epoch", "restore"]

_PAGES_PER_STEP = 1024
Progress = Callable[[int, int], None]
"""``(done, total)``: pages of the database copied, then evidence files."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    created: str
    last_seq: int
    records: int
    evidence_files: int
    evidence_missing: int
    """Files the copied database names as complete but gone from disk by the time they were
    copied (dropped in between): nothing a restore can bring back, so it is said."""
    db_sha256: str


def _sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _evidence_rows(db: pathlib.Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT sha256, path FROM evidence WHERE complete = 1").fetchall()
    finally:
        conn.close()
    return [(str(r[0]), str(r[1])) for r in rows]


def _relative(path: str, sha256: str) -> pathlib.Path:
    """Where an evidence file lives under a data folder (as stored; never outside it)."""
    relative = pathlib.Path(path)
    if relative.is_absolute() or ".." in relative.parts:
        return pathlib.Path("evidence") / sha256[:2] / sha256
    return relative


def backup(
    db: pathlib.Path,
    data_dir: pathlib.Path,
    target: pathlib.Path,
    progress: Progress = lambda done, total: None,
) -> BackupSummary:
    """Copy the database (a snapshot, while the server runs) and its evidence into ``target``
    (a new or empty folder)."""
    if not db.exists():
        raise SetupError(f"basis data {db} tidak ditemukan")
    if target.exists() and any(target.iterdir()):
        raise SetupError(f"folder cadangan {target} sudah berisi berkas; pilih folder baru")
    target.mkdir(parents=True, exist_ok=True)
    copy = target / "server.db"
    source = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    dest = sqlite3.connect(copy)
    try:
        source.backup(
            dest,
            pages=_PAGES_PER_STEP,
            progress=lambda _status, remaining, total: progress(total - remaining, total),
        )
        last_seq = dest.execute(
            "SELECT coalesce((SELECT value FROM counters WHERE name = 'record_seq'), 0)"
        ).fetchone()[0]
        records = dest.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        dest.close()
        source.close()
    rows = _evidence_rows(copy)
    missing = 0
    for n, (sha, path) in enumerate(rows, start=1):
        found = data_dir / _relative(path, sha)
        if found.exists():
            out = target / _relative(path, sha)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found, out)
        else:
            missing += 1
        progress(n, len(rows))
    summary = BackupSummary(
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        last_seq=int(last_seq),
        records=int(records),
        evidence_files=len(rows) - missing,
        evidence_missing=missing,
        db_sha256=_sha256(copy),
    )
    (target / "manifest.json").write_text(json.dumps(asdict(summary), indent=2) + "\n")
    return summary


def new_epoch(storage: Storage) -> int:
    """Begin the restored database's next life and close ``storage``: devices that synced with
    the lost one then send their copies again, and the server takes a new replica id
    (:mod:`sync.restore`). Part of every restore: ``kinerja restore`` (SQLite) does it, and
    ``kinerja new-epoch`` after PostgreSQL's own restore."""
    try:
        with storage.write() as tx:
            return tx.new_epoch()
    finally:
        storage.close()


def restore(
    source: pathlib.Path,
    db: pathlib.Path,
    data_dir: pathlib.Path,
    *,
    force: bool = False,
    progress: Progress = lambda done, total: None,
) -> BackupSummary:
    """Check the backup in ``source``, then put its database at ``db`` and its evidence under
    ``data_dir`` (the server must be stopped). Refuses an existing database unless ``force``.
    The restored database begins a new epoch (:func:`new_epoch`)."""
    manifest_path = source / "manifest.json"
    copy = source / "server.db"
    if not manifest_path.exists() or not copy.exists():
        raise SetupError(f"{source} bukan folder cadangan Kinerja (manifest.json/server.db hilang)")
    summary = BackupSummary(**json.loads(manifest_path.read_text()))
    if _sha256(copy) != summary.db_sha256:
        raise SetupError(f"{copy} rusak: isinya tidak sama dengan saat dicadangkan")
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if verdict != "ok":
        raise SetupError(f"{copy} rusak: {verdict}")
    rows = _evidence_rows(copy)
    for n, (sha, path) in enumerate(rows, start=1):
        held = source / _relative(path, sha)
        if held.exists() and _sha256(held) != sha:
            raise SetupError(f"berkas bukti {sha[:12]} di cadangan rusak")
        progress(n, len(rows))
    if db.exists() and not force:
        raise SetupError(
            f"basis data {db} sudah ada; hentikan server lalu ulangi dengan --force untuk "
            "menggantinya"
        )
    db.parent.mkdir(parents=True, exist_ok=True)
    staged = db.with_name(db.name + ".restoring")
    shutil.copyfile(copy, staged)
    new_epoch(SqliteStorage(staged))
    for suffix in ("-wal", "-shm"):  # the old database's log must not be replayed onto the copy
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db)
    for sha, path in rows:
        held = source / _relative(path, sha)
        if held.exists():
            out = data_dir / _relative(path, sha)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not out.exists():
                shutil.copyfile(held, out)
    return summary
