"""From a step to its draft: the message templates, their context and the sandbox they run in.

Templates are Jinja2 text files named `{kind}.{channel}.{tone}.txt.j2`, shipped in
`followup/templates/` and overridable by a file of the same name in a user directory. Users
edit them, so they run in Jinja2's sandbox: a template that reaches for Python internals is
refused, and one that names an unknown value is an error rather than a blank in a letter.
The context is plain data (strings, lists, dicts), never domain objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, Template
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateNotFound,
    TemplatesNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from nameparser import HumanName
from nameparser.config import CONSTANTS

from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Interview,
    Profile,
    Promise,
    Recipient,
    Relation,
    Step,
)

SUFFIX = ".txt.j2"
DEFAULT_TONE = "formal"
EMPLOYER_SIDE = frozenset({Relation.INTERVIEWER, Relation.HR})
MEETINGS = {"in-person": "meeting", "phone": "phone call", "video": "video call"}

# Honorifics honoured in a salutation when typed before a name (or as a contact's title).
# Job words that nameparser also calls titles ("Director", "Chief") are not among them.
_HONORIFIC_WORDS = (
    "mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev revd reverend fr father "
    "rabbi imam hon judge justice capt captain major col colonel gen general lt sgt herr frau "
    "mme madame mlle monsieur m sr sra srta señor señora dott ing mag"
)
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())
FIRST_NAME_HONORIFICS = frozenset({"sir", "dame"})  # Sir Elton John -> Dear Sir Elton
ACADEMIC = frozenset({"dr", "doctor", "prof", "professor"})  # honoured from a contact's title
# Jr, Sr, III belong to a name; degrees (PhD, MBA) do not belong in a greeting.
_GENERATIONAL = frozenset(CONSTANTS.suffix_not_acronyms) - {"esq", "esquire", "ret", "vet"}


# -- names and salutations -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name and its parts: honorific, first name (or nickname), surname."""

    plain: str  # without honorific or degrees: "Priya Shah", "María José de la Cruz"
    honorific: str  # "Dr", "Prof. Dr.", "" when none was typed
    first: str  # the name a friend would use: nickname, else first name, else the full name
    last: str  # surname with its particles: "de la Cruz", "van der Berg"


def _is_honorific(words: str) -> bool:
    parts = words.replace(".", " ").casefold().split()
    return bool(parts) and all(p in HONORIFICS for p in parts)


def parse_name(name: str) -> Name:
    """nameparser's reading of a name, corrected where it misreads ("Mrs van der Berg") and
    keeping only honorifics from HONORIFICS as such."""
    full = " ".join(name.split())
    parsed = HumanName(full)
    honorific = parsed.title if _is_honorific(parsed.title) else ""
    first, last = parsed.first, parsed.last
    if honorific and first.casefold() in CONSTANTS.prefixes:  # "Mrs van der Berg"
        first, last = "", " ".join(p for p in (first, parsed.middle, last) if p)
    generational = [s for s in parsed.suffix_list if s.strip(".,").casefold() in _GENERATIONAL]
    words = [first, parsed.middle, last, *generational]
    if not honorific and parsed.title:  # a job word before the name is kept as typed
        words.insert(0, parsed.title)
    plain = " ".join(w for w in words if w) or full
    friendly = parsed.nickname or first or plain
    return Name(plain, honorific[:1].upper() + honorific[1:], friendly, last or plain)


def addressed_as(name: str, title: str | None, tone: str) -> str:
    """How to address someone: "Dr Müller", "Priya Shah" (formal) or "Priya" (warm).

    Gender is unknown, so no Mr or Ms is guessed: an honorific is used only when the user
    typed one ("Dr Jürgen Müller") or the contact's title is academic ("Professor")."""
    parsed = parse_name(name)
    honorific = parsed.honorific
    if not honorific and title and title.split()[0].strip(".,").casefold() in ACADEMIC:
        honorific = title.split()[0].rstrip(",")
    if honorific:
        surname = parsed.first if honorific.casefold() in FIRST_NAME_HONORIFICS else parsed.last
        return f"{honorific} {surname}"
    return parsed.first if tone == "warm" else parsed.plain


