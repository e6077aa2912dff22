"""A debrief as the user typed it -> a Debrief: the one way `followup debrief` (its flags and
its questions) and the web's Debrief form read it. Every mistake is found, each under the field
it concerns (the form shows them all; the command line prints the first).

The people met are the employer's: they belong to the company and keep the interview's country.
A referral is nobody's but their own: their country is not known, so the profile's stands in
(it reads a phone number without a +prefix, and dates their steps, as the planner would)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from followup.domain import debrief as debriefs
from followup.domain.debrief import Debrief
from followup.domain.model import Application, Contact, Interview, Profile, Relation
from followup.input import parse
from followup.input.interview_form import Checker, Person, Problems
from followup.input.interview_form import topic as topic  # one topic, as `add` reads it

# How messages name each answer: the command line's options (the web passes its labels).
FLAGS = {
    "people": "--person",
    "decision_by": "--decision-by",
    "contact_on": "--contact-on",
    "promises": "--promise",
    "referrals": "--referral",
    "topics": "--topic",
}


@dataclass(frozen=True, slots=True)
class Typed:
    """A debrief's answers as typed; empty means not given. A person's `key` names where they
    were typed (a form's row), their `label` how messages name them."""

    people: tuple[Person, ...] = ()
    decision_by: str = ""
    contact_on: str = ""
    promises: tuple[str, ...] = ()
    referrals: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=lambda: FLAGS)


def person_met(person: Person, application: Application, interview: Interview) -> Contact:
    """Someone the user met: one of the employer's people, in the interview's country."""
    return parse.contact(
        person.label,
        person.name.strip(),
        Relation.INTERVIEWER,
        person.title.strip() or None,
        person.email.strip() or None,
        person.phone.strip() or None,
        interview.region,
        application.company,
    )


def referral(text: str, label: str, profile: Profile | None) -> Contact:
    """A person suggested at the interview, `Name, Title, email, phone` (see parse.person)."""
    return parse.person(text, Relation.REFERRAL, label, profile.region if profile else None, None)


def day(text: str, label: str, interview: Interview) -> date:
    """A date like 2026-12-18, not before the interview's own day."""
    return debriefs.check_day(parse.day(text, label), interview, label)


def debrief(
    typed: Typed, application: Application, interview: Interview, profile: Profile | None
) -> Debrief:
    """The Debrief `typed` describes for `interview` of `application`. Raises Problems, with
    every mistake."""
    check, labels = Checker(), {**FLAGS, **typed.labels}
    people = []
    for person in typed.people:
        if person.blank:
            continue
        key = person.key or person.label
        if check.require(f"{key}.name", person.name, f"{person.label}: the name"):
            people.append(check(key, person_met, person, application, interview))
    decision_by, contact_on = (
        check(name, day, text, labels[name], interview) if text.strip() else None
        for name, text in (("decision_by", typed.decision_by), ("contact_on", typed.contact_on))
    )
    promises = [check("promises", parse.promise, p, labels["promises"]) for p in typed.promises]
    referrals = [
        check("referrals", referral, r, labels["referrals"], profile) for r in typed.referrals
    ]
    topics = [check("topics", topic, t, labels["topics"]) for t in typed.topics]
    if check.found:
        raise Problems(check.found)
    return Debrief(
        people=tuple(p for p in people if p is not None),
        decision_by=decision_by,
        contact_on=contact_on,
        promises=tuple(p for p in promises if p is not None),
        referrals=tuple(r for r in referrals if r is not None),
        topics=tuple(t for t in topics if t is not None),
    )
