"""`followup add --topic` (repeatable, with a new application or another round): the topics
are kept on the interview, and each interviewer's thank-you speaks of their own."""

from __future__ import annotations

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import Cli

NOW = "2026-12-18T15:00:00+00:00"  # after the interview, 13:00-14:00 on Friday 18 December
TWO = [
    "add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-18 13:00",
    "--tz", "Europe/London", "--country", "GB-ENG",
    "--interviewer", "Priya Shah, Head of Data, priya@acme.example",
    "--interviewer", "Tom Reed, CTO, tom@acme.example",
    "--topic", "Priya's reporting backlog", "--topic", "the dbt rollout Tom described",
    "--topic", "their quarterly planning", "--json",
]  # fmt: skip


def test_topics_are_kept_and_each_thank_you_speaks_of_its_own(any_cli: Cli) -> None:
    cli = any_cli
    cli(*PROFILE, now=NOW)
    plan = cli(*TWO, now=NOW).json
    shown = cli("show", str(plan["application"]["id"]), "--json", now=NOW).json
    interview = shown["interviews"][0]
    assert interview["topics"] == [
        "Priya's reporting backlog",
        "the dbt rollout Tom described",
        "their quarterly planning",
    ]
    thanks = {
        s["recipients"][0]["name"]: str(s["id"]) for s in plan["steps"] if s["kind"] == "thank-you"
    }
    priya = " ".join(cli("draft", thanks["Priya Shah"], now=NOW).out.split())
    tom = " ".join(cli("draft", thanks["Tom Reed"], now=NOW).out.split())
    assert "your reporting backlog" in priya and "dbt rollout" not in priya
    assert "the dbt rollout you described" in tom and "backlog" not in tom
    assert "their quarterly planning" in priya and "their quarterly planning" in tom


def test_a_blank_topic_is_refused_and_nothing_is_written(cli: Cli) -> None:
    cli(*PROFILE, now=NOW)
    refused = cli(*TWO[:-1], "--topic", "  ", ok=False, now=NOW)
    assert refused.code != 0 and "--topic: a topic must not be empty" in refused.err
    assert cli("list", "--json", now=NOW).json == []


def test_a_round_records_its_own_topics(cli: Cli) -> None:
    cli(*PROFILE, now=NOW)
    app_id = str(cli(*TWO, now=NOW).json["application"]["id"])
    later = "2026-12-23T12:00:00+00:00"
    cli(
        "add", "--app", app_id, "--at", "2026-12-23 10:00", "--interviewer",
        "Tom Reed", "--topic", "the team's on-call rota", "--json", now=later,
    )  # fmt: skip
    shown = cli("show", app_id, "--json", now=later).json
    rounds = sorted(shown["interviews"], key=lambda i: i["round"])
    assert rounds[1]["topics"] == ["the team's on-call rota"]
    assert len(rounds[0]["topics"]) == 3
