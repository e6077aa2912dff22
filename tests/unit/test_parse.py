from datetime import timedelta

import pytest

from followup.domain.errors import InvalidInput
from followup.input import parse


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
