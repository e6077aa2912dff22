"""`followup debrief`, and the `interview-day` checklist before it, as fresh processes: on a
pseudo-terminal (questions answered as a person types them), with flags, and refused without
either. Every date is hand-computed.

England, December 2026 (GMT, so UTC): the interview is Monday 14 December, 10:00-11:00, recorded
on Thursday 10 December. The working day before it is Friday 11 December. Working days after
it: Tue 15 (1), Wed 16 (2), ..., Mon 21 (5), Thu 24 (8); Fri 25 Christmas, Mon 28 Boxing Day
(observed). The decision date Friday 8 January 2027 is after working day 5: the call starts
the working day after it, Monday 11 January, and is due 3 working days later, Thursday 14.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import EXE
from tests.ocr import needs_ocr
from tests.terminal import Terminal

RECORDED = "2026-12-10T10:00:00+00:00"  # Thursday
FRIDAY = "2026-12-11T09:30:00+00:00"
STARTED = "2026-12-14T10:30:00+00:00"  # Monday, during the interview
AFTER = "2026-12-14T11:30:00+00:00"
ADD = ["add", "--company", "Acme", "--role", "Data Analyst", "--at", "2026-12-14 10:00",
       "--tz", "Europe/London", "--country", "GB-ENG", "--interviewer", "Priya Shah",
       "--json"]  # fmt: skip
PRIYA = "Priya Shah, Head of Data, priya@acme.example"
TOM = "Tom Reed, Engineering Manager, tom@acme.example"
DANA = "Dana Cole, CTO, dana@nordlys.example"


def recorded(cli) -> str:
    cli(*PROFILE)
    return str(cli(*ADD, now=RECORDED).json["application"]["id"])


def planned(cli, app_id: str) -> dict[str, list[dict]]:
    steps: dict[str, list[dict]] = {}
    for step in cli("plan", app_id, "--json").json["steps"]:
        if step["status"] == "planned":
            steps.setdefault(step["kind"], []).append(step)
    return steps


def window(step: dict) -> tuple[str, str]:
    return step["earliest"], step["due"]


def assert_whole_debrief(cli, app_id: str) -> None:
    """The plan reflects each answer of the whole debrief (two people, a decision date, a
    promise, a referral, two topics)."""
    steps = planned(cli, app_id)
    assert "interview-day" not in steps  # the interview is over: the checklist is gone
    thanks = {s["recipients"][0]["name"]: s for s in steps["thank-you"]}
    assert sorted(thanks) == ["Priya Shah", "Tom Reed"]  # a thank-you per person
    for step in thanks.values():  # 11:00 + 2 h; end of working day 2 (Wed 16)
        assert step["channel"] == "email"
        assert window(step) == ("2026-12-14T13:00:00+00:00", "2026-12-16T17:00:00+00:00")
    assert thanks["Priya Shah"]["recipients"][0]["title"] == "Head of Data"  # from her card
    [call] = steps["check-in-call"]  # moved by the decision date
    assert window(call) == ("2027-01-11T09:00:00+00:00", "2027-01-14T17:00:00+00:00")
    [promised] = steps["send-promised"]
    assert [r["name"] for r in promised["recipients"]] == ["Tom Reed"]
    assert window(promised) == ("2026-12-14T11:00:00+00:00", "2026-12-16T17:00:00+00:00")
    [outreach] = steps["referral-outreach"]
    assert [(r["name"], r["email"]) for r in outreach["recipients"]] == [
        ("Dana Cole", "dana@nordlys.example")
    ]
    assert window(outreach) == ("2026-12-14T11:00:00+00:00", "2026-12-16T17:00:00+00:00")
    [interview] = cli("show", app_id, "--json").json["interviews"]
    assert interview["topics"] == ["dbt migration", "stakeholder reporting"]
    assert (interview["decision_by"], interview["debriefed_at"]) == ("2027-01-08", AFTER)
    assert "topics discussed: dbt migration; stakeholder reporting" in cli("show", app_id).out


def test_the_day_before_today_shows_the_checklist_and_it_goes_when_the_interview_starts(cli):
    app_id = recorded(cli)
    assert cli("today", "--json", now=RECORDED).json["due"] == []  # Thursday: not yet
    listed = cli("today", "--json", now=FRIDAY).json
    [checklist] = [s for s in listed["due"] if s["kind"] == "interview-day"]
    assert window(checklist) == ("2026-12-11T09:00:00+00:00", "2026-12-14T10:00:00+00:00")
    assert (checklist["channel"], checklist["recipients"]) == ("other", [])
    assert checklist["sources"] == ["000", "001", "002", "004"]
    human = cli("today", now=FRIDAY).out
    assert "interview-day · other → you" in human and "card" in human
    draft = cli("draft", str(checklist["id"]), now=FRIDAY).out
    assert "Priya Shah" in draft and "what happens next" in draft.lower()
    # The same through the full command line (not the fast JSON path) and `due`.
    assert any(s["kind"] == "interview-day" for s in cli("due", "--json", now=FRIDAY).json["due"])
    # Once the interview starts it is neither due nor overdue, though nothing replanned yet.
    for args in (["today", "--json"], ["due", "--within", "7d", "--json"]):
        during = cli(*args, now=STARTED).json
        assert all(s["kind"] != "interview-day" for s in during["overdue"] + during["due"])
    assert "interview-day" not in cli("today", now=STARTED).out
    assert "interview-day" in planned(cli, app_id)  # still planned until an event replans


def test_debrief_on_a_terminal_records_a_whole_interview(cli):
    app_id = recorded(cli)
    with Terminal([EXE, "debrief", app_id], {**cli.env, "FOLLOWUP_NOW": AFTER}) as term:
        assert "Debrief of Acme — Data Analyst, round 1 (Mon 14 Dec 2026 10:00" in term.expect(
            "Someone you met"
        )
        term.send(PRIYA)
        term.expect("Someone you met")
        term.send("Tom Reed, Engineering Manager, tom@")  # a slip: said, asked again
        assert "email address 'tom@' does not parse" in term.expect("Someone you met")
        term.send(TOM)
        term.expect("Someone you met")
        term.send("")
        term.expect("Photo of a business card")
        term.send("")
        term.expect("Decision date")
        term.send("2026-12-01")  # before the interview: said, asked again
        assert "is before the interview (2026-12-14)" in term.expect("Decision date")
        term.send("2027-01-08")
        term.expect("get in touch")
        term.send("")
        term.expect("promised")
        term.send("portfolio link -> Tom Reed")
        term.expect("promised")
        term.send("")
        term.expect("suggested you talk to")
        term.send(DANA)
        term.expect("suggested you talk to")
        term.send("")
        term.expect("A topic you discussed")
        term.send("dbt migration")
        term.expect("A topic you discussed")
        term.send("stakeholder reporting")
        term.expect("A topic you discussed")
        term.send("")
        assert term.finish() == 0, term.output
        shown = term.expect("check-in-call")  # the new plan, as `plan` prints it
    assert "send-promised" in shown and "referral-outreach" in shown
    assert_whole_debrief(cli, app_id)


def test_debrief_with_flags_records_the_same_and_prints_the_plan(cli):
    app_id = recorded(cli)
    result = cli(
        "debrief", app_id, "--person", PRIYA, "--person", TOM, "--decision-by", "2027-01-08",
        "--promise", "portfolio link -> Tom Reed", "--referral", DANA,
        "--topic", "dbt migration", "--topic", "stakeholder reporting", "--json", now=AFTER,
    )  # fmt: skip
    printed = result.json
    assert printed["application"]["id"] == int(app_id)
    assert {s["kind"] for s in printed["steps"]} >= {
        "thank-you", "send-promised", "referral-outreach", "check-in-call"
    }  # fmt: skip
    assert_whole_debrief(cli, app_id)


@pytest.mark.parametrize(
    ("args", "now", "code", "message"),
    [
        ([], AFTER, 2, "asks its questions on a terminal; without one, give the answers as "
                       "flags (--person, --card, --decision-by"),
        (["--topic", "x"], FRIDAY, 4, "begins Mon 14 Dec 2026 10:00 (Europe/London): debrief "
                                      "it once it has begun"),
        (["--decision-by", "2026-12-13"], AFTER, 2, "--decision-by 2026-12-13 is before the "
                                                    "interview (2026-12-14)"),
        (["--person", "Tom Reed, Manager, tom@"], AFTER, 2, "email address 'tom@' does not"),
        (["--promise", "my portfolio"], AFTER, 2, "is not like"),
    ],
    ids=["no-terminal-no-flags", "before-the-interview", "date-before", "bad-person",
         "bad-promise"],
)  # fmt: skip
def test_refusals_say_why_and_change_nothing(cli, args, now, code, message):
    app_id = recorded(cli)
    before = cli("show", app_id, "--json").json
    result = cli("debrief", app_id, *args, ok=False, now=now)
    assert result.code == code and message in result.err, result.err
    assert result.err.count("\n") == 1 and result.out == ""
    assert cli("show", app_id, "--json").json == before


def test_an_unknown_application_is_not_found(cli):
    cli(*PROFILE)
    result = cli("debrief", "42", "--topic", "x", ok=False, now=AFTER)
    assert result.code == 3 and "no application with id 42" in result.err


@needs_ocr
def test_a_cards_photo_is_one_of_the_people_met(cli, tmp_path: Path):
    from tests.cards import generate

    [card] = generate(tmp_path, 1, seed=7)
    app_id = recorded(cli)
    missing = cli("debrief", app_id, "--card", str(tmp_path / "missing.png"), ok=False, now=AFTER)
    assert missing.code == 2 and "no such file" in missing.err
    cli("debrief", app_id, "--card", str(card.path), now=AFTER)
    people = {c["name"]: c for c in cli("show", app_id, "--json").json["contacts"]}
    read = next(c for c in people.values() if c["email"] == card.fields["email"])
    assert read["relation"] == "interviewer" and read["organisation"] == "Acme"
    thanked = [s["recipients"][0]["email"] for s in planned(cli, app_id)["thank-you"]]
    assert card.fields["email"] in thanked


@needs_ocr
def test_on_a_terminal_a_cards_photo_is_read_shown_and_added_when_confirmed(cli, tmp_path: Path):
    from tests.cards import generate

    [card] = generate(tmp_path, 1, seed=7)
    app_id = recorded(cli)
    with Terminal([EXE, "debrief", app_id], {**cli.env, "FOLLOWUP_NOW": AFTER}) as term:
        term.expect("Someone you met")
        term.send("")
        term.expect("Photo of a business card")
        term.send(str(tmp_path / "nowhere.png"))  # no such file: said, asked again
        assert "no such file" in term.expect("Photo of a business card")
        term.send(f"'{card.path}'")  # as a file dropped on the terminal comes, quoted
        shown = term.expect("Add them?")
        assert f"email: {card.fields['email']}" in shown
        term.send("y")
        term.expect("Photo of a business card")
        for question in ("", "Decision date", "get in touch", "promised", "suggested"):
            if question:
                term.expect(question)
            term.send("")
        term.expect("A topic you discussed")
        term.send("")
        assert term.finish() == 0, term.output
    emails = [c["email"] for c in cli("show", app_id, "--json").json["contacts"]]
    assert card.fields["email"] in emails
