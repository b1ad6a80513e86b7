"""One device database: a SQLCipher file (WAL) opened through sqlite-utils, migrated at open.

The file is encrypted page by page (SQLCipher 4: AES-256 with an HMAC-SHA512 per page, the WAL
too) with the raw key derived from the user's data key (:mod:`client.store.crypto`); opened with
a raw key, SQLCipher runs no key derivation of its own, so an open costs what a plain SQLite open
does. The file and its ``-wal``/``-shm`` companions are mode 0600.
"""

from __future__ import annotations

import os
import pathlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from typing import Any, cast

import sqlcipher3
import sqlite_utils

from client.errors import StoreLockedError
from client.store._json import loads
from client.store.conflicts import Conflicts
from client.store.crypto import StoreKey, sync_dir
from client.store.evidence import EvidenceTable
from client.store.inflight import Inflight
from client.store.meta import Meta
from client.store.outbox import Outbox
from client.store.records import Records
from client.store.schema import apply_migrations

__all__ = [
    "Store",
    "encrypt_plain_database",
    "is_plain_sqlite",
    "open_connection",
    "private_file",
]

_PLAIN_HEADER = b"SQLite format 3\x00"


def _alias_exceptions() -> None:
    """Make sqlcipher3's exceptions also the stdlib ``sqlite3`` ones they mirror (``except
    sqlite3.IntegrityError`` and ``except sqlite3.OperationalError`` catch them: ours, the
    tests', and sqlite-utils' own, which catches ``sqlite3.OperationalError`` internally).

    sqlcipher3 is the stdlib module built against SQLCipher, with its own exception classes;
    each of them gets its ``sqlite3`` twin as a second base (``Error`` and ``Warning``
    themselves cannot be re-based, every error raised for a statement derives from
    ``DatabaseError`` or ``InterfaceError``)."""
    for name in (
        "InterfaceError",
        "DatabaseError",
        "DataError",
        "OperationalError",
        "IntegrityError",
        "InternalError",
        "ProgrammingError",
        "NotSupportedError",
    ):
        ours, twin = getattr(sqlcipher3.dbapi2, name), getattr(sqlite3, name)
        if not issubclass(ours, twin):
            ours.__bases__ = (*ours.__bases__, twin)


_alias_exceptions()
_COMPANIONS = ("-wal", "-shm", "-journal")


def private_file(path: pathlib.Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists; make it and its SQLite companions
    0600 when they exist (SQLite gives ``-wal`` and ``-shm`` the database file's mode)."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for name in ("", *_COMPANIONS):
        with suppress(FileNotFoundError):
            os.chmod(f"{path}{name}", 0o600)


def is_plain_sqlite(path: pathlib.Path) -> bool:
    """True when ``path`` is an unencrypted SQLite database (a store from before encryption)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == _PLAIN_HEADER
    except FileNotFoundError:
        return False


def open_connection(path: pathlib.Path | str, key: StoreKey | None) -> sqlite3.Connection:
    """A connection to the store at ``path`` opened with ``key`` (:class:`StoreLockedError`
    when the key does not open it); :class:`Store` uses one, tests open a second one."""
    conn = sqlcipher3.connect(str(path), timeout=30.0, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error, not stderr noise
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.db.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise StoreLockedError(
            f"basis data perangkat {path} tidak dapat dibuka dengan kunci ini (kunci tidak "
            "cocok atau berkas rusak); masuk lagi dengan kata sandi Anda"
        ) from None
    # sqlcipher3-binary is built with an 8 MiB page cache per connection; SQLite's usual 2 MiB
    # is what the device was measured with (and a phone has the app and sync connections open)
    conn.execute("PRAGMA cache_size = -2000")
    return cast(sqlite3.Connection, conn)  # sqlcipher3's: the same DB-API as sqlite3's


def encrypt_plain_database(path: pathlib.Path, key: StoreKey) -> None:
    """Turn a plain SQLite store into an encrypted one in place (``sqlcipher_export``).

    The encrypted copy is written beside it and renamed over it once complete, so a crash
    leaves either the old plain file or the new encrypted one, never half of each. The plain
    file's blocks are freed, not overwritten (flash storage cannot promise that anyway)."""
    tmp = path.with_name(path.name + ".encrypting")
    for name in ("", *_COMPANIONS):
        pathlib.Path(f"{tmp}{name}").unlink(missing_ok=True)
    private_file(tmp)
    conn = sqlcipher3.connect(str(path), timeout=30.0)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.db.hex()}'\"", [str(tmp)])
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    for name in _COMPANIONS:  # the plain file's WAL must not be replayed into the new one
        pathlib.Path(f"{path}{name}").unlink(missing_ok=True)
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    sync_dir(path.parent)


class Store:
    """The local store of one signed-in user.

    Every multi-step write goes through :meth:`transaction` (``BEGIN IMMEDIATE``: the writer
    lock is taken up front, so the app's thread and the sync thread, each with its own
    connection, never deadlock). ``synchronous=FULL``: a committed edit survives a dead battery.

    ``key`` is the user's store key (``None`` only for a plain, unencrypted database: an
    in-memory one). A key that does not open the file raises :class:`StoreLockedError`.
    """

    def __init__(self, path: pathlib.Path | str, *, key: StoreKey | None) -> None:
        self.path = pathlib.Path(path)
        self.key = key
        self._closed = False
        on_disk = self.path.name != ":memory:"
        if on_disk:
            private_file(self.path)
        conn = open_connection(self.path, key)
        self.db = sqlite_utils.Database(conn)
        if on_disk:
            self.db.enable_wal()
            private_file(self.path)  # the -wal and -shm files made just now
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        apply_migrations(self.db)
        self.meta = Meta(self.db)
        self.records = Records(self.db)
        self.inflight = Inflight(self.db)
        self.conflicts = Conflicts(self.db)
        self.evidence = EvidenceTable(self.db)
        self.outbox = Outbox(self.db, str(self.meta.get("device_id", "")))

    @staticmethod
    def plain_meta(path: pathlib.Path, key: str) -> Any:
        """A ``meta`` value of a plain store from before encryption, read without opening it
        as a :class:`Store` (no migration, no WAL: the file is about to be encrypted as it is).
        None when the key is absent or the file or value cannot be read."""
        try:
            with closing(sqlite3.connect(str(path))) as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            return loads(row[0])
        except (TypeError, ValueError):
            return None

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection (a ``sqlcipher3`` connection: the same DB-API as ``sqlite3``'s)."""
        return self.db.conn

    def set_replica(self, device_id: str) -> None:
        """Record this device's replica id (after the first login)."""
        self.meta.set("device_id", device_id)
        self.outbox.replica = device_id

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One atomic write: committed when the block ends, rolled back when it raises."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        """A nested part of the open transaction: released when the block ends, rolled back
        (and released) when it raises, so a failed part the caller catches leaves nothing."""
        conn = self.conn
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        """Close the connection (a second close does nothing)."""
        if not self._closed:
            self._closed = True
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
