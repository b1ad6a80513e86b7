"""The public surface of the server package is pinned, and every module's ``__all__`` is sorted."""

from __future__ import annotations

import importlib
import pathlib

import pytest

import server
import server.storage

SERVER = pathlib.Path(server.__file__).parent
MODULES = sorted(
    ".".join(p.relative_to(SERVER.parent).with_suffix("").parts).removesuffix(".__init__")
    for p in SERVER.rglob("*.py")
)


def _isort_key(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical."""
    if name.isupper():
        return 0, name
    return (1 if name[:1].isupper() else 2), name


def test_package_surface() -> None:
    assert server.__all__ == ["Settings", "create_app"]
    assert server.storage.__all__ == [
        "Account",
        "AdminGrant",
        "AuditBrowse",
        "AuditEntry",
        "ConflictRow",
        "Device",
        "Employee",
        "EvidenceRow",
        "Reader",
        "RecordScope",
        "SqliteStorage",
        "Storage",
        "StoredRecord",
        "Tombstone",
        "Unit",
        "Writer",
        "epoch_suffix",
    ]


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_real(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert list(exported) == sorted(exported, key=_isort_key), f"{name}.__all__ is not sorted"
    for attr in exported:
        assert hasattr(module, attr), f"{name}.__all__ names missing {attr}"
