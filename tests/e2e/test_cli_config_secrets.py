"""`followup config` shows whether a password is set, never the password; a URL's password is
hidden wherever the URL is named (config, an error message)."""

from __future__ import annotations

import pytest

SMTP, IMAP, DATABASE = "smtp-Secret-1", "imap-Secret-2", "db/Se@cret:3"
JOBS, QUERY = "r3dis-4", "q-5"
SECRETS = (SMTP, IMAP, DATABASE, JOBS, QUERY)
ENV = {
    "FOLLOWUP_SMTP_PASSWORD": SMTP,
    "FOLLOWUP_IMAP_PASSWORD": IMAP,
    # A closed loopback port: nothing is ever connected to.
    "FOLLOWUP_DATABASE_URL": f"postgresql://me:{DATABASE}@127.0.0.1:9/followup",
    "FOLLOWUP_JOBS_URL": f"redis://:{JOBS}@127.0.0.1:9/0?password={QUERY}",
}


def _no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    for part in ("Secret", "Se@cret", "r3dis"):
        assert part not in text


def test_config_shows_passwords_as_set_and_urls_without_their_password(cli):
    result = cli("config", COLUMNS="400", **ENV)
    _no_secret(result.out + result.err)
    lines = {line.split("│")[1].strip(): line for line in result.out.splitlines() if "│" in line}
    assert "│ set " in lines["smtp_password"] and "│ set " in lines["imap_password"]
    assert "postgresql://me:***@127.0.0.1:9/followup" in lines["database_url"]
    assert "postgresql://me:***@127.0.0.1:9/followup" in lines["database"]
    assert "redis://:***@127.0.0.1:9/0?password=***" in lines["jobs_url"]
    unset = cli("config", COLUMNS="400")
    lines = {line.split("│")[1].strip(): line for line in unset.out.splitlines() if "│" in line}
    assert "│ not set " in lines["smtp_password"]


def test_config_json_keeps_every_key_and_says_set_or_null(cli):
    result = cli("config", "--json", **ENV)
    _no_secret(result.out + result.err)
    rows = {row["name"]: row for row in result.json}
    assert rows["smtp_password"]["value"] == rows["imap_password"]["value"] == "set"
    assert rows["smtp_password"]["secret"] == "password"
    assert rows["database_url"]["value"] == "postgresql://me:***@127.0.0.1:9/followup"
    assert rows["database_url"]["secret"] == rows["jobs_url"]["secret"] == "url"
    assert rows["jobs_url"]["value"] == "redis://:***@127.0.0.1:9/0?password=***"
    assert rows["user"] == {**rows["user"], "value": "local", "secret": None}
    unset = {row["name"]: row for row in cli("config", "--json").json}
    assert unset["smtp_password"]["value"] is None and unset["imap_password"]["value"] is None


@pytest.mark.parametrize("args", [["list"], ["today", "--json"], ["worker", "--once"]])
def test_an_error_naming_the_database_or_queue_hides_the_password(cli, args):
    env = {**ENV, "FOLLOWUP_JOBS_BACKEND": "postgres", "FOLLOWUP_JOBS_URL": f"mysql://u:{JOBS}@x/"}
    result = cli(*args, ok=False, **env)
    assert result.code != 0 and result.err.startswith("error: ")
    _no_secret(result.out + result.err)
