"""What the command line refuses before anything is stored: control characters in one-line
fields, text over its limit, dates outside 1970-2100, interviews longer than a day, zone names
that are not IANA zones (issue #11, items 2, 11, 13 and 14). Each is one clear line on stderr,
exit 2, and the database unchanged."""

from __future__ import annotations

import pytest

from tests.e2e.cli_cases import PROFILE

BASE = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-17 10:00"]
BASE += ["--tz", "Europe/London", "--interviewer", "Priya Shah, priya@acme.example"]


def _with(flag: str, value: str) -> list[str]:
    args = list(BASE)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    return args


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--company", "Acme\x1b]0;pwned\x07", "control character (U+001B)"),
        ("--role", "Eng\r\nReply-To: attacker@evil.example", "control character (U+000D)"),
        ("--role", "Eng\u2028Lead", "control character (U+2028)"),
        ("--company", "A" * 301, "too long (301 characters; at most 300)"),
        ("--interviewer", "Priya\x08 Shah, priya@acme.example", "control character (U+0008)"),
        ("--duration", "999999999h", "longer than a day"),
        ("--at", "0001-01-01 10:00", "out of range (years 1970 to 2100)"),
        ("--at", "9999-12-31 23:59", "out of range (years 1970 to 2100)"),
        ("--decision-by", "9999-12-31", "out of range (years 1970 to 2100)"),
        ("--tz", "localtime", "unknown time zone 'localtime'"),
        ("--tz", "right/UTC", "unknown time zone 'right/UTC'"),
        ("--tz", "Factory", "unknown time zone 'Factory'"),
    ],
)
def test_add_refuses_what_cannot_be_a_field(cli, flag, value, message):
    cli(*PROFILE)
    result = cli(*_with(flag, value), ok=False)
    assert result.code == 2, result.err
    assert result.err.startswith("error: ") and message in result.err
    assert result.err.count("\n") == 1 and "unexpected" not in result.err
    assert cli("list", "--json").json == []


def test_a_log_at_the_end_of_time_is_refused_not_overflowed(cli):
    cli(*PROFILE)
    app = cli(*BASE, "--json").json["application"]["id"]
    before = cli("show", str(app), "--json").json
    at = ["--at", "9999-12-31 23:59", "--tz", "Etc/GMT+12"]
    result = cli("log", str(app), "--channel", "phone", "--direction", "out", *at, ok=False)
    assert result.code == 2 and "out of range" in result.err and "Overflow" not in result.err
    assert cli("show", str(app), "--json").json == before


def test_snoozing_to_year_9999_is_refused_and_the_step_stays(cli):
    cli(*PROFILE)
    steps = cli(*BASE, "--json").json["steps"]
    step = next(s for s in steps if s["kind"] == "thank-you")
    result = cli("snooze", str(step["id"]), "--until", "9999-12-31", ok=False)
    assert result.code == 2 and "out of range (years 1970 to 2100)" in result.err
    plan = cli("plan", str(step["application_id"]), "--json").json["steps"]
    assert next(s for s in plan if s["id"] == step["id"]) == step
    snoozed = cli("snooze", str(step["id"]), "--until", "2100-12-30", "--json").json
    assert snoozed["status"] == "snoozed" and snoozed["due"].startswith("2100-12-")


def test_a_clock_at_the_end_of_time_is_a_config_error(cli):
    result = cli("today", ok=False, FOLLOWUP_NOW="9999-12-31T23:00:00+00:00")
    assert result.code == 6 and "out of range" in result.err and result.err.count("\n") == 1


def test_a_text_to_check_over_the_draft_limit_is_refused_at_once(cli, tmp_path):
    cli(*PROFILE)
    app = cli(*BASE, "--json").json["application"]["id"]
    huge = tmp_path / "huge.txt"
    huge.write_text("a" * 20_001)
    result = cli("check", str(huge), "--app", str(app), ok=False)
    assert result.code == 2 and "too long (20,001 characters; at most 20,000)" in result.err
    hidden = tmp_path / "hidden.txt"
    hidden.write_text("Dear Priya,\nThank you.\x1b[8m I am desperate.\n")
    result = cli("check", str(hidden), "--app", str(app), ok=False)
    assert result.code == 2 and "control character (U+001B)" in result.err
