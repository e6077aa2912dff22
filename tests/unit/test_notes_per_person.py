"""Two interviewers at one interview, with topics for each: each thank-you (and keep-in-touch
note) speaks of that person's own topics, so no two read alike; without topics the drafts read
as before. Rendered through the real planner and templates."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from followup.adapters.templates import render
from followup.domain.model import Application, Channel
from tests.unit.draft_cases import (
    DE_LA_CRUZ,
    INTERVIEW,
    MUELLER,
    NOW,
    SHAH,
    ZOE,
    application,
    at,
    done,
)

TOPICS = (
    "Jürgen's data platform roadmap",
    "the on-call rota María José described",
    "their move to dbt",
)


def _two_interviewers(topics: tuple[str, ...] = TOPICS) -> Application:
    by_email = replace(DE_LA_CRUZ, email="mj.delacruz@acme.example")
    return application(
        MUELLER, by_email, SHAH, interviews=(replace(INTERVIEW, topics=topics),), promises=()
    )


def _middle(body: str) -> str:
    """The paragraph after the opening thanks: the one that is about this person."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return paragraphs[2]  # greeting, opening thanks, then the middle paragraph


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_two_interviewers_get_different_middles_each_with_their_own_topic(tone: str) -> None:
    app = _two_interviewers()
    steps = {s.key: s for s in app.steps if s.kind == "thank-you"}
    profile = replace(ZOE, tone=tone)
    mueller = render(profile, app, steps["thank-you:i1:c1"], NOW, [])
    maria = render(profile, app, steps["thank-you:i1:c2"], NOW, [])
    assert mueller.channel is maria.channel is Channel.EMAIL
    his, hers = _middle(mueller.body), _middle(maria.body)
    assert his != hers
    assert "your data platform roadmap" in his and "rota" not in his
    assert "the on-call rota you described" in hers and "roadmap" not in hers
    assert "their move to dbt" in his and "their move to dbt" in hers  # names nobody: shared


def test_the_keep_in_touch_note_uses_the_recipients_topics() -> None:
    app = done(_two_interviewers(), "check-in-call", at("2026-03-18T10:00"))
    step = next(s for s in app.steps if s.kind == "keep-in-touch")
    body = render(ZOE, app, step, NOW, []).body
    assert step.recipients[0].name == "Dr Jürgen Müller"
    assert "your data platform roadmap" in body and "rota" not in body


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_without_topics_the_thank_you_speaks_of_the_skills_discussed(tone: str) -> None:
    app = _two_interviewers(())
    step = next(s for s in app.steps if s.key == "thank-you:i1:c1")
    body = render(replace(ZOE, tone=tone), app, step, NOW, []).body
    assert "working with Python" in body  # a tool, worked with
    assert not re.search(r"Python\. It's work", body)
