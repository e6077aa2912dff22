"""The record of the search (domain/activity.py) over hand-built applications: what counts, the
period's days in the user's zone with both ends included, and the Markdown and CSV it gives."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from followup.adapters import activity_report
from followup.domain.activity import COLUMNS, Period, record
from followup.domain.errors import InvalidInput
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
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.planner import RESUMED
from followup.services.activity import activity
from tests.unit.fakes import FakeStore

LONDON = "Europe/London"
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), LONDON)


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def interviewed(day: int, month: int = 11) -> Interview:
    return Interview(at(day, month=month), at(day, 11, month), LONDON, format=InterviewFormat.VIDEO)


def done(kind: str, channel: Channel, when: datetime, outcome: str = "sent") -> Step:
    return Step(
        kind=kind,
        channel=channel,
        earliest=when - timedelta(hours=1),
        due=when + timedelta(days=1),
        recipients=(Recipient("Priya Shah", Relation.INTERVIEWER),),
        status=StepStatus.DONE,
        outcome=outcome,
        done_at=when,
    )


def acme(**changes: object) -> Application:
    fields: dict[str, object] = {
        "company": "Acme Analytics",
        "role": "Data Analyst",
        "stage": Stage.INTERVIEWING,
        "created_at": at(20, month=10),
        "interviews": (interviewed(3),),
        "contacts": (
            Contact("Priya Shah", Relation.INTERVIEWER, id=11),
            Contact("Tom Ellis", Relation.HR, id=12),
            Contact("Dana Whitfield", Relation.REFERENCE, id=13),
        ),
        "touches": (
            Touch(Channel.EMAIL, Direction.IN, at(5), contact_id=11, outcome="invited back"),
            Touch(Channel.OTHER, Direction.OUT, at(6), outcome=RESUMED),
            Touch(Channel.EMAIL, Direction.IN, at(7), outcome=AUTO_REPLY),
        ),
        "steps": (
            done("thank-you", Channel.EMAIL, at(4)),
            done("check-in-call", Channel.PHONE, at(9), "voicemail"),
            done("interview-day", Channel.OTHER, at(2)),  # the user's own checklist
            Step("keep-in-touch", Channel.EMAIL, at(12), at(13)),  # planned, not done
        ),
        "id": 1,
    }
    fields.update(changes)
    return Application(**fields)  # type: ignore[arg-type]


def test_every_contact_both_ways_and_every_step_done_in_the_period() -> None:
    found = record("Alex Morgan", [acme()], NOVEMBER)
    rows = [(e.day.day, e.kind, e.person, e.how, e.what) for e in found.entries]
    assert rows == [
        (3, "interview", "Priya Shah, Tom Ellis", "video call", "Interview (round 1)"),
        (4, "step", "Priya Shah", "email", "Thank-you note, sent"),
        (5, "touch", "Priya Shah", "email", "Heard from them: invited back"),
        (7, "touch", "", "email", "Automatic reply received"),
        (9, "step", "Priya Shah", "phone", "Check-in call, left a voicemail"),
    ]
    assert {e.employer for e in found.entries} == {"Acme Analytics"}
    assert {e.result for e in found.entries} == {"interviewing"}
    assert found.applications == 0  # recorded in October


def test_the_period_is_whole_days_in_the_users_zone_both_ends_included() -> None:
    # London is on UTC in November; Tokyo is nine hours ahead: 23:59 UTC on 31 October is
    # already 1 November there, and 23:59 UTC on 30 November is 1 December.
    touches = (
        Touch(Channel.PHONE, Direction.OUT, datetime(2026, 10, 31, 23, 59, tzinfo=UTC)),
        Touch(Channel.PHONE, Direction.OUT, datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),
        Touch(Channel.PHONE, Direction.OUT, datetime(2026, 11, 30, 23, 59, tzinfo=UTC)),
        Touch(Channel.PHONE, Direction.OUT, datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),
    )
    application = acme(interviews=(), steps=(), touches=touches)
    london = record("", [application], NOVEMBER)
    assert [e.at.astimezone(UTC) for e in london.entries] == [t.at for t in touches[1:3]]
    tokyo = record("", [application], Period(date(2026, 11, 1), date(2026, 11, 30), "Asia/Tokyo"))
    assert [e.at.astimezone(UTC) for e in tokyo.entries] == [t.at for t in touches[:2]]
    assert tokyo.entries[0].day == date(2026, 11, 1)


def test_an_application_counts_as_made_on_its_day_or_when_recorded_first() -> None:
    applied = acme(id=1, applied_at=date(2026, 11, 2), created_at=at(20))
    recorded = acme(id=2, company="Globex", interviews=(), touches=(), steps=(), created_at=at(8))
    after_interview = acme(id=3, company="Initech", created_at=at(10))  # interview on the 3rd
    earlier = acme(id=4, company="Umbrella", applied_at=date(2026, 10, 30), created_at=at(8))
    found = record("", [applied, recorded, after_interview, earlier], NOVEMBER)
    made = [(e.employer, e.day, e.how) for e in found.entries if e.kind == "applied"]
    assert made == [
        ("Acme Analytics", date(2026, 11, 2), "applied directly"),
        ("Globex", date(2026, 11, 8), "applied directly"),
    ]
    assert found.applications == 2
    assert found.employers == 4


def test_decisions_are_listed_and_the_result_is_where_the_application_stands() -> None:
    rejected = acme(
        stage=Stage.REJECTED, decisions=(Decision(DecisionKind.REJECTED, at(20)),), touches=()
    )
    found = record("", [rejected], NOVEMBER)
    assert (found.entries[-1].what, found.entries[-1].how) == ("Rejected", "")
    assert {e.result for e in found.entries} == {"rejected"}


def test_nothing_outside_the_period() -> None:
    assert record("", [acme()], Period(date(2026, 12, 1), date(2026, 12, 31))).entries == ()


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (date(2026, 11, 30), date(2026, 11, 1), "starts (2026-11-30) after it ends (2026-11-01)"),
        (date(2000, 1, 1), date(2026, 1, 1), "longer than ten years"),
    ],
)
def test_a_period_that_cannot_be_is_refused(first: date, last: date, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        Period(first, last)


def test_the_service_reads_the_period_in_the_profiles_zone() -> None:
    from followup.domain.model import Profile

    store = FakeStore()
    with store.transaction() as repo:
        repo.save_profile(Profile(name="Alex Morgan", timezone="Asia/Tokyo"))
        repo.add_application(acme(id=None))
    found = activity(store, date(2026, 11, 1), date(2026, 11, 30))
    assert found.name == "Alex Morgan" and found.period.timezone == "Asia/Tokyo"
    assert len(found.entries) == 5


def test_markdown_is_a_table_with_the_name_and_the_period_and_user_text_escaped() -> None:
    evil = acme(company="Evil | [Co](javascript:alert(1)) *bold*")
    text = activity_report.markdown(record("Alex <b>Morgan</b>", [evil], NOVEMBER))
    lines = text.splitlines()
    assert lines[0] == r"# Job search activity: Alex \<b\>Morgan\</b\>"
    assert "Period: 2026-11-01 to 2026-11-30 (dates in Europe/London)." in lines[2]
    assert lines[4] == "| " + " | ".join(COLUMNS) + " |"
    rows = [line for line in lines[6:] if line.startswith("| ")]
    assert len(rows) == 5
    for row in rows:  # seven cells each: no pipe of the company's splits one
        assert len(row.replace("\\|", "").split("|")) == len(COLUMNS) + 2
    assert r"Evil \| \[Co\](javascript:alert(1)) \*bold\*" in rows[0]


def test_markdown_of_an_empty_period_says_so() -> None:
    text = activity_report.markdown(record("", [], NOVEMBER))
    assert text.splitlines()[0] == "# Job search activity"
    assert "Nothing was done in this period." in text


def test_csv_has_a_header_row_and_guards_formulas() -> None:
    evil = acme(company='=HYPERLINK("http://x")', role="+44 20 7946 0000")
    text = activity_report.csv_text(record("", [evil], NOVEMBER))
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 6
    assert {r[1] for r in rows[1:]} == {'\'=HYPERLINK("http://x")'}
    assert {r[2] for r in rows[1:]} == {"'+44 20 7946 0000"}
    assert [r[0] for r in rows[1:]] == ["2026-11-03", "2026-11-04", "2026-11-05", "2026-11-07",
                                        "2026-11-09"]  # fmt: skip


def test_the_form_offers_this_month_so_far_in_the_users_zone() -> None:
    from followup.domain.model import Profile
    from followup.services.activity import this_month

    store = FakeStore()
    assert this_month(store, at(30, 23)) == (date(2026, 11, 1), date(2026, 11, 30))
    with store.transaction() as repo:
        repo.save_profile(Profile(name="Alex Morgan", timezone="Asia/Tokyo"))
    assert this_month(store, at(30, 23)) == (date(2026, 12, 1), date(2026, 12, 1))
