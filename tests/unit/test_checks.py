"""Draft checks: each catches its seeded mistake, passes clean text, and points at the words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import checks
from followup.domain.checks import check
from followup.domain.drafts import CheckContext, Finding, Severity
from followup.domain.model import Channel, Contact, Relation

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# A dictionary that knows every word but these (lower case), and their corrections.
MISSPELT = {"recieve": "receive", "intervew": "interview", "oportunity": "opportunity"}
MISSPELT |= dict.fromkeys(("sha", "pryia", "jurgen", "kubernetes", "zorblat", "priya"))


def unknown_words(words: Sequence[str]) -> set[str]:
    CALLS.append(list(words))
    return {w for w in words if w in MISSPELT}


CALLS: list[list[str]] = []

PRIYA = Contact("Priya Shah", Relation.INTERVIEWER, title="Head of Sales", organisation="Acme")
JUERGEN = Contact("Jürgen Müller", Relation.HR, title="HR Business Partner")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
CONTEXT = CheckContext(
    kind="thank-you",
    channel=Channel.EMAIL,
    company="Acme Analytics",
    role="Senior Data Engineer",
    skills=("Python", "SQL", "data pipelines"),
    contacts=(PRIYA,),
    known_words=frozenset({"Alex", "Morgan"}),
    earliest=datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
    now=NOW,
    unknown_words=unknown_words,
    suggest=MISSPELT.get,
)

CLEAN = """Subject: Thank you for Tuesday's interview

Dear Ms Shah,

Thank you for taking the time to meet me on Tuesday to discuss the Senior Data Engineer role \
at Acme Analytics. I enjoyed hearing about your plans to move the reporting pipeline to the \
cloud, and our conversation made me even more interested in joining your team.

My experience building data pipelines in Python and SQL, and leading a small team through a \
similar migration, fits well with what you described. I am confident I could help the team \
deliver it smoothly.

As promised, I have attached the case study we talked about. Please let me know if there is \
anything else you need from me. I look forward to hearing from you.

