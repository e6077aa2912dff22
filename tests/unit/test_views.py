"""views.py: each record has exactly the keys of its TypedDict, in its order; a step's record is
the same from the m.Step and from the step as stored (`ports.StoredStep`, what `due --json`
lists); a step's moments are written in its zone, each with its own offset."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup import views
from followup.domain import caseload, coaching
from followup.domain import insights as i
from followup.domain import model as m
from followup.domain.accounts import Account, Role
from followup.domain.outbox import Confirmation, OutboxEntry, OutboxState
from followup.domain.promised import Promised
from followup.domain.replies import Reply
from followup.domain.values import Region
from tests.unit.fakes import stored_step

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
AT = datetime(2025, 1, 14, 13, 0, tzinfo=LONDON)

CONTACT = m.Contact(
    name="Priya Shah",
    relation=m.Relation.INTERVIEWER,
    title="Head of Data",
    organisation="Acme",
    email="priya@acme.example",
    phone="+44 20 7946 0000",
    address="1 Main St\nLondon",
    timezone="Europe/London",
    region=Region.parse("GB-ENG"),
    notes="Met at the panel.",
    details=(m.Detail(m.DetailKind.EMAIL, "p.shah@home.example", ("home",)),),
    application_id=1,
    id=3,
)
INTERVIEW = m.Interview(
    start=AT,
    end=AT.replace(hour=14),
    timezone="Europe/London",
    region=Region.parse("GB-ENG"),
    format=m.InterviewFormat.VIDEO,
    round=2,
    notes="Panel of two.",
    decision_by=date(2025, 1, 24),
    next_round=date(2025, 1, 28),
    contact_on=date(2025, 1, 21),
    id=4,
)
TOUCH = m.Touch(
    channel=m.Channel.EMAIL,
    direction=m.Direction.IN,
    at=AT.astimezone(UTC),
    outcome="offer",
    note="Offer\nFrom: Priya",
    message_id="<1@acme.example>",
    contact_id=3,
    id=5,
)
STEP = m.Step(
    kind="thank-you",
    channel=m.Channel.EMAIL,
    earliest=datetime(2025, 1, 14, 16, 0, 0, 123456, tzinfo=LONDON),
    due=datetime(2025, 1, 15, 17, 0, tzinfo=LONDON),
    recipients=(
        m.Recipient("Priya Shah", m.Relation.INTERVIEWER, "Head of Data", "priya@acme.example", 3),
        m.Recipient("Ilse Ström", m.Relation.REFERENCE),
    ),
    status=m.StepStatus.SNOOZED,
    rationale="Thank each interviewer.",
    sources=("000", "001"),
    outcome="voicemail",
    timezone="Europe/London",
    application_id=1,
    id=6,
)
APPLICATION = m.Application(
    company="Müller & Søn",
    role="Data Engineer",
    source=m.Source.REFERRAL,
    stage=m.Stage.INTERVIEWING,
    notes="Via Ana.",
    created_at=datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
    interviews=(INTERVIEW,),
    contacts=(CONTACT,),
    promises=(m.Promise("portfolio link", "Priya Shah", id=7),),
    touches=(TOUCH,),
    steps=(STEP,),
    decisions=(m.Decision(m.DecisionKind.OFFER, AT.astimezone(UTC), "Verbal."),),
    settings={"tone": "warm"},
    id=1,
)
INSIGHTS = i.Insights(
    funnel=i.Funnel(
        reached=tuple(i.Count(stage, 1) for stage in i.FUNNEL),
        ended=tuple(i.Count(stage, 0) for stage in i.ENDED),
    ),
    replies=i.ReplyRates(
        by_kind=(i.Rate("thank-you", 2, 1),),
        by_channel=(i.Rate("email", 2, 1),),
        waiting=1,
        window_days=14,
    ),
    decisions=(
        i.DecisionTimes(
            m.DecisionKind.OFFER,
            (i.Waited(1, "Müller & Søn", "Data Engineer", m.DecisionKind.OFFER, 9),),
            9.0,
            (0, 1),
        ),
    ),
)
MESSAGE = (
    "From: me@example.com\r\nTo: Priya <priya@acme.example>\r\nCc: tom@acme.example\r\n"
    "Subject: Thank you\r\nMessage-ID: <9@example.com>\r\n\r\nThank you.\r\n"
)


def _records() -> list[tuple[Any, dict[str, Any]]]:
    """(TypedDict, the record its function built) for every record views.py has."""
    reply = Reply(1, "Müller & Søn", "Data Engineer", TOUCH, contact="Priya Shah")
    outbox = OutboxEntry(
        application_id=1,
        step_id=6,
        message_id="<9@example.com>",
        message=MESSAGE,
        approved_at=AT,
        state=OutboxState.SENT,
        sent_at=AT,
        confirmed_by=Confirmation.SERVER,
        id=8,
    )
    summary = m.ApplicationSummary(
        1, "Acme", "Analyst", m.Stage.APPLIED, m.Source.DIRECT, AT, AT.astimezone(UTC)
    )
    profile = m.Profile(name="Aiko", email="aiko@example.com", skills=("SQL",), timezone="UTC")
    built: list[tuple[Any, Any]] = [
        (views.ProfileRecord, views.profile_record(profile)),
        (views.DetailRecord, views.detail_record(CONTACT.details[0])),
        (views.ContactRecord, views.contact_record(CONTACT)),
        (views.InterviewRecord, views.interview_record(INTERVIEW)),
        (views.PromiseRecord, views.promise_record(APPLICATION.promises[0])),
        (views.PromisedRecord, views.promised_record(Promised(4, "cv.pdf", "application/pdf", 9))),
        (views.TouchRecord, views.touch_record(TOUCH)),
        (views.ReplyRecord, views.reply_record(reply)),
        (views.DecisionRecord, views.decision_record(APPLICATION.decisions[0])),
        (views.StepRecord, views.step_record(STEP)),
        (views.RecipientRecord, views.step_record(STEP)["recipients"][0]),
        (views.AgendaRecord, views.agenda_record([STEP], [], [reply])),
        (views.ApplicationRecord, views.application_record(APPLICATION)),
        (views.ApplicationDetail, views.application_detail(APPLICATION)),
        (views.SummaryRecord, views.summary_record(summary)),
        (views.OutboxRecord, views.outbox_record(outbox)),
    ]
    found = views.insights_record(INSIGHTS)
    funnel, replies, [decided] = found["funnel"], found["replies"], found["decisions"]
    built += [
        (views.InsightsRecord, found),
        (views.FunnelRecord, funnel),
        (views.StageCountRecord, funnel["reached"][0]),
        (views.ReplyRatesRecord, replies),
        (views.RateRecord, replies["by_kind"][0]),
        (views.DecisionTimesRecord, decided),
        (views.WaitedRecord, decided["decisions"][0]),
    ]
    row = caseload.Row(
        7, "ann@example.org", "Spring", 3, 1, 2, 9, 12, 4, 1, caseload.Flag.YELLOW, "quiet"
    )
    note = coaching.Note(7, 2, "Well done", True, AT, id=1, author_email="coach@example.org")
    nudge = coaching.Nudge(7, 2, "How is it going?", AT, AT, id=2, coach_email="c@example.org")
    seeker = Account(7, "account-7", "ann@example.org", Role.SEEKER, "Spring")
    found = views.caseload_record([row], "flag", None, ["Spring"])
    seen = views.seeker_view_record(
        seeker, True, ([STEP], []), [summary], INSIGHTS, [(STEP, "Dear Priya")], [note], [nudge]
    )
    built += [
        (views.CaseloadRecord, found),
        (views.CaseloadRowRecord, found["rows"][0]),
        (views.SeekerViewRecord, seen),
        (views.SharedDraftRecord, seen["drafts"][0]),
        (views.NoteRecord, seen["notes"][0]),
        (views.NudgeRecord, seen["nudges"][0]),
    ]
    return built


def test_every_record_of_views_is_built_here() -> None:
    shapes = {
        value
        for name, value in vars(views).items()
        if typing.is_typeddict(value) and not name.startswith("_")
    }
    assert {shape for shape, _ in _records()} == shapes


@pytest.mark.parametrize("shape, record", _records(), ids=lambda v: getattr(v, "__name__", ""))
def test_a_record_has_exactly_the_keys_of_its_shape_in_order(
    shape: Any, record: dict[str, Any]
) -> None:
    assert list(record) == list(typing.get_type_hints(shape))
    json.dumps(record)  # plain data


def test_a_record_is_plain_text_for_enums_and_moments() -> None:
    record = views.step_record(STEP)
    assert type(record["channel"]) is str and record["channel"] == "email"
    assert type(record["status"]) is str and record["status"] == "snoozed"
    assert record["earliest"] == "2025-01-14T16:00:00.123456+00:00"
    assert record["recipients"][1] == {
        "name": "Ilse Ström",
        "title": None,
        "email": None,
        "relation": "reference",
        "contact_id": None,
    }
    outbox = views.outbox_record(OutboxEntry(1, 6, "<9@example.com>", MESSAGE, AT))
    assert (outbox["subject"], outbox["to"], outbox["cc"]) == (
        "Thank you",
        ["priya@acme.example"],
        ["tom@acme.example"],
    )
    assert (outbox["state"], outbox["sent_at"]) == ("approved", None)


def test_a_stored_step_has_the_record_of_its_step_to_the_byte() -> None:
    tokyo = m.Step(
        kind="nudge",
        channel=m.Channel.PHONE,
        earliest=STEP.earliest.astimezone(TOKYO),  # the same instant as STEP's, in Tokyo
        due=STEP.due.astimezone(TOKYO),
        timezone="Asia/Tokyo",
        application_id=2,
        id=7,
    )
    for step in (STEP, tokyo, STEP):  # twice: the moments' text is kept for the next step
        lean = views.step_record(stored_step(step))
        assert json.dumps(lean) == json.dumps(views.step_record(step))
    assert views.step_record(tokyo)["earliest"] == "2025-01-15T01:00:00.123456+09:00"


def test_moments_equal_as_instants_or_as_wall_times_keep_their_own_offsets() -> None:
    # 01:30 happens twice in London on 26 October 2025: first in summer time, then in winter.
    first = datetime(2025, 10, 26, 1, 30, tzinfo=LONDON)
    second = first.replace(fold=1)
    assert first == second  # one zone: compared by wall time
    assert AT.astimezone(TOKYO) == AT  # two zones: compared as instants
    shown = [
        (first, "Europe/London"),
        (second, "Europe/London"),
        (second.astimezone(UTC), "Europe/London"),
        (AT, "Europe/London"),
        (AT.astimezone(TOKYO), "Asia/Tokyo"),
        (AT, "Asia/Tokyo"),
        (first, "Europe/London"),
    ]
    texts = [
        views.step_record(dataclasses.replace(STEP, earliest=at, due=at, timezone=timezone))["due"]
        for at, timezone in shown
    ]
    assert texts == [
        "2025-10-26T01:30:00+01:00",
        "2025-10-26T01:30:00+00:00",
        "2025-10-26T01:30:00+00:00",
        "2025-01-14T13:00:00+00:00",
        "2025-01-14T22:00:00+09:00",
        "2025-01-14T22:00:00+09:00",
        "2025-10-26T01:30:00+01:00",
    ]
