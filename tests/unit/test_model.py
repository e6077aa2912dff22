from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Interview,
    Relation,
    Source,
    Stage,
    Step,
    choice,
)
from followup.domain.values import Region

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 12, 18, 13, 0, tzinfo=LONDON)


def test_interview_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidInput, match="end after it starts"):
        Interview(start=START, end=START - timedelta(minutes=1), timezone="Europe/London")


def test_interview_needs_aware_times():
    with pytest.raises(InvalidInput, match="needs a time zone"):
        Interview(start=START.replace(tzinfo=None), end=START, timezone="Europe/London")


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "Europe/Londn"])
def test_unknown_time_zone_is_refused(name):
    with pytest.raises(InvalidInput, match="unknown time zone"):
        Interview(start=START, end=START + timedelta(hours=1), timezone=name)


def test_region_parses_country_and_subdivision():
    assert Region.parse("gb-eng") == Region("GB", "ENG")
    assert str(Region.parse("US-CA")) == "US-CA"
    assert Region.parse("IL").subdivision is None


@pytest.mark.parametrize(
    ("code", "message"),
    [("XX", "unknown country code"), ("GB-XYZ", "unknown subdivision"), ("", "empty")],
)
def test_unknown_region_is_refused(code, message):
    with pytest.raises(InvalidInput, match=message):
        Region.parse(code)


def test_contact_email_must_parse():
    with pytest.raises(InvalidInput, match="does not parse"):
        Contact(name="Priya Shah", email="priya@")
    assert Contact(name="P", email="priya@acme.example").email == "priya@acme.example"


def test_contact_phone_must_parse_for_its_region():
    gb = Region("GB")
    assert Contact(name="P", phone="020 7946 0000", region=gb).phone == "020 7946 0000"
    with pytest.raises(InvalidInput, match="not a valid number for GB"):
        Contact(name="P", phone="020 123", region=gb)
    with pytest.raises(InvalidInput, match="does not parse"):
        Contact(name="P", phone="020 7946 0000")  # no region, no +prefix


def test_contact_keeps_non_ascii_names():
    assert Contact(name="Jürgen Müller-Łukasz").name == "Jürgen Müller-Łukasz"


def test_empty_names_are_refused():
    with pytest.raises(InvalidInput, match="contact name"):
        Contact(name="  ")
    with pytest.raises(InvalidInput, match="company"):
        Application(company="", role="Analyst")


def test_agency_application_needs_the_agency_contact():
    with pytest.raises(InvalidInput, match="agency contact"):
        Application(company="A", role="R", source=Source.AGENCY)
    recruiter = Contact(name="Sam", relation=Relation.RECRUITER)
    assert Application(company="A", role="R", source=Source.AGENCY, contacts=(recruiter,))


def test_step_cannot_be_due_before_it_starts():
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="due before"):
        Step(kind="thank-you", channel=Channel.EMAIL, earliest=now, due=now - timedelta(hours=1))


def test_choice_lists_the_options():
    assert choice(Stage, " Offer ", "stage") is Stage.OFFER
    with pytest.raises(InvalidInput, match="choose one of: applied, interviewing"):
        choice(Stage, "maybe", "stage")


def test_interview_dates_are_plain_dates():
    interview = Interview(
        start=START,
        end=START + timedelta(hours=1),
        timezone="Europe/London",
        decision_by=date(2027, 1, 8),
    )
    assert interview.decision_by == date(2027, 1, 8)


def test_values_rebuilt_from_storage_are_not_parsed_again():
    from followup.domain.values import stored

    rebuild = stored(lambda: Contact(name="P", email="not parsed", region=Region("XX")))
    assert rebuild().email == "not parsed"  # trusted inside `stored` ...
    with pytest.raises(InvalidInput):  # ... and checked everywhere else
        Contact(name="P", email="not parsed")


def _interview(start: datetime, minutes: int, round: int = 1, id: int | None = None) -> Interview:
    end = start + timedelta(minutes=minutes)
    return Interview(start=start, end=end, timezone="Europe/London", round=round, id=id)


def test_latest_interview_is_the_one_that_ends_last_in_any_order_of_recording():
    first = _interview(START, 60, round=1)
    second = _interview(START + timedelta(days=7), 60, round=2)
    assert Application(company="Acme", role="Analyst").latest_interview is None
    for recorded in ((first, second), (second, first)):
        app = Application(company="Acme", role="Analyst", interviews=recorded)
        assert app.latest_interview is second


def test_latest_interview_by_its_end_when_one_lies_inside_another():
    # A day of assessments (09:00-17:00) holding a short call (13:00-13:30): the day ends last,
    # though the call starts later.
    day = _interview(START.replace(hour=9), 8 * 60)
    call = _interview(START, 30)
    for recorded in ((day, call), (call, day)):
        app = Application(company="Acme", role="Analyst", interviews=recorded)
        assert app.latest_interview is day


def test_latest_interview_of_two_ending_together_is_the_one_recorded_first():
    one = _interview(START, 60, round=1, id=1)
    two = _interview(START + timedelta(minutes=30), 30, round=2, id=2)
    assert one.end == two.end
    assert Application(company="A", role="R", interviews=(one, two)).latest_interview is one
    assert Application(company="A", role="R", interviews=(two, one)).latest_interview is two
