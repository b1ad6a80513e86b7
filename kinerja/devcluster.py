"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests, benchmarks and local trials.

Debian's server binaries (``.ci/ensure-postgres`` installs them) run a cluster in a fresh
folder, on a free loopback port, with a random password (SCRAM). ``initdb`` refuses to run as
root, so under root (CI) the cluster runs as an unprivileged system user, ``kinerja-pg``, created
on first use. :meth:`DevCluster.stop` stops it and removes the folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pathlib
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence

__all__ = ["DevCluster", "PostgresMissingError", "pg_bin"]

_USER = "kinerja-pg"


class PostgresMissingError(RuntimeError):
    """PostgreSQL's server binaries are not installed."""


def pg_bin(tool: str) -> str:
    """The path of a PostgreSQL server tool (``initdb``, ``pg_ctl``): Debian keeps them in
    ``/usr/lib/postgresql/<version>/bin``, off the PATH; the newest version wins."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"),
        key=lambda p: int(pathlib.Path(p).parts[-3]) if pathlib.Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1]
    on_path = shutil.which(tool)
    if on_path:
        return on_path
    raise PostgresMissingError(
        f"PostgreSQL's {tool} was not found: run `bash .ci/ensure-postgres` (or `make test`, "
        "which runs it) to install Debian's postgresql package"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", _USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(_USER)


class DevCluster:
    """One running throwaway cluster; :attr:`url` connects as its superuser ``kinerja``."""

    def __init__(self, root: pathlib.Path | None = None) -> None:
        self._own_root = root is None
        self.root = pathlib.Path(root or tempfile.mkdtemp(prefix="kinerja-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.password = secrets.token_urlsafe(18)
        self._as_user: Sequence[str] = ()
        self._started = False

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, database: str) -> str:
        return f"postgresql://kinerja:{self.password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")

    def start(self) -> DevCluster:
        initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = _ensure_user()
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as_user = ("runuser", "-u", _USER, "--")
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as_user:
            user = pwd.getpwnam(_USER)
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        pwfile.chmod(0o600)
        self._run(
            initdb,
            "-D",
            str(self.data),
            "-U",
            "kinerja",
            "--pwfile",
            str(pwfile),
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
        )
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -k {self.root}"
            " -c max_connections=200 -c shared_buffers=128MB -c fsync=on"
        )
        self._run(
            pg_ctl,
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._started = True
        return self

    def create_database(self, name: str) -> str:
        """Create an empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def kill_client_connections(self, database: str) -> int:
        """Terminate every backend serving ``database`` (a fault: the server's connections
        die); how many were terminated."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchone()
        return 0 if row is None else int(row[0])

    def stop(self) -> None:
        if self._started:
            with contextlib.suppress(RuntimeError, PostgresMissingError):
                self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self._started = False
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> DevCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
