"""Properties of rounds, over any sequence of interviews (rounds repeated or skipped, people met
once or again) and any thank-yous done along the way: nobody is thanked twice for one round,
everyone met is thanked for the latest round they were met at, and only the latest interview
has an open check-in call."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.model import Application, Contact, Relation, StepStatus
from tests.unit.planner_cases import GB, HOME, PLAYBOOK, acme, interview, planner, replan

PEOPLE = tuple(
    Contact(name, Relation.INTERVIEWER, email=f"{name.split()[0].lower()}@acme.example", id=i)
    for i, name in enumerate(("Jane Smith", "Raj Patel", "Bob Stone", "Ana Ruiz"), 11)
)
KEY = re.compile(r"thank-you:i(\d+):c(\d+)")

rounds = st.lists(
    st.tuples(
        st.integers(1, 3),  # the round's number, as typed
        st.integers(1, 9),  # days after the one before
        st.sets(st.sampled_from([p.id for p in PEOPLE]), min_size=1),  # who was met
        st.booleans(),  # whether its thank-yous are done before the next round
    ),
    min_size=1,
    max_size=4,
)


def thanked(app: Application) -> list[tuple[int, int, StepStatus]]:
    """(round, person, status) of each thank-you."""
    number = {i.id: i.round for i in app.interviews}
    found = []
    for step in app.steps:
        if (m := KEY.fullmatch(step.key)) and step.status is not StepStatus.CANCELLED:
            found.append((number[int(m[1])], int(m[2]), step.status))
    return found


@settings(max_examples=150, deadline=None)
@given(rounds=rounds)
def test_each_person_is_thanked_once_a_round_and_for_the_latest_round_they_were_met_at(
    rounds: list[tuple[int, int, set[int], bool]],
) -> None:
    base = interview("2026-03-02T10:00", "2026-03-02T11:00", "Europe/London", GB)
    app = replan(acme(interviews=(), contacts=()), "2026-03-02T09:00:00+00:00")
    day = timedelta()
    for n, (number, gap, met, do_thanks) in enumerate(rounds, 1):
        day += timedelta(days=gap)
        meeting = replace(
            base, start=base.start + day, end=base.end + day, round=number, id=n, met=tuple(met)
        )
        people = (*app.contacts, *(p for p in PEOPLE if p.id in met and p not in app.contacts))
        when = (meeting.end + timedelta(hours=1)).isoformat()
        app = replan(replace(app, interviews=(*app.interviews, meeting), contacts=people), when)
        if do_thanks:
            for step in [s for s in app.steps if s.kind == "thank-you" and s.status == "planned"]:
                done = planner.complete(app, step, None, step.earliest, PLAYBOOK, HOME)
                app = replan(
                    replace(app, steps=tuple(done if s.id == step.id else s for s in app.steps)),
                    step.earliest.isoformat(),
                )
    found = thanked(app)
    pairs = [(number, person) for number, person, _ in found]
    assert len(pairs) == len(set(pairs)), found  # once a round
    for person in app.contacts:
        latest = max((i for i in app.interviews if person.id in i.met), key=lambda i: i.end)
        assert (latest.round, person.id) in pairs, (person.name, found)
    calls = [s for s in app.steps if s.kind == "check-in-call" and s.status == "planned"]
    assert [s.key for s in calls] == [f"check-in-call:i{app.latest_interview.id}"]
