"""The mentions check: the role and a key skill, in the kinds that renew interest."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.checks.mentions import mentions
from tests.unit.check_cases import CONTEXT, WARNING


def test_mentions_want_the_role_and_a_skill():
    text = "Thank you for your time yesterday. I enjoyed our talk."
    findings = mentions(text, CONTEXT)
    assert [f.message.split(":")[0] for f in findings] == [
        "the role is not mentioned",
        "no key skill is mentioned",
    ]
    assert all(f.severity is WARNING and (f.start, f.end) == (0, len(text)) for f in findings)
    ok = "Thanks: the data engineer role fits my work on data pipelines."  # level left out
    assert mentions(ok, CONTEXT) == []
    assert mentions(text, replace(CONTEXT, kind="reference-heads-up")) == []
