from datetime import timedelta

import pytest

from followup.domain.errors import InvalidInput
from followup.domain.model import Relation
from followup.domain.values import Region
from followup.input import parse

GB = Region("GB", "ENG")


def test_person_with_all_four_parts():
    c = parse.person(
        "Priya Shah, Head of Data, priya@acme.example, +44 20 7946 0000",
        Relation.INTERVIEWER,
        "--interviewer",
        GB,
        "Acme",
    )
    assert (c.name, c.title, c.email, c.phone) == (
        "Priya Shah",
        "Head of Data",
        "priya@acme.example",
        "+44 20 7946 0000",
    )
    assert c.organisation == "Acme" and c.region == GB and c.relation is Relation.INTERVIEWER


def test_person_parts_may_come_in_any_order_and_titles_keep_commas():
    c = parse.person("Ana Ruiz, ana@x.example, VP, Engineering", Relation.HR, "--hr", GB, None)
    assert c.title == "VP, Engineering" and c.email == "ana@x.example" and c.phone is None


def test_person_with_only_a_name():
    assert parse.person("Ana Ruiz", Relation.HELPER, "--helper", None, None).title is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (", Head of Data", "needs a name first"),
        ("Priya,, priya@acme.example", "empty item"),
        ("Priya, a@x.example, b@x.example", "more than one email"),
        ("Priya, Head, priya@", "does not parse"),
        ("Priya, Head, 123", "not a valid number"),
        ("priya@acme.example, Head", "must start with the person's name"),
    ],
)
def test_malformed_person_gives_one_clear_error(spec, message):
    with pytest.raises(InvalidInput, match=message) as err:
        parse.person(spec, Relation.INTERVIEWER, "--interviewer", GB, None)
    assert str(err.value).startswith("--interviewer ")
    assert "\n" not in str(err.value)


def test_promise():
    p = parse.promise("portfolio link -> Priya Shah")
    assert (p.what, p.to) == ("portfolio link", "Priya Shah")
    for bad in ("portfolio link", "-> Priya", "link ->"):
        with pytest.raises(InvalidInput, match="--promise"):
            parse.promise(bad)


@pytest.mark.parametrize(
    ("text", "minutes"), [("60m", 60), ("1h", 60), ("1h30m", 90), ("45", 45), ("2h 15m", 135)]
)
def test_duration(text, minutes):
    assert parse.duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "0m", "an hour", "1d", "-5"])
def test_bad_duration(text):
    with pytest.raises(InvalidInput, match="--duration"):
        parse.duration(text)


def test_moment_is_in_the_given_zone():
    m = parse.moment("2026-12-18 13:00", "Europe/London", "--at")
    assert m.isoformat() == "2026-12-18T13:00:00+00:00"
    assert parse.moment("2026-07-01T09:30", "Europe/Berlin", "--at").utcoffset() == timedelta(
        hours=2
    )


@pytest.mark.parametrize("text", ["2026-13-01 10:00", "tomorrow", "2026-12-18", "18/12/2026 13:00"])
def test_bad_moment(text):
    with pytest.raises(InvalidInput, match="is not a date and time"):
        parse.moment(text, "Europe/London", "--at")


def test_bad_day():
    with pytest.raises(InvalidInput, match="--decision-by"):
        parse.day("next week", "--decision-by")


def test_span():
    assert parse.span("36h") == timedelta(hours=36)
    assert parse.span("2w") == timedelta(days=14)
    with pytest.raises(InvalidInput, match="not a span"):
        parse.span("soon")
    with pytest.raises(InvalidInput, match="too far ahead"):
        parse.span("99999999w")


@pytest.mark.parametrize("text", ["²", "9" * 5_000, "9" * 5_000 + "h", "٣٠m", "1e3"])
def test_a_duration_is_ascii_digits_of_sensible_length(text):
    with pytest.raises(InvalidInput, match="is not a duration"):
        parse.duration(text)


def test_a_duration_is_at_most_a_day():
    assert parse.duration("24h") == timedelta(hours=24)
    with pytest.raises(InvalidInput, match="longer than a day"):
        parse.duration("999999999h")


@pytest.mark.parametrize("text", ["9" * 5_000 + "d", "²d"])
def test_a_span_is_ascii_digits_of_sensible_length(text):
    with pytest.raises(InvalidInput, match="is not a span"):
        parse.span(text)
