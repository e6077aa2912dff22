"""Personalisation: what a template may say about a step, as plain data (strings, lists,
dicts; never domain objects, and "" rather than None): the recipient and how to greet them,
the people copied, the interview and how its day reads from when the message goes out (in the
recipient's country's way: domain/dates.py), the topics that concern the recipient
(domain/topics.py), the skills to put forward phrased by what they are (domain/prose.py), what
was promised, the decision and who delivered it, the sender.

Pure: `now` is passed in. The templates that read it, and the sandbox they run in, are in
adapters/templates.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from followup.domain import prose, topics
from followup.domain.dates import relative_day, written_date
from followup.domain.model import (
    Application,
    Contact,
    Direction,
    Interview,
    Profile,
    Promise,
    Recipient,
    Relation,
    Step,
)
from followup.domain.names import NO_NAME, addressed_as, parse_name, salutation, same_name
from followup.domain.vocabulary import EMPLOYER_SIDE

DEFAULT_TONE = "formal"
MEETINGS = {"in-person": "meeting", "phone": "phone call", "video": "video call"}


def _contact(application: Application, recipient: Recipient) -> Contact | None:
    """The contact record behind a recipient: by id, else by name."""
    for contact in application.contacts:
        if recipient.contact_id is not None and contact.id == recipient.contact_id:
            return contact
    return next((c for c in application.contacts if same_name(c.name, recipient.name)), None)


def _person(
    application: Application, tone: str, name: str, relation: Relation, title: str | None,
    contact: Contact | None,
) -> dict[str, str]:  # fmt: skip
    """A person as a template sees them. No name: the employer's team as a whole."""
    company = application.company
    parsed = parse_name(name) if name else NO_NAME
    organisation = (contact.organisation if contact else None) or (
        company if relation in EMPLOYER_SIDE else ""
    )
    known = {
        k: (getattr(contact, k) if contact else None) or ""
        for k in ("email", "phone", "address", "notes")
    }
    return {
        "name": name,
        "first_name": parsed.first,
        "last_name": parsed.last,
        "honorific": parsed.honorific,
        "addressed_as": addressed_as(name, title, tone) if name else f"{company} team",
        "salutation": salutation(name, title, tone) if name else f"Dear {company} team,",
        "title": title or "",
        "organisation": organisation,
        "relation": relation.value,
        **known,
    }


def _of_recipient(application: Application, recipient: Recipient, tone: str) -> dict[str, str]:
    contact = _contact(application, recipient)
    r = recipient
    person = _person(application, tone, r.name, r.relation, r.title, contact)
    person["email"] = person["email"] or (recipient.email or "")
    return person


def _of_contact(application: Application, contact: Contact, tone: str) -> dict[str, str]:
    return _person(application, tone, contact.name, contact.relation, contact.title, contact)


def addressees(step: Step) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
    """(to, cc): the first recipient is written to; HR people after them are copied. The
    planner puts HR on one thank-you an interview, the lead interviewer's (HR's copy), or
    gives HR a note of its own (HR's other people copied): docs/playbook.md, `thank-you`."""
    copied = tuple(r for r in step.recipients[1:] if r.relation is Relation.HR)
    return tuple(r for r in step.recipients if r not in copied), copied


_INTERVIEW_TEXT = ("date", "day", "when", "time", "format", "meeting", "notes")
_LATER = ("decision_by", "next_round", "contact_on")
_NO_INTERVIEW: dict[str, Any] = dict.fromkeys((*_INTERVIEW_TEXT, *_LATER), "") | {
    "held": False,
    "round": 0,
}


def _interview(interview: Interview | None, sent: datetime, country: str | None) -> dict[str, Any]:
    if interview is None:
        return dict(_NO_INTERVIEW)
    tz = ZoneInfo(interview.timezone)
    start = interview.start.astimezone(tz)
    later = {
        "decision_by": interview.decision_by,
        "next_round": interview.next_round,
        "contact_on": interview.contact_on,
    }
    return {
        "held": True,
        "date": written_date(start.date(), country, weekday=True),
        "day": f"{start:%A}",
        "when": relative_day(start.date(), sent.astimezone(tz).date(), country),
        "time": f"{start:%H:%M}",
        "format": interview.format.value,
        "meeting": MEETINGS[interview.format.value],
        "round": interview.round,
        "notes": interview.notes or "",
    } | {k: written_date(v, country, weekday=True) if v else "" for k, v in later.items()}


def _mentions(skill: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(skill)}(?!\w)", text, re.IGNORECASE) is not None


def _skills(skills: Sequence[str], notes: str) -> tuple[list[str], list[str]]:
    """(discussed, key): up to two skills the notes mention, and the two to put forward:
    those discussed first, then the profile's in its order."""
    discussed = [s for s in skills if _mentions(s, notes)][:2]
    return discussed, (discussed + [s for s in skills if s not in discussed])[:2]


def _sender(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "first_name": parse_name(profile.name).first,
        "email": profile.email or "",
        "phone": profile.phone or "",
        "address": profile.address or "",
        "signature": profile.signature or "",
        "skills": list(profile.skills),
    }


def _promised(application: Application, step: Step, recipient: dict[str, str]) -> list[str]:
    """What this step sends (send-promised names its promise in its key), else what is still
    owed to this recipient."""
    number = re.fullmatch(r"send-promised:p(\d+)", step.key)
    if number:
        mine = [p for p in application.promises if p.id == int(number.group(1))]
        if mine:
            return [p.what for p in mine]
    owed: list[Promise] = [p for p in application.promises if not p.done]
    to_them = [p for p in owed if recipient["name"] and same_name(p.to, recipient["name"])]
    if step.kind == "send-promised" and not to_them:
        to_them = owed
    return [p.what for p in to_them]


