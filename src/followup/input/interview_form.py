"""An interview as the user typed it -> the Application to record: the one way both
`followup add` and the web's Add interview form read it. Every mistake is found, each under
the field it concerns (the form shows them all; the command line prints the first)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple, TypeVar

from followup.domain import playbook as playbooks
from followup.domain.cards import OcrLine
from followup.domain.errors import InvalidInput
from followup.domain.model import (
    TOPICS,
    Application,
    Contact,
    Interview,
    InterviewFormat,
    Profile,
    Promise,
    Relation,
    Source,
    Stage,
    choice,
)
from followup.domain.values import Region, check_email, check_phone, one_line, zone
from followup.input import parse

T = TypeVar("T")

# A person's role at the interview -> (relation, whether they work for the employer).
ROLES: dict[str, tuple[Relation, bool]] = {
    "interviewer": (Relation.INTERVIEWER, True),
    "hr": (Relation.HR, True),
    "recruiter": (Relation.RECRUITER, True),
    "agency": (Relation.RECRUITER, False),
    "reference": (Relation.REFERENCE, False),
    "referral": (Relation.REFERRAL, False),
    "helper": (Relation.HELPER, False),
}
# How messages name each field: the command line's options (the web passes its labels).
FLAGS = {
    "at": "--at",
    "duration": "--duration",
    "decision_by": "--decision-by",
    "contact_on": "--contact-on",
    "next_round": "--next-round",
    "promises": "--promise",
    "applied": "--applied",
    "format": "--format",
    "round": "--round",
    "topics": "--topic",
}
# What only an interview has: refused without one (the typed value, and its default).
_INTERVIEW_ONLY = (
    "duration", "format", "round", "decision_by", "contact_on", "next_round", "topics",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    """One person as typed: their role (a key of ROLES) and what their card says. `key` names
    where they were typed (a form's row); `label` how messages name them."""

    role: str
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    key: str = ""
    label: str = ""

    @property
    def blank(self) -> bool:
        return not any(v.strip() for v in (self.name, self.title, self.email, self.phone))


@dataclass(frozen=True, slots=True)
class Typed:
    """Everything about an interview as the user typed it; empty means not given."""

    company: str
    role: str
    at: str
    duration: str = "60m"
    tz: str = ""
    country: str = ""
    format: str = "in-person"
    round: str = "1"
    source: str = ""
    notes: str = ""
    decision_by: str = ""
    contact_on: str = ""
    next_round: str = ""
    people: tuple[Person, ...] = ()
    promises: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=lambda: FLAGS)
    applied: str = ""  # the day applied for; with no `at`, the application has no interview yet
    topics: tuple[str, ...] = ()  # what was discussed, one topic each


class Problems(InvalidInput):
    """Every mistake in what was typed, by field; its message is the first one."""

    def __init__(self, found: Mapping[str, str]) -> None:
        super().__init__(next(iter(found.values())))
        self.found = dict(found)


