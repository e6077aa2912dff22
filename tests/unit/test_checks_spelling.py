"""The spelling check: words the dictionary does not know."""

from __future__ import annotations

from dataclasses import replace

from followup.domain.checks.names import names
from followup.domain.checks.spelling import spelling
from tests.unit.check_cases import CALLS, CONTEXT, INFO, WARNING, spans


def test_spelling_flags_an_unknown_word_with_the_dictionary_suggestion():
    text = "I was glad to recieve your note. Recieve my thanks."
    findings = spelling(text, CONTEXT)
    assert spans(findings, text) == ["recieve", "Recieve"]
    assert [f.suggestion for f in findings] == ["receive", "Receive"]
    assert {f.severity for f in findings} == {WARNING}


def test_spelling_asks_the_dictionary_once_with_lower_case_candidates():
    CALLS.clear()
    spelling("Thanks for the Intervew and the intervew, Priya.", CONTEXT)
    assert len(CALLS) == 1
    assert "intervew" in CALLS[0] and all(w == w.lower() for w in CALLS[0])
    assert "priya" not in CALLS[0]  # the contact's name is a known word


def test_spelling_skips_known_words_addresses_numbers_acronyms_and_placeholders():
    text = (
        "Kubernetes at Acme: see https://acme.example.com/zorblat or zorblat@acme.com, "
        "the 2nd ZORBLAT in JavaScript, {{ zorblat }}."
    )
    context = replace(CONTEXT, skills=("Kubernetes",))
    assert spelling(text, context) == []


def test_a_capitalised_unknown_word_inside_a_sentence_is_only_info():
    text = "Zorblat was great. I met Zorblat too."
    findings = spelling(text, CONTEXT)
    assert [(text[f.start : f.end], f.severity) for f in findings] == [
        ("Zorblat", WARNING),  # starts a sentence: a misspelling like any other
        ("Zorblat", INFO),  # inside one: probably a name the dictionary cannot know
    ]


def test_spelling_needs_a_dictionary():
    assert spelling("recieve", replace(CONTEXT, unknown_words=None)) == []


def test_spelling_leaves_a_misspelt_contact_name_to_the_names_check():
    text = "Dear Ms Sha, thank you."
    assert spelling(text, CONTEXT) == []
    assert spans(names(text, CONTEXT), text) == ["Sha"]
