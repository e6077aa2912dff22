"""Steps and rules in plain words, for people who have never seen the CLI: what a step asks of
you ("Thank Priya Shah for the interview", "Call Tom Ellis to check in"), what each rule is
called, its numbers as sentences and its channels in order.

Pure: the web's Today and rule pages use it; the CLI can. The guidance's titles are in
`playbook.GUIDANCE`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from followup.domain.model import Channel, Step
from followup.domain.playbook import RULE_NUMBERS, Rule
from followup.domain.prose import join_and

# How a message reaches someone, as the verb of a sentence.
_VERB = {
    Channel.EMAIL: "Email",
    Channel.LETTER: "Write to",
    Channel.PHONE: "Call",
    Channel.VOICEMAIL: "Call",
    Channel.IN_PERSON: "See",
}
# Each kind with a channel: a sentence with {who} (the people written to) and {what}
# (what was promised), by channel; the key None is every other channel.
_SAID: Mapping[str, Mapping[Channel | None, str]] = MappingProxyType(
    {
        "thank-you": {
            Channel.EMAIL: "Thank {who} for the interview",
            Channel.LETTER: "Write to thank {who} for the interview",
            None: "Call {who} to say thank you for the interview",
        },
        "send-promised": {None: "Send {who} {what} you promised"},
        "reference-heads-up": {
            Channel.EMAIL: "Tell {who} the employer may call for a reference",
            None: "{verb} {who} to say the employer may call for a reference",
        },
        "referral-outreach": {None: "{verb} {who}, suggested to you at the interview"},
        "agency-update": {None: "Tell {who} you will follow up with the employer directly"},
        "check-in-call": {None: "{verb} {who} to check in"},
        "keep-in-touch": {
            Channel.LETTER: "Send {who} a short letter restating your strong points",
            None: "{verb} {who} to keep in touch",
        },
        "feedback-request": {
            Channel.EMAIL: "Ask {who} for feedback",
            None: "{verb} {who} to ask for feedback",
        },
        "stay-in-touch": {
            Channel.EMAIL: "Tell {who} you are still interested in future openings",
            None: "{verb} {who} that you are still interested in future openings",
        },
        "thank-references": {
            Channel.EMAIL: "Thank {who} for the reference",
            None: "{verb} {who} to thank them for the reference",
        },
        "status-check": {
            Channel.EMAIL: "Ask {who} where your application stands",
            None: "{verb} {who} to ask where your application stands",
        },
        "pipeline-review": {None: "Line up more applications"},
        "interview-day": {None: "Get ready for the interview: go through the checklist"},
    }
)
# Whom a step of each kind is for when it names nobody.
_NOBODY = {
    "reference-heads-up": "your references",
    "thank-references": "your references",
    "agency-update": "the agency",
}

# Each rule's name, as a heading.
RULE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "thank-you": "Thank each person you met",
        "send-promised": "Send what you promised",
        "reference-heads-up": "Tell your references",
        "referral-outreach": "Contact the people suggested to you",
        "agency-update": "Tell the agency",
        "check-in-call": "The check-in call",
        "keep-in-touch": "Keep in touch until they decide",
        "feedback-request": "Ask for feedback after a rejection",
        "stay-in-touch": "Stay in touch after a rejection",
        "thank-references": "Thank your references",
        "status-check": "Ask where your application stands",
        "pipeline-review": "Keep searching while you wait",
        "interview-day": "The checklist before an interview",
    }
)
# What each number is, as the start of a sentence.
_NUMBER_NAMES = {
    "earliest": "Starts",
    "due": "Due",
    "retry": "After a call nobody answers",
    "count": "How many",
    "again": "The second",
    "weekday": "On",
    "below": "Shown while you have fewer active applications than",
}
_SINGULAR = {"hours": "hour", "days": "day", "months": "month"}
_CHANNEL_NAMES = {
    Channel.EMAIL: "an email",
    Channel.LETTER: "a letter",
    Channel.PHONE: "a call",
    Channel.VOICEMAIL: "a voicemail",
    Channel.IN_PERSON: "in person",
    Channel.OTHER: "a checklist for you",
}


def to_do(kind: str, channel: Channel, names: Sequence[str], promised: Sequence[str] = ()) -> str:
    """What a step asks of you, in one sentence: `names` are the people written to (not those
    copied), `promised` what a send-promised step sends."""
    said = _SAID.get(kind)
    verb = _VERB.get(channel, "Contact")
    if said is None:  # a kind this module does not know: still a sentence
        said = {None: "{verb} {who}: " + kind.replace("-", " ")}
    text = said.get(channel) or said[None]
    who = join_and(list(names)) or _NOBODY.get(kind, "the company")
    what = join_and(list(promised))
    if what and _FIRST_PERSON & set(what.lower().split()):  # "my write-up": as typed, after
        return f"{text.format(verb=verb, who=who, what='what')}: {what}"
    what = (what if _has_article(what) else f"the {what}") if what else "what"
    return text.format(verb=verb, who=who, what=what)


def step_said(step: Step, promised: Sequence[str] = ()) -> str:
    """`to_do` of a step: its kind and channel, and the people it writes to (HR copied on a
    thank-you is not named: `personalisation.addressees`)."""
    from followup.domain.personalisation import addressees

    return to_do(step.kind, step.channel, [r.name for r in addressees(step)[0]], promised)


_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "our", "we", "us"})


def _has_article(text: str) -> bool:
    first = text.split(maxsplit=1)[0].lower() if text.split() else ""
    return first in ("a", "an", "the", "my", "your", "some", "our", "their", "his", "her")


def number_said(kind: str, name: str, value: int) -> str:
    """One of a rule's numbers as a sentence: ("thank-you", "due", 2) -> "Due: the end of
    working day 2 after the interview" (units: `playbook.RULE_NUMBERS`)."""
    unit = RULE_NUMBERS[kind][name].removesuffix(", for the second")
    unit = unit.replace("its earliest", "it starts")
    label = _NUMBER_NAMES.get(name, name.capitalize())
    if name == "weekday":
        return f"{label}: {calendar.day_name[value]}, from the start of working hours"
    if name == "retry":
        return f"{label}: an email, due at the end of working day {value} after the call"
    if name == "below":
        return f"Shown while you have fewer than {value} active applications"
    if name == "count":
        return f"{label}: {value}"
    if value == 0 and unit.startswith("hours after "):
        return f"{label}: right after {unit.removeprefix('hours after ')}"
    if value == 0 and unit.startswith("end of working day N"):
        return f"{label}: the end of the same working day"
    if unit.startswith(("start of", "end of")):
        return f"{label}: the {unit.replace('day N', f'day {value}')}"
    first, rest = unit.split(" ", 1)
    if value == 1 and first in _SINGULAR:
        first = _SINGULAR[first]
    elif value == 1 and unit.startswith("working days"):
        first, rest = "working", "day" + rest.removeprefix("days")
    return f"{label}: {value} {first} {rest}"


def numbers_said(rule: Rule) -> list[str]:
    """Each number of the rule as a sentence, in the playbook's order."""
    return [number_said(rule.kind, name, value) for name, value in rule.numbers.items()]


def channels_said(channels: Sequence[Channel]) -> str:
    """The channels in order of preference: "an email, else a letter, else a call"."""
    return ", else ".join(_CHANNEL_NAMES[c] for c in channels)


def need_said(needs: str) -> str:
    """What a step needs, without the command that adds it (a page offers a link instead):
    "add Emily Walsh's email: followup contacts edit 3 --email ..." -> "Add Emily Walsh's
    email"."""
    words = needs.split(": followup ", 1)[0].strip()
    return words[:1].upper() + words[1:]
