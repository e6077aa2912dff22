"""The length check: the body's words within the bounds for its kind and channel."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.checks.length import length
from followup.domain.model import Channel
from tests.unit.check_cases import CLEAN, CONTEXT, WARNING


def test_length_warns_outside_the_bounds_for_the_kind_and_channel():
    body = "Thank you for the interview about the Senior Data Engineer role. " * 2
    text = f"Subject: Thanks\n\n{body}"
    [finding] = length(text, CONTEXT)
    assert finding.severity is WARNING
    assert "22 words" in finding.message and "60–220" in finding.message
    assert text[finding.start : finding.end] == body
    assert length(text * 20, CONTEXT) != []
    assert length(CLEAN, CONTEXT) == []
    script = replace(CONTEXT, kind="check-in-call", channel=Channel.PHONE)
    assert length(body, script) == []


def test_free_text_and_unknown_kinds_have_no_length_bounds():
    assert length("Hi.", replace(CONTEXT, kind="")) == []
    assert length("Hi.", replace(CONTEXT, kind="pipeline-review")) == []
