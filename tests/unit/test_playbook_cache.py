"""config/playbooks.py: the playbook parsed once and kept, as JSON in the cache folder, keyed by
each file's path, size and modification time; a stale, broken or unwritable copy never changes
what a command plans with."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from followup.config import playbooks
from followup.domain import playbook
from followup.domain.errors import ConfigError

USER = "[rules.thank-you]\ndue = 3\n[working-hours]\nstart = 08:30:00\n"


def _parsed() -> playbook.Playbook:
    """The shipped playbook, parsed from its TOML here."""
    return playbook.parse(playbooks.SHIPPED.read_text("utf-8"))


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config"
    config.mkdir()
    return config / "playbook.toml", tmp_path / "data" / "followup"


def test_the_copy_is_the_playbook_parsed_and_private(files):
    user, cache = files
    user.write_text(USER)
    parsed = _parsed().merged(USER, str(user))
    first = playbooks.load(user, cache)
    [kept] = (cache / "cache").iterdir()
    assert kept == playbooks.cache_file(cache, user)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # The data folder too, when this makes it, whatever the umask.
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    again = playbooks.load(user, cache)  # from the copy: times kept as text
    assert isinstance(again.raw["working-hours"]["start"], str)
    assert first == again == parsed
    assert again.hours.start.isoformat() == "08:30:00" and again.rule("thank-you")["due"] == 3
    settings = {"check-in-call.due": "9", "working-hours.end": "16:00"}
    assert again.with_settings(settings) == parsed.with_settings(settings)


def test_the_copy_is_read_while_the_file_is_unchanged(files, monkeypatch):
    user, cache = files
    user.write_text(USER)
    playbooks.load(user, cache)
    parsed = []
    monkeypatch.setattr(playbooks, "shipped", lambda: parsed.append(1) or _parsed())
    assert playbooks.load(user, cache).rule("thank-you")["due"] == 3 and parsed == []
    # Rewritten at the same size, its time put back: its bytes tell.
    stamp = user.stat()
    user.write_text(USER.replace("due = 3", "due = 4"))
    os.utime(user, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert playbooks.load(user, cache).rule("thank-you")["due"] == 4 and parsed == [1]
    user.unlink()
    assert playbooks.load(user, cache) == _parsed()


@pytest.mark.parametrize(
    "broken",
    [b"", b"{not json", b'{"key": 1}', b"[]", b'{"key": null, "data": {}}'],
    ids=["empty", "not JSON", "no data", "a list", "no key"],
)
def test_a_broken_copy_is_made_again(files, broken):
    user, cache = files
    user.write_text(USER)
    playbooks.load(user, cache)
    copy = playbooks.cache_file(cache, user)
    copy.write_bytes(broken)
    assert playbooks.load(user, cache).rule("thank-you")["due"] == 3
    assert copy.read_bytes() != broken


def test_a_copy_that_the_checks_refuse_is_made_again(files):
    user, cache = files
    user.write_text(USER)
    playbooks.load(user, cache)
    copy = playbooks.cache_file(cache, user)
    copy.write_text(copy.read_text().replace('"due": 3', '"due": -3'))
    assert playbooks.load(user, cache).rule("thank-you")["due"] == 3


def test_a_mistake_in_the_users_file_is_reported_and_not_kept(files):
    user, cache = files
    user.write_text("[rules.thank-you]\ndue = -1\n")
    with pytest.raises(ConfigError, match=r"playbook.toml: rules.thank-you.due must not be less"):
        playbooks.load(user, cache)
    assert not cache.exists()
    user.write_text("[rules.thank-you\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        playbooks.load(user, cache)


def test_a_cache_folder_that_cannot_be_written_changes_nothing(files):
    user, cache = files
    user.write_text(USER)
    cache.mkdir(parents=True)
    (cache / "cache").write_text("a file where the folder would be")
    assert playbooks.load(user, cache).rule("thank-you")["due"] == 3