def salutation(contact_or_recipient_name: str, title: str | None, tone: str) -> str:
    """The greeting line: "Dear Dr Müller,", "Dear Priya Shah," (formal), "Dear Priya," (warm)."""
    return f"Dear {addressed_as(contact_or_recipient_name, title, tone)},"


def join_and(items: Sequence[object], conjunction: str = "and") -> str:
    """["a", "b", "c"] -> "a, b and c" (a template filter)."""
    words = [str(i) for i in items if str(i)]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


# -- the context a template sees -------------------------------------------------------------


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _contact(application: Application, recipient: Recipient) -> Contact | None:
    """The contact record behind a recipient: by id, else by name."""
    for contact in application.contacts:
        if recipient.contact_id is not None and contact.id == recipient.contact_id:
            return contact
    return next((c for c in application.contacts if _same(c.name, recipient.name)), None)


def _person(
    application: Application, tone: str, name: str, relation: Relation, title: str | None,
    contact: Contact | None,
) -> dict[str, str]:  # fmt: skip
    """A person as a template sees them. No name: the employer's team as a whole."""
    company = application.company
    parsed = parse_name(name) if name else Name("", "", "", "")
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
    """(to, cc): HR people after the first recipient are copied (the thank-you's HR copy)."""
    first = step.recipients[:1]
    if not first or first[0].relation is Relation.HR:
        return step.recipients, ()
    copied = tuple(r for r in step.recipients[1:] if r.relation is Relation.HR)
    return tuple(r for r in step.recipients if r not in copied), copied


def natural_date(day: date, us: bool = False) -> str:
    """The day written out: "Tuesday 10 March 2026" ("Tuesday, March 10, 2026" in the US)."""
    if us:
        return f"{day:%A}, {day:%B} {day.day}, {day.year}"
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def relative_day(day: date, reference: date, us: bool = False) -> str:
    """How `day` reads on `reference`: "today", "yesterday", "on Tuesday", "on 10 March"."""
    days = (reference - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {day:%A}"
    short = f"{day:%B} {day.day}" if us else f"{day.day} {day:%B}"
    return f"on {short}" if day.year == reference.year else f"on {short}, {day.year}"


_INTERVIEW_TEXT = ("date", "day", "when", "time", "format", "meeting", "notes")
_LATER = ("decision_by", "next_round", "contact_on")
_NO_INTERVIEW: dict[str, Any] = dict.fromkeys((*_INTERVIEW_TEXT, *_LATER), "") | {
    "held": False,
    "round": 0,
}


def _interview(interview: Interview | None, sent: datetime, us: bool) -> dict[str, Any]:
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
        "date": natural_date(start.date(), us),
        "day": f"{start:%A}",
        "when": relative_day(start.date(), sent.astimezone(tz).date(), us),
        "time": f"{start:%H:%M}",
        "format": interview.format.value,
        "meeting": MEETINGS[interview.format.value],
        "round": interview.round,
        "notes": interview.notes or "",
    } | {k: natural_date(v, us) if v else "" for k, v in later.items()}


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
    to_them = [p for p in owed if recipient["name"] and _same(p.to, recipient["name"])]
    if step.kind == "send-promised" and not to_them:
        to_them = owed
    return [p.what for p in to_them]


def context(
    profile: Profile, application: Application, step: Step, now: datetime
) -> dict[str, Any]:
    """Everything a template may use, as plain data; missing text is "" (never None)."""
    us = bool(profile.region and profile.region.country == "US")
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
    interview = max(application.interviews, key=lambda i: i.end, default=None)
    notes = (application.notes, interview and interview.notes, recipient["notes"])
    discussed, key_skills = _skills(profile.skills, " ".join(n for n in notes if n))
    decision = application.decision
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
        "company": application.company,
        "role": application.role,
        "source": application.source.value,
        "stage": application.stage.value,
        "notes": application.notes or "",
        "interview": _interview(interview, sent, us),
        "promised": _promised(application, step, recipient),
        "decision": {
            "kind": decision.kind.value if decision else "",
            "date": natural_date(decision.at.astimezone(home).date(), us) if decision else "",
        },
        "today": natural_date(sent.astimezone(home).date(), us),
    }


# -- templates: where they are, and rendering them safely ------------------------------------


