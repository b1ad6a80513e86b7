"""Devices of several roles against the real server through the fault proxy (issue 9, part 1).

Quick profile (the README's test command): 5 devices, 4 rounds, on SQLite, and again on
PostgreSQL with two server processes. Long profile
(``KINERJA_PROFILE=long``, ``make test-long``): 7 devices, 30 rounds. The counts are printed.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable

import pytest

from kinerja.devcluster import DevCluster
from tests.faults import figures
from tests.faults.scenario import LONG, QUICK, Profile, Scenario


def _run(
    profile: Profile,
    root: pathlib.Path,
    label: str,
    kill_connections: Callable[[], int] | None = None,
) -> None:
    outcome = Scenario(profile, root, kill_connections).run()
    figures.add("faults", f"{label} (seed {profile.seed}): {outcome.summary()}")
    assert not outcome.losses, outcome.losses[:10]
    assert not outcome.problems, outcome.problems[:10]
    assert outcome.edits > 0
    assert sum(outcome.faults.values()) > 0


def test_devices_converge_through_faults_and_kills(tmp_path: pathlib.Path) -> None:
    _run(QUICK, tmp_path, "quick")


def test_devices_converge_on_postgres_with_two_workers(
    tmp_path: pathlib.Path, pg_cluster: DevCluster, pg_url: str
) -> None:
    """The quick profile on PostgreSQL with two server processes; the server faults are SIGKILL
    of the whole server, of one worker, and of PostgreSQL's connections to the server."""
    database = pg_url.rsplit("/", 1)[1]
    profile = Profile(
        **{**QUICK.__dict__, "database_url": pg_url, "workers": 2, "server_kill_chance": 0.9}
    )
    _run(
        profile,
        tmp_path,
        "quick, PostgreSQL, 2 workers",
        lambda: pg_cluster.kill_client_connections(database),
    )


@pytest.mark.slow
def test_long_fault_run(tmp_path: pathlib.Path) -> None:
    seed = int(os.environ.get("KINERJA_FAULT_SEED", LONG.seed))
    _run(Profile(**{**LONG.__dict__, "seed": seed}), tmp_path, "long")
