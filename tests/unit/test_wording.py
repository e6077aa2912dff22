"""Steps and rules in plain words: every kind of the shipped playbook, on each of its
channels, reads as a sentence naming the person, never as the raw kind."""

from __future__ import annotations

import pytest

from followup.config.playbooks import shipped
from followup.domain.model import Channel
from followup.domain.playbook import GUIDANCE, RULE_NUMBERS
from followup.domain.wording import (
    RULE_NAMES,
    channels_said,
    need_said,
    number_said,
    numbers_said,
    to_do,
)

PLAYBOOK = shipped()
EVERY = [(kind, channel) for kind, rule in PLAYBOOK.rules.items() for channel in rule.channels]
# Each kind on its first channel, as Today shows it.
EXPECTED = {
    "thank-you": "Thank Priya Shah for the interview",
    "send-promised": "Send Priya Shah what you promised",
    "reference-heads-up": "Tell Priya Shah the employer may call for a reference",
    "referral-outreach": "Email Priya Shah, suggested to you at the interview",
    "agency-update": "Tell Priya Shah you will follow up with the employer directly",
    "check-in-call": "Call Priya Shah to check in",
    "keep-in-touch": "Call Priya Shah to keep in touch",
    "feedback-request": "Ask Priya Shah for feedback",
    "stay-in-touch": "Tell Priya Shah you are still interested in future openings",
    "thank-references": "Thank Priya Shah for the reference",
    "status-check": "Ask Priya Shah where your application stands",
    "pipeline-review": "Line up more applications",
    "interview-day": "Get ready for the interview: go through the checklist",
}


def test_every_kind_is_expected_here() -> None:
    assert set(EXPECTED) == set(PLAYBOOK.rules) == set(RULE_NAMES)


@pytest.mark.parametrize(("kind", "channel"), EVERY)
def test_every_kind_on_every_channel_is_a_sentence_naming_the_person(
    kind: str, channel: Channel
) -> None:
    said = to_do(kind, channel, ["Priya Shah"])
    assert said[0].isupper() and "-" not in said.replace("Follow-up", "")
    assert kind not in said and "·" not in said
    if channel is not Channel.OTHER:
        assert "Priya Shah" in said


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_kind_on_its_first_channel(kind: str) -> None:
    first = PLAYBOOK.rule(kind).channels[0]
    assert to_do(kind, first, ["Priya Shah"]) == EXPECTED[kind]


def test_the_channel_changes_the_verb() -> None:
    assert to_do("check-in-call", Channel.PHONE, ["Tom Ellis"]) == "Call Tom Ellis to check in"
    assert to_do("check-in-call", Channel.EMAIL, ["Tom Ellis"]) == "Email Tom Ellis to check in"
    assert to_do("check-in-call", Channel.LETTER, ["Tom Ellis"]) == "Write to Tom Ellis to check in"
    assert to_do("thank-you", Channel.PHONE, ["Tom Ellis"]) == (
        "Call Tom Ellis to say thank you for the interview"
    )
    assert to_do("keep-in-touch", Channel.LETTER, ["Tom Ellis"]) == (
        "Send Tom Ellis a short letter restating your strong points"
    )


def test_what_was_promised_is_named() -> None:
    assert to_do("send-promised", Channel.EMAIL, ["Priya"], ["notebook"]) == (
        "Send Priya the notebook you promised"
    )
    assert to_do("send-promised", Channel.EMAIL, ["Priya"], ["a demo video"]) == (
        "Send Priya a demo video you promised"
    )
    # Typed in the first person: kept as typed, after the sentence.
    assert to_do("send-promised", Channel.LETTER, ["Priya"], ["my portfolio"]) == (
        "Send Priya what you promised: my portfolio"
    )


def test_several_people_and_nobody() -> None:
    assert to_do("thank-you", Channel.EMAIL, ["Priya Shah", "Tom Ellis", "Ann Lee"]) == (
        "Thank Priya Shah, Tom Ellis and Ann Lee for the interview"
    )
    assert to_do("reference-heads-up", Channel.EMAIL, []) == (
        "Tell your references the employer may call for a reference"
    )
    assert to_do("status-check", Channel.EMAIL, []) == (
        "Ask the company where your application stands"
    )


def test_a_kind_it_does_not_know_is_still_words() -> None:
    assert to_do("new-kind", Channel.EMAIL, ["Priya Shah"]) == "Email Priya Shah: new kind"


def test_every_number_of_every_rule_is_a_sentence() -> None:
    for kind, rule in PLAYBOOK.rules.items():
        lines = numbers_said(rule)
        assert len(lines) == len(RULE_NUMBERS[kind])
        for line in lines:
            assert " N " not in line and "earliest" not in line, line
            words = ("Monday", "right after", "same working day")
            assert any(ch.isdigit() for ch in line) or any(w in line for w in words), line


def test_numbers_read_as_people_say_them() -> None:
    assert number_said("thank-you", "due", 2) == (
        "Due: the end of working day 2 after the interview"
    )
    assert number_said("thank-you", "earliest", 1) == "Starts: 1 hour after the interview ends"
    assert number_said("send-promised", "earliest", 0) == "Starts: right after the interview ends"
    assert number_said("pipeline-review", "weekday", 4).startswith("On: Friday")
    assert number_said("pipeline-review", "due", 0) == "Due: the end of the same working day"
    assert number_said("stay-in-touch", "earliest", 3) == "Starts: 3 months after the rejection"
    assert number_said("interview-day", "earliest", 2).startswith("Starts: 2 working days before")


def test_channels_in_order_and_guidance_titles() -> None:
    assert channels_said((Channel.EMAIL, Channel.LETTER, Channel.PHONE)) == (
        "an email, else a letter, else a call"
    )
    cited = {s for rule in PLAYBOOK.rules.values() for s in rule.sources}
    assert cited <= set(GUIDANCE)
    assert all(title and not title[0].isdigit() for title in GUIDANCE.values())


def test_what_a_step_needs_without_the_command() -> None:
    needs = "add Emily Walsh's email: followup contacts edit 3 --email ..."
    assert need_said(needs) == "Add Emily Walsh's email"
