"""Draft checks: each catches its seeded mistake, passes clean text, and points at the words.

The checks one by one: test_checks_<check>.py. Here: all of them at once (`check`)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from followup.domain import checks
from followup.domain.checks import check
from tests.unit.check_cases import CLEAN, CONTEXT, ERROR, JUERGEN, PRIYA, WARNING


def test_a_realistic_clean_thank_you_has_no_findings():
    assert check(CLEAN, CONTEXT) == []


def test_the_edited_thank_you_gets_three_distinct_findings_with_spans():
    text = CLEAN.replace("Dear Ms Shah,", "Dear Priya Sha, Head of Marketing,").replace(
        "I look forward to hearing from you.", "Please, I really need this job!!!"
    )
    findings = check(text, CONTEXT)
    assert [(f.check, f.severity, text[f.start : f.end], f.suggestion) for f in findings] == [
        ("names", ERROR, "Sha", "Shah"),
        ("names", ERROR, "Head of Marketing", "Head of Sales"),
        ("tone", ERROR, "I really need this job", None),
        ("tone", WARNING, "!!!", "."),
    ]
    assert checks.blocks(findings)
    assert not checks.blocks(f for f in findings if f.severity is not ERROR)


def test_check_sorts_the_findings_of_every_check_by_start():
    text = "TODO: I recieve it ASAP!!"
    findings = check(text, replace(CONTEXT, kind=""))
    assert [f.check for f in findings] == ["placeholders", "spelling", "tone", "tone"]
    assert [f.start for f in findings] == sorted(f.start for f in findings)


@given(
    st.text(alphabet=st.sampled_from(list("Priya Shah, Jürgen!?{}[]<>X.\n'’sShaTODO")), max_size=80)
)
def test_every_finding_points_into_the_text(text):
    context = replace(CONTEXT, contacts=(PRIYA, JUERGEN))
    for f in check(text, context):
        assert 0 <= f.start <= f.end <= len(text)
