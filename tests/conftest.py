"""Fixtures shared by every test layer."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def project_root() -> pathlib.Path:
    """The repository's top folder."""
    return ROOT


from tests.fixtures.postgres import pg_cluster as pg_cluster  # noqa: E402
from tests.fixtures.postgres import pg_url as pg_url  # noqa: E402
