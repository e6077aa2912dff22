"""An auto-reply changes nothing: it neither pauses nudges nor resets the 7-day clock; and
`planner.unanswered`, the pause rule that `today` shares with the planner."""

from __future__ import annotations

from dataclasses import replace

from followup.domain import planner
from followup.domain.model import (
    AUTO_REPLY,
    Channel,
    Decision,
    DecisionKind,
    Direction,
    Stage,
    StepStatus,
    Touch,
)
from tests.unit.planner_cases import (
    acme,
    at,
    done,
    replan,
    the,
    touched,
    window,
)


def auto_replied(app, when: str):
    touch = Touch(Channel.EMAIL, Direction.IN, at(when), outcome=AUTO_REPLY, note="Out of office")
    return replan(replace(app, touches=(*app.touches, touch)), when)


def test_an_auto_reply_neither_pauses_nor_moves_the_next_nudge() -> None:
    app = done(replan(acme()), "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    after = auto_replied(app, "2026-03-19T12:00:00+00:00")
    assert after.steps == app.steps
    kit = the(after, "keep-in-touch:1")
    assert kit.status is StepStatus.PLANNED and kit.outcome is None
    # Still a week after the call (Tue 24 March), not a week after the auto-reply.
    assert window(kit)[0] == "2026-03-24T10:00:00+00:00"


def test_an_auto_reply_before_the_check_in_call_changes_nothing() -> None:
    app = replan(acme())
    assert auto_replied(app, "2026-03-13T08:00:00+00:00").steps == app.steps


def test_a_real_reply_still_pauses_and_an_auto_reply_does_not_lift_the_pause() -> None:
    app = done(replan(acme()), "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    app = touched(app, Direction.IN, "2026-03-19T12:00:00+00:00")
    paused = the(app, "keep-in-touch:1")
    assert paused.status is StepStatus.CANCELLED
    later = auto_replied(app, "2026-03-20T12:00:00+00:00")
    assert later.steps == app.steps


def test_unanswered_lists_the_replies_since_the_users_last_act() -> None:
    app = replan(acme())
    assert planner.unanswered(app) == ()
    first = Touch(Channel.EMAIL, Direction.IN, at("2026-03-12T09:00:00+00:00"), id=1)
    auto = replace(first, at=at("2026-03-12T10:00:00+00:00"), outcome=AUTO_REPLY, id=2)
    second = replace(first, at=at("2026-03-13T09:00:00+00:00"), channel=Channel.PHONE, id=3)
    app = replace(app, touches=(first, auto, second))
    assert planner.unanswered(app) == (first, second)
    answer = Touch(Channel.EMAIL, Direction.OUT, at("2026-03-12T12:00:00+00:00"), id=4)
    assert planner.unanswered(replace(app, touches=(first, auto, answer, second))) == (second,)


def test_a_step_done_or_a_decision_after_a_reply_is_acting_on_it() -> None:
    app = replan(acme())
    reply = Touch(Channel.EMAIL, Direction.IN, at("2026-03-10T12:30:00+00:00"), id=1)
    app = replace(app, touches=(reply,))
    assert planner.unanswered(app) == (reply,)
    thanked = done(app, "thank-you:i1:c11", "2026-03-10T14:00:00+00:00")
    assert planner.unanswered(thanked) == ()
    decision = Decision(DecisionKind.REJECTED, at("2026-03-11T09:00:00+00:00"))
    decided = replace(app, decisions=(decision,), stage=Stage.REJECTED)
    assert planner.unanswered(decided) == ()


def test_a_reply_at_the_same_moment_as_the_users_act_is_still_unanswered() -> None:
    """As the pause always was: the user acts after a reply only when strictly later."""
    moment = at("2026-03-12T09:00:00+00:00")
    out = Touch(Channel.EMAIL, Direction.OUT, moment, id=1)
    reply = Touch(Channel.EMAIL, Direction.IN, moment, id=2)
    assert planner.unanswered(replace(acme(), touches=(out, reply))) == (reply,)