class Checker:
    """Collects each field's first mistake instead of stopping at the first one."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def __call__(
        self, key: str, make: Callable[..., T], *args: object, prefix: str = ""
    ) -> T | None:
        try:
            return make(*args)
        except InvalidInput as exc:
            self.found.setdefault(key, f"{prefix}{exc}")
            return None

    def require(self, key: str, value: str, what: str) -> str:
        if not value.strip():
            self.found.setdefault(key, f"{what} must not be empty")
        return value.strip()


def _contact(person: Person, check: Checker, region: Region | None, company: str) -> Contact | None:
    relation, employer = ROLES[person.role]
    prefix = f"{person.label}: " if person.label else ""
    key = person.key or person.label
    name = check.require(f"{key}.name", person.name, f"{prefix}the name")
    email = person.email.strip() or None
    phone = person.phone.strip() or None
    if email and check(f"{key}.email", check_email, email, prefix=prefix) is None:
        return None
    if phone and check(f"{key}.phone", check_phone, phone, region, prefix=prefix) is None:
        return None
    if not name:
        return None
    title, organisation = person.title.strip() or None, company if employer else None
    return check(
        key, parse.contact, person.label, name, relation, title, email, phone, region, organisation
    )


def _people(
    typed: Typed, check: Checker, company: str, where: Region | None, home: Region | None
) -> list[Contact | None]:
    """The people typed: the employer's in `where` (the interview's country, or the company's
    as typed), anyone else (a reference, a referral, a helper, an agency's recruiter) in `home`,
    the user's."""
    return [
        _contact(p, check, where if ROLES[p.role][1] else home, company)
        for p in typed.people
        if not p.blank
    ]


def topic(text: str, label: str = "--topic") -> str:
    """One topic discussed: one line of text, not empty."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(f"{label}: a topic must not be empty")
    return one_line(cleaned, f"{label} {cleaned[:40]!r}")


def _whole_number(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} {text!r} is not a whole number like 1") from None


def application(typed: Typed, profile: Profile | None, playbook: playbooks.Playbook) -> Application:
    """The application `typed` describes, with its interview, people, promises and settings;
    the time zone and country default to the profile's. Raises Problems, with every mistake."""
    check, labels = Checker(), {**FLAGS, **typed.labels}
    company = check.require("company", typed.company, "company")
    role = check.require("role", typed.role, "role")
    zone_name = typed.tz.strip() or (profile.timezone if profile else "UTC")
    zone_ok = check("tz", zone, zone_name) is not None
    where = check("country", parse.region, typed.country.strip() or None)
    if not typed.country.strip() and profile:
        where = profile.region
    applied = (
        check("applied", parse.day, typed.applied, labels["applied"])
        if typed.applied.strip()
        else None
    )
    home = profile.region if profile else None
    if not typed.at.strip() and typed.applied.strip():  # applied for, no interview yet
        return _applied_only(typed, check, company, role, applied, (where, home), labels)
    start = None
    if typed.at.strip():
        start = check("at", parse.moment, typed.at, zone_name if zone_ok else "UTC", labels["at"])
    else:
        check.found.setdefault("at", f"{labels['at']} is required: when the interview starts")
    length = check("duration", parse.duration, typed.duration, labels["duration"])
    decision_by, contact_on, next_round = (
        check(name, parse.day, text, labels[name]) if text.strip() else None
        for name, text in (
            ("decision_by", typed.decision_by),
            ("contact_on", typed.contact_on),
            ("next_round", typed.next_round),
        )
    )
    kind = check("format", choice, InterviewFormat, typed.format, "interview format")
    number = check("round", _whole_number, typed.round, "round")
    notes = typed.notes.strip() or None
    # The employer's people get the interview's country; anyone else (a reference, a referral,
    # a helper, an agency's recruiter) the user's: their own calendar, never the interview's.
    people = _people(typed, check, company, where, home)
    promises = [check("promises", parse.promise, p, labels["promises"]) for p in typed.promises]
    topics = [check("topics", topic, t, labels["topics"]) for t in typed.topics]
    if len(topics) > TOPICS:
        check.found.setdefault("topics", f"{labels['topics']}: at most {TOPICS} topics")
    settings = [check("settings", playbooks.parse_setting, s) for s in typed.settings]
    chosen = dict(s for s in settings if s is not None)
    if "settings" not in check.found:
        check("settings", playbook.with_settings, chosen)
    agency = any(p.role == "agency" for p in typed.people if not p.blank)
    source = (
        check("source", choice, Source, typed.source, "source")
        if typed.source.strip()
        else (Source.AGENCY if agency else Source.DIRECT)
    )
    if start and applied and applied > start.date():
        check.found.setdefault(
            "applied",
            f"{labels['applied']} {applied.isoformat()} is after the interview "
            f"({start.date().isoformat()}): the day applied for comes first",
        )
    if check.found:
        raise Problems(check.found)
    assert start and length and kind and number is not None and source  # else found above

    def made() -> Application:
        interview = Interview(
            start=start,
            end=start + length,
            timezone=zone_name,
            region=where,
            format=kind,
            round=number,
            notes=notes,
            decision_by=decision_by,
            contact_on=contact_on,
            next_round=next_round,
            topics=tuple(t for t in topics if t is not None),
        )
        return Application(
            company=company,
            role=role,
            source=source,
            notes=notes,
            interviews=(interview,),
            contacts=tuple(p for p in people if p is not None),
            promises=tuple(p for p in promises if p is not None),
            settings=chosen,
            applied_at=applied,
        )

    # What is left for the model to refuse: a round below 1; an agency without its contact.
    result = check("round" if number < 1 else "source", made)
    if result is None:
        raise Problems(check.found)
    return result


def _applied_only(
    typed: Typed,
    check: Checker,
    company: str,
    role: str,
    applied: date | None,
    regions: tuple[Region | None, Region | None],
    labels: Mapping[str, str],
) -> Application:
    """An application applied for that has no interview yet: its people and notes; what only
    an interview has is refused, each under its field. `regions`: the employer's country (the
    one typed, else the user's) and the user's."""
    defaults = Typed(company="", role="", at="")
    for name in (*_INTERVIEW_ONLY, "promises"):
        if getattr(typed, name) and getattr(typed, name) != getattr(defaults, name):
            check.found.setdefault(
                name, f"{labels.get(name, name)} is about an interview: give its start too"
            )
    people = _people(typed, check, company, *regions)
    settings = [check("settings", playbooks.parse_setting, s) for s in typed.settings]
    chosen = dict(s for s in settings if s is not None)
    agency = any(p.role == "agency" for p in typed.people if not p.blank)
    source = (
        check("source", choice, Source, typed.source, "source")
        if typed.source.strip()
        else (Source.AGENCY if agency else Source.DIRECT)
    )
    if check.found:
        raise Problems(check.found)
    assert source is not None

    def made() -> Application:
        return Application(
            company=company,
            role=role,
            source=source,
            stage=Stage.APPLIED,
            notes=typed.notes.strip() or None,
            contacts=tuple(p for p in people if p is not None),
            settings=chosen,
            applied_at=applied,
        )

    result = check("source", made)  # an agency without its contact
    if result is None:
        raise Problems(check.found)
    return result


class Round(NamedTuple):
    """Another interview of an application as typed: the interview, the people met at it (new
    ones, or the application's own met again: `services.applications.add_round` tells), and
    the promises made at it."""

    interview: Interview
    people: tuple[Contact, ...]
    promises: tuple[Promise, ...]


def another_round(
    typed: Typed, current: Application, profile: Profile | None, playbook: playbooks.Playbook
) -> Round:
    """Another interview of `application` as typed, read as `application()` reads a first one
    (company and role are the application's). The time zone and country default to the
    latest interview's, else the profile's; the round to the one after the highest recorded.
    Raises Problems, with every mistake."""
    latest = current.latest_interview
    if latest is not None:
        typed = replace(
            typed,
            tz=typed.tz.strip() or latest.timezone,
            country=typed.country.strip() or (str(latest.region) if latest.region else ""),
        )
    number = max((i.round for i in current.interviews), default=0) + 1
    typed = replace(
        typed,
        company=current.company,
        role=current.role,
        round=typed.round.strip() or str(number),
        applied="",
        settings=(),
    )
    if not typed.at.strip():
        label = {**FLAGS, **typed.labels}["at"]
        raise Problems({"at": f"{label} is required: when the round starts"})
    made = application(typed, profile, playbook)
    return Round(made.interviews[0], made.contacts, made.promises)


def pasted_card(text: str) -> list[OcrLine]:
    """A card's text as pasted, as the lines an OCR would give: top to bottom in the order
    typed, each the same height (so none looks like the name by its size), read for sure."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [OcrLine(line, 1.0, _box(top=60.0 * i, height=40.0)) for i, line in enumerate(lines)]


def _box(top: float, height: float, width: float = 600.0) -> tuple[tuple[float, float], ...]:
    bottom = top + height
    return ((0.0, top), (width, top), (width, bottom), (0.0, bottom))
