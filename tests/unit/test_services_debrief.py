"""services.debrief: a whole interview's debrief recorded, and the plan reflecting each answer,
against hand-computed dates (on the fakes).

England, December 2026 and January 2027 (GMT, so UTC): Mon 14 Dec interview 10:00-11:00;
working days after it: Tue 15 (1), Wed 16 (2), Thu 17, Fri 18, Mon 21 (5), Tue 22, Wed 23,
Thu 24 (8); Fri 25 Christmas, Mon 28 Boxing Day (observed), Fri 1 Jan New Year's Day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from followup import services
from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.model import Application, Channel, Relation, Step, StepStatus
from followup.input import debrief_form
from followup.services import debrief as debriefs
from tests.unit.debrief_cases import AFTER, ME, PLAYBOOK, RECORDED, WHOLE, recorded
from tests.unit.fakes import FakeStore


def answers(app: Application, typed: debrief_form.Typed = WHOLE) -> debrief_form.Debrief:
    return debrief_form.debrief(typed, app, app.interviews[0], ME)


def window(step: Step) -> tuple[str, str]:
    return step.earliest.isoformat(), step.due.isoformat()


def steps(app: Application, kind: str) -> list[Step]:
    return [s for s in app.steps if s.kind == kind and s.status is StepStatus.PLANNED]


def test_before_the_debrief_the_plan_has_the_checklist_and_the_default_check_in() -> None:
    app = recorded(FakeStore())
    [checklist] = steps(app, "interview-day")
    assert window(checklist) == ("2026-12-11T09:00:00+00:00", "2026-12-14T10:00:00+00:00")
    [call] = steps(app, "check-in-call")  # start of working day 5, end of working day 8
    assert window(call) == ("2026-12-21T09:00:00+00:00", "2026-12-24T17:00:00+00:00")
    [thanks] = steps(app, "thank-you")
    # Priya can be reached by nothing yet: the first channel, saying what to add (issue 14).
    assert thanks.channel is Channel.EMAIL
    assert thanks.needs == "add Priya Shah's email: followup contacts edit 3 --email ..."


def test_a_whole_debrief_is_recorded_and_the_plan_reflects_each_answer() -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    after = debriefs.debrief(store, app.id, answers(app), PLAYBOOK, AFTER)
    assert after == services.applications.application(store, app.id)  # stored as returned

    # Two people: Priya is matched by name (her card's title and email kept), Tom added.
    people = {c.name: c for c in after.contacts if c.relation is Relation.INTERVIEWER}
    assert sorted(people) == ["Priya Shah", "Tom Reed"]
    assert (people["Priya Shah"].title, people["Priya Shah"].email) == (
        "Head of Data", "priya@acme.example"
    )  # fmt: skip
    assert people["Tom Reed"].organisation == "Acme" and people["Tom Reed"].region == ME.region
    # A thank-you for each, by email now: 11:00 + 2 h, due the end of working day 2 (Wed 16).
    thanks = {s.recipients[0].name: s for s in steps(after, "thank-you")}
    assert sorted(thanks) == ["Priya Shah", "Tom Reed"]
    for step in thanks.values():
        assert step.channel is Channel.EMAIL
        assert window(step) == ("2026-12-14T13:00:00+00:00", "2026-12-16T17:00:00+00:00")

    # The decision date (Fri 8 Jan 2027) is later than working day 5: the call starts the working
    # day after it (Mon 11 Jan) and is due 3 working days later (Thu 14 Jan).
    [call] = steps(after, "check-in-call")
    assert window(call) == ("2027-01-11T09:00:00+00:00", "2027-01-14T17:00:00+00:00")
    [interview] = after.interviews
    assert interview.decision_by == date(2027, 1, 8)

    # The promise: send-promised to Tom, from the interview's end, due end of working day 2.
    [promised] = steps(after, "send-promised")
    assert [r.name for r in promised.recipients] == ["Tom Reed"]
    assert window(promised) == ("2026-12-14T11:00:00+00:00", "2026-12-16T17:00:00+00:00")
    assert [(p.what, p.to) for p in after.promises] == [("portfolio link", "Tom Reed")]

    # The referral: referral-outreach to Dana, in the user's calendar (her own is not known).
    [outreach] = steps(after, "referral-outreach")
    [dana] = outreach.recipients
    assert (dana.name, dana.title, dana.email, dana.relation) == (
        "Dana Cole", "CTO", "dana@nordlys.example", Relation.REFERRAL
    )  # fmt: skip
    assert window(outreach) == ("2026-12-14T11:00:00+00:00", "2026-12-16T17:00:00+00:00")

    # Two topics, kept on the interview, and when it was debriefed; the checklist is gone.
    assert interview.topics == ("dbt migration", "stakeholder reporting")
    assert interview.debriefed_at == AFTER
    assert [s for s in after.steps if s.kind == "interview-day"] == []


def test_a_contact_date_moves_the_call_to_that_day() -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    typed = debrief_form.Typed(contact_on="2026-12-17")
    after = debriefs.debrief(store, app.id, answers(app, typed), PLAYBOOK, AFTER)
    [call] = steps(after, "check-in-call")  # that day, from the start of working hours
    assert window(call) == ("2026-12-17T09:00:00+00:00", "2026-12-17T17:00:00+00:00")


def test_debriefing_again_adds_only_what_is_new() -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    first = debriefs.debrief(store, app.id, answers(app), PLAYBOOK, AFTER)
    again = debrief_form.Typed(
        people=(replace(WHOLE.people[1], name="tom  REED", title="Head of Engineering"),),
        promises=("Portfolio Link -> tom reed", "AWS certificate -> Priya Shah"),
        referrals=("dana cole, dana.cole@nordlys.example",),
        topics=("DBT migration", "hiring plans"),
        contact_on="2027-01-12",
    )
    later = AFTER + timedelta(hours=2)
    second = debriefs.debrief(store, app.id, answers(first, again), PLAYBOOK, later)
    interviewers = [c for c in second.contacts if c.relation is Relation.INTERVIEWER]
    assert len(interviewers) == 2 and len(second.contacts) == 3
    tom = next(c for c in interviewers if c.name == "Tom Reed")  # the name as first recorded
    assert tom.title == "Head of Engineering"
    dana = next(c for c in second.contacts if c.relation is Relation.REFERRAL)
    assert dana.email == "dana.cole@nordlys.example"
    assert [p.what for p in second.promises] == ["portfolio link", "AWS certificate"]
    [interview] = second.interviews
    assert interview.topics == ("dbt migration", "stakeholder reporting", "hiring plans")
    assert (interview.decision_by, interview.contact_on) == (date(2027, 1, 8), date(2027, 1, 12))
    assert interview.debriefed_at == later
    assert len(steps(second, "thank-you")) == 2 and len(steps(second, "send-promised")) == 2


@pytest.mark.parametrize(
    ("when", "typed", "error", "message"),
    [
        (RECORDED, WHOLE, Conflict, "begins Mon 14 Dec 2026 10:00 .*debrief it once it has begun"),
        (AFTER, debrief_form.Typed(), InvalidInput, "nothing to record"),
        (
            AFTER,
            debrief_form.Typed(topics=tuple(f"t{n}" for n in range(51))),
            InvalidInput,
            "at most 50",
        ),
    ],
    ids=["before-the-interview", "no-answer", "too-many-topics"],
)
def test_refusals_write_nothing(
    when: object, typed: debrief_form.Typed, error: type[Exception], message: str
) -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    commits = store.commits
    made = debrief_form.debrief(typed, app, app.interviews[0], ME)
    with pytest.raises(error, match=message):
        debriefs.debrief(store, app.id, made, PLAYBOOK, when)  # type: ignore[arg-type]
    assert store.commits == commits
    assert services.applications.application(store, app.id) == app


def test_an_unknown_application_is_not_found() -> None:
    with pytest.raises(NotFound, match="no application with id 99"):
        debriefs.debrief(FakeStore(), 99, debrief_form.Debrief(topics=("x",)), PLAYBOOK, AFTER)
