"""Turning what the user typed into domain values, with one clear error for each mistake."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Promise, Relation
from followup.domain.values import Region, check_day, check_moment, zone

_PHONE = re.compile(r"^\+?[\d\s().\-/]+$")
_SPAN = re.compile(r"^([0-9]{1,9})\s*([hdw])$")
LONGEST_MINUTES = 24 * 60  # an interview (an assessment day included) lasts a day at most
# ASCII digits, a few of them: "²" is a digit to str.isdigit but not to int(), and int() refuses
# thousands of digits.
_DURATION = re.compile(r"^(?:(?P<h>[0-9]{1,9})\s*h)?\s*(?:(?P<m>[0-9]{1,9})\s*m(?:in)?)?$")
_MINUTES = re.compile(r"^[0-9]{1,9}$")


def moment(text: str, tz: str, flag: str) -> datetime:
    """`YYYY-MM-DD HH:MM` (or with a T) in zone `tz`."""
    cleaned = text.strip().replace("T", " ")
    try:
        naive = datetime.strptime(cleaned, "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(
            f"{flag} {text!r} is not a date and time like 2026-12-18 13:00"
        ) from None
    return check_moment(naive.replace(tzinfo=zone(tz)), flag)


def day(text: str, flag: str) -> date:
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{flag} {text!r} is not a date like 2026-12-18") from None
    return check_day(parsed, flag)


def duration(text: str, flag: str = "--duration") -> timedelta:
    """`60m`, `1h`, `1h30m` or a plain number of minutes."""
    cleaned = text.strip().lower()
    if _MINUTES.match(cleaned):
        minutes = int(cleaned)
    else:
        match = _DURATION.match(cleaned)
        if not cleaned or not match:
            raise InvalidInput(f"{flag} {text!r} is not a duration like 60m, 1h or 1h30m")
        minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes <= 0:
        raise InvalidInput(f"{flag} {text!r} must be longer than zero")
    if minutes > LONGEST_MINUTES:
        raise InvalidInput(f"{flag} {text!r} is longer than a day (at most 24h)")
    return timedelta(minutes=minutes)


def region(text: str | None) -> Region | None:
    return Region.parse(text) if text else None


class PersonParts(NamedTuple):
    """A person as typed: the name, and the title, email and phone when given."""

    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None


# What opens a quoted part -> what closes it (a closing quote written twice stands for itself).
_QUOTES = {'"': '"', "“": "”"}
# `Name - Title`: a dash (or en or em dash) with spaces around, never the hyphen of a name.
_DASH = re.compile(r"\s+[-–—](?:\s+|$)")
_BRACKETED = re.compile(r"<([^<>]*)>")  # `Name <email>`
_EXAMPLE = 'like "Name, Title, email, phone"'


def _kind(part: str) -> str:
    """What a part after the name is: an `email` (an @, no spaces), a `phone` (digits and the
    signs phone numbers are written with) or `text` (the title)."""
    if "@" in part and not any(ch.isspace() for ch in part):
        return "email"
    if _PHONE.match(part) and any(ch.isdigit() for ch in part):
        return "phone"
    return "text"


def _items(text: str, flag: str) -> list[tuple[str, bool]]:
    """The comma-separated parts of `text`, each stripped, with whether it was quoted. A quoted
    part keeps its commas; so does a part in parentheses: `Ana (Head of Data, EMEA)`."""
    items: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] in _QUOTES:
            close, i = _QUOTES[text[i]], i + 1
            quoted: list[str] = []
            while True:
                if i >= n:
                    raise InvalidInput(f"{flag} {text!r} has a quote that is not closed")
                if text[i] == close and text[i + 1 : i + 2] == close:
                    quoted.append(close)
                    i += 2
                elif text[i] == close:
                    break
                else:
                    quoted.append(text[i])
                    i += 1
            rest = text.find(",", i + 1)
            end = n if rest < 0 else rest
            if text[i + 1 : end].strip():
                raise InvalidInput(
                    f"{flag} {text!r} has {text[i + 1 : end].strip()!r} after a closing quote: "
                    "put the whole part in the quotes"
                )
            items.append(("".join(quoted).strip(), True))
            i = end
        else:
            start, depth = i, 0
            while i < n and (text[i] != "," or depth):
                if text[i] == "(":
                    depth += 1
                elif text[i] == ")" and depth:
                    depth -= 1
                i += 1
            if depth:
                raise InvalidInput(f"{flag} {text!r} has a '(' that is not closed")
            items.append((text[start:i].strip(), False))
        if i >= n:
            return items
        i += 1  # past the comma


def _head(first: str, flag: str, text: str) -> PersonParts:
    """The first part, unquoted: `Name`, `Name <email>`, `Name (Title)`, `Name - Title`, or
    `Name - Title <email>` / `Name (Title) <email>`."""
    email = None
    bracketed = _BRACKETED.search(first)
    if bracketed:
        email = bracketed[1].strip()
        first = f"{first[: bracketed.start()]} {first[bracketed.end() :]}".strip()
        if _kind(email) != "email":
            raise InvalidInput(f"{flag} {text!r}: {bracketed[0]!r} is not an email address")
    if "<" in first or ">" in first:
        raise InvalidInput(f"{flag} {text!r} has a '<' or '>' out of place: write <email> once")
    title = None
    dash = _DASH.search(first)
    if dash:
        first, title = first[: dash.start()], first[dash.end() :]
    elif first.endswith(")"):
        depth = 0
        for at in range(len(first) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(first[at], 0)
            if depth == 0:
                first, title = first[:at], first[at + 1 : -1]
                break
    return PersonParts(first.strip(), (title or "").strip() or None, email)


def person_parts(text: str, flag: str) -> PersonParts:
    """What the user typed for a person -> its parts. The first part is the name, optionally
    with the title and email in the ways people write them: `Name <email>`, `Name (Title)`,
    `Name - Title` (a dash with spaces). Then, separated by commas, in any order: the email (it
    has an @), the phone (digits) and the title, in quotes when it contains a comma. A part that
    is none of these is refused, naming it."""
    items = _items(text, flag)
    first, quoted = items[0]
    if not first:
        raise InvalidInput(f"{flag} {text!r} needs a name first, {_EXAMPLE}")
    if any(not part for part, _ in items[1:]):
        raise InvalidInput(f"{flag} {text!r} has an empty item between commas")
    parts = PersonParts(first) if quoted else _head(first, flag, text)
    if not parts.name:
        raise InvalidInput(f"{flag} {text!r} needs a name first, {_EXAMPLE}")
    if "@" in parts.name or _PHONE.match(parts.name):
        raise InvalidInput(f"{flag} {text!r} must start with the person's name")
    titles = [parts.title] if parts.title else []
    found: dict[str, str | None] = {"email": parts.email, "phone": None}
    for item, was_quoted in items[1:]:
        part = item
        if not was_quoted and item.startswith("<") and item.endswith(">"):
            part = item[1:-1].strip()
            if _kind(part) != "email":
                raise InvalidInput(f"{flag} {text!r}: {item!r} is not an email address")
        kind = _kind(part)
        if kind == "text":
            titles.append(part)
            continue
        if found[kind] is not None:
            what = "email address" if kind == "email" else "phone number"
            raise InvalidInput(f"{flag} {text!r} has more than one {what}: {part!r}")
        found[kind] = part
    if len(titles) > 1:
        wanted = person_text(
            PersonParts(parts.name, ", ".join(titles), found["email"], found["phone"])
        )
        raise InvalidInput(
            f"{flag} {text!r}: {titles[-1]!r} is neither an email address nor a phone number; "
            f"if it is part of the title, put the title in quotes: {wanted}"
        )
    return PersonParts(parts.name, titles[0] if titles else None, found["email"], found["phone"])


def person_text(parts: PersonParts) -> str:
    """`parts` written the way `person_parts` reads them back: `Name, Title, email, phone`,
    a part in quotes where it would otherwise read differently."""
    name = parts.name
    if any(ch in name for ch in ',"“”()<>') or _DASH.search(name):
        name = _quoted(name)
    title = parts.title
    if title is not None and any(ch in title for ch in ',"“”()<>'):
        title = _quoted(title)
    return ", ".join(p for p in (name, title, parts.email, parts.phone) if p is not None)


def _quoted(part: str) -> str:
    return '"' + part.replace('"', '""') + '"'


def person(
    text: str, relation: Relation, flag: str, region: Region | None, organisation: str | None
) -> Contact:
    """The contact `text` describes (see `person_parts`)."""
    name, title, email, phone = person_parts(text, flag)
    return contact(f"{flag} {text!r}", name, relation, title, email, phone, region, organisation)


def contact(
    label: str,
    name: str,
    relation: Relation,
    title: str | None,
    email: str | None,
    phone: str | None,
    region: Region | None,
    organisation: str | None,
) -> Contact:
    """A contact from its typed fields; an error names the person by `label`."""
    try:
        return Contact(
            name=name,
            relation=relation,
            title=title,
            organisation=organisation,
            email=email,
            phone=phone,
            region=region,
        )
    except InvalidInput as exc:
        raise InvalidInput(f"{label}: {exc}") from None


def promise(text: str, flag: str = "--promise") -> Promise:
    """`what -> whom`."""
    what, arrow, whom = text.partition("->")
    if not arrow or not what.strip() or not whom.strip():
        raise InvalidInput(f'{flag} {text!r} is not like "portfolio link -> Priya Shah"')
    return Promise(what=what.strip(), to=whom.strip())


def span(text: str) -> timedelta:
    """`36h`, `7d` or `2w`: how far ahead to look."""
    match = _SPAN.match(text.strip().lower())
    if not match:
        raise InvalidInput(f"--within {text!r} is not a span like 36h, 7d or 2w")
    hours = {"h": 1, "d": 24, "w": 24 * 7}[match[2]] * int(match[1])
    if hours > 24 * 7 * 9999:  # beyond this, dates overflow the calendar
        raise InvalidInput(f"--within {text!r} reaches too far ahead (at most 9999w)")
    return timedelta(hours=hours)
