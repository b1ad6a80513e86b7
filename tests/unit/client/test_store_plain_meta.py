"""Store.plain_meta: a meta value of a store from before encryption, read as it is."""

from __future__ import annotations

import pathlib
import sqlite3
from contextlib import closing

from client.store import Store


def test_a_plain_stores_values_are_read_without_opening_it(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "device.db"
    with Store(path, key=None) as store, store.transaction():
        store.meta.set("verifier", "$argon2id$v=19$abc")
        store.meta.set("roles", ["pegawai"])
    before = sorted(p.name for p in tmp_path.iterdir())
    assert Store.plain_meta(path, "verifier") == "$argon2id$v=19$abc"
    assert Store.plain_meta(path, "roles") == ["pegawai"]
    assert Store.plain_meta(path, "token") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_what_cannot_be_read_is_none(tmp_path: pathlib.Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert Store.plain_meta(garbage, "verifier") is None
    empty = tmp_path / "empty.db"
    with closing(sqlite3.connect(empty)) as conn:
        conn.execute("CREATE TABLE other (x)")
    assert Store.plain_meta(empty, "verifier") is None  # no meta table
    broken = tmp_path / "broken.db"
    with closing(sqlite3.connect(broken)) as conn, conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('verifier', '{not json')")
    assert Store.plain_meta(broken, "verifier") is None
