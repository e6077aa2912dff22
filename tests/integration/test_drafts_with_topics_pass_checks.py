"""Every template, rendered with topics recorded (one naming an interviewer, one naming
nobody) and a decision delivered by HR, still passes the draft checks (the real dictionary and
proselint) with no error finding, in both tones."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from followup.adapters import spelling
from followup.adapters.templates import render
from followup.domain import checks
from followup.domain.drafts import Severity
from followup.domain.model import Channel, Direction, Touch
from followup.services import drafts
from tests.unit.draft_cases import MESSAGE_TEMPLATES, NOW, SHAH, ZOE, template_case

TOPICS = ("Jürgen's data platform roadmap", "their move to dbt")


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_every_template_with_topics_renders_a_draft_with_no_error_finding(name: str) -> None:
    app, step = template_case(name)
    app = replace(app, interviews=tuple(replace(i, topics=TOPICS) for i in app.interviews))
    if app.decision is not None:  # HR gave the news
        told = Touch(Channel.EMAIL, Direction.IN, app.decision.at - timedelta(hours=1))
        app = replace(app, touches=(*app.touches, replace(told, contact_id=SHAH.id)))
    profile = replace(ZOE, tone=name.split(".")[2])
    when = max(NOW, step.earliest)
    draft = render(profile, app, step, when, [])
    context = drafts.context(profile, app, step.kind, step.channel, when, spelling, step.earliest)
    errors = [f for f in checks.check(draft.text, context) if f.severity is Severity.ERROR]
    assert errors == [], [(f.check, draft.text[f.start : f.end], f.message) for f in errors]
