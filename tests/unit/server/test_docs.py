"""docs/server.md documents every setting, variable, command and endpoint."""

from __future__ import annotations

import pathlib
from dataclasses import fields

import pytest

from server.app import create_app
from server.settings import ENV_PREFIX, Settings

DOC = pathlib.Path(__file__).resolve().parents[3] / "docs" / "server.md"


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_documented(text: str, name: str) -> None:
    variable = f"{ENV_PREFIX}DB" if name == "db_path" else f"{ENV_PREFIX}{name.upper()}"
    assert f"`{name}`" in text
    assert f"`{variable}`" in text


@pytest.mark.parametrize("command", ["kinerja server", "kinerja seed-demo"])
def test_every_command_is_documented(text: str, command: str) -> None:
    assert f"`{command} " in text


def test_every_route_is_documented(text: str, tmp_path: pathlib.Path) -> None:
    app = create_app(Settings(db_path=pathlib.Path(":memory:"), data_dir=tmp_path))
    try:
        for route in app.routes:
            if route.path.startswith("/schema"):
                continue
            path = route.path.replace("{sha256:str}", "{sha256}").replace("{device_id:str}", "{id}")
            assert path in text, route.path
    finally:
        app.state.services.storage.close()
