"""Only channels that can reach the person (issue 14, item 4), against hand-checked steps.

An email needs an address, a call a phone number, a letter a postal address. A step takes the
first of its rule's channels that can reach its recipient (a thank-you: email, else a letter,
else a call; a check-in: a call, else an email, else a letter; keep-in-touch rotates over the
reachable ones only). When none can, it keeps the first and says what to add, and how.

The interview is Tuesday 10 March 2026 in London (planner_cases.TUESDAY): thank-you from 13:00
that day, due Thursday 12; check-in call from Tuesday 17, due Friday 20.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from followup.domain import planner
from followup.domain.model import Application, Channel, Contact, Relation, StepStatus
from tests.unit.planner_cases import (
    HOME,
    JANE,
    PLAYBOOK,
    acme,
    changed,
    done,
    replan,
    the,
    window,
)

THANKS = ("2026-03-10T13:00:00+00:00", "2026-03-12T17:00:00+00:00")
CALL = ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00")
EMILY = Contact("Emily Walsh", Relation.INTERVIEWER, title="Head of Data", id=3)  # a name only
EMAIL = "emily@acme.example"
PHONE = "+44 20 7946 0958"
ADDRESS = "Acme Ltd\n1 Poultry\nLondon EC2R 8EJ"


def channels(app: Application) -> tuple[Channel, Channel]:
    return the(app, "thank-you:i1:c3").channel, the(app, "check-in-call:i1").channel


def test_a_name_only_interviewer_gets_steps_that_say_what_to_add() -> None:
    app = replan(acme(EMILY))
    thanks, call = the(app, "thank-you:i1:c3"), the(app, "check-in-call:i1")
    assert (thanks.channel, window(thanks)) == (Channel.EMAIL, THANKS)
    assert thanks.needs == "add Emily Walsh's email: followup contacts edit 3 --email ..."
    assert (call.channel, window(call)) == (Channel.PHONE, CALL)
    assert call.needs == "add Emily Walsh's phone: followup contacts edit 3 --phone ..."


@pytest.mark.parametrize(
    ("known", "thank_you", "check_in"),
    [
        ({"email": EMAIL}, Channel.EMAIL, Channel.EMAIL),  # no phone: the call is an email
        ({"phone": PHONE}, Channel.PHONE, Channel.PHONE),  # thanks by a call: nothing else
        ({"address": ADDRESS}, Channel.LETTER, Channel.LETTER),
        ({"phone": PHONE, "address": ADDRESS}, Channel.LETTER, Channel.PHONE),
        ({"email": EMAIL, "phone": PHONE}, Channel.EMAIL, Channel.PHONE),
    ],
)
def test_each_step_takes_the_first_channel_that_reaches_the_person(
    known: dict[str, str], thank_you: Channel, check_in: Channel
) -> None:
    app = replan(acme(replace(EMILY, **known)))
    assert channels(app) == (thank_you, check_in)
    assert all(s.needs is None for s in app.steps)
    # The windows do not depend on the channel.
    assert (window(the(app, "thank-you:i1:c3")), window(the(app, "check-in-call:i1"))) == (
        THANKS,
        CALL,
    )


def test_adding_the_missing_detail_moves_the_same_step_to_a_channel_that_reaches() -> None:
    app = replan(acme(EMILY))
    before = the(app, "thank-you:i1:c3")
    found = replace(EMILY, email=EMAIL)  # `followup contacts edit 3 --email ...`
    app = replan(replace(app, contacts=(found,)), "2026-03-10T14:00:00+00:00")
    thanks, call = the(app, "thank-you:i1:c3"), the(app, "check-in-call:i1")
    assert (thanks.id, thanks.channel, thanks.needs, window(thanks)) == (
        before.id,
        Channel.EMAIL,
        None,
        THANKS,
    )
    assert [r.email for r in thanks.recipients] == [EMAIL]
    assert (call.channel, call.needs) == (Channel.EMAIL, None)  # still no phone: an email


def test_keep_in_touch_rotates_only_over_the_channels_that_reach_the_lead() -> None:
    # Jane has an email address and a phone, no postal address: phone, email, phone, email.
    jane = replace(JANE, address=None)
    app = done(replan(acme(jane)), "check-in-call:i1", "2026-03-17T10:00:00+00:00", "reached")
    first = the(app, "keep-in-touch:1")
    # A week after the call, Tue 24 March; due 25, 26, [27].
    assert (first.channel, window(first)) == (
        Channel.EMAIL,
        ("2026-03-24T10:00:00+00:00", "2026-03-27T17:00:00+00:00"),
    )
    app = done(app, "keep-in-touch:1", "2026-03-24T10:00:00+00:00")
    second = the(app, "keep-in-touch:2")
    # The letter is next in the rotation, but there is no address: a call. Tue 31 (BST);
    # due Apr 1, 2, (Good Friday 3, Easter Monday 6), [7].
    assert (second.channel, window(second)) == (
        Channel.PHONE,
        ("2026-03-31T11:00:00+01:00", "2026-04-07T17:00:00+01:00"),
    )
    app = done(app, "keep-in-touch:2", "2026-03-31T10:00:00+00:00", "voicemail")
    third = the(app, "keep-in-touch:3")
    assert (third.channel, third.needs) == (Channel.EMAIL, None)
    assert window(third) == ("2026-04-07T11:00:00+01:00", "2026-04-10T17:00:00+01:00")


def test_a_lead_who_cannot_be_reached_gets_a_nudge_that_says_so() -> None:
    app = done(replan(acme(EMILY)), "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    nudge = the(app, "keep-in-touch:1")
    # After a call, an email is next: nothing reaches Emily, so it stays an email and says so.
    assert nudge.channel is Channel.EMAIL
    assert nudge.needs == "add Emily Walsh's email: followup contacts edit 3 --email ..."


def test_nobody_to_contact_says_to_add_someone() -> None:
    app = replan(acme(contacts=()))
    thanks = the(app, "thank-you:i1")
    assert (thanks.channel, window(thanks), thanks.recipients) == (Channel.EMAIL, THANKS, ())
    assert thanks.needs == (
        "add someone at Acme to contact: followup contacts import CARD.vcf --app 1"
    )


def test_a_step_kept_where_the_user_put_it_still_says_what_its_channel_needs() -> None:
    # Emily has a phone only: the call with no answer becomes a letter (no email), and a letter
    # needs her postal address. The window of that step is kept across replans; so is what
    # it needs, until the address is added.
    emily = replace(EMILY, phone=PHONE)
    app = done(replan(acme(emily)), "check-in-call:i1", "2026-03-17T10:00:00+00:00", "no-answer")
    letter = the(app, "check-in-call:i1")
    assert (letter.channel, letter.outcome) == (Channel.LETTER, "no-answer")
    assert letter.needs == (
        "add Emily Walsh's postal address: followup contacts edit 3 --address ..."
    )
    app = replan(replace(app, contacts=(replace(emily, address=ADDRESS),)))
    assert (the(app, "check-in-call:i1").needs, window(the(app, "check-in-call:i1"))) == (
        None,
        window(letter),
    )
    # A snoozed thank-you keeps its date and says what it needs too.
    thanks = the(app, "thank-you:i1:c3")
    now = datetime(2026, 3, 10, 15, tzinfo=UTC)
    snoozed = planner.snooze(app, thanks, date(2026, 3, 11), now, PLAYBOOK, HOME)
    app = replan(changed(app, snoozed), "2026-03-10T15:00:00+00:00")
    kept = the(app, "thank-you:i1:c3")
    assert (kept.status, window(kept)) == (StepStatus.SNOOZED, window(snoozed))
    assert (kept.channel, kept.needs) == (Channel.LETTER, None)  # the address is known now


def test_a_step_done_stays_as_it_was_whatever_it_needed() -> None:
    app = replan(acme(EMILY))
    app = done(app, "thank-you:i1:c3", "2026-03-10T15:00:00+00:00")  # thanked in person
    thanks = the(app, "thank-you:i1:c3")
    assert thanks.status is StepStatus.DONE
    again = replan(app, "2026-03-11T09:00:00+00:00")
    assert the(again, "thank-you:i1:c3") == thanks  # history never changes
