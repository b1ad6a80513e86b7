"""Server settings: built from command-line arguments and the environment, never logged whole.

Every setting has a default that works on a laptop (`make run`): the database and the evidence
files live under ``data/``, the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import pathlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Any

from server.errors import SetupError

__all__ = ["ENV_PREFIX", "Settings", "redact_url"]

ENV_PREFIX = "KINERJA_"

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything the server needs to start. Immutable; derive variants with :meth:`replace`."""

    db_path: pathlib.Path = pathlib.Path("data/server.db")
    """SQLite database file (``KINERJA_DB``); ``:memory:`` keeps everything in memory (tests)."""
    database_url: str = ""
    """A PostgreSQL database (``KINERJA_DATABASE_URL``, ``postgresql://user:pw@host/db``); when
    set it replaces the SQLite file. Never printed with its password (:meth:`describe`)."""
    db_pool_size: int = 8
    """Connections each server process keeps to PostgreSQL."""
    workers: int = 1
    """Server processes (``KINERJA_WORKERS``); more than one needs PostgreSQL."""
    data_dir: pathlib.Path = pathlib.Path("data")
    """Folder for evidence files (``KINERJA_DATA_DIR``); created when missing."""
    host: str = "127.0.0.1"
    port: int = 8765
    allow_remote: bool = False
    """Listening on anything but loopback needs this explicit consent."""
    server_replica_id: str = "s0"
    """The server's own replica id in version vectors (devices get ``d…`` ids)."""
    token_ttl_seconds: int = 30 * 24 * 3600
    """How long a device token is valid; a device refreshes it before it runs out."""
    max_body_bytes: int = 4 * _MIB
    """Largest request body for JSON/MessagePack endpoints, enforced while reading."""
    evidence_max_bytes: int = 10 * _MIB
    """Largest evidence file (photo, scan, PDF)."""
    evidence_chunk_max_bytes: int = 2 * _MIB
    """Largest single upload request of an evidence file (files upload in chunks)."""
    trusted_proxies: str = ""
    """Comma-separated addresses or networks (``10.0.0.5, 10.1.0.0/16``) of reverse proxies whose
    ``X-Forwarded-For`` is believed. Empty (the default): none; the client's address is always
    the socket peer."""
    login_free_failures: int = 5
    """Wrong passwords for one NIP from one address (or one known device) before each further
    try must wait (``login_backoff_base_seconds``, doubling)."""
    login_free_failures_per_address: int = 20
    """Wrong passwords from one address, whatever the NIP, before that address must wait."""
    login_free_addresses_per_nip: int = 10
    """Addresses that sent a wrong password for one NIP before that NIP's logins from devices
    the server does not know must wait (a known device never waits for others' mistakes)."""
    login_backoff_base_seconds: float = 2.0
    """The first wait; every further failure doubles it."""
    login_backoff_cap_seconds: float = 15 * 60
    """The longest wait (429 with ``Retry-After``)."""
    login_failure_window_seconds: int = 15 * 60
    """A throttle key quiet this long after its wait ended is forgotten."""
    password_reset_ttl_hours: float = 72.0
    """How long a temporary password set by an admin reset works (only to set a new one)."""
    tombstone_max_idle_days: int = 90
    """A device not seen for this long no longer holds back tombstone collection; if it
    comes back below the low-water mark it is told to reset (nothing of its own is lost)."""
    tombstone_min_age_days: int = 30
    """Tombstones younger than this are kept whatever the devices' cursors."""
    tombstone_collect_hours: float = 6.0
    """How often the server collects tombstones (0: never; ``kinerja collect-tombstones``
    does it by hand)."""
    facts_idle_seconds: float = 1.0
    """The progress logs' report facts are projected once no record was written for this long
    (0: never in the background; reports still project before they read)."""
    facts_max_lag: int = 200_000
    """...or as soon as this many records wait, pushes or not (bounds a report's wait)."""
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    argon2_parallelism: int = 4

    @property
    def evidence_dir(self) -> pathlib.Path:
        """Where complete evidence files live, content-addressed by sha256."""
        return self.data_dir / "evidence"

    @property
    def uses_postgres(self) -> bool:
        """True when the records live in PostgreSQL rather than the SQLite file."""
        return bool(self.database_url)

    @property
    def database_label(self) -> str:
        """The database for messages and logs: the file, or the URL without its password."""
        return redact_url(self.database_url) if self.database_url else str(self.db_path)

    @property
    def is_loopback(self) -> bool:
        """True when the server only listens on this machine."""
        return self.host in {"127.0.0.1", "::1", "localhost"} or self.host.startswith("127.")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)

    def check(self) -> Settings:
        """Reject settings that cannot work or are unsafe; returns ``self`` for chaining."""
        if not 0 < self.port < 65536:
            raise SetupError(f"port harus 1 sampai 65535 (ditemukan {self.port})")
        if not self.is_loopback and not self.allow_remote:
            raise SetupError(
                f"host {self.host} bukan loopback; tambahkan --allow-remote bila server memang "
                "harus dapat dihubungi dari jaringan"
            )
        for name in (
            "token_ttl_seconds",
            "max_body_bytes",
            "evidence_max_bytes",
            "evidence_chunk_max_bytes",
            "login_free_failures",
            "login_free_failures_per_address",
            "login_free_addresses_per_nip",
            "login_backoff_base_seconds",
            "login_backoff_cap_seconds",
            "login_failure_window_seconds",
            "password_reset_ttl_hours",
        ):
            if getattr(self, name) <= 0:
                raise SetupError(f"pengaturan {name} harus lebih dari 0")
        self.trusted_networks()  # raises on a value that is not an address or network
        if self.database_url and not self.database_url.startswith(("postgresql://", "postgres://")):
            raise SetupError(
                f"{ENV_PREFIX}DATABASE_URL harus berawalan postgresql:// "
                f"(ditemukan {redact_url(self.database_url)!r})"
            )
        if self.workers < 1 or self.db_pool_size < 1:
            raise SetupError("--workers dan ukuran pool basis data harus paling sedikit 1")
        if self.workers > 1 and not self.database_url:
            raise SetupError(
                f"--workers {self.workers} memerlukan PostgreSQL (--database postgresql://...): "
                "berkas SQLite hanya boleh ditulis oleh satu proses server"
            )
        return self

    def trusted_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """``trusted_proxies`` parsed; a bad entry is a :class:`SetupError` naming it."""
        networks = []
        for item in self.trusted_proxies.split(","):
            item = item.strip()
            if not item:
                continue
            try:
                networks.append(ip_network(item, strict=False))
            except ValueError:
                raise SetupError(
                    f"{ENV_PREFIX}TRUSTED_PROXIES: {item!r} bukan alamat IP atau jaringan "
                    "(contoh: 10.0.0.5 atau 10.1.0.0/16)"
                ) from None
        return tuple(networks)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``KINERJA_*`` environment variables, then ``overrides`` (arguments).

        An override of ``None`` means "not given" and keeps the environment's or default value.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        known = {f.name for f in fields(cls)}
        aliases = {"DB": "db_path", "DATABASE": "database_url"}
        for key, raw in env.items():
            if not key.startswith(ENV_PREFIX):
                continue
            name = key.removeprefix(ENV_PREFIX)
            attr = aliases.get(name, name.lower())
            if attr in known:
                values[attr] = _convert(attr, raw, getattr(cls(), attr))
        values.update({k: v for k, v in overrides.items() if v is not None})
        for path_attr in ("db_path", "data_dir"):
            if path_attr in values:
                values[path_attr] = pathlib.Path(values[path_attr])
        return cls(**values)

    def describe(self) -> dict[str, str]:
        """The settings as text for a startup line (the database URL without its password)."""
        return {
            f.name: redact_url(self.database_url)
            if f.name == "database_url"
            else str(getattr(self, f.name))
            for f in fields(self)
            if not f.name.startswith("argon2")
        }

    def to_env(self) -> dict[str, str]:
        """The settings as ``KINERJA_*`` variables that :meth:`from_env` reads back (how
        ``kinerja server --workers N`` hands them to its worker processes)."""
        env = {}
        for f in fields(self):
            value = getattr(self, f.name)
            text = ("1" if value else "0") if isinstance(value, bool) else str(value)
            env[f"{ENV_PREFIX}{f.name.upper()}"] = text
        return env


def redact_url(url: str) -> str:
    """``url`` with the password of its user part replaced by ``***``."""
    return re.sub(r"^([a-z]+://[^:/@]*:)[^@]*@", r"\1***@", url)


def _convert(attr: str, raw: str, default: object) -> Any:
    """Convert one environment value to the type of the setting's default."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "ya"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SetupError(
                f"variabel {ENV_PREFIX}{attr.upper()} harus bilangan bulat (ditemukan {raw!r})"
            ) from None
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise SetupError(
                f"variabel {ENV_PREFIX}{attr.upper()} harus bilangan (ditemukan {raw!r})"
            ) from None
    if isinstance(default, pathlib.Path):
        return pathlib.Path(raw)
    return raw
