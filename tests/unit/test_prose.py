"""Skills phrased by what they are (domain/prose.py): a tool is worked with, a practice has an
approach, a domain is a side of the work; never "Python. It's work I know well"."""

from __future__ import annotations

import pytest

from followup.domain.prose import (
    DOMAIN,
    OTHER,
    PRACTICE,
    TOOL,
    experience,
    join_and,
    kind,
    strengths,
    talked_about,
)


@pytest.mark.parametrize(
    ("skill", "what"),
    [
        ("Python", TOOL),
        ("dbt", TOOL),
        ("Excel", TOOL),
        ("Power  BI", TOOL),
        ("code review", PRACTICE),
        ("User Research", PRACTICE),
        ("stakeholder management", PRACTICE),
        ("fintech", DOMAIN),
        ("Healthcare", DOMAIN),
        ("event sponsorship planning", PRACTICE),  # by its shape: a word in -ing
        ("vendor management", PRACTICE),  # by its last word
        ("Kubernetes thing", OTHER),  # "thing" is no practice
        ("Quarkus", OTHER),
    ],
)
def test_a_skill_is_a_tool_a_practice_or_a_domain(skill: str, what: str) -> None:
    assert kind(skill) == what


def test_talked_about_phrases_each_kind_by_what_it_is() -> None:
    assert talked_about(["Python"]) == "working with Python"
    assert talked_about(["code review"]) == "your approach to code review"
    assert talked_about(["fintech"]) == "the fintech side of the work"
    assert talked_about(["Python", "dbt"]) == "working with Python and dbt"
    assert (
        talked_about(["Python", "code review", "fintech"])
        == "working with Python, your approach to code review and the fintech side of the work"
    )
    assert talked_about(["Quarkus"]) == "Quarkus"
    assert talked_about([]) == ""


def test_experience_is_one_noun_phrase() -> None:
    assert experience(["Python"]) == "my experience with Python"
    assert experience(["Python", "code review"]) == "my experience with Python and in code review"
    assert experience(["SQL", "fintech"]) == "my experience with SQL and my background in fintech"
    assert experience(["fintech", "healthcare"]) == "my background in fintech and healthcare"
    assert experience([]) == ""


def test_strengths_never_repeat_one_clause() -> None:
    said = strengths(["Python", "data modelling", "stakeholder communication", "fintech"])
    assert said == (
        "hands-on experience with Python, a track record in data modelling and stakeholder "
        "communication and a good knowledge of the fintech sector"
    )
    assert strengths(["fintech", "payments"]).endswith("the fintech and payments sectors")
    assert strengths([]) == ""


def test_join_and() -> None:
    assert join_and(["a", "b", "c"]) == "a, b and c"
    assert join_and(["a", "", "b"], "or") == "a or b"
    assert join_and([]) == ""