@lru_cache(maxsize=16)
def _environment(dirs: tuple[str, ...]) -> ImmutableSandboxedEnvironment:
    loaders = [FileSystemLoader(d) for d in dirs]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([*loaders, PackageLoader("followup", "templates")]),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # No template cache: a copy the user adds later must win over a cached package one.
        cache_size=0,
    )
    env.filters["join_and"] = join_and
    return env


def template_names(dirs: Sequence[Path] = ()) -> list[str]:
    """Every template: the package's, and any the user added in `dirs`."""
    shipped = {p.name for p in files("followup").joinpath("templates").iterdir()}
    added = {p.name for d in dirs if d.is_dir() for p in d.iterdir()}
    return sorted(n for n in shipped | added if n.endswith(SUFFIX))


def _checked_name(name: str) -> str:
    name = name if name.endswith(SUFFIX) else name + SUFFIX
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", name):
        raise InvalidInput(f"{name!r} is not a template name (see followup templates list)")
    return name


def template_source(name: str, dirs: Sequence[Path]) -> tuple[str, Path, bool]:
    """(text, path, overridden): the user's copy in the first of `dirs` that has one, else the
    package's. `name` may leave out the ending: "thank-you.email.warm"."""
    name = _checked_name(name)
    for folder in dirs:
        path = folder / name
        if path.is_file():
            return path.read_text("utf-8"), path, True
    shipped = files("followup").joinpath("templates", name)
    if not shipped.is_file():
        raise InvalidInput(f"unknown template {name!r} (see followup templates list)")
    return shipped.read_text("utf-8"), Path(str(shipped)), False


def _origin(tb: TracebackType | None, fallback: str) -> str:
    """The template (and line) an error was raised in: Jinja2 rewrites tracebacks so that
    template frames carry the template's file name."""
    where = fallback
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{Path(filename).name} line {tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _select(env: ImmutableSandboxedEnvironment, kind: str, channel: Channel, tone: str) -> Template:
    names = [f"{kind}.{channel.value}.{t}{SUFFIX}" for t in dict.fromkeys((tone, DEFAULT_TONE))]
    for name in names:
        _checked_name(name)
    try:
        return env.select_template(names)
    except TemplateSyntaxError as exc:
        raise InvalidInput(f"template {exc.name}, line {exc.lineno}: {exc.message}") from None
    except TemplatesNotFound:
        raise InvalidInput(
            f"no template for {kind} by {channel.value} (looked for {join_and(names, 'or')})"
        ) from None


def _render(template: Template, values: dict[str, Any]) -> str:
    name = template.name or "the template"
    try:
        return template.render(values)
    except SecurityError as exc:
        where = _origin(exc.__traceback__, name)
        raise InvalidInput(f"template {where} is not allowed to do that: {exc}") from None
    except UndefinedError as exc:
        where = _origin(exc.__traceback__, name)
        known = ", ".join(sorted(values))
        raise InvalidInput(f"template {where}: {exc.message} (known values: {known})") from None
    except TemplateSyntaxError as exc:
        raise InvalidInput(f"template {exc.name}, line {exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise InvalidInput(f"template {name} includes {exc.name}, which does not exist") from None
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        where = _origin(exc.__traceback__, name)
        raise InvalidInput(f"template {where} failed: {exc}") from None


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", lines) + "\n"


def render(
    profile: Profile | None,
    application: Application,
    step: Step,
    now: datetime,
    template_dirs: Sequence[Path],
) -> Draft:
    """The step's draft from its template: the user's copy first, then the package's; the
    profile's tone, else formal. An email's first line gives its subject."""
    if profile is None:
        raise InvalidInput('no profile yet: run followup init --name "Your Name" first')
    env = _environment(tuple(str(d) for d in template_dirs))
    template = _select(env, step.kind, step.channel, profile.tone or DEFAULT_TONE)
    text = tidy(_render(template, context(profile, application, step, now)))
    subject = None
    if step.channel is Channel.EMAIL:
        first, _, rest = text.partition("\n")
        found = re.fullmatch(r"Subject:(.*)", first)
        if found is None or not found.group(1).strip():
            raise InvalidInput(f"template {template.name} must start with a 'Subject: ...' line")
        subject, text = found.group(1).strip(), rest.lstrip("\n")
    to, cc = addressees(step)
    return Draft(kind=step.kind, channel=step.channel, body=text, subject=subject, to=to, cc=cc)
