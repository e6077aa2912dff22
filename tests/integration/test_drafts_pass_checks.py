"""Every template, rendered for realistic data, passes the draft checks (the real dictionary
and proselint) with no error finding: a draft arrives already meeting the bar."""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup.adapters import spelling
from followup.adapters.templates import render
from followup.domain import checks
from followup.domain.drafts import Severity
from followup.services import drafts
from tests.unit.draft_cases import MESSAGE_TEMPLATES, NOW, ZOE, template_case


@pytest.mark.parametrize("name", MESSAGE_TEMPLATES)
def test_every_template_renders_a_draft_with_no_error_finding(name: str) -> None:
    app, step = template_case(name)
    profile = replace(ZOE, tone=name.split(".")[2])
    when = max(NOW, step.earliest)  # drafted when the step may start
    draft = render(profile, app, step, when, [])
    context = drafts.context(profile, app, step.kind, step.channel, when, spelling, step.earliest)
    errors = [f for f in checks.check(draft.text, context) if f.severity is Severity.ERROR]
    assert errors == [], [(f.check, draft.text[f.start : f.end], f.message) for f in errors]
