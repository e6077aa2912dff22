"""`followup add --app` (another round of an application) and `followup add --applied` (the day
applied for; without --at, an application not at interview yet), as processes on SQLite and
PostgreSQL.

Dates are worked out by hand in England's calendar (GB-ENG), London time (GMT in winter, BST
from 28 March 2027): Christmas Day (Friday 25 December 2026), Boxing Day's substitute (Monday
28 December) and New Year's Day (Friday 1 January 2027) are holidays."""

from __future__ import annotations

from typing import Any

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import Cli

ROUND_ONE = [  # Monday 14 December 2026, 10:00-11:00
    "add", "--company", "Quillon", "--role", "Data Engineer", "--at", "2026-12-14 10:00",
    "--interviewer", "Priya Shah, priya@quillon.example",
    "--hr", "Sam Lee, HR Manager, sam@quillon.example",
    "--applied", "2026-12-01", "--promise", "my portfolio -> Priya Shah", "--json",
]  # fmt: skip


def steps(plan: dict[str, Any], kind: str) -> list[tuple[str, str, str, str]]:
    """Each step of `kind`: (its first recipient, status, earliest, due), by earliest."""
    return sorted(
        (
            s["recipients"][0]["name"] if s["recipients"] else "",
            s["status"],
            s["earliest"],
            s["due"],
        )
        for s in plan["steps"]
        if s["kind"] == kind
    )


def ids(plan: dict[str, Any], kind: str) -> list[str]:
    return [str(s["id"]) for s in plan["steps"] if s["kind"] == kind and s["status"] == "planned"]


def test_two_rounds_then_a_rejection(any_cli: Cli) -> None:
    cli = any_cli
    cli(*PROFILE, now="2026-12-14T09:00:00+00:00")
    first = cli(*ROUND_ONE, now="2026-12-14T12:00:00+00:00").json
    app_id = str(first["application"]["id"])
    assert first["application"]["applied_at"] == "2026-12-01"
    # Over at 11:00: thanks from 13:00, due the end of working day 2 (Wednesday 16); the call on
    # working day 5 (15, 16, 17, 18, 21), due day 8 (22, 23, 24).
    assert steps(first, "thank-you") == [
        ("Priya Shah", "planned", "2026-12-14T13:00:00+00:00", "2026-12-16T17:00:00+00:00")
    ]
    assert steps(first, "check-in-call") == [
        ("Priya Shah", "planned", "2026-12-21T09:00:00+00:00", "2026-12-24T17:00:00+00:00")
    ]
    for kind in ("thank-you", "send-promised"):
        [step] = ids(first, kind)
        cli("done", step, now="2026-12-15T10:00:00+00:00")
    # Round 2: Monday 21 December, 14:00-15:00, with Priya again (her title now known) and Tom.
    second = cli(
        "add", "--app", app_id, "--at", "2026-12-21 14:00", "--format", "video",
        "--interviewer", "priya shah, Head of Data", "--interviewer",
        "Tom Reed, CTO, tom@quillon.example", "--promise", "my dbt notes -> Tom Reed", "--json",
        now="2026-12-18T16:30:00+00:00",
    ).json  # fmt: skip
    # Thanks from Tuesday 09:00 (17:00 is the end of working hours), due Wednesday 23; Priya,
    # thanked for round 1 already, is thanked for round 2 too.
    assert steps(second, "thank-you") == [
        ("Priya Shah", "done", "2026-12-14T13:00:00+00:00", "2026-12-16T17:00:00+00:00"),
        ("Priya Shah", "planned", "2026-12-22T09:00:00+00:00", "2026-12-23T17:00:00+00:00"),
        ("Tom Reed", "planned", "2026-12-22T09:00:00+00:00", "2026-12-23T17:00:00+00:00"),
    ]
    # The call starts again from round 2: 22, 23, 24, (25, 28) 29, 30; due 31, (1) 4, 5.
    assert steps(second, "check-in-call") == [
        ("Priya Shah", "planned", "2026-12-30T09:00:00+00:00", "2027-01-05T17:00:00+00:00")
    ]
    assert steps(second, "send-promised") == [
        ("Priya Shah", "done", "2026-12-14T11:00:00+00:00", "2026-12-16T17:00:00+00:00"),
        ("Tom Reed", "planned", "2026-12-21T15:00:00+00:00", "2026-12-23T17:00:00+00:00"),
    ]
    shown = cli("show", app_id, "--json").json
    priya, sam, tom = shown["contacts"]
    assert (priya["name"], priya["title"], len(shown["contacts"])) == (
        "Priya Shah",
        "Head of Data",
        3,
    )
    one, two = shown["interviews"]
    assert (one["round"], two["round"], two["format"]) == (1, 2, "video")
    assert (one["met"], two["met"]) == ([priya["id"], sam["id"]], [priya["id"], tom["id"]])
    human = cli("show", app_id).out
    assert "applied  2026-12-01" in human and "met: Priya Shah, Tom Reed" in human
    # Rejected on Wednesday 6 January: the call is stopped; feedback asked by Friday 8.
    rejected = cli("decide", app_id, "rejected", "--json", now="2027-01-06T10:00:00+00:00").json
    assert [(s[1]) for s in steps(rejected, "check-in-call")] == ["cancelled"]
    assert steps(rejected, "feedback-request") == [
        ("Priya Shah", "planned", "2027-01-06T10:00:00+00:00", "2027-01-08T17:00:00+00:00")
    ]
    refused = cli("add", "--app", app_id, "--at", "2027-01-11 10:00", ok=False)
    assert refused.code == 4 and "is rejected: another round can be recorded only while" in (
        refused.err
    )


