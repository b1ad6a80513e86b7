"""Group commit of the SQLite storage: writers that queue up share one commit, each returns only
once its work is committed, and a failing body loses only its own changes."""

from __future__ import annotations

import pathlib
import threading
import time

import pytest

from server.storage import SqliteStorage, Unit
from server.storage import sqlite as sqlite_module


def _wait_for(predicate: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.001)


def _committed(path: pathlib.Path, unit_id: str) -> bool:
    """Seen by a separate storage (its own connections): only committed data is."""
    other = SqliteStorage(path)
    try:
        with other.read() as reader:
            return reader.unit(unit_id) is not None
    finally:
        other.close()


def _queue_behind_first(
    storage: SqliteStorage, bodies: dict[str, bool]
) -> tuple[dict[str, BaseException], list[str]]:
    """The first writer holds the writer until all the others wait, so they form one group.
    ``bodies`` maps a unit id to whether its body fails. Returns the errors and the order in which
    ``write()`` returned."""
    errors: dict[str, BaseException] = {}
    returned: list[str] = []
    names = list(bodies)

    def writer(uid: str) -> None:
        try:
            with storage.write() as tx:
                tx.put_unit(Unit(id=uid, name=uid, parent_id=None, opd_id=None, kind="opd"))
                if uid == names[0]:
                    _wait_for(lambda: storage._waiting == len(names) - 1)
                if bodies[uid]:
                    raise RuntimeError(f"body of {uid} failed")
            returned.append(uid)
        except BaseException as err:
            errors[uid] = err

    first = threading.Thread(target=writer, args=(names[0],))
    first.start()
    _wait_for(lambda: storage._depth == 1)  # the first body is running
    others = [threading.Thread(target=writer, args=(n,)) for n in names[1:]]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(timeout=30)
    return errors, returned


def test_queued_writers_share_one_commit(tmp_path: pathlib.Path) -> None:
    storage = SqliteStorage(tmp_path / "db.sqlite")
    try:
        before = storage._group_gen
        ids = [f"u-{i}" for i in range(5)]
        errors, returned = _queue_behind_first(storage, dict.fromkeys(ids, False))
        assert errors == {}
        assert sorted(returned) == sorted(ids)
        assert storage._group_gen - before == 1  # five bodies, one transaction, one commit
        for uid in ids:
            assert _committed(tmp_path / "db.sqlite", uid)
    finally:
        storage.close()


def test_a_failing_body_loses_only_its_own_changes(tmp_path: pathlib.Path) -> None:
    storage = SqliteStorage(tmp_path / "db.sqlite")
    try:
        ids = [f"u-{i}" for i in range(4)]
        bad = ids[2]
        errors, returned = _queue_behind_first(storage, {n: n == bad for n in ids})
        assert set(errors) == {bad}
        assert isinstance(errors[bad], RuntimeError)
        assert sorted(returned) == sorted(n for n in ids if n != bad)
        for uid in ids:
            assert _committed(tmp_path / "db.sqlite", uid) is (uid != bad)
    finally:
        storage.close()


def test_write_returns_only_after_its_group_committed(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member whose body ended early still waits for the shared commit: whatever it answers
    after ``write()`` is durable."""
    storage = SqliteStorage(tmp_path / "db.sqlite")
    try:
        seen_at_return: dict[str, bool] = {}
        ids = ["u-1", "u-2"]
        gate = threading.Event()

        def writer(uid: str, hold: bool) -> None:
            with storage.write() as tx:
                tx.put_unit(Unit(id=uid, name=uid, parent_id=None, opd_id=None, kind="opd"))
                if hold:
                    gate.wait(10)
            seen_at_return[uid] = _committed(tmp_path / "db.sqlite", uid)

        def second_waits() -> None:
            _wait_for(lambda: storage._waiting == 1)
            gate.set()

        first = threading.Thread(target=writer, args=(ids[0], True))
        first.start()
        _wait_for(lambda: storage._depth == 1)
        helper = threading.Thread(target=second_waits)
        helper.start()
        second = threading.Thread(target=writer, args=(ids[1], False))
        second.start()
        for thread in (first, helper, second):
            thread.join(timeout=30)
        assert seen_at_return == {ids[0]: True, ids[1]: True}
    finally:
        storage.close()


def test_group_is_bounded_in_size(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_module, "GROUP_MAX_BODIES", 2)
    storage = SqliteStorage(tmp_path / "db.sqlite")
    try:
        before = storage._group_gen
        ids = [f"u-{i}" for i in range(5)]
        errors, _ = _queue_behind_first(storage, dict.fromkeys(ids, False))
        assert errors == {}
        assert storage._group_gen - before == 3  # 2 + 2 + 1
    finally:
        storage.close()


def test_a_failed_commit_fails_every_member(tmp_path: pathlib.Path) -> None:
    """When COMMIT itself fails (disk full, I/O error), no member reports success."""
    storage = SqliteStorage(tmp_path / "db.sqlite")
    real = storage._writer
    try:

        class FailingCommit:
            def execute(self, sql: str, *args: object) -> object:
                if sql == "COMMIT":
                    raise sqlite_module.sqlite3.OperationalError("disk I/O error")
                return real.execute(sql, *args)

            def __getattr__(self, name: str) -> object:
                return getattr(real, name)

        storage._writer = FailingCommit()  # type: ignore[assignment]
        ids = [f"u-{i}" for i in range(3)]
        errors, returned = _queue_behind_first(storage, dict.fromkeys(ids, False))
        assert returned == []
        assert set(errors) == set(ids)
        assert all("disk I/O error" in str(e) for e in errors.values())
        storage._writer = real
        for uid in ids:
            assert not _committed(tmp_path / "db.sqlite", uid)
    finally:
        storage._writer = real
        storage.close()
