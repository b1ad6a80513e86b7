"""Settings from the environment and arguments."""

from __future__ import annotations

import pathlib

import pytest

from server.errors import SetupError
from server.settings import Settings


def test_defaults_listen_on_loopback_only() -> None:
    settings = Settings()
    assert settings.host == "127.0.0.1"
    assert settings.is_loopback
    assert settings.check() is settings


def test_environment_then_arguments() -> None:
    env = {
        "KINERJA_DB": "/srv/k.db",
        "KINERJA_DATA_DIR": "/srv/data",
        "KINERJA_PORT": "9000",
        "KINERJA_TOKEN_TTL_SECONDS": "60",
        "KINERJA_ALLOW_REMOTE": "ya",
        "KINERJA_TOMBSTONE_COLLECT_HOURS": "0.5",
        "KINERJA_FACTS_IDLE_SECONDS": "0",
        "KINERJA_UNKNOWN": "ignored",
        "HOME": "/root",
    }
    settings = Settings.from_env(env, port=9100, host=None)
    assert settings.db_path == pathlib.Path("/srv/k.db")
    assert settings.data_dir == pathlib.Path("/srv/data")
    assert settings.evidence_dir == pathlib.Path("/srv/data/evidence")
    assert settings.port == 9100  # the argument wins
    assert settings.host == "127.0.0.1"  # None means "not given"
    assert settings.token_ttl_seconds == 60
    assert settings.allow_remote is True
    assert settings.tombstone_collect_hours == 0.5  # a float setting read as a number
    assert settings.facts_idle_seconds == 0.0


def test_bad_number_in_environment() -> None:
    with pytest.raises(SetupError, match="KINERJA_PORT harus bilangan bulat"):
        Settings.from_env({"KINERJA_PORT": "delapan"})
    with pytest.raises(SetupError, match="KINERJA_FACTS_IDLE_SECONDS harus bilangan"):
        Settings.from_env({"KINERJA_FACTS_IDLE_SECONDS": "sebentar"})


def test_remote_host_needs_consent() -> None:
    with pytest.raises(SetupError, match="--allow-remote"):
        Settings(host="0.0.0.0").check()
    assert Settings(host="0.0.0.0", allow_remote=True).check().host == "0.0.0.0"


@pytest.mark.parametrize(("name", "value"), [("port", 0), ("max_body_bytes", 0)])
def test_impossible_values(name: str, value: int) -> None:
    with pytest.raises(SetupError):
        Settings().replace(**{name: value}).check()


def test_describe_has_no_hashing_parameters() -> None:
    text = Settings().describe()
    assert "db_path" in text
    assert not any(k.startswith("argon2") for k in text)


def test_a_postgres_url_is_never_shown_with_its_password() -> None:
    from server.settings import redact_url

    settings = Settings(database_url="postgresql://kinerja:rahasia@10.0.0.9:5432/kinerja").check()
    assert "rahasia" not in str(settings.describe())
    assert "rahasia" not in settings.database_label
    assert settings.database_label == "postgresql://kinerja:***@10.0.0.9:5432/kinerja"
    assert redact_url("postgresql://host/db") == "postgresql://host/db"


def test_several_workers_need_postgres() -> None:
    with pytest.raises(SetupError, match="--workers 2 memerlukan PostgreSQL"):
        Settings(workers=2).check()
    Settings(workers=2, database_url="postgresql://u:p@127.0.0.1/db").check()
    with pytest.raises(SetupError, match="postgresql://"):
        Settings(database_url="mysql://u:p@h/db").check()


def test_settings_travel_to_worker_processes_through_the_environment() -> None:
    settings = Settings(database_url="postgresql://u:p@127.0.0.1/db", workers=2, port=9000)
    assert Settings.from_env(settings.to_env()) == settings
