"""Property: an auto-reply, logged at any moment of any example of the planner's property tests,
leaves the plan exactly as it was, and the replies awaiting the user too."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import planner
from followup.domain.model import AUTO_REPLY, Channel, Direction, Touch
from tests.unit.planner_examples import PLAYBOOK, Example, examples, simulate


@given(examples(), st.integers(-3 * 24 * 60, 10 * 24 * 60), st.sampled_from(Channel))
@settings()
def test_an_auto_reply_changes_nothing(example: Example, minutes: int, channel: Channel) -> None:
    for state in simulate(example).states:
        auto = Touch(
            channel, Direction.IN, state.now + timedelta(minutes=minutes), outcome=AUTO_REPLY
        )
        given_more = replace(state.given, touches=(*state.given.touches, auto))
        expected = planner.plan(state.given, PLAYBOOK, state.now, example.home)
        assert planner.plan(given_more, PLAYBOOK, state.now, example.home) == expected
        assert planner.unanswered(given_more) == planner.unanswered(state.given)