def _country(
    application: Application, recipient: Recipient | None, interview: Interview | None,
    profile: Profile | None,
) -> str | None:  # fmt: skip
    """Whose convention dates follow: the recipient's country, else the interview's, else the
    user's."""
    contact = _contact(application, recipient) if recipient else None
    mine = profile.region if profile else None
    for region in (contact and contact.region, interview and interview.region, mine):
        if region:
            return region.country
    return None


def date_country(
    application: Application, step: Step | None, profile: Profile | None
) -> str | None:
    """The country whose way of writing dates a step's message follows (the drafts, their
    dates check, the printed letter's date): its first recipient's, else the interview's it
    follows, else the user's. Without a step: the latest interview's, else the user's."""
    to = addressees(step)[0][:1] if step else ()
    interview = _interview_of(application, step) if step else application.latest_interview
    return _country(application, to[0] if to else None, interview, profile)


def _phrased(skills: list[str]) -> dict[str, str]:
    """Skills as a sentence may say them (domain/prose.py); "" for none."""
    return {
        "talked_about": prose.talked_about(skills),
        "experience": prose.experience(skills),
        "strengths": prose.strengths(skills),
    }


def _topics(
    application: Application, interview: Interview | None, recipient: dict[str, str]
) -> list[str]:
    """The interview's topics that concern the recipient, theirs first (domain/topics.py)."""
    if interview is None or not interview.topics:
        return []
    people = [c.name for c in application.contacts if c.relation in EMPLOYER_SIDE]
    return topics.concerning(interview.topics, recipient["name"], people)


def delivered_by(application: Application) -> Contact | None:
    """Who told the user of the latest decision: the contact of the latest touch in (an
    auto-reply aside) at or before it, since the interview before it; None when not known."""
    decision = application.decision
    if decision is None:
        return None
    since = max((i.end for i in application.interviews if i.end <= decision.at), default=None)
    told = [
        t
        for t in application.touches
        if t.direction is Direction.IN
        and t.contact_id is not None
        and t.at <= decision.at
        and (since is None or t.at >= since)
    ]
    latest = max(told, key=lambda t: t.at, default=None)
    return next((c for c in application.contacts if latest and c.id == latest.contact_id), None)


def _decision(
    application: Application, recipient: dict[str, str], tone: str, home: ZoneInfo,
    country: str | None,
) -> dict[str, Any]:  # fmt: skip
    """The latest decision, and who delivered it: `by` (a person; no name when not known) and
    `by_recipient` (whether it was the recipient, to thank them "for letting me know")."""
    decision = application.decision
    by = delivered_by(application)
    return {
        "kind": decision.kind.value if decision else "",
        "date": written_date(decision.at.astimezone(home).date(), country, weekday=True)
        if decision
        else "",
        "by": _of_contact(application, by, tone) if by else _no_one(application, tone),
        "by_recipient": bool(by and recipient["name"] and same_name(by.name, recipient["name"])),
    }


def _no_one(application: Application, tone: str) -> dict[str, str]:
    """A person not known: every field "" (a template tests `.name`)."""
    return dict.fromkeys(_person(application, tone, "", Relation.HR, None, None), "")


def context(
    profile: Profile, application: Application, step: Step, now: datetime
) -> dict[str, Any]:
    """Everything a template may use, as plain data; missing text is "" (never None)."""
    tone = profile.tone or DEFAULT_TONE
    to, cc = addressees(step)
    people = [_of_recipient(application, r, tone) for r in to]
    nobody = _person(application, tone, "", Relation.INTERVIEWER, None, None)
    recipient = people[0] if people else nobody
    interviewers = [
        _of_contact(application, c, tone)
        for c in application.contacts
        if c.relation is Relation.INTERVIEWER
    ]
    hr = [
        _of_contact(application, c, tone) for c in application.contacts if c.relation is Relation.HR
    ]
    interview = _interview_of(application, step)
    country = _country(application, to[0] if to else None, interview, profile)
    notes = (application.notes, interview and interview.notes, recipient["notes"])
    discussed, key_skills = _skills(profile.skills, " ".join(n for n in notes if n))
    home = ZoneInfo(profile.timezone)
    sent = max(now, step.earliest)  # when the message may go out: dates read from then
    return {
        "kind": step.kind,
        "channel": step.channel.value,
        "tone": tone,
        "salutation": recipient["salutation"],
        "recipient": recipient,
        "to": people,
        "cc": [_of_recipient(application, r, tone) for r in cc],
        "lead": (interviewers or hr or [nobody])[0],
        "interviewers": interviewers,
        "profile": _sender(profile),
        "skills": list(profile.skills),
        "key_skills": key_skills,
        "discussed_skills": discussed,
        "key": _phrased(key_skills),
        "discussed": _phrased(discussed),
        "strong_points": _phrased(
            key_skills + [s for s in profile.skills if s not in key_skills][:1]
        ),
        "topics": _topics(application, interview, recipient),
        "company": application.company,
        "role": application.role,
        "source": application.source.value,
        "stage": application.stage.value,
        "notes": application.notes or "",
        "interview": _interview(interview, sent, country),
        "promised": _promised(application, step, recipient),
        "decision": _decision(application, recipient, tone, home, country),
        "today": written_date(sent.astimezone(home).date(), country, weekday=True),
        "applied": written_date(application.applied_at, country, weekday=True)
        if application.applied_at
        else "",
    }


def _interview_of(application: Application, step: Step) -> Interview | None:
    """The interview a step follows: the one its key names (`thank-you:i3:c7`), else the
    latest."""
    named = re.search(r":i(\d+)(?::|$)", step.key)
    found = (i for i in application.interviews if named and i.id == int(named[1]))
    return next(found, application.latest_interview)