def test_options_of_a_new_application_are_refused_with_app_and_nothing_is_written(
    cli: Cli,
) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ROUND_ONE).json["application"]["id"])
    before = cli("show", app_id, "--json").out
    both = cli("add", "--app", app_id, "--company", "X", "--set", "thank-you.due=3",
               "--at", "2026-12-21 14:00", ok=False)  # fmt: skip
    assert both.code == 2
    assert both.err.strip().splitlines() == [
        f"error: --app {app_id} records another round of that application; --company, --set "
        "are only for a new application: leave them out"
    ]
    unknown = cli("add", "--app", "999", "--at", "2026-12-21 14:00", ok=False)
    assert unknown.code == 3 and "no application with id 999" in unknown.err
    no_time = cli("add", "--app", app_id, "--interviewer", "Tom Reed", ok=False)
    assert no_time.code == 2 and "--at is required: when the round starts" in no_time.err
    assert cli("show", app_id, "--json").out == before


def test_an_application_only_applied_for_gets_its_status_checks(any_cli: Cli) -> None:
    cli = any_cli
    cli(*PROFILE)
    made = cli(
        "add", "--company", "Beta", "--role", "Writer", "--applied", "2026-12-07",
        "--hr", "Ann Lee, Talent Partner, ann@beta.example", "--json",
    ).json  # fmt: skip
    assert (made["application"]["stage"], made["application"]["applied_at"]) == (
        "applied", "2026-12-07"
    )  # fmt: skip
    # Working day 7 after Monday 7 December: 8, 9, 10, 11, 14, 15, 16; due day 2: 17, 18.
    assert steps(made, "status-check") == [
        ("Ann Lee", "planned", "2026-12-16T09:00:00+00:00", "2026-12-18T17:00:00+00:00")
    ]
    [row] = cli("list", "--json").json
    assert row["applied_at"] == "2026-12-07" and row["last_interview"] is None
    assert "2026-12-07" in cli("list").out
    draft = " ".join(cli("draft", str(made["steps"][0]["id"])).out.split())
    assert "I applied for the Writer position at Beta on Monday 7 December 2026" in draft


def test_a_day_applied_that_cannot_be_is_refused_and_nothing_is_written(cli: Cli) -> None:
    cli(*PROFILE)
    cases = [
        (["--applied", "2026-12-19"], "day applied for (2026-12-19) is after today (2026-12-18)"),
        (["--at", "2026-12-10 10:00", "--applied", "2026-12-12"],
         "--applied 2026-12-12 is after the interview (2026-12-10): the day applied for comes"),
        (["--applied", "2026-12-01", "--decision-by", "2026-12-30"],
         "--decision-by is about an interview: give its start too"),
        (["--applied", "1st of December"], "--applied '1st of December' is not a date"),
        ([], "--at is required: when the interview starts"),
    ]  # fmt: skip
    for options, message in cases:
        result = cli("add", "--company", "Beta", "--role", "Writer", *options, ok=False)
        assert result.code == 2 and message in result.err, (options, result.err)
    assert cli("list", "--json").json == []
