"""Devices of several roles against the real server through the fault proxy (issue 9, part 1).

Quick profile (the README's test command): 5 devices, 4 rounds. Long profile
(``KINERJA_PROFILE=long``, ``make test-long``): 7 devices, 30 rounds. The counts are printed.
"""

from __future__ import annotations

import os
import pathlib

import pytest

from tests.faults import figures
from tests.faults.scenario import LONG, QUICK, Profile, Scenario


def _run(profile: Profile, root: pathlib.Path, label: str) -> None:
    outcome = Scenario(profile, root).run()
    figures.add("faults", f"{label} (seed {profile.seed}): {outcome.summary()}")
    assert not outcome.losses, outcome.losses[:10]
    assert not outcome.problems, outcome.problems[:10]
    assert outcome.edits > 0
    assert sum(outcome.faults.values()) > 0


def test_devices_converge_through_faults_and_kills(tmp_path: pathlib.Path) -> None:
    _run(QUICK, tmp_path, "quick")


@pytest.mark.slow
def test_long_fault_run(tmp_path: pathlib.Path) -> None:
    seed = int(os.environ.get("KINERJA_FAULT_SEED", LONG.seed))
    _run(Profile(**{**LONG.__dict__, "seed": seed}), tmp_path, "long")
