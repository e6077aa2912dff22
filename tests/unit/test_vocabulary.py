"""One vocabulary for every reader (domain/vocabulary.py): the salutations, the draft checks and
the card reader know the same honorifics and title words. Each case below is a word that only
one of them knew while each kept a list of its own."""

from __future__ import annotations

import pytest

from followup.domain.cards import OcrLine, extract
from followup.domain.checks.names import names
from followup.domain.names import salutation
from followup.domain.vocabulary import (
    ACADEMIC_HONORIFICS,
    FIRST_NAME_HONORIFICS,
    HONORIFICS,
    TITLE_WORDS,
)
from tests.unit.check_cases import CONTEXT


def test_the_lists_are_lower_case_words_and_the_special_honorifics_are_honorifics() -> None:
    for words in (HONORIFICS, TITLE_WORDS, FIRST_NAME_HONORIFICS, ACADEMIC_HONORIFICS):
        assert words and all(w == w.casefold() and w.split() == [w] for w in words)
    assert FIRST_NAME_HONORIFICS | ACADEMIC_HONORIFICS <= HONORIFICS


@pytest.mark.parametrize("honorific", sorted(h.capitalize() for h in HONORIFICS if len(h) > 1))
def test_a_slip_after_any_honorific_a_salutation_keeps_is_a_names_error(honorific: str) -> None:
    """Shaw is a word the dictionary knows: only where a name is expected is it her name."""
    assert salutation(f"{honorific} Priya Shah", None, "formal").startswith(f"Dear {honorific}")
    text = f"Dear {honorific} Shaw,"
    findings = names(text, CONTEXT)
    assert [(text[f.start : f.end], f.suggestion) for f in findings] == [("Shaw", "Shah")]


def test_a_wrong_title_in_a_draft_may_use_any_title_word() -> None:
    text = "I enjoyed meeting Priya Shah, Staff Accountant, on Monday."
    findings = names(text, CONTEXT)
    assert [(text[f.start : f.end], f.suggestion) for f in findings] == [
        ("Staff Accountant", "Head of Sales")
    ]


@pytest.mark.parametrize("title", ["Team Leader", "Dean", "Staff Accountant"])
def test_a_card_reads_any_title_word_as_a_title(title: str) -> None:
    texts = ("Jane Doe", title, "Acme Ltd", "jane.doe@acme.com")
    card = [
        OcrLine(t, 0.95, ((0.0, i * 50.0), (300.0, i * 50.0 + 25))) for i, t in enumerate(texts)
    ]
    assert extract(card, "GB")["title"].value == title
