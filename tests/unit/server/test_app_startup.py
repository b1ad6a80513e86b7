"""What the app does when it starts: the startup heap leaves the garbage collector's reach."""

from __future__ import annotations

import gc
import pathlib

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings


def test_startup_freezes_the_heap_it_built(tmp_path: pathlib.Path) -> None:
    settings = Settings(
        db_path=tmp_path / "s.db",
        data_dir=tmp_path / "data",
        tombstone_collect_hours=0,
        facts_idle_seconds=0,
    )
    gc.unfreeze()
    app = create_app(settings)
    assert gc.get_freeze_count() == 0
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
