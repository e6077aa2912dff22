"""Turning what the user typed into domain values, with one clear error for each mistake."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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


@dataclass(frozen=True, slots=True)
class _Item:
    """One comma-separated part as typed: its text, whether it was in quotes, and the `<email>`
    written after it (`Ana Ruiz <ana@x.com>`, `"Ruiz, Ana" <ana@x.com>`), if any."""

    text: str
    quoted: bool = False
    email: str | None = None


# What opens a quoted part -> what closes it (a closing quote written twice stands for itself).
_QUOTES = {'"': '"', "“": "”"}
# `Name - Title`: a dash (or en or em dash) with spaces around, never the hyphen of a name.
_DASH = re.compile(r"\s+[-–—](?:\s+|$)")
_BRACKETED = re.compile(r"<([^<>]*)>")  # `Name <email>`
_SPECIAL = ',"“”()<>'  # what a name or title is put in quotes for, to be read back the same
_EXAMPLE = 'like "Name, Title, email, phone"'


def _kind(part: str) -> str:
    """What a part after the name is: an `email` (an @, no spaces), a `phone` (digits and the
    signs phone numbers are written with) or `text` (the title)."""
    if "@" in part and not any(ch.isspace() for ch in part):
        return "email"
    if _PHONE.match(part) and any(ch.isdigit() for ch in part):
        return "phone"
    return "text"


def _items(text: str, flag: str) -> list[_Item]:
    """The comma-separated parts of `text`. A part in quotes keeps its commas and is read as
    it is; so are the commas of a part in parentheses: `Ana Ruiz (Head of Data, EMEA)`."""
    items: list[_Item] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] in _QUOTES:
            close, i = _QUOTES[text[i]], i + 1
            quoted: list[str] = []
            while not (i < n and text[i] == close and text[i + 1 : i + 2] != close):
                if i >= n:
                    raise InvalidInput(f"{flag} {text!r} has a quote that is not closed")
                quoted.append(text[i])
                i += 2 if text[i] == close else 1
            end = text.find(",", i + 1)
            end = n if end < 0 else end
            after = text[i + 1 : end].strip()
            bracketed = _BRACKETED.fullmatch(after)
            if after and not bracketed:
                raise InvalidInput(
                    f"{flag} {text!r} has {after!r} after a closing quote: put the whole part "
                    "in the quotes"
                )
            items.append(_Item("".join(quoted).strip(), True, _email(bracketed, flag, text)))
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
            part = text[start:i].strip()
            bracketed = _BRACKETED.search(part)
            if bracketed:
                part = f"{part[: bracketed.start()]} {part[bracketed.end() :]}".strip()
            if "<" in part or ">" in part:
                raise InvalidInput(f"{flag} {text!r} has a '<' or '>' out of place")
            items.append(_Item(part, False, _email(bracketed, flag, text)))
        if i >= n:
            return items
        i += 1  # past the comma


def _email(bracketed: re.Match[str] | None, flag: str, text: str) -> str | None:
    """The address of a `<...>`, which must be one."""
    if bracketed is None:
        return None
    if _kind(bracketed[1].strip()) != "email":
        raise InvalidInput(f"{flag} {text!r}: {bracketed[0]!r} is not an email address")
    return bracketed[1].strip()


def _name_and_title(first: str) -> tuple[str, str | None]:
    """`Name`, `Name (Title)` or `Name - Title` (the first dash with spaces around outside
    parentheses: `Ana Ruiz - VP (Sales)`, `Ana Ruiz (VP - Sales)`)."""
    for dash in _DASH.finditer(first):
        before = first[: dash.start()]
        if before.count("(") <= before.count(")"):
            return before.strip(), first[dash.end() :].strip() or None
    if first.endswith(")"):
        depth = 0
        for at in range(len(first) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(first[at], 0)
            if depth == 0:
                return first[:at].strip(), first[at + 1 : -1].strip() or None
    return first, None


def person_parts(text: str, flag: str) -> PersonParts:
    """What the user typed for a person -> its parts. First the name, with the title and
    email written the ways people write them, or not: `Name <email>`, `Name (Title)`,
    `Name - Title` (a dash with spaces around). Then, after commas and in any order: the email
    (it has an @), the phone (digits) and the title, in quotes when it contains a comma. A part
    that is none of these is refused, named, instead of being taken for part of the title."""
    items = _items(text, flag)
    first = items[0]
    name, title = (first.text, None) if first.quoted else _name_and_title(first.text)
    if not name:
        raise InvalidInput(f"{flag} {text!r} needs a name first, {_EXAMPLE}")
    if any(not item.text and not item.email for item in items[1:]):
        raise InvalidInput(f"{flag} {text!r} has an empty item between commas")
    if "@" in name or _PHONE.match(name):
        raise InvalidInput(f"{flag} {text!r} must start with the person's name")
    titles = [title] if title else []
    found: dict[str, list[str]] = {"email": [], "phone": []}
    for item in items:
        found["email"] += [item.email] if item.email else []
        if item is first or not item.text:
            continue
        kind = _kind(item.text)
        (titles if kind == "text" else found[kind]).append(item.text)
    for kind, what in (("email", "email address"), ("phone", "phone number")):
        if len(found[kind]) > 1:
            raise InvalidInput(f"{flag} {text!r} has more than one {what}: {found[kind][1]!r}")
    email, phone = (found[k][0] if found[k] else None for k in ("email", "phone"))
    if len(titles) > 1:
        wanted = person_text(PersonParts(name, ", ".join(titles), email, phone))
        raise InvalidInput(
            f"{flag} {text!r}: {titles[-1]!r} is neither an email address nor a phone number; "
            f"if it is part of the title, put the title in quotes: {wanted}"
        )
    return PersonParts(name, titles[0] if titles else None, email, phone)


def person_text(parts: PersonParts) -> str:
    """`parts` written the way `person_parts` reads them back, `Name, Title, email, phone`:
    the name or title in quotes where it would otherwise read differently."""
    name, title = parts.name, parts.title
    if any(ch in name for ch in _SPECIAL) or _DASH.search(name):
        name = _quoted(name)
    if title is not None and any(ch in title for ch in _SPECIAL):
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


def clock(text: str, flag: str) -> time:
    """`HH:MM`: a time of day on the wall clock (24-hour)."""
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise InvalidInput(f"{flag} {text!r} is not a time of day like 14:30") from None
