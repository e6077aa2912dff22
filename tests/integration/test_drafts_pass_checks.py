"""Every template, rendered for realistic data, passes the draft checks (the real dictionary
and proselint) with no error finding, and with no finding at all from the checks of issue #15
(a clause said twice, a bare list, a date written wrong, greetings that differ at one tone):
a draft arrives already meeting the bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from followup.adapters import spelling
from followup.adapters.templates import render
from followup.domain import checks
from followup.domain.checks.frames import WRITTEN
from followup.domain.checks.salutations import salutations
from followup.domain.drafts import Severity
from followup.domain.values import Region
from followup.services import drafts
from tests.unit.draft_cases import LIFE, MESSAGE_TEMPLATES, NOW, ZOE, template_case


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_every_template_renders_a_draft_with_no_error_finding(name: str) -> None:
    app, step = template_case(name)
    profile = replace(ZOE, tone=name.split(".")[2])
    when = max(NOW, step.earliest)  # drafted when the step may start
    draft = render(profile, app, step, when, [])
    context = drafts.context(profile, app, step.kind, step.channel, when, spelling, step.earliest)
    errors = [f for f in checks.check(draft.text, context) if f.severity is Severity.ERROR]
    assert errors == [], [(f.check, draft.text[f.start : f.end], f.message) for f in errors]


NEW_CHECKS = {"repeats", "lists", "dates"}  # issue #15: what a careful reader found
NEXT_YEAR = datetime(2027, 1, 5, 10, tzinfo=UTC)  # the interview was on 10 March 2026


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_every_template_renders_a_draft_with_no_finding_from_the_checks_of_issue_15(
    name: str,
) -> None:
    """No clause said twice, no bare list in a letter or email, dates written right for the
    recipient's country (a US one too), also in a later year than the interview's."""
    app, step = template_case(name)
    profile = replace(ZOE, tone=name.split(".")[2])
    us = Region("US", "NY")
    american = replace(
        app,
        interviews=tuple(replace(i, region=us) for i in app.interviews),
        contacts=tuple(replace(c, region=us) for c in app.contacts),
    )
    found = []
    for when in (max(NOW, step.earliest), NEXT_YEAR):
        for case, me in ((app, profile), (american, replace(profile, region=us))):
            draft = render(me, case, step, when, [])
            context = drafts.context(me, case, step.kind, step.channel, when, spelling, None, step)
            found += [
                (f"{when:%Y}", context.country, f.check, draft.text[f.start : f.end], f.message)
                for f in checks.check(draft.text, context)
                if f.check in NEW_CHECKS
            ]
    assert found == []


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_one_applications_drafts_greet_everyone_alike(tone: str) -> None:
    """Every letter and email the planner makes over an application's life, at each tone,
    beside the others: "Dear Dr Müller" and "Dear María José" never meet at one tone."""
    profile = replace(ZOE, tone=tone)
    found = []
    for app in {id(a): a for a, _ in LIFE}.values():
        texts = {
            s.id: render(profile, app, s, max(NOW, s.earliest), []).text
            for s in app.steps
            if s.status == "planned" and s.channel in WRITTEN
        }
        for step_id, text in texts.items():
            others = [(f"step {n}", t) for n, t in texts.items() if n != step_id]
            for f in salutations(text, tone, app.contacts, others):
                found.append((step_id, text[f.start : f.end], f.message))
    assert found == []
