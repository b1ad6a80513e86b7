"""The browser's device slot (client/ui/device_slot.py): what a browser may name, where it
lives, and the stores of an app folder from before per-browser devices."""

from __future__ import annotations

import pathlib
import stat

import pytest

from client.ui.device_slot import adopt_legacy, is_slot, new_slot, slot_home


def test_new_slots_are_random_and_well_formed() -> None:
    made = {new_slot() for _ in range(200)}
    assert len(made) == 200
    assert all(is_slot(s) for s in made)


@pytest.mark.parametrize(
    "value",
    [None, 7, "", "../../etc", "a" * 21, "a" * 23, "abc/def" + "a" * 15, "a" * 21 + ".", ["x"]],
)
def test_anything_else_a_browser_sends_is_not_a_slot(value: object, tmp_path: pathlib.Path) -> None:
    assert not is_slot(value)
    with pytest.raises(ValueError, match="not a device slot"):
        slot_home(tmp_path, value)  # type: ignore[arg-type]
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())


def test_slot_home_is_private_and_under_sessions(tmp_path: pathlib.Path) -> None:
    slot = new_slot()
    home = slot_home(tmp_path / "app", slot)
    assert home == tmp_path / "app" / "sessions" / slot
    for folder in (tmp_path / "app", tmp_path / "app" / "sessions", home):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert slot_home(tmp_path / "app", slot) == home  # the same browser, the same folder


def test_legacy_stores_move_to_the_first_slot_signed_out(tmp_path: pathlib.Path) -> None:
    app = tmp_path / "app"
    (app / "users" / "198702042009021536").mkdir(parents=True)
    (app / "users" / "198702042009021536" / "device.db").write_bytes(b"unsent")
    (app / "session.json").write_text('{"nip": "198702042009021536"}')
    first = slot_home(app, new_slot())
    assert adopt_legacy(app, first)
    assert (first / "users" / "198702042009021536" / "device.db").read_bytes() == b"unsent"
    assert not (app / "users").exists()
    assert not (app / "session.json").exists()  # whoever opens them signs in
    assert not (first / "session.json").exists()
    second = slot_home(app, new_slot())
    assert not adopt_legacy(app, second)
    assert not (second / "users").exists()
