"""`followup log` (cli/applications.py): a touch is something that has happened, at a time read
in the profile's time zone unless --tz says otherwise."""

from __future__ import annotations

from datetime import datetime

from tests.e2e.cli_cases import PRIYA

NEW_YORK = ["init", "--name", "Alex Morgan", "--email", "alex@example.org", "--country", "US-NY",
            "--tz", "America/New_York"]  # fmt: skip
ADD = ["add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-18 09:00",
       "--tz", "Europe/London", "--country", "GB-ENG", "--interviewer", PRIYA,
       "--json"]  # fmt: skip
NOW = "2026-12-18T16:30:00+00:00"  # 11:30 in New York


def test_log_at_reads_the_time_in_the_profiles_zone(cli):
    cli(*NEW_YORK)
    app_id = str(cli(*ADD).json["application"]["id"])
    logged = cli("log", app_id, "--channel", "phone", "--direction", "out",
                 "--at", "2026-12-18 10:00", "--json", now=NOW).json  # fmt: skip
    # 10:00 in New York (EST, UTC-5) is 15:00 UTC, not 10:00 UTC.
    assert datetime.fromisoformat(logged["at"]) == datetime.fromisoformat("2026-12-18T15:00Z")
    other = cli("log", app_id, "--channel", "phone", "--direction", "out", "--at",
                "2026-12-18 10:00", "--tz", "Europe/London", "--json", now=NOW).json  # fmt: skip
    assert datetime.fromisoformat(other["at"]) == datetime.fromisoformat("2026-12-18T10:00Z")


def test_log_at_in_the_future_is_refused_and_nothing_is_logged(cli):
    cli(*NEW_YORK)
    app_id = str(cli(*ADD).json["application"]["id"])
    refused = cli("log", app_id, "--channel", "email", "--direction", "in",
                  "--at", "2026-12-18 12:00", now=NOW, ok=False)  # fmt: skip
    assert refused.code == 4
    assert refused.err == (
        "error: a touch at 2026-12-18 12:00 EST is in the future (now: 2026-12-18 11:30 EST): "
        "log what has happened\n"
    )
    assert cli("show", app_id, "--json").json["touches"] == []
