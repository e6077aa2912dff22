"""`followup decide ... --by PERSON`: who delivered the decision. The feedback request thanks
the interviewer "for letting me know" only when they did; HR's news is credited to HR."""

from __future__ import annotations

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import Cli

NOW = "2026-12-18T15:00:00+00:00"
LATER = "2026-12-22T10:00:00+00:00"
ACME = [
    "add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
    "--tz", "Europe/London", "--country", "GB-ENG",
    "--interviewer", "Priya Shah, Head of Data, priya@acme.example",
    "--hr", "Sam Lee, HR Manager, sam@acme.example", "--json",
]  # fmt: skip


def _feedback_request(cli: Cli, *by: str) -> str:
    cli(*PROFILE, now=NOW)
    app_id = str(cli(*ACME, now=NOW).json["application"]["id"])
    plan = cli("decide", app_id, "rejected", *by, "--json", now=LATER).json
    [step] = [s for s in plan["steps"] if s["kind"] == "feedback-request"]
    assert step["recipients"][0]["name"] == "Priya Shah"
    return " ".join(cli("draft", str(step["id"]), now=LATER).out.split())


def test_news_from_hr_is_credited_to_hr_not_thanked_for_by_the_interviewer(cli: Cli) -> None:
    text = _feedback_request(cli, "--by", "sam lee")
    assert "I heard from Sam Lee that" in text and "letting me know" not in text
    assert cli("today", "--json", now=LATER).json["replies"] == []  # answered by the decision


def test_news_from_the_interviewer_is_thanked_for(cli: Cli) -> None:
    assert "Thank you for letting me know" in _feedback_request(cli, "--by", "Priya Shah")


def test_with_no_one_known_nobody_is_thanked_for_letting_me_know(cli: Cli) -> None:
    text = _feedback_request(cli)
    assert "letting me know" not in text and "I understand that my application" in text


def test_someone_not_of_the_application_is_refused_and_nothing_is_written(cli: Cli) -> None:
    cli(*PROFILE, now=NOW)
    app_id = str(cli(*ACME, now=NOW).json["application"]["id"])
    refused = cli("decide", app_id, "rejected", "--by", "Tom Reed", ok=False, now=LATER)
    assert refused.code != 0
    assert "--by: no one called 'Tom Reed'" in refused.err and "Sam Lee" in refused.err
    shown = cli("show", app_id, "--json", now=LATER).json
    assert shown["stage"] == "interviewing" and shown["touches"] == []