Kind regards,
Alex Morgan
alex.morgan@example.com
"""


def spans(findings: list[Finding], text: str) -> list[str]:
    return [text[f.start : f.end] for f in findings]


def only(findings: list[Finding], name: str) -> list[Finding]:
    return [f for f in findings if f.check == name]


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


# ---- spelling -------------------------------------------------------------------------------


def test_spelling_flags_an_unknown_word_with_the_dictionary_suggestion():
    text = "I was glad to recieve your note. Recieve my thanks."
    findings = checks.spelling(text, CONTEXT)
    assert spans(findings, text) == ["recieve", "Recieve"]
    assert [f.suggestion for f in findings] == ["receive", "Receive"]
    assert {f.severity for f in findings} == {WARNING}


def test_spelling_asks_the_dictionary_once_with_lower_case_candidates():
    CALLS.clear()
    checks.spelling("Thanks for the Intervew and the intervew, Priya.", CONTEXT)
    assert len(CALLS) == 1
    assert "intervew" in CALLS[0] and all(w == w.lower() for w in CALLS[0])
    assert "priya" not in CALLS[0]  # the contact's name is a known word


def test_spelling_skips_known_words_addresses_numbers_acronyms_and_placeholders():
    text = (
        "Kubernetes at Acme: see https://acme.example.com/zorblat or zorblat@acme.com, "
        "the 2nd ZORBLAT in JavaScript, {{ zorblat }}."
    )
    context = replace(CONTEXT, skills=("Kubernetes",))
    assert checks.spelling(text, context) == []


def test_a_capitalised_unknown_word_inside_a_sentence_is_only_info():
    text = "Zorblat was great. I met Zorblat too."
    findings = checks.spelling(text, CONTEXT)
    assert [(text[f.start : f.end], f.severity) for f in findings] == [
        ("Zorblat", WARNING),  # starts a sentence: a misspelling like any other
        ("Zorblat", INFO),  # inside one: probably a name the dictionary cannot know
    ]


def test_spelling_needs_a_dictionary():
    assert checks.spelling("recieve", replace(CONTEXT, unknown_words=None)) == []


def test_spelling_leaves_a_misspelt_contact_name_to_the_names_check():
    text = "Dear Ms Sha, thank you."
    assert checks.spelling(text, CONTEXT) == []
    assert spans(checks.names(text, CONTEXT), text) == ["Sha"]


# ---- names and titles -----------------------------------------------------------------------


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
    findings = checks.names(text, CONTEXT)
    assert spans(findings, text) == ([wrong] if wrong else [])
    assert [f.suggestion for f in findings] == ([right] if right else [])
    assert all(f.severity is ERROR for f in findings)


def test_accents_and_capitals_in_names_matter():
    context = replace(CONTEXT, contacts=(PRIYA, JUERGEN))
    text = "Dear Jurgen Muller, and thanks to priya and Jürgen Müller."
    findings = checks.names(text, context)
    assert [(text[f.start : f.end], f.suggestion) for f in findings] == [
        ("Jurgen", "Jürgen"),
        ("Muller", "Müller"),
        ("priya", "Priya"),
    ]


def test_common_words_near_a_name_are_not_names():
    context = replace(CONTEXT, contacts=(Contact("Mark Bell", Relation.INTERVIEWER),))
    text = "Please mark the date: I will ring the bell, as Mark Bell suggested. Shah stays."
    assert checks.names(text, context) == []


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
    findings = [f for f in checks.names(text, CONTEXT) if f.suggestion == "Head of Sales"]
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
    assert checks.names(text, CONTEXT) == []


def test_a_title_is_checked_against_the_contact_it_follows():
    context = replace(CONTEXT, contacts=(PRIYA, JUERGEN))
    text = "Priya Shah, Head of Sales, and Jürgen Müller, Head of Sales, were kind."
    findings = checks.names(text, context)
    assert [(f.start, f.suggestion) for f in findings] == [
        (text.rindex("Head of Sales"), "HR Business Partner")
    ]


# ---- placeholders ---------------------------------------------------------------------------


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
    findings = checks.placeholders(text, CONTEXT)
    assert spans(findings, text) == [left]
    assert findings[0].severity is ERROR
    assert findings[0].suggestion == fill


def test_placeholders_ignore_links_emails_and_plain_text():
    text = "See [my portfolio](https://example.com) or write to <alex@example.com>. XL is fine."
    assert checks.placeholders(text, CONTEXT) == []


def test_a_placeholder_fill_from_extra_wins():
    context = replace(CONTEXT, extra={"topic": "the reporting migration"})
    [finding] = checks.placeholders("We talked about {{ topic }}.", context)
    assert finding.suggestion == "the reporting migration"


# ---- tone -----------------------------------------------------------------------------------


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
    findings = checks.tone(text, CONTEXT)
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
    assert checks.tone(text, CONTEXT) == []


def test_stacked_and_too_many_exclamation_marks_are_warnings():
    text = "Great!! Thanks! See you! Bye! Really?!"
    findings = checks.tone(text, CONTEXT)
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
    findings = checks.tone(text, replace(CONTEXT, style=style))
    assert [(text[f.start : f.end], f.severity) for f in findings] == [
        ("ASAP", WARNING),
        ("very", INFO),
    ]


# ---- length, mentions, timing ---------------------------------------------------------------


def test_length_warns_outside_the_bounds_for_the_kind_and_channel():
    body = "Thank you for the interview about the Senior Data Engineer role. " * 2
    text = f"Subject: Thanks\n\n{body}"
    [finding] = checks.length(text, CONTEXT)
    assert finding.severity is WARNING
    assert "22 words" in finding.message and "60–220" in finding.message
    assert text[finding.start : finding.end] == body
    assert checks.length(text * 20, CONTEXT) != []
    assert checks.length(CLEAN, CONTEXT) == []
    script = replace(CONTEXT, kind="check-in-call", channel=Channel.PHONE)
    assert checks.length(body, script) == []


def test_free_text_and_unknown_kinds_have_no_length_bounds():
    assert checks.length("Hi.", replace(CONTEXT, kind="")) == []
    assert checks.length("Hi.", replace(CONTEXT, kind="pipeline-review")) == []


def test_mentions_want_the_role_and_a_skill():
    text = "Thank you for your time yesterday. I enjoyed our talk."
    findings = checks.mentions(text, CONTEXT)
    assert [f.message.split(":")[0] for f in findings] == [
        "the role is not mentioned",
        "no key skill is mentioned",
    ]
    assert all(f.severity is WARNING and (f.start, f.end) == (0, len(text)) for f in findings)
    ok = "Thanks: the data engineer role fits my work on data pipelines."  # level left out
    assert checks.mentions(ok, CONTEXT) == []
    assert checks.mentions(text, replace(CONTEXT, kind="reference-heads-up")) == []


def test_a_thank_you_before_its_earliest_is_an_error():
    early = replace(CONTEXT, now=datetime(2026, 3, 10, 13, 59, tzinfo=UTC))
    [finding] = checks.timing(CLEAN, early)
    assert finding.severity is ERROR and "2026-03-10 14:00" in finding.message
    assert checks.timing(CLEAN, CONTEXT) == []
    assert checks.timing(CLEAN, replace(early, kind="check-in-call")) == []


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
