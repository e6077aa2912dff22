"""The tone check: pleading, pressure, hard sell, exclamation marks, style advice."""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup.domain.checks.tone import tone
from tests.unit.check_cases import CONTEXT, ERROR, INFO, WARNING


@pytest.mark.parametrize(
    ("text", "phrase", "severity"),
    [
        ("Please, I really need this job.", "I really need this job", ERROR),
        ("I’m begging you to reply.", "I’m begging", ERROR),
        ("You'd be crazy not to hire me.", "You'd be crazy not to", ERROR),
        ("Please consider me for the role.", "Please consider me", WARNING),
        ("I am desperate to join.", "desperate", WARNING),
        ("I expect to hear from you soon.", "I expect to hear", WARNING),
        ("Let me know by tomorrow.", "by tomorrow", WARNING),
        ("Please reply ASAP.", "ASAP", WARNING),
        ("I am the best candidate for this.", "I am the best candidate", WARNING),
        ("You won't regret it.", "You won't regret", WARNING),
    ],
)
def test_pleading_pressure_and_hard_sell_are_flagged(text, phrase, severity):
    findings = tone(text, CONTEXT)
    assert [(text[f.start : f.end], f.severity) for f in findings] == [(phrase, severity)]


@pytest.mark.parametrize(
    "text",
    [
        "I will send the case study by tomorrow.",  # a promise, not pressure
        "You must be busy this week, so no rush.",
        "I would welcome the chance to contribute. Thank you!",
        "I look forward to hearing from you. Thanks again!",
        "My desk neighbour needs this jobsite login.",
    ],
)
def test_courteous_sentences_pass_the_tone_check(text):
    assert tone(text, CONTEXT) == []


def test_stacked_and_too_many_exclamation_marks_are_warnings():
    text = "Great!! Thanks! See you! Bye! Really?!"
    findings = tone(text, CONTEXT)
    assert [(text[f.start : f.end], f.suggestion) for f in findings] == [
        ("!!", "."),
        ("!", "."),  # the third mark: "Thanks!"
        ("!", "."),
        ("!", "."),
        ("?!", "?"),
    ]
    assert [f.start for f in findings[1:4]] == [text.index("s!") + 1, text.index("u!") + 1, 28]


def test_style_advice_comes_in_as_info_unless_a_tone_rule_already_says_it():
    def style(text: str) -> list[tuple[int, int, str]]:
        return [(text.index("very"), text.index("very") + 4, "'very' adds nothing"), (0, 4, "x")]

    text = "ASAP: I am very keen."
    findings = tone(text, replace(CONTEXT, style=style))
    assert [(text[f.start : f.end], f.severity) for f in findings] == [
        ("ASAP", WARNING),
        ("very", INFO),
    ]
