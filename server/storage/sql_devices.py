"""Accounts, administrative grants and devices (a mixin of :class:`SqlQueries`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from server.storage.row_sql import (
    DEVICE_COLS,
    device_from_row,
)
from server.storage.rows import (
    Account,
    AdminGrant,
    Device,
)
from server.storage.sql_base import SqlBase
from shared_models.kinds import Role

__all__ = ["DeviceSql", "epoch_suffix", "mint_device_id"]

_B32 = "0123456789abcdefghjkmnpqrstvwxyz"


def mint_device_id(counter: int, epoch: int = 1) -> str:
    """``d`` + the counter in lowercase Crockford base32: short, unique, never reused. After a
    restore (``epoch`` > 1) the counter starts again from the backup's: the epoch follows, so an
    id of a device registered after the backup is never given again."""
    if counter <= 0:
        raise ValueError("device counter starts at 1")
    return "d" + _base32(counter) + epoch_suffix(epoch)


def epoch_suffix(epoch: int) -> str:
    """What names minted in a database's life ``epoch`` end with: nothing in its first life,
    ``.`` and the epoch in base32 after a restore (the server's replica id too)."""
    return "" if epoch <= 1 else "." + _base32(epoch)


def _base32(value: int) -> str:
    """A positive number in lowercase Crockford base32."""
    digits = []
    while value:
        value, rest = divmod(value, 32)
        digits.append(_B32[rest])
    return "".join(reversed(digits))


class DeviceSql(SqlBase):
    """Accounts, administrative grants and devices."""

    def account(self, nip: str) -> Account | None:
        row = self._one(
            "SELECT nip, password_hash, must_change, temporary_until, changed_at "
            "FROM accounts WHERE nip = ?",
            nip,
        )
        if row is None:
            return None
        return Account(
            nip=row[0],
            password_hash=row[1],
            must_change=bool(row[2]),
            temporary_until=row[3],
            changed_at=row[4],
        )

    def put_account(self, account: Account) -> None:
        a = account
        self._conn.execute(
            "INSERT INTO accounts (nip, password_hash, must_change, temporary_until, changed_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(nip) DO UPDATE SET password_hash = excluded.password_hash, "
            "must_change = excluded.must_change, temporary_until = excluded.temporary_until, "
            "changed_at = excluded.changed_at",
            (a.nip, a.password_hash, int(a.must_change), a.temporary_until, a.changed_at),
        )

    def admin_grants(self, nip: str) -> list[AdminGrant]:
        rows = self._all(
            "SELECT nip, role, opd_id FROM admin_grants WHERE nip = ? ORDER BY role, opd_id", nip
        )
        return [AdminGrant(nip=r[0], role=Role(r[1]), opd_id=r[2]) for r in rows]

    def grant_holders(self, role: Role) -> list[str]:
        rows = self._all(
            "SELECT DISTINCT nip FROM admin_grants WHERE role = ? ORDER BY nip", str(role)
        )
        return [str(r[0]) for r in rows]

    def set_admin_grants(self, nip: str, grants: Iterable[AdminGrant]) -> None:
        self._conn.execute("DELETE FROM admin_grants WHERE nip = ?", (nip,))
        self._conn.executemany(
            "INSERT INTO admin_grants (nip, role, opd_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(nip, str(g.role), g.opd_id) for g in grants],
        )

    def device(self, device_id: str) -> Device | None:
        row = self._one(f"SELECT {DEVICE_COLS} FROM devices WHERE id = ?", device_id)
        return None if row is None else device_from_row(row)

    def device_by_token(self, token_hash: str) -> Device | None:
        row = self._one(f"SELECT {DEVICE_COLS} FROM devices WHERE token_hash = ?", token_hash)
        return None if row is None else device_from_row(row)

    def devices_of(self, nip: str) -> list[Device]:
        rows = self._all(f"SELECT {DEVICE_COLS} FROM devices WHERE nip = ? ORDER BY created", nip)
        return [device_from_row(r) for r in rows]

    def add_device(
        self, *, nip: str, token_hash: str, now: float, expires: float, name: str = ""
    ) -> Device:
        device = Device(
            id=mint_device_id(self._next("device"), self._epoch()),
            nip=nip,
            token_hash=token_hash,
            created=now,
            last_seen=now,
            expires=expires,
            name=name,
        )
        self._conn.execute(
            "INSERT INTO devices (id, nip, token_hash, name, created, last_seen, expires) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (device.id, nip, token_hash, name, now, now, expires),
        )
        return device

    def set_device_token(self, device_id: str, *, token_hash: str, expires: float) -> None:
        self._conn.execute(
            "UPDATE devices SET token_hash = ?, expires = ? WHERE id = ?",
            (token_hash, expires, device_id),
        )

    def device_key(self, device_id: str) -> str | None:
        row = self._one("SELECT key_hash FROM devices WHERE id = ?", device_id)
        return None if row is None else row[0]

    def set_device_key(self, device_id: str, key_hash: str) -> None:
        self._conn.execute("UPDATE devices SET key_hash = ? WHERE id = ?", (key_hash, device_id))

    def touch_device(self, device_id: str, now: float) -> None:
        self._conn.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (now, device_id))

    def revoke_device(self, device_id: str, now: float) -> None:
        self._conn.execute(
            "UPDATE devices SET revoked = 1, revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
            (now, device_id),
        )

    def set_pull_cursor(self, device_id: str, seq: int) -> None:
        self._conn.execute(
            "UPDATE devices SET pull_cursor = CASE WHEN pull_cursor > ?1 THEN pull_cursor"
            " ELSE ?1 END WHERE id = ?2",
            (seq, device_id),
        )

    def visible_owners(self, device_id: str) -> frozenset[str]:
        rows = self._all("SELECT owner FROM device_visible_owners WHERE device_id = ?", device_id)
        return frozenset(r[0] for r in rows)

    def set_visible_owners(self, device_id: str, owners: Collection[str]) -> None:
        self._conn.execute("DELETE FROM device_visible_owners WHERE device_id = ?", (device_id,))
        self._conn.executemany(
            "INSERT INTO device_visible_owners (device_id, owner) VALUES (?, ?)",
            [(device_id, o) for o in sorted(set(owners))],
        )

    def scope_sent(self, device_id: str) -> tuple[frozenset[str], int, int] | None:
        row = self._one(
            "SELECT scope_sent_from, scope_sent_to FROM devices WHERE id = ?", device_id
        )
        if row is None or int(row[0]) < 0:
            return None
        owners = self._all("SELECT owner FROM device_sent_owners WHERE device_id = ?", device_id)
        return frozenset(r[0] for r in owners), int(row[0]), int(row[1])

    def set_scope_sent(
        self, device_id: str, owners: Collection[str] | None, sent_from: int, sent_to: int
    ) -> None:
        self._conn.execute("DELETE FROM device_sent_owners WHERE device_id = ?", (device_id,))
        if owners is None:
            sent_from = sent_to = -1
        else:
            self._conn.executemany(
                "INSERT INTO device_sent_owners (device_id, owner) VALUES (?, ?)",
                [(device_id, o) for o in sorted(set(owners))],
            )
        self._conn.execute(
            "UPDATE devices SET scope_sent_from = ?, scope_sent_to = ? WHERE id = ?",
            (sent_from, sent_to, device_id),
        )

    def pull_horizon(self, active_since: float) -> int | None:
        row = self._one(
            "SELECT min(pull_cursor) FROM devices WHERE revoked = 0 AND last_seen >= ?",
            active_since,
        )
        return None if row is None or row[0] is None else int(row[0])

    def set_retained_at_start(self, device_id: str, low_water: int) -> None:
        self._conn.execute(
            "UPDATE devices SET retained_at_start = ? WHERE id = ?", (low_water, device_id)
        )

    def all_devices(self) -> list[Device]:
        rows = self._conn.execute(f"SELECT {DEVICE_COLS} FROM devices ORDER BY nip, created")
        return [device_from_row(r) for r in rows.fetchall()]
