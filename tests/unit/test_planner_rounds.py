"""Another round for the same application (002: "a second interview round"): the steps after
each interview follow the people met at it, each round thanks its people once (004: "thank you
notes to everyone who interviewed you"), and the nudges start again from the latest round.

Dates are worked out by hand in England's calendar (GB-ENG): round 1 on Tuesday 10 March 2026,
round 2 on Tuesday 17 March, both in London (GMT until Sunday 29 March, BST after); Good
Friday 3 April, Easter Monday 6 April and the early May bank holiday on Monday 4 May are
holidays."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.model import Application, Contact, Promise, Relation, StepStatus
from tests.unit.planner_cases import (
    GB,
    HANNAH,
    JANE,
    RAJ,
    TUESDAY,
    acme,
    done,
    interview,
    keys,
    replan,
    the,
    window,
)

BOB = Contact("Bob Stone", Relation.INTERVIEWER, title="CTO", email="bob@acme.example", id=14)
# Round 2: Tuesday 17 March 2026, 14:00-15:00 in London.
SECOND = replace(
    interview("2026-03-17T14:00", "2026-03-17T15:00", "Europe/London", GB), round=2, id=2
)


def two_rounds(first_met: tuple[int, ...], second_met: tuple[int, ...]) -> Application:
    """Acme after round 1 with the people of `first_met` (its thank-you to Jane done on
    Wednesday 11 March, 10:00), then round 2, recorded on Tuesday 17 March at 16:00 with
    those of `second_met` (Bob Stone the new one)."""
    everyone = (JANE, HANNAH, BOB)
    first = tuple(c for c in everyone if c.id in first_met)
    app = replan(acme(*first, interviews=(replace(TUESDAY, met=first_met),)))
    app = done(app, "thank-you:i1:c11", "2026-03-11T10:00:00+00:00")
    rounds = (replace(TUESDAY, met=first_met), replace(SECOND, met=second_met))
    contacts = (*first, *(c for c in everyone if c.id in second_met and c not in first))
    return replan(replace(app, interviews=rounds, contacts=contacts), "2026-03-17T16:00:00+00:00")


def test_round_ones_done_steps_stay_and_each_person_met_is_thanked_for_round_two() -> None:
    app = two_rounds((11, 13), (11, 14))
    assert the(app, "thank-you:i1:c11").status is StepStatus.DONE  # as it was
    # Over at 15:00: from 17:00, the end of working hours, so Wednesday 18 at 09:00; due the
    # end of working day 2, Thursday 19. Jane, met again, is thanked again for round 2.
    for key in ("thank-you:i2:c11", "thank-you:i2:c14"):
        assert window(the(app, key)) == ("2026-03-18T09:00:00+00:00", "2026-03-19T17:00:00+00:00")
    # HR copied once a round: on the lead's, Jane's (typed first for round 2).
    assert [r.name for r in the(app, "thank-you:i2:c11").recipients][1:] == ["Hannah Green"]
    assert [r.name for r in the(app, "thank-you:i2:c14").recipients] == ["Bob Stone"]
    assert keys(app, "thank-you") == ["thank-you:i1:c11", "thank-you:i2:c11", "thank-you:i2:c14"]


def test_the_check_in_call_starts_again_from_the_latest_round_to_its_first_interviewer() -> None:
    app = two_rounds((11, 13), (14,))
    # Round 1's call (working day 5 after Tuesday 10: Tuesday 17) is gone, not done.
    assert keys(app, "check-in-call") == ["check-in-call:i2"]
    call = the(app, "check-in-call:i2")
    # Working day 5 after Tuesday 17: 18, 19, 20, 23, 24; due day 8: 25, 26, 27.
    assert window(call) == ("2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00")
    assert [r.name for r in call.recipients] == ["Bob Stone"]  # the only interviewer of round 2


def test_the_lead_of_round_two_is_its_first_interviewer_as_typed_not_the_first_recorded() -> None:
    # Round 2 met Bob first (typed first: the CTO who led it), then Jane, met again. Jane is the
    # application's first contact, but the call goes to the round's first interviewer (the
    # playbook: "to its first interviewer"), and so do the nudges after it.
    app = two_rounds((11, 13), (14, 11))
    call = the(app, "check-in-call:i2")
    assert [r.name for r in call.recipients] == ["Bob Stone"]
    # Working day 5 after Tuesday 17: 18, 19, 20, 23, 24; due day 8: 25, 26, 27.
    assert window(call) == ("2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00")
    # Typed the other way round, Jane leads.
    other = the(two_rounds((11, 13), (11, 14)), "check-in-call:i2")
    assert [r.name for r in other.recipients] == ["Jane Smith"]


def test_a_round_one_thank_you_not_yet_done_moves_to_round_two_for_a_person_met_again() -> None:
    app = replan(acme(JANE, RAJ, HANNAH, interviews=(replace(TUESDAY, met=(11, 12, 13)),)))
    assert keys(app, "thank-you") == ["thank-you:i1:c11", "thank-you:i1:c12"]
    rounds = (replace(TUESDAY, met=(11, 12, 13)), replace(SECOND, met=(11, 14)))
    met_bob = replace(app, interviews=rounds, contacts=(*app.contacts, BOB))
    app = replan(met_bob, "2026-03-17T16:00:00+00:00")
    # Jane is thanked once, for round 2; Raj, not met again, keeps his round 1 letter (overdue:
    # due Thursday 12 March).
    assert keys(app, "thank-you") == ["thank-you:i1:c12", "thank-you:i2:c11", "thank-you:i2:c14"]
    assert window(the(app, "thank-you:i1:c12"))[1] == "2026-03-12T17:00:00+00:00"


def test_a_person_met_at_two_sessions_of_one_round_is_thanked_once_for_it() -> None:
    # Round 2 in two sessions: Tuesday 17 (Jane) and Thursday 19 March, 09:00-10:00 (Jane, Bob).
    later = replace(
        interview("2026-03-19T09:00", "2026-03-19T10:00", "Europe/London", GB), round=2, id=3
    )
    app = two_rounds((11, 13), (11,))
    app = done(app, "thank-you:i2:c11", "2026-03-18T09:30:00+00:00")
    sessions = (*app.interviews, replace(later, met=(11, 14)))
    with_bob = replace(app, interviews=sessions, contacts=(*app.contacts, BOB))
    app = replan(with_bob, "2026-03-19T11:00:00+00:00")
    assert keys(app, "thank-you") == ["thank-you:i1:c11", "thank-you:i2:c11", "thank-you:i3:c14"]
    # Bob, over at 10:00: from 12:00; due working day 2 after Thursday 19: Monday 23.
    bob = the(app, "thank-you:i3:c14")
    assert window(bob) == ("2026-03-19T12:00:00+00:00", "2026-03-23T17:00:00+00:00")


def test_promises_follow_the_interview_they_were_made_at() -> None:
    promises = (
        Promise("my portfolio", "Jane Smith", interview_id=1, id=21),
        Promise("two references", "Bob Stone", interview_id=2, id=22),
        Promise("a code sample", "Jane Smith", id=23),  # from before rounds: the latest
    )
    app = two_rounds((11, 13), (11, 14))
    app = replan(replace(app, promises=promises), "2026-03-17T16:00:00+00:00")
    # After round 1 (over 11:00 Tuesday 10): from then, due Thursday 12; after round 2 (over
    # 15:00 Tuesday 17): from then, due Thursday 19.
    assert window(the(app, "send-promised:p21")) == (
        "2026-03-10T11:00:00+00:00", "2026-03-12T17:00:00+00:00"
    )  # fmt: skip
    for key in ("send-promised:p22", "send-promised:p23"):
        assert window(the(app, key)) == ("2026-03-17T15:00:00+00:00", "2026-03-19T17:00:00+00:00")
    assert [r.name for r in the(app, "send-promised:p22").recipients] == ["Bob Stone"]


def test_the_keep_in_touch_count_starts_again_with_a_new_round() -> None:
    app = replan(acme(JANE, HANNAH, interviews=(replace(TUESDAY, met=(11, 13)),)))
    app = done(app, "thank-you:i1:c11", "2026-03-11T10:00:00+00:00")
    app = done(app, "check-in-call:i1", "2026-03-17T10:00:00+00:00")
    for n, day in enumerate(("2026-03-24", "2026-03-31", "2026-04-08"), 1):
        app = done(app, f"keep-in-touch:{n}", f"{day}T10:00:00+00:00")
    assert keys(app, "keep-in-touch") == [f"keep-in-touch:{n}" for n in (1, 2, 3)]
    assert not [s for s in app.steps if s.status is StepStatus.PLANNED and s.kind != "thank-you"]
    # Round 2: Wednesday 15 April 2026, 14:00-15:00 BST, with Jane again.
    april = interview("2026-04-15T14:00", "2026-04-15T15:00", "Europe/London", GB)
    rounds = (*app.interviews, replace(april, round=2, id=2, met=(11,)))
    app = replan(replace(app, interviews=rounds), "2026-04-15T16:00:00+01:00")
    # Working day 5 after Wednesday 15: 16, 17, 20, 21, 22; due day 8: 23, 24, 27.
    assert window(the(app, "check-in-call:i2")) == (
        "2026-04-22T09:00:00+01:00", "2026-04-27T17:00:00+01:00"
    )  # fmt: skip
    app = done(app, "check-in-call:i2", "2026-04-22T10:00:00+01:00")
    # A week after the call: Wednesday 29, 10:00; due working day 3 after it: Thursday 30,
    # Friday 1 May, (Monday 4: a bank holiday) Tuesday 5 May.
    nudge = the(app, "keep-in-touch:4")
    assert window(nudge) == ("2026-04-29T10:00:00+01:00", "2026-05-05T17:00:00+01:00")
