from datetime import UTC, datetime

import pytest

from followup.config import clock, settings
from followup.domain.errors import ConfigError


def env_for(tmp_path, **extra):
    return {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        **extra,
    }


def write_config(tmp_path, text):
    path = tmp_path / "cfg" / "followup" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_defaults_and_xdg_paths(tmp_path):
    s = settings.load(env_for(tmp_path))
    assert s["user"] == "local"
    assert s.values["user"].source == "default"
    assert s.database_url == f"sqlite:///{tmp_path}/data/followup/followup.db"


def test_environment_beats_config_file_beats_default(tmp_path):
    path = write_config(tmp_path, 'user = "from-file"\ndatabase_url = "sqlite:////tmp/x.db"\n')
    s = settings.load(env_for(tmp_path, FOLLOWUP_USER="from-env"))
    assert s["user"] == "from-env" and s.values["user"].source == "env FOLLOWUP_USER"
    assert s.database_url == "sqlite:////tmp/x.db"
    assert s.values["database_url"].source == f"config {path}"


def test_unknown_setting_in_config_file_is_an_error(tmp_path):
    write_config(tmp_path, 'colour = "blue"\n')
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        settings.load(env_for(tmp_path))


def test_malformed_config_file_is_an_error(tmp_path):
    write_config(tmp_path, "user = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        settings.load(env_for(tmp_path))


def test_every_setting_has_help():
    for s in settings.SETTINGS:
        assert s.help.strip(), s.name


def test_now_replaces_the_clock(tmp_path):
    fixed = settings.load(env_for(tmp_path, FOLLOWUP_NOW="2026-12-18T16:00:00+00:00"))["now"]
    assert clock.now(fixed) == datetime(2026, 12, 18, 16, tzinfo=UTC)
    assert clock.now(None).tzinfo is not None
    with pytest.raises(ConfigError, match="needs an offset"):
        settings.load(env_for(tmp_path, FOLLOWUP_NOW="2026-12-18T16:00:00"))
    with pytest.raises(ConfigError, match="not an ISO 8601"):
        settings.load(env_for(tmp_path, FOLLOWUP_NOW="yesterday"))


def test_digest_at_must_be_a_clock_time(tmp_path):
    assert settings.load(env_for(tmp_path, FOLLOWUP_DIGEST_AT="08:15"))["digest_at"] == "08:15"
    with pytest.raises(ConfigError, match="digest_at"):
        settings.load(env_for(tmp_path, FOLLOWUP_DIGEST_AT="breakfast"))
