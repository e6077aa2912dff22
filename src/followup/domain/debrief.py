"""What the user brings back from an interview (a Debrief), and what it changes in the
application: the people met matched to those on record (a card's title and email win), the
promises and referrals not yet there, the topics added, what happens next set on the interview.

Pure: `now` is passed in. The use case that stores the changes and replans is
services/debrief.py; what a person types becomes a Debrief in input/debrief_form.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import Application, Contact, Interview, Promise, Relation
from followup.domain.names import same_name


@dataclass(frozen=True, slots=True)
class Debrief:
    """The answers of a debrief; each is optional, but one at least is given."""

    people: tuple[Contact, ...] = ()  # the employer's people met (their cards)
    decision_by: date | None = None
    contact_on: date | None = None
    promises: tuple[Promise, ...] = ()
    referrals: tuple[Contact, ...] = ()  # people suggested to talk to
    topics: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        given = (self.people, self.promises, self.referrals, self.topics)
        return not any(given) and self.decision_by is None and self.contact_on is None


@dataclass(frozen=True, slots=True)
class Changes:
    """What a debrief changes: the interview as it now stands, the contacts to add and those on
    record with what the debrief adds to them, and the new promises."""

    interview: Interview
    added: tuple[Contact, ...]
    updated: tuple[Contact, ...]
    promises: tuple[Promise, ...]


def interview_of(application: Application, now: datetime) -> Interview:
    """The interview a debrief is about: of those that have begun by `now`, the one that ends
    last (as `Application.latest_interview` chooses)."""
    if not application.interviews:
        raise Conflict(f"application {application.id} has no interview to debrief")
    begun = [i for i in application.interviews if i.start <= now]
    if not begun:
        first = min(application.interviews, key=lambda i: i.start)
        raise Conflict(
            f"the interview of application {application.id} begins "
            f"{first.start:%a %d %b %Y %H:%M} ({first.timezone}): debrief it once it has begun"
        )
    return max(begun, key=lambda i: i.end)


def check_day(day: date, interview: Interview, what: str) -> date:
    """`day`, unless it is before the interview's own day (a typo, surely)."""
    held = interview.start.date()
    if day < held:
        raise InvalidInput(f"{what} {day.isoformat()} is before the interview ({held.isoformat()})")
    return day


def _merged(on_record: Contact, met: Contact) -> Contact:
    """The contact on record with what was met: a card's title, email and phone win."""
    return dataclasses.replace(
        on_record,
        title=met.title or on_record.title,
        email=met.email or on_record.email,
        phone=met.phone or on_record.phone,
        organisation=on_record.organisation or met.organisation,
    )


def _people(
    record: tuple[Contact, ...], met: tuple[Contact, ...], relations: frozenset[Relation] | None
) -> tuple[list[Contact], list[Contact]]:
    """(added, updated): each person met, matched by name to a contact on record (of
    `relations`, when given) or to one met before them in the same debrief."""
    added: list[Contact] = []
    updated: dict[int, Contact] = {}
    for person in met:
        known = next(
            (
                updated.get(c.id or 0, c)
                for c in record
                if same_name(c.name, person.name) and (relations is None or c.relation in relations)
            ),
            None,
        )
        if known is not None:
            merged = _merged(known, person)
            if merged != known:
                updated[known.id or 0] = merged
            continue
        twice = next((i for i, c in enumerate(added) if same_name(c.name, person.name)), None)
        if twice is None:
            added.append(person)
        else:
            added[twice] = _merged(added[twice], person)
    return added, list(updated.values())


def changes(application: Application, debrief: Debrief, now: datetime) -> Changes:
    """What `debrief` changes in `application`, debriefed at `now`."""
    if debrief.empty:
        raise InvalidInput(
            "nothing to record: give the people you met, a decision date or a date to get in "
            "touch, a promise, a referral or a topic"
        )
    interview = interview_of(application, now)
    asked = ((debrief.decision_by, "the decision date"), (debrief.contact_on, "the contact date"))
    for day, what in asked:
        if day is not None:
            check_day(day, interview, what)
    added, updated = _people(application.contacts, debrief.people, None)
    referrals = frozenset({Relation.REFERRAL})
    new_referrals, known_referrals = _people(application.contacts, debrief.referrals, referrals)
    changed = {c.id: c for c in updated}
    for contact in known_referrals:
        changed[contact.id] = _merged(changed.get(contact.id, contact), contact)
    owed = {(_folded(p.what), _folded(p.to)) for p in application.promises}
    promises: list[Promise] = []
    for promise in debrief.promises:
        key = (_folded(promise.what), _folded(promise.to))
        if key not in owed:
            owed.add(key)
            promises.append(promise)
    topics = list(interview.topics)
    for topic in debrief.topics:
        if all(_folded(topic) != _folded(t) for t in topics):
            topics.append(" ".join(topic.split()))
    told = dataclasses.replace(
        interview,
        decision_by=debrief.decision_by or interview.decision_by,
        contact_on=debrief.contact_on or interview.contact_on,
        topics=tuple(topics),
        debriefed_at=now,
    )
    return Changes(
        interview=told,
        added=(*added, *new_referrals),
        updated=tuple(changed.values()),
        promises=tuple(promises),
    )


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
