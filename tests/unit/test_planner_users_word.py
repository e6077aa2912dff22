"""The user's word on one step (planner.complete / snooze / away / resume, issue 14 item 5), with
dates computed by hand.

The Acme interview (planner_cases): Tuesday 10 March 2026, 10:00-11:00 in London (GMT until
Sunday 29 March, BST after), Jane Smith interviewing (email and phone), Hannah Green of HR
copied. Without anything else: the thank-you may start Tue 10 13:00, due Thu 12 17:00; the
check-in call starts working day 5 (Tue 17 09:00) and is due at the end of working day 8
(Fri 20 17:00).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import planner, replies
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import (
    OPEN_STATUSES,
    Channel,
    Contact,
    DecisionKind,
    Direction,
    Relation,
    StepStatus,
)
from followup.domain.values import Region
from followup.domain.workdays import calendar

from .planner_cases import (
    HANNAH,
    HOME,
    JANE,
    PLAYBOOK,
    acme,
    at,
    changed,
    decided,
    done,
    replan,
    the,
    touched,
    window,
)

CALL = "check-in-call:i1"
THANKS = "thank-you:i1:c11"


# --- snooze never moves a step earlier --------------------------------------------------------


def test_snooze_to_a_day_before_the_step_may_start_is_refused() -> None:
    app = replan(acme())
    now = at("2026-03-10T12:00:00+00:00")
    with pytest.raises(Conflict) as refused:
        planner.snooze(app, the(app, CALL), date(2026, 3, 16), now, PLAYBOOK, HOME)
    assert str(refused.value) == (
        f"cannot snooze step {the(app, CALL).id} until Mon 16 Mar 2026: a snooze only "
        "postpones, and it may not start before Tue 17 Mar 2026 09:00 (Europe/London)"
    )


def test_snooze_to_a_day_in_the_past_is_refused() -> None:
    app = replan(acme())
    now = at("2026-03-18T12:00:00+00:00")  # the thank-you is overdue since Thu 12
    with pytest.raises(Conflict, match=r"until Tue 17 Mar 2026: that day is past \(today is "):
        planner.snooze(app, the(app, THANKS), date(2026, 3, 17), now, PLAYBOOK, HOME)
    # Today is fine: from the start of today's working hours, due at their end.
    thanks = planner.snooze(app, the(app, THANKS), date(2026, 3, 18), now, PLAYBOOK, HOME)
    assert window(thanks) == ("2026-03-18T09:00:00+00:00", "2026-03-18T17:00:00+00:00")


def test_the_past_is_the_recipients_today() -> None:
    """20:00 on Tuesday in London is 05:00 on Wednesday in Tokyo: Tuesday is past there."""
    kenji = Contact(
        "Kenji Sato",
        Relation.INTERVIEWER,
        timezone="Asia/Tokyo",
        region=Region("JP"),
        email="kenji@acme.example",
        id=12,
    )
    app = replan(acme(kenji))
    now = at("2026-03-10T20:00:00+00:00")
    with pytest.raises(Conflict, match=r"today is Wed 11 Mar 2026 in Asia/Tokyo"):
        planner.snooze(app, the(app, "thank-you:i1:c12"), date(2026, 3, 10), now, PLAYBOOK, HOME)


def test_snooze_to_a_weekend_moves_to_the_next_working_day_as_before() -> None:
    app = replan(acme())
    now = at("2026-03-12T10:00:00+00:00")
    call = planner.snooze(app, the(app, CALL), date(2026, 3, 21), now, PLAYBOOK, HOME)
    # Saturday 21: Monday 23, its working hours.
    assert window(call) == ("2026-03-23T09:00:00+00:00", "2026-03-23T17:00:00+00:00")


# --- done before the window opens ---------------------------------------------------------


def test_done_early_is_recorded_when_it_really_was_and_spaces_the_next_nudge_from_it() -> None:
    app = replan(acme())
    friday = at("2026-03-13T10:00:00+00:00")  # the call's window opens Tue 17 09:00
    assert planner.opens_later(the(app, CALL), friday)
    assert not planner.opens_later(the(app, CALL), at("2026-03-17T09:00:00+00:00"))
    app = done(app, CALL, "2026-03-13T10:00:00+00:00", "reached")
    call = the(app, CALL)
    assert (call.status, call.done_at) == (StepStatus.DONE, friday)
    assert not planner.opens_later(call, friday)  # done: nothing to ask any more
    # The next nudge a week after the call really made: Fri 20 10:00, by email (after the
    # phone), due at the end of working day 3 after it (Mon 23, Tue 24, Wed 25).
    kit = the(app, "keep-in-touch:1")
    assert kit.channel is Channel.EMAIL
    assert window(kit) == ("2026-03-20T10:00:00+00:00", "2026-03-25T17:00:00+00:00")


def test_the_email_after_an_early_call_nobody_answered_is_in_the_calls_own_window() -> None:
    app = done(replan(acme()), CALL, "2026-03-13T10:00:00+00:00", "no-answer")
    email = the(app, CALL)
    assert (email.channel, email.status, email.outcome) == (
        Channel.EMAIL,
        StepStatus.PLANNED,
        "no-answer",
    )
    # Not Fri 13 (when the call was tried) but the window's start, Tue 17 09:00; due at the
    # end of working day 1 after it, Wed 18.
    assert window(email) == ("2026-03-17T09:00:00+00:00", "2026-03-18T17:00:00+00:00")


# --- call back on the day agreed ----------------------------------------------------------


def test_a_call_back_is_the_same_nudge_at_the_moment_agreed() -> None:
    app = replan(acme())
    call = the(app, CALL)
    tuesday = at("2026-03-17T10:00:00+00:00")
    back = planner.CallBack(date(2026, 3, 19), time(14, 30))
    moved = planner.complete(app, call, "call-back", tuesday, PLAYBOOK, HOME, back)
    assert (moved.id, moved.channel, moved.status, moved.outcome, moved.done_at) == (
        call.id,
        Channel.PHONE,
        StepStatus.SNOOZED,
        "call-back",
        None,
    )
    assert window(moved) == ("2026-03-19T14:30:00+00:00", "2026-03-19T17:00:00+00:00")
    app = replan(changed(app, moved), "2026-03-17T10:00:00+00:00")
    assert the(app, CALL) == moved
    assert [s.key for s in app.steps if s.kind == "keep-in-touch"] == []  # not a second nudge
    # The call made then: the next nudge a week later, Thu 26 14:35 (GMT), due at the end of
    # working day 3 after it: Fri 27, Mon 30, Tue 31 (BST since Sunday 29).
    app = done(app, CALL, "2026-03-19T14:35:00+00:00", "reached")
    assert window(the(app, "keep-in-touch:1")) == (
        "2026-03-26T14:35:00+00:00",
        "2026-03-31T17:00:00+01:00",
    )


def test_a_call_back_without_a_time_is_that_working_days_morning() -> None:
    app = replan(acme())
    back = planner.CallBack(date(2026, 3, 21))  # Saturday: Monday 23
    moved = planner.complete(
        app, the(app, CALL), "call-back", at("2026-03-17T10:00Z"), PLAYBOOK, HOME, back
    )
    assert window(moved) == ("2026-03-23T09:00:00+00:00", "2026-03-23T17:00:00+00:00")


def test_a_call_back_is_in_the_recipients_zone() -> None:
    bob = Contact(
        "Bob King",
        Relation.INTERVIEWER,
        timezone="America/New_York",
        region=Region("US", "NY"),
        phone="+1 212 555 0100",
        id=12,
    )
    app = replan(acme(bob))
    back = planner.CallBack(date(2026, 3, 19), time(18, 0))  # after their working hours
    moved = planner.complete(
        app, the(app, CALL), "call-back", at("2026-03-17T15:00Z"), PLAYBOOK, HOME, back
    )
    assert moved.timezone == "America/New_York"
    # At 18:00 as agreed (EDT, UTC-4), due then: their working day has ended.
    assert window(moved) == ("2026-03-19T18:00:00-04:00", "2026-03-19T18:00:00-04:00")


def test_a_call_back_is_refused_in_the_past_without_a_day_or_for_an_email() -> None:
    app = replan(acme())
    now = at("2026-03-17T10:00:00+00:00")
    call, thanks = the(app, CALL), the(app, THANKS)
    with pytest.raises(Conflict) as past:
        planner.complete(
            app, call, "call-back", now, PLAYBOOK, HOME, planner.CallBack(date(2026, 3, 17))
        )
    assert str(past.value) == (
        "the call-back on Tue 17 Mar 2026 09:00 (Europe/London) is not in the future: "
        "give a later day or time"
    )
    with pytest.raises(InvalidInput, match="a call-back needs the day agreed"):
        planner.complete(app, call, "call-back", now, PLAYBOOK, HOME)
    with pytest.raises(InvalidInput, match="goes with the outcome call-back only"):
        planner.complete(
            app, call, "reached", now, PLAYBOOK, HOME, planner.CallBack(date(2026, 3, 19))
        )
    with pytest.raises(Conflict, match="is for calls"):
        planner.complete(
            app, thanks, "call-back", now, PLAYBOOK, HOME, planner.CallBack(date(2026, 3, 19))
        )


# --- an out-of-office reply with a return date --------------------------------------------


def test_away_moves_that_persons_next_step_to_their_first_working_morning_after() -> None:
    app = done(replan(acme()), THANKS, "2026-03-10T15:00:00+00:00")
    call = the(app, CALL)
    moved = planner.away(app, JANE.id or 0, date(2026, 3, 23), PLAYBOOK, HOME)
    after = next(s for s in moved if s.key == CALL)
    # Back Monday 23: Tuesday 24 09:00. The call had 3 working days after its first (Wed 18,
    # Thu 19, Fri 20): Wed 25, Thu 26, Fri 27.
    assert (after.id, after.status, after.channel) == (call.id, StepStatus.SNOOZED, Channel.PHONE)
    assert window(after) == ("2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00")
    assert [s for s in moved if s.key != CALL] == [s for s in app.steps if s.key != CALL]
    app = replan(replace(app, steps=moved), "2026-03-11T09:00:00+00:00")
    assert the(app, CALL) == after  # kept across replans


def test_away_over_easter_lands_after_the_bank_holidays() -> None:
    app = done(replan(acme()), THANKS, "2026-03-10T15:00:00+00:00")
    moved = planner.away(app, JANE.id or 0, date(2026, 4, 2), PLAYBOOK, HOME)
    # Back Thursday 2 April: Good Friday 3 and Easter Monday 6 are holidays in England, so
    # Tuesday 7 April 09:00 BST; 3 working days more: Wed 8, Thu 9, Fri 10.
    assert window(next(s for s in moved if s.key == CALL)) == (
        "2026-04-07T09:00:00+01:00",
        "2026-04-10T17:00:00+01:00",
    )


def test_away_never_moves_a_step_earlier_nor_another_persons_step() -> None:
    app = replan(acme())
    # Back Friday 13: Monday 16 09:00. The thank-you (Tue 10 13:00, 2 working days more) moves
    # there, due Wed 18; the call may start only on Tue 17, after it: unchanged.
    moved = planner.away(app, JANE.id or 0, date(2026, 3, 13), PLAYBOOK, HOME)
    thanks = next(s for s in moved if s.key == THANKS)
    assert window(thanks) == ("2026-03-16T09:00:00+00:00", "2026-03-18T17:00:00+00:00")
    assert next(s for s in moved if s.key == CALL) == the(app, CALL)
    # Hannah (HR) is only copied on Jane's thank-you: nothing of hers moves.
    assert planner.away(app, HANNAH.id or 0, date(2026, 3, 23), PLAYBOOK, HOME) == app.steps


# --- a reply pauses; resume goes on without answering -------------------------------------


def test_resume_acts_on_the_reply_and_spaces_the_next_nudge_from_now() -> None:
    app = done(replan(acme()), CALL, "2026-03-17T10:00:00+00:00")
    kit = the(app, "keep-in-touch:1")
    app = touched(app, Direction.IN, "2026-03-19T12:00:00+00:00")
    assert the(app, "keep-in-touch:1").status is StepStatus.CANCELLED
    assert len(planner.unanswered(app)) == 1
    monday = at("2026-03-23T14:00:00+00:00")
    act = planner.resume(app, monday)
    assert (act.direction, act.channel, act.outcome, act.at) == (
        Direction.OUT,
        Channel.OTHER,
        planner.RESUMED,
        monday,
    )
    app = replan(replace(app, touches=(*app.touches, act)), "2026-03-23T14:00:00+00:00")
    assert planner.unanswered(app) == ()  # the user acted
    back = the(app, "keep-in-touch:1")
    assert (back.id, back.status) == (kit.id, StepStatus.PLANNED)
    # A week after the resume: Mon 30 14:00 GMT is 15:00 BST; due Tue 31, Wed 1, [Thu 2 April].
    assert window(back) == ("2026-03-30T15:00:00+01:00", "2026-04-02T17:00:00+01:00")


def test_resume_is_refused_with_nothing_paused_or_after_a_decision() -> None:
    app = done(replan(acme()), CALL, "2026-03-17T10:00:00+00:00")
    with pytest.raises(Conflict, match="has no reply waiting and no nudge paused"):
        planner.resume(app, at("2026-03-18T10:00:00+00:00"))
    app = touched(app, Direction.IN, "2026-03-19T12:00:00+00:00")
    app = decided(app, DecisionKind.REJECTED, "2026-03-20T12:00:00+00:00")
    with pytest.raises(Conflict, match=r"is decided \(rejected\)"):
        planner.resume(app, at("2026-03-23T10:00:00+00:00"))


def test_the_pause_says_who_replied_and_on_which_day_of_the_users_zone() -> None:
    app = touched(replan(acme()), Direction.IN, "2026-03-19T23:30:00+00:00")
    [reply_touch] = planner.unanswered(app)
    reply = replies.reply_on(app, replace(reply_touch, contact_id=JANE.id))
    assert reply.paused == "paused: Jane Smith replied on Thu 19 Mar"
    assert reply.resume == "followup resume 1"
    tokyo = replace(reply, timezone="Asia/Tokyo")  # 08:30 on Friday there
    assert tokyo.paused == "paused: Jane Smith replied on Fri 20 Mar"
    app = decided(app, DecisionKind.REJECTED, "2026-03-20T12:00:00+00:00")
    closed = replies.reply_on(app, reply_touch)
    assert (closed.paused, closed.resume) == (None, None)  # nothing left to pause


@given(st.integers(min_value=0, max_value=120), st.booleans())
def test_away_only_postpones_that_persons_open_steps_to_a_working_morning(
    days: int, thanked: bool
) -> None:
    """Whatever the return date: the person's open steps that started before their first
    working morning after it start then (a working day in England, 09:00), due no earlier
    than that; the rest, and everyone else's, are unchanged."""
    app = replan(acme())
    if thanked:
        app = done(app, THANKS, "2026-03-10T15:00:00+00:00")
    back = date(2026, 3, 1) + timedelta(days=days)
    moved = planner.away(app, JANE.id or 0, back, PLAYBOOK, HOME)
    assert [s.id for s in moved] == [s.id for s in app.steps]
    england = calendar(Region("GB", "ENG"))
    morning = england.working_day(back, 1)
    for before, after in zip(app.steps, moved, strict=True):
        mine = before.recipients[0].contact_id == JANE.id and before.status in OPEN_STATUSES
        if not mine or before.earliest.date() >= morning:
            assert after == before
            continue
        local = after.earliest.astimezone(ZoneInfo("Europe/London"))
        assert (local.date(), local.time()) == (morning, time(9, 0))
        assert england.is_working_day(local.date())
        assert after.status is StepStatus.SNOOZED and after.earliest > before.earliest
        assert after.due >= after.earliest and after.due - after.earliest >= timedelta(hours=8)
