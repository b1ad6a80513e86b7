"""Hypothesis profiles for the property tests.

``quick`` (default) runs a few thousand state-machine steps in well under a minute, on a fixed
sequence of examples so that a CI run is reproducible; ``long``
(``KINERJA_HYPOTHESIS_PROFILE=long``, run by ``make test-long``) explores new random examples
every time, deep, for nightly or local soak runs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "quick",
    max_examples=120,
    stateful_step_count=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile(
    "long",
    max_examples=1500,
    stateful_step_count=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("KINERJA_HYPOTHESIS_PROFILE", "quick"))
