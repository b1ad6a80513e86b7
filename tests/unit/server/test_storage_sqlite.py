"""What only the SQLite storage does: upgrading a database written by an older server."""

from __future__ import annotations

import pathlib
import sqlite3

from server.storage import SqliteStorage
from server.storage.migrations import MIGRATIONS


def test_an_older_database_gets_its_uploaders_as_holders(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "old.db"
    SqliteStorage(path, migrations=MIGRATIONS[:7]).close()
    with sqlite3.connect(path) as conn:  # written by a server from before evidence_holders
        for sha, complete in (("ab" * 32, 1), ("cd" * 32, 0)):
            conn.execute(
                "INSERT INTO evidence (sha256, size, mime, path, received, complete, owner, "
                "created, completed) VALUES (?, 10, 'image/png', 'p', 10, ?, 'a', 1.0, 2.0)",
                (sha, complete),
            )
    conn.close()
    storage = SqliteStorage(path)
    try:
        with storage.read() as reader:
            assert reader.evidence_holders("ab" * 32) == ["a"]
            assert reader.evidence_holders("cd" * 32) == []  # unfinished: nobody holds it yet
    finally:
        storage.close()
