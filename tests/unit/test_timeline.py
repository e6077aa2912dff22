"""The application's thread (domain/timeline.py): every kind of entry, in its words, newest
first; ties in a fixed order; interviews still to come set apart with the plan ahead."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from importlib.resources import files

import pytest

from followup.domain import playbook
from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    InterviewFormat,
    Recipient,
    Relation,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.planner import RESUMED
from followup.domain.timeline import _DONE, Entry, thread

KINDS = sorted(playbook.parse(files("followup").joinpath("playbook.toml").read_text()).rules)
NOW = datetime(2026, 12, 28, 12, 0, tzinfo=UTC)
START = datetime(2026, 12, 18, 13, 0, tzinfo=UTC)
PRIYA = Contact("Priya Shah", title="Head of Data", email="priya@acme.example", id=1)
TOM = Contact("Tom Ellis", relation=Relation.HR, id=2)
INTERVIEW = Interview(
    START,
    START + timedelta(hours=1),
    "Europe/London",
    format=InterviewFormat.VIDEO,
    notes="Went well; they liked the dbt work.",
    decision_by=date(2027, 1, 8),
    topics=("dbt migration", "stakeholder reporting"),
    id=1,
)


def at(days: float) -> datetime:
    return START + timedelta(days=days)


def step(kind: str, status: StepStatus, done: datetime | None, **changes: object) -> Step:
    base = Step(
        kind=kind,
        channel=Channel.EMAIL,
        earliest=at(0.1),
        due=at(2),
        recipients=(Recipient("Priya Shah", Relation.INTERVIEWER, contact_id=1),),
        status=status,
        done_at=done,
        id=10,
    )
    return replace(base, **changes)


def acme(**changes: object) -> Application:
    base = Application(
        "Acme",
        "Data Analyst",
        contacts=(PRIYA, TOM),
        interviews=(INTERVIEW,),
        applied_at=date(2026, 12, 1),
        id=1,
    )
    return replace(base, **changes)


def test_every_kind_newest_first_in_its_words() -> None:
    touches = (
        Touch(Channel.EMAIL, Direction.IN, at(3), note="Thanks for your note.", contact_id=1, id=1),
        Touch(Channel.PHONE, Direction.OUT, at(4), outcome="reached", contact_id=2, id=2),
    )
    steps = (
        step("thank-you", StepStatus.DONE, at(1), outcome="sent", draft="Dear Priya,", id=11),
        step("send-promised", StepStatus.SKIPPED, at(2), id=12),
        step("check-in-call", StepStatus.PLANNED, None, id=13),
    )
    decided = (Decision(DecisionKind.OFFER, at(5), note="Start in February"),)
    past = thread(acme(touches=touches, steps=steps, decisions=decided), NOW).past
    assert [(e.kind, e.title) for e in past] == [
        ("decision", "Offer received"),
        ("call", "You called Tom Ellis"),
        ("message", "Priya Shah got in touch"),
        ("skipped", "Skipped sending Priya Shah what you promised"),
        ("step", "Thanked Priya Shah for the interview"),
        ("interview", "Interview with Priya Shah and Tom Ellis"),
        ("applied", "Applied"),
    ]
    offer, call, message, _, thanked, interview, applied = past
    assert (offer.label, offer.excerpt) == ("Decision", "Start in February")
    assert (call.label, call.direction, call.details) == ("Call out", Direction.OUT,
                                                          ("by phone", "reached them"))  # fmt: skip
    assert (message.label, message.excerpt) == ("Message in", "Thanks for your note.")
    assert (thanked.details, thanked.step_id) == (("by email", "sent"), 11)
    assert interview.people == ("Priya Shah", "Tom Ellis")
    assert interview.topics == ("dbt migration", "stakeholder reporting")
    assert interview.details == ("Round 1, by video", "decision expected by Fri 8 Jan 2027")
    assert interview.excerpt == "Went well; they liked the dbt work."
    assert (applied.at, applied.day_only) == (datetime(2026, 12, 1, tzinfo=UTC), True)


def test_the_day_applied_starts_in_the_users_zone() -> None:
    [*_, applied] = thread(acme(), NOW, "America/New_York").past
    assert applied.at.isoformat() == "2026-12-01T00:00:00-05:00"


def test_a_step_done_links_its_text_only_when_written_and_kept() -> None:
    def link(**changes: object) -> int | None:
        done = step("thank-you", StepStatus.DONE, at(1), **{"outcome": "sent", **changes})
        return thread(acme(steps=(done,)), NOW).past[0].step_id

    assert link(draft="Dear Priya,") == 10
    assert link() is None  # nothing kept: the template's text was sent
    assert link(draft="notes for the call", channel=Channel.PHONE, outcome="reached") is None


def test_a_call_made_for_a_step_is_with_the_calls() -> None:
    called = step(
        "check-in-call", StepStatus.DONE, at(6), channel=Channel.PHONE, outcome="voicemail"
    )
    [entry, *_] = thread(acme(steps=(called,)), NOW).past
    assert (entry.kind, entry.label, entry.direction) == ("call", "Call out", Direction.OUT)
    assert (entry.title, entry.details) == (
        "Checked in with Priya Shah",
        ("by phone", "left a voicemail"),
    )


def test_open_and_cancelled_steps_are_not_in_the_thread() -> None:
    steps = (
        step("check-in-call", StepStatus.PLANNED, None, id=1),
        step("keep-in-touch", StepStatus.SNOOZED, None, id=2),
        step("keep-in-touch", StepStatus.CANCELLED, None, outcome="paused", id=3),
    )
    assert [e.kind for e in thread(acme(steps=steps), NOW).past] == ["interview", "applied"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_rule_of_the_playbook_has_words_done_and_skipped(kind: str) -> None:
    assert kind in _DONE
    for status, words in ((StepStatus.DONE, _DONE[kind][0]), (StepStatus.SKIPPED, _DONE[kind][1])):
        entry = thread(acme(steps=(step(kind, status, at(1)),)), NOW).past[0]
        assert entry.title.endswith(words.format(who="Priya Shah"))
        assert kind not in entry.title  # never the raw kind


@pytest.mark.parametrize(
    ("touch", "title", "excerpt"),
    [
        (Touch(Channel.EMAIL, Direction.OUT, at(1), note="Sent the deck", contact_id=1),
         "You got in touch with Priya Shah", "Sent the deck"),
        (Touch(Channel.VOICEMAIL, Direction.IN, at(1), contact_id=2), "Tom Ellis called", None),
        (Touch(Channel.LETTER, Direction.IN, at(1)), "Acme got in touch", None),
        (Touch(Channel.OTHER, Direction.OUT, at(1), outcome=RESUMED, note="Nudges resumed."),
         "You went on without answering their reply", None),
        (Touch(Channel.EMAIL, Direction.IN, at(1), outcome=AUTO_REPLY, contact_id=1,
               note="Out of office\nFrom: priya@acme.example\nBack on 4 January."),
         "Automatic reply from Priya Shah",
         "Out of office From: priya@acme.example Back on 4 January."),
        (Touch(Channel.OTHER, Direction.IN, at(1), outcome="decision", contact_id=2),
         "Tom Ellis told you the decision", None),
        (Touch(Channel.EMAIL, Direction.IN, at(1), message_id="<r1@acme.example>",
               note="Re: Data Analyst interview\nFrom: Dana Cole <dana@acme.example>\n"
                    "Thanks for coming in.\nWe will decide next week."),
         "Dana Cole <dana@acme.example> wrote: “Re: Data Analyst interview”",
         "Thanks for coming in. We will decide next week."),
    ],
)  # fmt: skip
def test_each_message_and_call_in_its_words(touch: Touch, title: str, excerpt: str) -> None:
    [entry] = [e for e in thread(acme(touches=(touch,)), NOW).past if e.kind in ("message", "call")]
    assert (entry.title, entry.excerpt) == (title, excerpt)


def test_a_long_note_is_cut_at_a_word() -> None:
    note = "word " * 100
    touch = Touch(Channel.EMAIL, Direction.IN, at(1), note=note, contact_id=1)
    excerpt = thread(acme(touches=(touch,)), NOW).past[0].excerpt
    assert excerpt is not None and excerpt.endswith("word…") and len(excerpt) <= 160


def test_each_decision_in_its_words() -> None:
    titles = [
        thread(acme(decisions=(Decision(kind, at(1)),)), NOW).past[0].title for kind in DecisionKind
    ]
    assert titles == ["Offer received", "Not successful: the employer said no", "You withdrew",
                      "Hired", "Closed"]  # fmt: skip


def test_entries_of_one_moment_keep_a_fixed_order() -> None:
    """A decision told by someone is stored a second after their message; at the very same
    moment, the decision still comes out newest, then a step, then messages by id."""
    same = at(2)
    touches = tuple(Touch(Channel.EMAIL, Direction.IN, same, contact_id=1, id=n) for n in (2, 1))
    done = step("thank-you", StepStatus.DONE, same, outcome="sent", id=5)
    decided = (Decision(DecisionKind.REJECTED, same),)
    past = thread(acme(touches=touches, steps=(done,), decisions=decided), NOW).past
    assert [(e.kind, e.key) for e in past[:4]] == [
        ("decision", 0), ("step", 5), ("message", 2), ("message", 1)
    ]  # fmt: skip


def test_interviews_to_come_go_ahead_soonest_first() -> None:
    later = replace(INTERVIEW, start=NOW + timedelta(days=9), end=NOW + timedelta(days=9.1),
                    round=3, id=3)  # fmt: skip
    sooner = replace(later, start=NOW + timedelta(days=2), end=NOW + timedelta(days=2.1),
                     round=2, id=2)  # fmt: skip
    found = thread(acme(interviews=(INTERVIEW, later, sooner)), NOW)
    assert [e.details[0] for e in found.ahead] == ["Round 2, by video", "Round 3, by video"]
    assert [e.kind for e in found.past] == ["interview", "applied"]
    assert all(isinstance(e, Entry) for e in found.past)


def test_an_interview_in_another_zone_says_its_time_there_too() -> None:
    interview = thread(acme(), NOW, "Asia/Tokyo").past[0]
    assert interview.at.astimezone(UTC) == START  # the page shows it in Tokyo: 22:00
    assert interview.details[:2] == ("Round 1, by video", "13:00 their time")
