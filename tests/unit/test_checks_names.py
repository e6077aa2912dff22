"""The names check: contacts' names and titles exactly as on the record."""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup.domain.checks.names import names
from followup.domain.model import Contact, Relation
from tests.unit.check_cases import CONTEXT, ERROR, JUERGEN, PRIYA, spans


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("Dear Ms Sha,", "Sha", "Shah"),
        ("Dear Ms. Shaw,", "Shaw", "Shah"),  # a real word, but where her surname goes
        ("Thank you, Pryia.", "Pryia", "Priya"),
        ("It was good to meet Priya Shaw on Monday.", "Shaw", "Shah"),
        ("I told Pryia about it.", "Pryia", "Priya"),  # anywhere, as the dictionary lacks it
        ("I enjoyed talking to SHAH and shah.", None, None),  # capitals: her name; shah: a word
    ],
)
def test_a_misspelt_name_is_an_error_with_the_name_on_record(text, wrong, right):
    findings = names(text, CONTEXT)
    assert spans(findings, text) == ([wrong] if wrong else [])
    assert [f.suggestion for f in findings] == ([right] if right else [])
    assert all(f.severity is ERROR for f in findings)


def test_accents_and_capitals_in_names_matter():
    context = replace(CONTEXT, contacts=(PRIYA, JUERGEN))
    text = "Dear Jurgen Muller, and thanks to priya and Jürgen Müller."
    findings = names(text, context)
    assert [(text[f.start : f.end], f.suggestion) for f in findings] == [
        ("Jurgen", "Jürgen"),
        ("Muller", "Müller"),
        ("priya", "Priya"),
    ]


def test_common_words_near_a_name_are_not_names():
    context = replace(CONTEXT, contacts=(Contact("Mark Bell", Relation.INTERVIEWER),))
    text = "Please mark the date: I will ring the bell, as Mark Bell suggested. Shah stays."
    assert names(text, context) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("I enjoyed meeting Priya Shah, Head of Marketing, on Monday.", "Head of Marketing"),
        ("Thank you, Ms Shah, our Sales Director, for your time.", "Sales Director"),
        (
            "I admire your work in your role as Head of Sales Operations.",
            "Head of Sales Operations",
        ),
        ("Priya Shah\nSales Manager\nAcme Analytics\n", "Sales Manager"),
        ("Dear Priya Sha, Head of Marketing,", "Head of Marketing"),
    ],
)
def test_a_wrong_title_is_an_error_with_the_title_on_record(text, wrong):
    findings = [f for f in names(text, CONTEXT) if f.suggestion == "Head of Sales"]
    assert spans(findings, text) == [wrong]
    assert findings[0].severity is ERROR


@pytest.mark.parametrize(
    "text",
    [
        "I enjoyed meeting Priya Shah, Head of Sales, on Monday.",
        "Priya Shah, head of sales at Acme, told me about the team.",  # case: prose may lower it
        "Your role as Head of Sales sounds demanding.",
        "Priya Shah\nHead of Sales\nAcme Analytics\n",
        "Dear Priya Shah,\nThank you for your time.",
        "Dear Ms Shah, Thank you for your time.",
        "Dear Priya Shah\nPeople often ask me about it.",
        "Thanks to Priya Shah, Acme Analytics feels like home.",
    ],
)
def test_the_right_title_or_no_title_is_no_finding(text):
    assert names(text, CONTEXT) == []


def test_a_title_is_checked_against_the_contact_it_follows():
    context = replace(CONTEXT, contacts=(PRIYA, JUERGEN))
    text = "Priya Shah, Head of Sales, and Jürgen Müller, Head of Sales, were kind."
    findings = names(text, context)
    assert [(f.start, f.suggestion) for f in findings] == [
        (text.rindex("Head of Sales"), "HR Business Partner")
    ]
