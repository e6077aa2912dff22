"""The return date an out-of-office reply names (replies.return_date), as people write it, read
relative to the reply's own date; each expected date worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import replies
from followup.domain.mail import IncomingMail

TUESDAY = "2026-12-01T10:00:00+00:00"  # Tuesday 1 December 2026


def ooo(text: str, at: str = TUESDAY, subject: str = "Automatic reply: Thank you") -> IncomingMail:
    return IncomingMail(
        message_id="<ooo@acme.example>",
        sender="priya@acme.example",
        subject=subject,
        at=datetime.fromisoformat(at),
        text=text,
        headers={"auto-submitted": "auto-replied"},
    )


@pytest.mark.parametrize(
    ("text", "sent", "back"),
    [
        # The three phrasings.
        ("I am out of the office and will be back on Monday 7 December.", TUESDAY, "2026-12-07"),
        ("Thank you for your message. Returning 07/12/2026.", TUESDAY, "2026-12-07"),
        # Sent on Sunday 20 December: the next 4 January is in 2027.
        ("I am on annual leave until 4 January.", "2026-12-20T08:00:00+01:00", "2027-01-04"),
        # Other ways of writing a day.
        ("I'll return to the office on December 7th, 2026.", TUESDAY, "2026-12-07"),
        ("Away until the 4th of January, with no access to email.", TUESDAY, "2027-01-04"),
        ("I am travelling. Back 2026-12-09.", TUESDAY, "2026-12-09"),
        ("I am away, back on Mon. 7 Dec.", TUESDAY, "2026-12-07"),
        # A weekday alone is the next one after the reply's day (Tuesday 1 -> Monday 7; sent on
        # Friday 4, "until Friday" is Friday 11).
        ("I am out of the office, back on Monday.", TUESDAY, "2026-12-07"),
        ("I am off work until Friday.", "2026-12-04T09:00:00+00:00", "2026-12-11"),
        ("I am on sick leave, available again from tomorrow.", TUESDAY, "2026-12-02"),
        # A span: its end.
        ("I am out of the office from 1 December to 4 January.", TUESDAY, "2027-01-04"),
        # Day first, unless only month first gives a day after the reply (12 July is past).
        ("I am out of the office. Back on 12/07/2026.", TUESDAY, "2026-12-07"),
        ("I am out of the office, back on 7.12.2026.", TUESDAY, "2026-12-07"),
        # Of several, the latest.
        ("Away until Friday 4 December and back on Monday 7 December.", TUESDAY, "2026-12-07"),
        # The reply's own date, in the writer's offset: late on Monday 30 November in New York
        # (already Tuesday in UTC), "back on Tuesday" is Tuesday 1 December.
        ("I am out of the office, back on Tuesday.", "2026-11-30T22:00:00-05:00", "2026-12-01"),
    ],
)
def test_a_return_date_is_read_as_written(text: str, sent: str, back: str) -> None:
    assert replies.return_date(ooo(text, sent)) == date.fromisoformat(back)


@pytest.mark.parametrize(
    "text",
    [
        "I am on annual leave with limited access to email.",  # no date
        "I am in training until 9.30 and out of the office until 5:30pm.",  # times, not days
        "I am out of the office until 9/30 pm.",
        "I am on parental leave, back on 7 December 2028.",  # more than a year away
        "I am out of the office. I will get back to you on Monday.",  # not a return
    ],
)
def test_no_return_date(text: str) -> None:
    assert replies.return_date(ooo(text)) is None


def test_only_an_absence_notice_names_a_return_date() -> None:
    """A reply from a person, saying someone else is back: not an out-of-office notice."""
    mail = replace(
        ooo("Thanks! Our head of data is back on Monday 7 December.", subject="Re: Thank you"),
        headers={},
    )
    assert replies.return_date(mail) is None


# A day in the year after the reply (364 days at most: a day without its year is the first one
# on or after the reply's, so the same day a year on would read as the reply's own day).
ahead = st.integers(min_value=0, max_value=364)
SAID = [
    lambda d: f"I am out of the office and will be back on {d:%A} {d.day} {d:%B}.",
    lambda d: f"I am on leave, returning {d:%d/%m/%Y}.",
    lambda d: f"I am away until {d.day} {d:%B}.",
    lambda d: f"I am travelling until {d:%B} {d.day}, {d.year}.",
    lambda d: f"Out of the office from {d - timedelta(days=3):%d %B} to the {d.day}th of {d:%B}.",
]


@given(ahead, st.sampled_from(range(len(SAID))), st.sampled_from(["+00:00", "-05:00", "+09:00"]))
def test_any_day_said_any_of_these_ways_is_read_back(days: int, way: int, offset: str) -> None:
    sent = datetime.fromisoformat(f"2026-12-01T10:00:00{offset}") + timedelta(days=days % 7)
    back = sent.date() + timedelta(days=days)
    assert replies.return_date(ooo(SAID[way](back), sent.isoformat())) == back
