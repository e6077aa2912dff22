"""The placeholders check: anything left unfilled, with what it stands for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup.domain.checks.placeholders import placeholders
from tests.unit.check_cases import CONTEXT, ERROR, spans


@pytest.mark.parametrize(
    ("left", "fill"),
    [
        ("{{ interviewer_name }}", "Priya Shah"),
        ("{% if promise %}", None),
        ("[Company Name]", "Acme Analytics"),
        ("<NAME>", "Priya Shah"),
        ("XXX", None),
        ("TODO", None),
        ("{role}", "Senior Data Engineer"),
        ("${first_name}", "Priya"),
        ("[your skill here]", None),
    ],
)
def test_an_unfilled_placeholder_is_an_error(left, fill):
    text = f"Thank you for meeting me about {left} this week."
    findings = placeholders(text, CONTEXT)
    assert spans(findings, text) == [left]
    assert findings[0].severity is ERROR
    assert findings[0].suggestion == fill


def test_placeholders_ignore_links_emails_and_plain_text():
    text = "See [my portfolio](https://example.com) or write to <alex@example.com>. XL is fine."
    assert placeholders(text, CONTEXT) == []


def test_a_placeholder_fill_from_extra_wins():
    context = replace(CONTEXT, extra={"topic": "the reporting migration"})
    [finding] = placeholders("We talked about {{ topic }}.", context)
    assert finding.suggestion == "the reporting migration"
